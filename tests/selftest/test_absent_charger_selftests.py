"""A charge point that never connects (a wrong central system URL in the charger): the run costs one
connect_timeout_s, not one per case, and the terminal says what the harness waits for."""

from __future__ import annotations

import tomllib

from conformance.sut.local import reference_sut, write_toml
from tests.conftest import run_cases

CASES = ["TC_003_CS", "TC_004_1_CS", "TC_005_1_CS"]


def absent_charger(directory):
    """The reference description, but nothing starts a charge point: its actions are a no-op command."""
    path = reference_sut(directory, "charge-point", connect_timeout_s=3, message_timeout_s=2)
    tables = tomllib.loads(path.read_text())
    tables["actions"] = {"driver": "command", "command": "true"}
    del tables["reference"]
    tables["sut"]["listen"] = tables["sut"]["listen"].replace("wss://", "ws://")
    tables["security"] = {"profile": 0}
    return write_toml(directory / "absent-charger.toml", tables)


def test_after_one_wait_the_next_cases_are_broken_at_once_with_the_same_reason(pytester):
    cases = run_cases(pytester, CASES, absent_charger(pytester.path))
    first, *others = (cases[c] for c in CASES)
    assert [c["verdict"] for c in (first, *others)] == ["broken"] * 3
    assert "not connected after 3 s" in first["message"] and 3 <= first["duration_s"] < 5
    for n, case in enumerate(others, 2):
        assert case["duration_s"] < 1, case
        assert "not connected after 3 s" in case["message"], case["message"]
        assert f"{n} cases in a row without the charge point" in case["message"], case["message"]
    assert "waiting for charge point REF_CP_1 to connect to ws://127.0.0.1:" in cases[CASES[0]]["stdout"]
    assert "did not connect within 3 s" in cases[CASES[0]]["stdout"]

