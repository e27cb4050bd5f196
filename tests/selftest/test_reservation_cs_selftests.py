"""Reservation and RemoteTrigger charge point cases (`_CS`): each passes on the correct reference
charge point and fails, naming the rule its own checks enforce, on a matching fault.

Rows give the reference SUT's modes (orders and answers the plan allows) and test data (short
timers). TC_048_4_CS and TC_050_4_CS are for a charge point without the Reservation profile: they
run against the reference in mode no_reservation, with a SUT file that leaves the profile out.
"""

from __future__ import annotations

import json
import tomllib

import pytest

from conformance.sut.local import reference_sut, write_toml
from tests.conftest import TESTCASES, run_case, run_cases

CHARGE_POINT = "charge-point"
QUICK = {"message_timeout_s": 2}
# TC_047_CS waits for the reservation's expiry; the heartbeats of TC_054_CS must not stand in for
# the triggered one.
DATA = {"TC_047_CS": {"reservation_expiry_s": 3}, "TC_054_CS": {"heartbeat_interval_s": 60}}
WITHOUT_RESERVATION = ("TC_048_4_CS", "TC_050_4_CS")
# [capabilities] a row declares besides the reference's own
WITHOUT_FIRMWARE_TRIGGER = {"trigger_messages": ["BootNotification", "DiagnosticsStatusNotification", "Heartbeat",
                                                 "MeterValues", "StatusNotification"]}

# case, modes of the reference charge point, [capabilities] declared besides the reference's
PASSES = [
    ("TC_046_1_CS", (), {}),
    ("TC_046_1_CS", ("preparing_before_authorize",), {}),
    ("TC_046_1_CS", ("charging_before_start",), {}),
    ("TC_046_2_CS", (), {}),
    ("TC_047_CS", (), {}),
    ("TC_048_1_CS", (), {}),
    ("TC_048_2_CS", (), {}),
    ("TC_048_3_CS", (), {}),
    ("TC_048_4_CS", ("no_reservation",), {}),
    ("TC_049_CS", (), {}),
    ("TC_050_1_CS", (), {}),
    ("TC_050_2_CS", (), {}),
    ("TC_050_3_CS", (), {}),
    ("TC_050_4_CS", ("no_reservation",), {}),
    ("TC_051_CS", (), {}),
    ("TC_052_CS", (), {}),
    ("TC_053_1_CS", (), {}),
    ("TC_053_1_CS", ("preparing_before_authorize", "charging_before_start"), {}),
    ("TC_053_2_CS", (), {}),
    ("TC_054_CS", (), {}),
    ("TC_054_CS", ("no_firmware_status_trigger",), WITHOUT_FIRMWARE_TRIGGER),
    ("TC_055_CS", (), {}),
    ("TC_055_CS", ("trigger_callerror",), {}),
]

# case, fault switch of the reference charge point, rule the verdict must name, text the message must contain
FAULTS = [
    ("TC_046_1_CS", "reservation_not_held", "message_within_deadline", "step 3"),
    ("TC_046_1_CS", "reservation_admits_any_id_tag", "payload_matches_expectation", "step 5 (another idTag)"),
    ("TC_046_2_CS", "reservation_not_held", "message_within_deadline", "step 3"),
    ("TC_047_CS", "reservation_never_expires", "message_within_deadline", "step 5"),
    ("TC_047_CS", "reservation_expires_early", "timing", "step 5"),
    ("TC_046_1_CS", "start_without_reservation_id", "payload_matches_expectation", "step 9"),
    ("TC_046_2_CS", "start_without_reservation_id", "payload_matches_expectation", "step 5"),
    ("TC_049_CS", "start_without_reservation_id", "payload_matches_expectation", "step 5"),
    ("TC_051_CS", "cancelled_reservation_id_sent", "payload_matches_expectation", "step 5"),
    ("TC_053_1_CS", "start_without_reservation_id", "payload_matches_expectation", "step 7"),
    ("TC_053_2_CS", "start_without_reservation_id", "payload_matches_expectation", "step 5"),
    ("TC_048_1_CS", "reservation_while_faulted", "payload_matches_expectation", "step 2"),
    ("TC_048_2_CS", "reservation_while_occupied", "payload_matches_expectation", "step 2"),
    ("TC_048_3_CS", "reservation_while_unavailable", "payload_matches_expectation", "step 2"),
    ("TC_048_4_CS", "reservation_accepted_without_profile", "payload_matches_expectation", "step 2"),
    ("TC_049_CS", "reservation_zero_refused", "payload_matches_expectation", "step 2"),
    ("TC_050_1_CS", "reservation_while_faulted", "payload_matches_expectation", "step 2"),
    ("TC_050_2_CS", "reservation_while_occupied", "payload_matches_expectation", "step 2"),
    ("TC_050_3_CS", "reservation_while_unavailable", "payload_matches_expectation", "step 2"),
    ("TC_050_4_CS", "reservation_accepted_without_profile", "payload_matches_expectation", "step 2"),
    ("TC_051_CS", "cancel_reservation_rejected", "payload_matches_expectation", "step 2"),
    ("TC_052_CS", "cancel_any_reservation", "payload_matches_expectation", "step 2"),
    ("TC_053_1_CS", "reservation_parent_ignored", "message_within_deadline", "step Authorized"),
    ("TC_053_2_CS", "reservation_parent_ignored", "payload_matches_expectation", "step Charging 6"),
    ("TC_054_CS", "trigger_without_message", "message_within_deadline", "step 7"),
    ("TC_054_CS", "diagnostics_status_uploaded", "payload_matches_expectation", "step 15"),
    ("TC_054_CS", "trigger_rejected", "payload_matches_expectation", "step 2"),
    ("TC_055_CS", "trigger_unknown_connector_accepted", "payload_matches_expectation", "step 2"),
]


# TC_047_CS: an expiry long enough that half of it is clearly early (beyond tolerance + 1 s).
FAULT_DATA = {("TC_047_CS", "reservation_expires_early"): {"reservation_expiry_s": 6}}


def sut_for(directory, case_id, *, faults=(), modes=(), capabilities=None, **data):
    """The reference charge point for a case: its profiles, capabilities, faults, modes and test data."""
    data = {**QUICK, **DATA.get(case_id, {}), **data}
    without = case_id in WITHOUT_RESERVATION
    modes = (*modes, "no_reservation") if without and "no_reservation" not in modes else modes
    profiles = ["Core", "RemoteTrigger", "Security"] if without else None
    path = reference_sut(directory, CHARGE_POINT, faults=faults, modes=modes, profiles=profiles, **data)
    tables = tomllib.loads(path.read_text())
    tables["capabilities"].update(capabilities or {})
    return write_toml(path, tables)


def _ids(rows):
    return ["-".join([r[0], *r[1]]) for r in rows]


@pytest.mark.parametrize(("case_id", "modes", "capabilities"), PASSES, ids=_ids(PASSES))
def test_passes_on_the_correct_reference_charge_point(pytester, case_id, modes, capabilities):
    case = run_case(pytester, case_id, sut_for(pytester.path, case_id, modes=modes, capabilities=capabilities))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert case["exit_code"] == 0


@pytest.mark.parametrize(("case_id", "fault", "rule", "detail"), FAULTS, ids=[f"{c}-{f}" for c, f, *_ in FAULTS])
def test_fails_on_the_matching_fault(pytester, case_id, fault, rule, detail):
    data = FAULT_DATA.get((case_id, fault), {})
    case = run_case(pytester, case_id, sut_for(pytester.path, case_id, faults=(fault,), **data))
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]
    assert case["exit_code"] == 1


def test_every_case_has_a_passing_and_a_fault_selftest():
    assert {c for c, *_ in FAULTS} == {c for c, *_ in PASSES}


def test_a_legacy_id_selects_its_split_cases(pytester):
    """TC_053_CS of the FINAL 2024-04 plan runs TC_053_1_CS and TC_053_2_CS."""
    reports = pytester.path / "reports"
    pytester.runpytest_inprocess(str(TESTCASES), "--sut", str(sut_for(pytester.path, "TC_053_CS")), "--case",
                                 "TC_053_CS", "--reports", str(reports), "-p", "no:cacheprovider", "-p", "no:allure_pytest")
    cases = json.loads((reports / "summary.json").read_text())["cases"]
    assert {c["id"]: c["verdict"] for c in cases} == {"TC_053_1_CS": "passed", "TC_053_2_CS": "passed"}


@pytest.mark.parametrize("case_id", ["TC_048_4_CS", "TC_050_4_CS"])
def test_a_case_for_a_charge_point_without_reservations_is_not_applicable_with_the_profile(pytester, case_id):
    reports = pytester.path / "reports"
    sut = reference_sut(pytester.path, CHARGE_POINT, **QUICK)
    pytester.runpytest_inprocess(str(TESTCASES), "--sut", str(sut), "--case", case_id, "--reports", str(reports),
                                 "-p", "no:cacheprovider", "-p", "no:allure_pytest")
    (case,) = json.loads((reports / "summary.json").read_text())["cases"]
    assert case["verdict"] == "not applicable", case["message"]
    assert "Reservation" in case["message"]


def test_an_unanswered_reserve_now_fails_in_time_and_leaves_no_reservation(pytester):
    """The case fails within message_timeout_s naming ReserveNow; the baseline cancels the
    reservation the charge point made all the same, so the next case starts from Available."""
    sut = sut_for(pytester.path, "TC_052_CS", faults=("reserve_now_unanswered",), heartbeat_interval_s=60)
    cases = run_cases(pytester, ["TC_052_CS", "TC_054_CS"], sut)
    failed = cases["TC_052_CS"]
    assert failed["verdict"] == "failed" and failed["rule"] == "message_within_deadline", failed["message"]
    assert "ReserveNow" in failed["message"] and "within 2 s" in failed["message"], failed["message"]
    assert "baseline: cancel reservation" in failed["trace"]
    assert '"status": "Accepted"' in failed["trace"].split("baseline: cancel reservation")[-1]
    assert cases["TC_054_CS"]["verdict"] == "passed", cases["TC_054_CS"]["message"]


def test_an_unanswered_trigger_message_fails_in_time_and_the_run_goes_on(pytester):
    sut = sut_for(pytester.path, "TC_054_CS", faults=("trigger_message_unanswered",))
    cases = run_cases(pytester, ["TC_054_CS", "TC_068_CS"], sut)
    failed = cases["TC_054_CS"]
    assert failed["verdict"] == "failed" and failed["rule"] == "message_within_deadline", failed["message"]
    assert "TriggerMessage" in failed["message"] and "step 1" in failed["message"], failed["message"]
    assert cases["TC_068_CS"]["verdict"] == "passed", cases["TC_068_CS"]["message"]
