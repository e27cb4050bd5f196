"""Messages the plan's steps do not name: judged by the rules, listed for review, not failed.

Under each mode of the reference charge point that reports more than the steps name (an
intermediate SuspendedEVSE, Preparing twice, Unavailable while booting, every status again
after a reconnect) the whole Core `_CS` set passes, and summary.json lists what was seen; a
status no transition leads to, Available in the middle of the case's transaction and a frame
error before a case whose baseline cannot be restored still fail, naming their rules.
"""

from __future__ import annotations

import json

import pytest

from conformance.checks import rules
from conformance.sut.local import reference_sut
from tests.conftest import TESTCASES, run_case

CHARGE_POINT = "charge-point"
ALLOWED = ("passed", "passed with warnings", "not applicable")

# mode, a case that shows it, and what its review list holds
MODES = [
    ("suspended_evse_before_charging", "TC_003_CS", "status='SuspendedEVSE'"),
    ("preparing_twice", "TC_003_CS", "status='Preparing'"),
    ("unavailable_while_booting", "TC_001_CS", "status='Unavailable'"),
    ("replay_statuses_on_reconnect", "TC_037_2_CS", "connectorId=0"),
]


@pytest.mark.parametrize(("mode", "case_id", "seen"), MODES, ids=[m for m, *_ in MODES])
def test_the_whole_core_set_passes_and_lists_what_the_steps_do_not_name(pytester, mode, case_id, seen):
    reports = pytester.path / "reports"
    sut = reference_sut(pytester.path, CHARGE_POINT, modes=(mode,))
    result = pytester.runpytest_inprocess(str(TESTCASES), "--sut", str(sut), "--profile", "Core", "--reports",
                                          str(reports), "-p", "no:cacheprovider", "-p", "no:allure_pytest",
                                          "-p", "no:randomly")
    cases = {c["id"]: c for c in json.loads((reports / "summary.json").read_text())["cases"] if c["id"].endswith("_CS")}
    assert len(cases) == 51
    wrong = {i: f"{c['verdict']}: {c['message'][:300]}" for i, c in cases.items() if c["verdict"] not in ALLOWED}
    assert not wrong, wrong
    assert result.ret == 0
    assert any(seen in note for note in cases[case_id]["unplanned"]), cases[case_id]["unplanned"]
    assert "Seen, not in the plan (for review)" in (reports / "summary.md").read_text()
    assert "Seen, not in the plan:" in (reports / "index.html").read_text()


# case, fault, rule, text the message holds
FAULTS = [
    ("TC_012_CS", "preparing_after_charging", rules.STATUS_TRANSITION, "from Charging to Preparing"),
    ("TC_012_CS", "available_during_transaction", rules.STATUS_DURING_TRANSACTION, "reported Available after Charging"),
    ("TC_023_4_CS", "start_despite_invalid", rules.TRANSACTION_AS_PLANNED, "StartTransaction.req"),
    # The frame error came in the case's own window: it fails the case although its baseline is broken too.
    ("TC_003_CS", "faulted_with_broken_frame", rules.FRAME_IS_OCPP_J, "before the case"),
]


@pytest.mark.parametrize(("case_id", "fault", "rule", "detail"), FAULTS, ids=[f"{c}-{f}" for c, f, *_ in FAULTS])
def test_a_message_no_step_names_still_fails_on_a_rule_it_breaks(pytester, case_id, fault, rule, detail):
    modes = ("no_minimum_status_duration",) if case_id.startswith("TC_023") else ()
    case = run_case(pytester, case_id, reference_sut(pytester.path, CHARGE_POINT, faults=(fault,), modes=modes))
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]
    assert case["exit_code"] == 1


def test_a_noted_message_is_in_the_summary_of_a_passed_case(pytester):
    case = run_case(pytester, "TC_003_CS", reference_sut(pytester.path, CHARGE_POINT,
                                                           modes=("suspended_evse_before_charging",)))
    assert case["verdict"] == "passed", case["message"]
    (note,) = [n for n in case["unplanned"] if "SuspendedEVSE" in n]
    assert note.startswith("step ") and "StatusNotification.req" in note


def test_a_central_system_that_configures_on_its_own_passes_the_core_set(pytester):
    """Besides each request its operator asks for, it reads and sets configuration, triggers, clears the
    cache and sends a DataTransfer: answered as a charge point answers them, listed, no failure."""
    reports = pytester.path / "reports"
    sut = reference_sut(pytester.path, "central-system", modes=("configures_on_its_own",),
                        connection_timeout_s=0.5)
    result = pytester.runpytest_inprocess(str(TESTCASES), "--sut", str(sut), "--profile", "Core", "--reports",
                                          str(reports), "-p", "no:cacheprovider", "-p", "no:allure_pytest",
                                          "-p", "no:randomly")
    cases = {c["id"]: c for c in json.loads((reports / "summary.json").read_text())["cases"]
             if c["id"].endswith("_CSMS")}
    wrong = {i: f"{c['verdict']}: {c['message'][:300]}" for i, c in cases.items() if c["verdict"] not in ALLOWED}
    assert not wrong, wrong
    assert result.ret == 0
    notes = cases["TC_040_2_CSMS"]["unplanned"]
    assert any("ChangeConfiguration.req (key='HeartbeatInterval'" in note for note in notes), notes
    assert any(note.startswith("step 1: ClearCache.req") for note in notes), notes
