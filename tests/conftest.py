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


def run_cases(pytester: pytest.Pytester, case_ids: list[str], sut: Path, *extra: str) -> dict[str, dict[str, Any]]:
    """Run several test cases in one pytest session, in plan order, as a whole run does: their
    lines of summary.json by ID, each with its trace, the run's exit code and its terminal output."""
    reports = pytester.path / "reports-run"
    args = [a for case_id in case_ids for a in ("--case", case_id)]
    result = pytester.runpytest_inprocess(
        str(TESTCASES), "--sut", str(sut), *args, "--reports", str(reports), *extra,
        "-p", "no:cacheprovider", "-p", "no:allure_pytest", "-p", "no:randomly")
    cases = {c["id"]: c for c in json.loads((reports / "summary.json").read_text())["cases"]}
    for case_id, case in cases.items():
        trace = reports / "traces" / f"{case_id}.txt"
        case["trace"] = trace.read_text() if trace.exists() else ""
        case["exit_code"] = int(result.ret)
        case["stdout"] = result.stdout.str()
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
