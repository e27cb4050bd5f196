"""Each test case passes on the correct reference SUT and fails, for the right reason, on a faulty one.

A check that cannot fail is a defect: every row below injects one fault into a reference SUT
and names the rule the case must report as broken.
"""

from __future__ import annotations

import pytest

from conformance.sut.local import reference_sut
from tests.conftest import run_case

CHARGE_POINT, CENTRAL_SYSTEM = "charge-point", "central-system"

CASES = {
    "TC_001_CS": CHARGE_POINT, "TC_002_CS": CHARGE_POINT, "TC_003_CS": CHARGE_POINT, "TC_004_1_CS": CHARGE_POINT,
    "TC_001_CSMS": CENTRAL_SYSTEM, "TC_003_CSMS": CENTRAL_SYSTEM, "TC_004_1_CSMS": CENTRAL_SYSTEM,
}

# case, fault switch of the reference SUT, rule the verdict must name, text the failure must contain
FAULTS = [
    ("TC_001_CS", "no_status_after_boot", "message_within_deadline", "step 5"),
    ("TC_001_CS", "no_connector_zero_status", "message_within_deadline", "connectorId=0"),
    ("TC_001_CS", "ignore_boot_interval", "timing", "step 3"),
    ("TC_001_CS", "heartbeat_before_boot", "expected_message", "step 1"),
    ("TC_002_CS", "heartbeat_before_boot", "expected_message", "step 1"),
    ("TC_001_CS", "heartbeat_ignores_interval", "timing", "step 7"),
    ("TC_001_CS", "naive_timestamps", "datetime_is_utc_rfc3339", "no zone designator"),
    ("TC_002_CS", "reject_config_change", "payload_matches_expectation", "step 6"),
    ("TC_002_CS", "reject_config_while_pending", "no_callerror", "step 3"),
    ("TC_002_CS", "ignore_boot_interval", "timing", "step 7"),
    ("TC_003_CS", "no_preparing", "message_within_deadline", "step 1"),
    ("TC_003_CS", "no_authorize", "transaction_as_planned", "step 3"),
    ("TC_003_CS", "local_time_timestamps", "datetime_is_utc_rfc3339", "+02:00"),
    ("TC_004_1_CS", "forget_authorization", "message_within_deadline", "StartTransaction"),
    ("TC_004_1_CS", "no_preparing_on_id_tag", "message_within_deadline", "step Authorized 3"),
    ("TC_004_1_CS", "start_with_other_id_tag", "payload_matches_expectation", "idTag"),
    ("TC_004_1_CS", "reused_message_id", "unique_id_not_reused", "reuses the message id"),
    ("TC_001_CSMS", "boot_rejected", "payload_matches_expectation", "step 2"),
    ("TC_001_CSMS", "zero_heartbeat_interval", "payload_matches_expectation", "interval is 0, expected a positive integer"),
    ("TC_001_CSMS", "negative_heartbeat_interval", "payload_matches_expectation", "interval is -5"),
    ("TC_001_CSMS", "naive_timestamps", "datetime_is_utc_rfc3339", "currentTime"),
    ("TC_001_CSMS", "status_notification_error", "no_callerror", "step 3"),
    ("TC_001_CSMS", "heartbeat_error", "no_callerror", "step 5"),
    ("TC_003_CSMS", "id_tags_blocked", "payload_matches_expectation", "step 4"),
    ("TC_003_CSMS", "start_transaction_blocked", "payload_matches_expectation", "step 6"),
    ("TC_004_1_CSMS", "id_tags_blocked", "payload_matches_expectation", "Authorized 2"),
    ("TC_004_1_CSMS", "start_transaction_blocked", "payload_matches_expectation", "Charging 4"),
]


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_passes_on_the_correct_reference_sut(pytester, case_id):
    case = run_case(pytester, case_id, reference_sut(pytester.path, CASES[case_id]))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert case["exit_code"] == 0


@pytest.mark.parametrize(("case_id", "fault", "rule", "detail"), FAULTS, ids=[f"{c}-{f}" for c, f, *_ in FAULTS])
def test_fails_on_the_matching_fault(pytester, case_id, fault, rule, detail):
    case = run_case(pytester, case_id, reference_sut(pytester.path, CASES[case_id], faults=(fault,)))
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]
    assert case["exit_code"] == 1


# A retry interval the charge point's own timer ends is judged with tolerance + 1 s either way.
MODES = [("TC_001_CS", "whole_second_timer"), ("TC_002_CS", "whole_second_timer")]


@pytest.mark.parametrize(("case_id", "mode"), MODES, ids=[f"{c}-{m}" for c, m in MODES])
def test_passes_on_the_reference_sut_in_an_allowed_mode(pytester, case_id, mode):
    case = run_case(pytester, case_id, reference_sut(pytester.path, CASES[case_id], modes=(mode,)))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]


def test_every_case_has_a_fault_selftest():
    assert {c for c, *_ in FAULTS} == set(CASES)


def test_a_leniency_the_description_asks_for_passes_with_warnings(pytester):
    """[checks] timestamps = "offset": a non-UTC offset is the letter of OCPP 1.6, so only a warning."""
    sut = reference_sut(pytester.path, CHARGE_POINT, faults=("local_time_timestamps",), timestamps="offset")
    case = run_case(pytester, "TC_003_CS", sut)
    assert case["verdict"] == "passed with warnings", case["message"]
    assert "+02:00" in case["message"] and case["exit_code"] == 0


def test_no_zone_at_all_fails_even_with_the_offset_leniency(pytester):
    sut = reference_sut(pytester.path, CHARGE_POINT, faults=("naive_timestamps",), timestamps="offset")
    case = run_case(pytester, "TC_003_CS", sut)
    assert case["verdict"] == "failed" and case["rule"] == "datetime_is_utc_rfc3339"
