"""TC_023_4_CS and TC_023_5_CS set MinimumStatusDuration to 10 (if implemented): step 1 waits for
Preparing message_timeout_s plus what the charge point accepted, no less and no more."""

from __future__ import annotations

import pytest

from tests.conftest import run_case
from tests.selftest.test_core_cs_selftests import sut_for


@pytest.mark.parametrize("case_id", ["TC_023_4_CS", "TC_023_5_CS"])
def test_a_charge_point_without_minimum_status_duration_passes_at_once(pytester, case_id):
    """NotSupported meets the configuration state; Preparing then comes at once."""
    case = run_case(pytester, case_id, sut_for(pytester.path, case_id, modes=("no_minimum_status_duration",)))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert "MinimumStatusDuration" in case["trace"] and "NotSupported" in case["trace"]


def test_a_status_held_longer_than_accepted_fails_step_1(pytester):
    """Held 20 s instead of the accepted 10: no Preparing within message_timeout_s + 10 s."""
    case = run_case(pytester, "TC_023_4_CS", sut_for(pytester.path, "TC_023_4_CS", faults=("status_held_twice_as_long",)))
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == "message_within_deadline", case["message"]
    assert "step 1" in case["message"] and "Preparing" in case["message"], case["message"]


def test_the_harness_sets_minimum_status_duration_to_0_before_the_cases(pytester):
    """The plan's general precondition: a charge point that holds status changes back 5 s would
    report Preparing too late for TC_003_CS's message_timeout_s (3 s); the harness sets it to 0."""
    case = run_case(pytester, "TC_003_CS", sut_for(pytester.path, "TC_003_CS", modes=("status_delay_configured",)))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert "MinimumStatusDuration is 5; set to 0 for the run" in case["trace"]
