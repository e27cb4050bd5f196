"""Shared helpers of the harness's own tests."""

from __future__ import annotations

import json
import socket
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTCASES = ROOT / "testcases"
SUTS = ROOT / "fixtures" / "suts"

pytest_plugins = ["pytester"]

# Short protocol intervals: the self-tests judge behaviour, not endurance.
FAST = {"message_timeout_s": 3, "quiet_period_s": 1, "reboot_timeout_s": 10, "connect_timeout_s": 10, "action_timeout_s": 10,
        "heartbeat_interval_s": 1, "boot_retry_interval_s": 1, "timing_tolerance_s": 0.8}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def toml_value(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return repr(value)


def write_toml(path: Path, tables: dict[str, dict[str, Any]]) -> Path:
    lines = []
    for table, values in tables.items():
        lines.append(f"[{table}]")
        lines += [f"{key} = {toml_value(value)}" for key, value in values.items()]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def reference_sut(directory: Path, role: str, *, faults: tuple[str, ...] = (), modes: tuple[str, ...] = (),
                  timestamps: str = "utc", profiles: list[str] | None = None, **test_data: Any) -> Path:
    """A copy of the reference SUT description on a free port, fast intervals, with faults and modes."""
    name = "reference-charge-point.toml" if role == "charge-point" else "reference-central-system.toml"
    tables = tomllib.loads((SUTS / name).read_text())
    port = free_port()
    key = "listen" if role == "charge-point" else "url"
    scheme = tables["sut"][key].partition(":")[0]   # wss for the security profile the description has
    tables["sut"][key] = f"{scheme}://127.0.0.1:{port}/ocpp"
    tables["test_data"] = {**tables.get("test_data", {}), **FAST, **test_data}
    tables["reference"] = {"faults": list(faults), **({"modes": list(modes)} if modes else {})}
    tables["checks"] = {"timestamps": timestamps}
    if profiles is not None:
        tables["capabilities"]["profiles"] = profiles
    return write_toml(directory / f"{role}-{'-'.join(faults + modes) or 'correct'}.toml", tables)


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
