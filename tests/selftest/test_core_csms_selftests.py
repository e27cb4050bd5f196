"""Core `_CSMS` cases: each passes on the correct reference central system and fails, naming the
rule, when the reference central system has the fault that breaks what the case checks.

The harness plays the charge point; its ConnectionTimeOut is short here so that the cases that
let it run out stay quick.
"""

from __future__ import annotations

import pytest

from conformance.sut.local import reference_sut
from tests.conftest import run_case

QUICK = {"connection_timeout_s": 0.5}

CASES = [
    "TC_004_2_CSMS", "TC_005_1_CSMS", "TC_007_CSMS", "TC_061_CSMS", "TC_010_CSMS", "TC_011_1_CSMS", "TC_011_2_CSMS",
    "TC_012_CSMS", "TC_013_CSMS", "TC_014_CSMS", "TC_017_1_CSMS", "TC_017_2_CSMS", "TC_018_1_CSMS",
    "TC_019_1_CSMS", "TC_019_2_CSMS", "TC_021_CSMS", "TC_023_1_CSMS", "TC_023_2_CSMS", "TC_023_3_CSMS", "TC_024_CSMS",
    "TC_026_CSMS", "TC_028_CSMS", "TC_030_CSMS", "TC_031_CSMS", "TC_032_1_CSMS", "TC_037_1_CSMS", "TC_037_3_CSMS",
    "TC_039_CSMS", "TC_040_1_CSMS", "TC_040_2_CSMS", "TC_064_CSMS",
]

# case, fault switch of the reference central system, rule the verdict must name, text the failure must contain
FAULTS = [
    ("TC_004_2_CSMS", "strict_connector_state_machine", "no_callerror", "step 3"),
    ("TC_005_1_CSMS", "stop_transaction_error", "no_callerror", "step 3"),
    ("TC_007_CSMS", "start_requires_authorize", "payload_matches_expectation", "step 4"),
    ("TC_061_CSMS", "ignore_operator", "message_within_deadline", "step 1"),
    ("TC_010_CSMS", "remote_start_connector_zero", "payload_matches_expectation", "connectorId is 0, expected 1"),
    ("TC_011_1_CSMS", "remote_start_connector_zero", "payload_matches_expectation", "connectorId is 0, expected 1"),
    ("TC_011_2_CSMS", "strict_connector_state_machine", "no_callerror", "step 7"),
    ("TC_011_2_CSMS", "remote_start_connector_zero", "payload_matches_expectation", "step 1"),
    ("TC_012_CSMS", "remote_stop_other_transaction", "payload_matches_expectation", "transactionId is"),
    ("TC_012_CSMS", "stop_transaction_error", "no_callerror", "step 3"),
    ("TC_013_CSMS", "reset_type_swapped", "payload_matches_expectation", "type is 'Soft', expected 'Hard'"),
    ("TC_014_CSMS", "reset_type_swapped", "payload_matches_expectation", "type is 'Hard', expected 'Soft'"),
    ("TC_017_1_CSMS", "unlock_other_connector", "payload_matches_expectation", "connectorId is 2, expected 1"),
    ("TC_017_2_CSMS", "unlock_other_connector", "payload_matches_expectation", "connectorId is 2, expected 1"),
    ("TC_018_1_CSMS", "unlock_other_connector", "payload_matches_expectation", "connectorId is 2, expected 1"),
    ("TC_018_1_CSMS", "stop_transaction_error", "no_callerror", "step 5"),
    ("TC_019_1_CSMS", "get_configuration_names_keys", "payload_matches_expectation", "key is ['HeartbeatInterval']"),
    ("TC_019_2_CSMS", "get_configuration_drops_keys", "payload_matches_expectation", "key is missing"),
    ("TC_021_CSMS", "change_configuration_wrong_value", "payload_matches_expectation", "value is '600', expected '60'"),
    ("TC_023_1_CSMS", "invalid_id_tag_accepted", "payload_matches_expectation", "idTagInfo.status is 'Accepted'"),
    ("TC_023_2_CSMS", "expired_id_tag_accepted", "payload_matches_expectation", "idTagInfo.status is 'Accepted'"),
    ("TC_023_3_CSMS", "blocked_id_tag_accepted", "payload_matches_expectation", "idTagInfo.status is 'Accepted'"),
    ("TC_024_CSMS", "fault_status_error", "no_callerror", "step 3"),
    ("TC_026_CSMS", "remote_start_connector_zero", "payload_matches_expectation", "connectorId is 0, expected 1"),
    ("TC_028_CSMS", "remote_stop_other_transaction", "payload_matches_expectation", "step 1"),
    ("TC_030_CSMS", "unlock_other_connector", "payload_matches_expectation", "connectorId is 2, expected 1"),
    ("TC_031_CSMS", "unlock_other_connector", "payload_matches_expectation", "connectorId is 4, expected 3"),
    ("TC_032_1_CSMS", "stop_transaction_error", "no_callerror", "step 5"),
    ("TC_037_1_CSMS", "boot_required_on_reconnect", "no_callerror", "step 1"),
    ("TC_037_1_CSMS", "stores_reception_time", "offline_timestamp_kept", "step 2"),
    ("TC_037_3_CSMS", "start_transaction_accepts_any", "payload_matches_expectation", "idTagInfo.status is 'Accepted'"),
    ("TC_037_3_CSMS", "boot_required_on_reconnect", "no_callerror", "step 1"),
    ("TC_039_CSMS", "boot_required_on_reconnect", "no_callerror", "step 1"),
    ("TC_039_CSMS", "stop_transaction_error", "no_callerror", "step 3"),
    ("TC_040_1_CSMS", "change_configuration_wrong_value", "payload_matches_expectation", "value is '10', expected '1'"),
    ("TC_040_2_CSMS", "change_configuration_wrong_value", "payload_matches_expectation", "value is '-10'"),
    ("TC_064_CSMS", "data_transfer_error", "no_callerror", "step 1"),
]


def _sut(path, faults=()):
    return reference_sut(path, "central-system", faults=faults, **QUICK)


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


def test_a_data_transfer_accepted_for_an_unknown_vendor_passes_with_a_warning(pytester):
    """TC_064_CSMS: the plan allows Accepted, but the vendor is to be warned."""
    case = run_case(pytester, "TC_064_CSMS", _sut(pytester.path, ("data_transfer_accepted",)))
    assert case["verdict"] == "passed with warnings", case["message"]
    assert "org.ocpp-conformance.unknown" in case["message"] and case["exit_code"] == 0
