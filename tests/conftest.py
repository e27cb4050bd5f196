"""Shared helpers of the harness's own tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTCASES = ROOT / "testcases"
SUTS = ROOT / "fixtures" / "suts"

pytest_plugins = ["pytester"]

def run_case(pytester: pytest.Pytester, case_id: str, sut: Path) -> dict[str, Any]:
    """Run one test case in a fresh pytest session and return its line of summary.json."""
    reports = pytester.path / f"reports-{case_id}"
    result = pytester.runpytest_inprocess(
        str(TESTCASES), "--sut", str(sut), "--case", case_id, "--reports", str(reports),
        "-p", "no:cacheprovider", "-p", "no:allure_pytest", "-p", "no:randomly")
    summary = json.loads((reports / "summary.json").read_text())
    (case,) = [c for c in summary["cases"] if c["id"] == case_id]
    case["exit_code"] = int(result.ret)
    case["trace"] = (reports / "traces" / f"{case_id}.txt").read_text()
    return case


def run_cases(pytester: pytest.Pytester, case_ids: list[str], sut: Path) -> dict[str, dict[str, Any]]:
    """Run several test cases in one fresh pytest session (one run, one SUT) and return their results by ID."""
    reports = pytester.path / f"reports-{'-'.join(case_ids)}"
    selection = [arg for case_id in case_ids for arg in ("--case", case_id)]
    result = pytester.runpytest_inprocess(
        str(TESTCASES), "--sut", str(sut), *selection, "--reports", str(reports),
        "-p", "no:cacheprovider", "-p", "no:allure_pytest", "-p", "no:randomly")
    summary = json.loads((reports / "summary.json").read_text())
    cases = {c["id"]: c for c in summary["cases"]}
    for case_id, case in cases.items():
        case["exit_code"] = int(result.ret)
        case["trace"] = (reports / "traces" / f"{case_id}.txt").read_text()
    return cases


def run_beyond(pytester: pytest.Pytester, check_id: str, sut: Path) -> dict[str, Any]:
    """Run one check beyond the plan (testcases/beyond) in a fresh pytest session; return its summary entry."""
    reports = pytester.path / f"reports-{check_id}"
    result = pytester.runpytest_inprocess(
        str(TESTCASES / "beyond"), "--sut", str(sut), "--beyond", "-k", check_id.lower().removeprefix("beyond_"),
        "--reports", str(reports), "-p", "no:cacheprovider", "-p", "no:allure_pytest", "-p", "no:randomly")
    summary = json.loads((reports / "summary.json").read_text())
    assert summary["cases"] == [], "a check beyond the plan was counted as a plan case"
    (check,) = [c for c in summary["beyond"]["checks"] if c["id"] == check_id]
    check["exit_code"] = int(result.ret)
    check["trace"] = (reports / "traces" / f"{check_id}.txt").read_text()
    return check
