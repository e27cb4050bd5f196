"""Reservation and RemoteTrigger `_CSMS` cases: each passes on the correct reference central
system and fails, naming the rule, when the reference central system has the fault that breaks
what the case checks.

The harness plays the charge point; reservations last 2 s here, so that TC_047_CSMS, which
lets one run out, stays quick.
"""

from __future__ import annotations

import pytest

from conformance.sut.local import reference_sut
from tests.conftest import run_case

QUICK = {"connection_timeout_s": 0.5, "reservation_expiry_s": 2}

CASES = [
    "TC_046_CSMS", "TC_047_CSMS", "TC_048_1_CSMS", "TC_048_2_CSMS", "TC_048_3_CSMS", "TC_048_4_CSMS", "TC_049_CSMS",
    "TC_051_CSMS", "TC_052_CSMS", "TC_053_CSMS", "TC_054_CSMS", "TC_055_CSMS",
]

# case, fault switch of the reference central system, rule the verdict must name, text the failure must contain
FAULTS = [
    ("TC_046_CSMS", "reserve_other_connector", "payload_matches_expectation", "connectorId is 2, expected 1"),
    ("TC_046_CSMS", "start_on_reservation_invalid", "payload_matches_expectation", "step Charging 4"),
    ("TC_047_CSMS", "reservation_default_expiry", "payload_matches_expectation", "expiryDate is"),
    ("TC_047_CSMS", "reservation_naive_expiry", "datetime_is_utc_rfc3339", "expiryDate"),
    ("TC_048_1_CSMS", "reserve_other_connector", "payload_matches_expectation", "connectorId is 2, expected 1"),
    ("TC_048_2_CSMS", "reserve_other_connector", "payload_matches_expectation", "step 3"),
    ("TC_048_3_CSMS", "reserve_other_connector", "payload_matches_expectation", "step 5"),
    ("TC_048_4_CSMS", "reserve_other_connector", "payload_matches_expectation", "connectorId is 2, expected 1"),
    ("TC_049_CSMS", "reserve_other_connector", "payload_matches_expectation", "connectorId is 1, expected 0"),
    ("TC_051_CSMS", "reserve_connector_zero", "payload_matches_expectation", "connectorId is 0, expected anything but 0"),
    ("TC_051_CSMS", "cancel_other_reservation", "payload_matches_expectation", "step 5"),
    ("TC_052_CSMS", "cancel_unknown_as_held", "payload_matches_expectation", "step 5"),
    ("TC_053_CSMS", "reserve_now_without_parent", "payload_matches_expectation", "parentIdTag is missing"),
    ("TC_053_CSMS", "parent_id_tag_omitted", "payload_matches_expectation", "step 7"),
    ("TC_053_CSMS", "start_on_reservation_invalid", "payload_matches_expectation", "step Charging 4"),
    ("TC_054_CSMS", "trigger_without_connector", "payload_matches_expectation", "connectorId is missing"),
    ("TC_054_CSMS", "ignore_operator", "message_within_deadline", "[csms_send]"),
    ("TC_055_CSMS", "trigger_known_connectors_only", "payload_matches_expectation", "connectorId is missing"),
]


def _sut(path, faults=(), modes=()):
    return reference_sut(path, "central-system", faults=faults, modes=modes, **QUICK)


@pytest.mark.parametrize("case_id", CASES)
def test_passes_on_the_correct_reference_central_system(pytester, case_id):
    case = run_case(pytester, case_id, _sut(pytester.path))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert case["exit_code"] == 0


@pytest.mark.parametrize(("case_id", "fault", "rule", "detail"), FAULTS, ids=[f"{c}-{f}" for c, f, *_ in FAULTS])
def test_fails_on_the_matching_fault(pytester, case_id, fault, rule, detail):
    case = run_case(pytester, case_id, _sut(pytester.path, (fault,)))
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]
    assert case["exit_code"] == 1


def test_every_case_has_a_fault_selftest():
    assert {c for c, *_ in FAULTS} == set(CASES)
