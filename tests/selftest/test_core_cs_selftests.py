"""Core-profile charge point cases (`_CS`): each passes on the correct reference charge point
and fails, naming the rule its own checks enforce, on a matching fault.

Rows give the reference SUT's modes (orders the plan allows) and test data (short timers).
"""

from __future__ import annotations

import pytest

from tests.conftest import reference_sut, run_case

CHARGE_POINT = "charge-point"

# Short configured timers, so that a case waiting for one stays short.
SHORT = {"connection_timeout_s": 2}

# case, modes of the reference charge point, test data
PASSES = [
    ("TC_004_2_CS", (), SHORT),
    ("TC_004_2_CS", ("preparing_before_authorize",), SHORT),
    ("TC_012_CS", (), {}),
    ("TC_010_CS", (), {}),
    ("TC_010_CS", ("charging_before_start",), {}),
    ("TC_011_1_CS", (), {}),
    ("TC_011_1_CS", ("charging_before_start",), {}),
    ("TC_011_2_CS", (), SHORT),
    ("TC_026_CS", (), {}),
    ("TC_027_CS", (), {}),
    ("TC_027_CS", ("remote_start_zero_callerror",), {}),
    ("TC_028_CS", (), {}),
    ("TC_068_CS", ("finishing_before_stop",), {}),
    ("TC_068_CS", (), {}),
    ("TC_012_CS", ("charging_before_start", "finishing_before_stop"), {}),
]

# case, fault switch of the reference charge point, rule the verdict must name, text the message must contain
FAULTS = [
    ("TC_004_2_CS", "ignore_connection_timeout", "message_within_deadline", "step 2"),
    ("TC_004_2_CS", "early_connection_timeout", "timing", "step 2"),
    ("TC_010_CS", "reject_remote_start", "payload_matches_expectation", "step Charging 6"),
    ("TC_010_CS", "remote_start_without_authorize", "expected_message", "step Charging 9"),
    ("TC_011_1_CS", "reject_remote_start", "payload_matches_expectation", "step 4"),
    ("TC_011_1_CS", "remote_start_without_authorize", "expected_message", "step 5"),
    ("TC_011_2_CS", "ignore_connection_timeout", "message_within_deadline", "step 9"),
    ("TC_011_2_CS", "early_connection_timeout", "timing", "step 9"),
    ("TC_026_CS", "remote_start_on_busy_connector", "payload_matches_expectation", "status is 'Accepted'"),
    ("TC_027_CS", "remote_start_on_connector_zero", "payload_matches_expectation", "step 2"),
    ("TC_028_CS", "remote_stop_unknown_transaction", "payload_matches_expectation", "step 2"),
    ("TC_068_CS", "stop_with_any_id_tag", "expected_message", "step 1"),
    ("TC_068_CS", "start_with_other_id_tag", "payload_matches_expectation", "idTag"),
    ("TC_012_CS", "reject_remote_stop", "payload_matches_expectation", "step 2"),
    ("TC_012_CS", "remote_stop_reason_local", "payload_matches_expectation", "reason is 'Local'"),
]

DATA = {"TC_004_2_CS": SHORT, "TC_011_2_CS": SHORT}


def _ids(rows):
    return ["-".join([r[0], *(r[1] if isinstance(r[1], tuple) else (r[1],))]) for r in rows]


@pytest.mark.parametrize(("case_id", "modes", "data"), PASSES, ids=_ids(PASSES))
def test_passes_on_the_correct_reference_charge_point(pytester, case_id, modes, data):
    case = run_case(pytester, case_id, reference_sut(pytester.path, CHARGE_POINT, modes=modes, **data))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert case["exit_code"] == 0


@pytest.mark.parametrize(("case_id", "fault", "rule", "detail"), FAULTS, ids=[f"{c}-{f}" for c, f, *_ in FAULTS])
def test_fails_on_the_matching_fault(pytester, case_id, fault, rule, detail):
    sut = reference_sut(pytester.path, CHARGE_POINT, faults=(fault,), **DATA.get(case_id, {}))
    case = run_case(pytester, case_id, sut)
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]
    assert case["exit_code"] == 1


def test_every_case_has_a_passing_and_a_fault_selftest():
    assert {c for c, *_ in FAULTS} == {c for c, *_ in PASSES}
