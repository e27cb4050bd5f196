"""Core-profile charge point cases (`_CS`): each passes on the correct reference charge point
and fails, naming the rule its own checks enforce, on a matching fault.

Rows give the reference SUT's modes (orders the plan allows) and test data (short timers).
"""

from __future__ import annotations

import json
import tomllib

import pytest

from conformance.sut.local import reference_sut, write_toml
from tests.conftest import TESTCASES, run_case

CHARGE_POINT = "charge-point"

# Cases for SUTs that declare a capability other than its default: [capabilities] of their runs.
CAPABILITIES = {"TC_017_2_CS": {"fixed_cable": True}, "TC_018_2_CS": {"fixed_cable": True},
                "TC_032_1_CS": {"backup_power": True}}

# The reference charge point answers on loopback within milliseconds: a 2 s bound for each
# message keeps the "no message for message_timeout_s" steps and the deadline faults short.
QUICK = {"message_timeout_s": 2}

# Short configured timers, so that a case waiting for one stays short.
SHORT = {"connection_timeout_s": 2}
# TC_004_2_CS, TC_011_2_CS judge when ConnectionTimeOut ends, tolerance + 1 s either way: long
# enough that a timer of half the time fails.
TIMEOUT = {"connection_timeout_s": 5}
# TC_061_1_CS: longer than message_timeout_s, so that a second ConnectionTimeOut cannot end the
# wait for step 7 before the missing Authorize does.
CACHE_TIMEOUT = {"connection_timeout_s": 3}
METERING = {"meter_value_sample_interval_s": 2, "clock_aligned_data_interval_s": 2}

# case, modes of the reference charge point, test data
PASSES = [
    ("TC_004_2_CS", (), TIMEOUT),
    ("TC_004_2_CS", ("preparing_before_authorize",), TIMEOUT),
    ("TC_004_2_CS", ("whole_second_timer",), TIMEOUT),
    ("TC_004_2_CS", ("timer_from_id_tag",), TIMEOUT),
    ("TC_004_2_CS", ("timer_from_id_tag", "preparing_before_authorize"), TIMEOUT),
    ("TC_012_CS", (), {}),
    ("TC_010_CS", (), {}),
    ("TC_011_1_CS", (), {}),
    ("TC_011_1_CS", ("charging_before_start",), {}),
    ("TC_011_2_CS", (), TIMEOUT),
    ("TC_011_2_CS", ("whole_second_timer",), TIMEOUT),
    ("TC_011_2_CS", ("timer_from_id_tag",), TIMEOUT),
    ("TC_026_CS", (), {}),
    ("TC_027_CS", (), {}),
    ("TC_027_CS", ("remote_start_zero_callerror",), {}),
    ("TC_028_CS", (), {}),
    ("TC_068_CS", ("finishing_before_stop",), {}),
    ("TC_068_CS", (), {}),
    ("TC_019_CS", (), {}),
    ("TC_021_CS", (), {}),
    ("TC_021_CS", ("sample_interval_at_maximum",), {"meter_value_sample_interval_s": 60}),
    ("TC_040_1_CS", (), {}),
    ("TC_040_2_CS", (), {}),
    ("TC_040_2_CS", ("invalid_value_callerror",), {}),
    ("TC_062_CS", (), {}),
    ("TC_013_CS", (), {}),
    ("TC_014_CS", (), {}),
    ("TC_014_CS", ("soft_reset_without_reboot",), {}),
    ("TC_015_CS", (), {}),
    ("TC_015_CS", ("stop_after_reset_boot",), {}),
    ("TC_015_CS", ("finishing_before_stop",), {}),
    ("TC_016_CS", (), {}),
    ("TC_017_1_CS", (), {}),
    ("TC_017_2_CS", (), {}),
    ("TC_018_1_CS", (), {}),
    ("TC_018_1_CS", ("finishing_before_stop",), {}),
    ("TC_018_2_CS", (), {}),
    ("TC_030_CS", (), {}),
    ("TC_031_CS", (), {}),
    ("TC_024_CS", (), {}),
    ("TC_005_1_CS", (), {}),
    ("TC_005_1_CS", ("finishing_before_stop",), {}),
    ("TC_005_2_CS", (), {}),
    ("TC_005_3_CS", (), {}),
    ("TC_005_3_CS", ("finishing_before_stop",), {}),
    ("TC_069_CS", (), {}),
    ("TC_069_CS", ("finishing_before_stop",), {}),
    ("TC_070_CS", (), METERING),
    ("TC_070_CS", ("transaction_begin_meter_value",), METERING),
    ("TC_070_CS", ("split_measurands",), METERING),
    ("TC_023_4_CS", (), {}),
    ("TC_023_5_CS", (), {}),
    ("TC_007_1_CS", (), {}),
    ("TC_007_1_CS", ("charging_before_start", "finishing_before_stop"), {}),
    ("TC_007_2_CS", (), {}),
    ("TC_061_1_CS", (), CACHE_TIMEOUT),
    ("TC_061_1_CS", ("preparing_before_authorize",), CACHE_TIMEOUT),
    ("TC_061_2_CS", (), SHORT),
    ("TC_041_CS", (), {"transaction_duration_s": 2}),
    ("TC_034_CS", (), {}),
    ("TC_038_CS", (), {}),
    ("TC_038_CS", ("finishing_before_stop",), {}),
    ("TC_036_CS", (), METERING),
    ("TC_036_CS", ("transaction_begin_meter_value",), METERING),
    ("TC_037_1_CS", (), {}),
    ("TC_037_2_CS", (), {}),
    ("TC_037_3_CS", (), {}),
    ("TC_037_3_CS", ("finishing_before_stop",), {}),
    ("TC_039_CS", (), {}),
    ("TC_032_1_CS", (), {}),
    ("TC_032_1_CS", ("finishing_before_stop",), {}),
    ("TC_032_2_CS", (), {}),
    ("TC_032_2_CS", ("resume_after_power_loss",), {}),
    ("TC_071_CS", (), METERING),
    ("TC_071_CS", ("aligned_on_connector_zero_only",), METERING),
    ("TC_071_CS", ("split_measurands", "transaction_begin_meter_value"), METERING),
    ("TC_016_CS", ("soft_reset_without_reboot", "finishing_before_stop"), {}),
    ("TC_012_CS", ("charging_before_start", "finishing_before_stop"), {}),
]

# case, fault switch of the reference charge point, rule the verdict must name, text the message must contain
FAULTS = [
    ("TC_062_CS", "data_transfer_error", "no_callerror", "step 1"),
    ("TC_004_2_CS", "ignore_connection_timeout", "message_within_deadline", "step 2"),
    ("TC_004_2_CS", "early_connection_timeout", "timing", "step 2"),
    ("TC_010_CS", "reject_remote_start", "payload_matches_expectation", "step Charging 6"),
    ("TC_010_CS", "remote_start_without_authorize", "transaction_as_planned", "step Charging 9"),
    ("TC_011_1_CS", "reject_remote_start", "payload_matches_expectation", "step 4"),
    ("TC_011_1_CS", "remote_start_without_authorize", "message_within_deadline", "step 5"),
    ("TC_011_2_CS", "early_connection_timeout", "timing", "step 9"),
    ("TC_026_CS", "remote_start_on_busy_connector", "payload_matches_expectation", "status is 'Accepted'"),
    ("TC_027_CS", "remote_start_on_connector_zero", "payload_matches_expectation", "step 2"),
    ("TC_028_CS", "remote_stop_unknown_transaction", "payload_matches_expectation", "step 2"),
    ("TC_068_CS", "stop_with_any_id_tag", "transaction_as_planned", "step 1"),
    ("TC_019_CS", "config_key_missing", "payload_matches_expectation", "ResetRetries (Core) is missing"),
    ("TC_019_CS", "config_drops_last_key", "payload_matches_expectation", "step 8"),
    ("TC_021_CS", "config_change_not_applied", "payload_matches_expectation", "step 4"),
    ("TC_040_1_CS", "unknown_key_rejected", "payload_matches_expectation", "status is 'Rejected'"),
    ("TC_040_2_CS", "accept_invalid_config_value", "payload_matches_expectation", "status is 'Accepted'"),
    ("TC_013_CS", "reject_reset", "payload_matches_expectation", "step 6"),
    ("TC_013_CS", "reset_forgets_availability", "payload_matches_expectation", "step 9"),
    ("TC_014_CS", "reset_forgets_availability", "payload_matches_expectation", "step 9"),
    ("TC_015_CS", "reset_stop_reason_other", "payload_matches_expectation", "reason is 'Other'"),
    ("TC_015_CS", "reset_without_finishing", "message_within_deadline", "step 5"),
    ("TC_016_CS", "reset_stop_reason_other", "payload_matches_expectation", "reason is 'Other'"),
    ("TC_017_1_CS", "unlock_fails", "payload_matches_expectation", "status is 'UnlockFailed'"),
    ("TC_017_2_CS", "fixed_cable_unlocks", "payload_matches_expectation", "status is 'Unlocked'"),
    ("TC_018_1_CS", "unlock_without_stop", "message_within_deadline", "step 3"),
    ("TC_018_2_CS", "fixed_cable_unlocks", "payload_matches_expectation", "step 2"),
    ("TC_030_CS", "unlock_ignores_lock_failure", "payload_matches_expectation", "status is 'Unlocked'"),
    ("TC_031_CS", "unlock_unknown_connector_failed", "payload_matches_expectation", "status is 'UnlockFailed'"),
    ("TC_024_CS", "start_despite_lock_failure", "transaction_as_planned", "step 9"),
    ("TC_005_1_CS", "ev_disconnect_reason_local", "payload_matches_expectation", "reason is 'Local'"),
    ("TC_005_2_CS", "ev_disconnect_reason_local", "payload_matches_expectation", "reason is 'Local'"),
    ("TC_005_3_CS", "ev_disconnect_always_stops", "transaction_as_planned", "step 1"),
    ("TC_069_CS", "parent_id_tag_ignored", "message_within_deadline", "step 1"),
    ("TC_070_CS", "sample_interval_doubled", "timing", "step 3"),
    ("TC_070_CS", "sampled_context_clock", "payload_matches_expectation", "Sample.Clock"),
    ("TC_071_CS", "clock_aligned_off_boundary", "timing", "off the clock-aligned"),
    ("TC_023_4_CS", "start_despite_invalid", "transaction_as_planned", "step after 4"),
    ("TC_023_5_CS", "start_despite_invalid", "transaction_as_planned", "step after 4"),
    ("TC_007_1_CS", "cache_ignored", "transaction_as_planned", "step 5"),
    ("TC_007_2_CS", "cache_ignored", "transaction_as_planned", "step 5"),
    ("TC_061_1_CS", "clear_cache_keeps_entries", "message_within_deadline", "step 7"),
    ("TC_061_2_CS", "clear_cache_keeps_entries", "message_within_deadline", "step 7"),
    ("TC_041_CS", "start_while_faulted", "transaction_as_planned", "step 3"),
    ("TC_034_CS", "power_cycle_forgets_availability", "payload_matches_expectation", "step 7"),
    ("TC_038_CS", "offline_transaction_messages_lost", "message_within_deadline", "step 1"),
    ("TC_036_CS", "offline_transaction_messages_lost", "payload_matches_expectation", "after the reconnect"),
    ("TC_036_CS", "drop_oldest_queued_meter_value", "payload_matches_expectation", "1 value(s) taken while offline"),
    ("TC_037_1_CS", "no_offline_start", "payload_matches_expectation", "expected 'Charging'"),
    ("TC_037_2_CS", "offline_invalid_keeps_charging", "message_within_deadline", "step 5"),
    ("TC_037_3_CS", "offline_invalid_keeps_charging", "message_within_deadline", "step 5"),
    ("TC_039_CS", "offline_transaction_messages_lost", "message_within_deadline", "step 3"),
    ("TC_032_1_CS", "backup_power_unused", "message_within_deadline", "step 1"),
    ("TC_032_2_CS", "no_power_loss_stop", "message_within_deadline", "step 5"),
    ("TC_012_CS", "reject_remote_stop", "payload_matches_expectation", "step 2"),
    ("TC_012_CS", "remote_stop_reason_local", "payload_matches_expectation", "reason is 'Local'"),
]

DATA = {"TC_036_CS": METERING, "TC_041_CS": {"transaction_duration_s": 2}, "TC_004_2_CS": TIMEOUT, "TC_011_2_CS": TIMEOUT, "TC_061_1_CS": CACHE_TIMEOUT, "TC_061_2_CS": SHORT, "TC_070_CS": METERING, "TC_071_CS": METERING}


# The faults of TC_023_x concern what follows the Authorize, not the 10 s MinimumStatusDuration the
# case sets first: a charge point without the key (NotSupported) shows them 10 s sooner.
FAULT_MODES = {"TC_023_4_CS": ("no_minimum_status_duration",), "TC_023_5_CS": ("no_minimum_status_duration",)}


def sut_for(directory, case_id, *, faults=(), modes=(), **data):
    """The reference charge point for a case: its capabilities, faults, modes and test data."""
    data = {**QUICK, **DATA.get(case_id, {}), **data}
    path = reference_sut(directory, CHARGE_POINT, faults=faults, modes=modes, **data)
    if case_id in CAPABILITIES:
        tables = tomllib.loads(path.read_text())
        tables["capabilities"].update(CAPABILITIES[case_id])
        write_toml(path, tables)
    return path


def _ids(rows):
    return ["-".join([r[0], *(r[1] if isinstance(r[1], tuple) else (r[1],))]) for r in rows]


@pytest.mark.parametrize(("case_id", "modes", "data"), PASSES, ids=_ids(PASSES))
def test_passes_on_the_correct_reference_charge_point(pytester, case_id, modes, data):
    case = run_case(pytester, case_id, sut_for(pytester.path, case_id, modes=modes, **data))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert case["exit_code"] == 0


@pytest.mark.parametrize(("case_id", "fault", "rule", "detail"), FAULTS, ids=[f"{c}-{f}" for c, f, *_ in FAULTS])
def test_fails_on_the_matching_fault(pytester, case_id, fault, rule, detail):
    case = run_case(pytester, case_id, sut_for(pytester.path, case_id, faults=(fault,), modes=FAULT_MODES.get(case_id, ())))
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]
    assert case["exit_code"] == 1


def test_an_accepted_data_transfer_passes_with_a_warning(pytester):
    """TC_062_CS: the plan allows Accepted for an unsupported vendorId, but the vendor is to be told."""
    case = run_case(pytester, "TC_062_CS", reference_sut(pytester.path, CHARGE_POINT, faults=("data_transfer_accepted",)))
    assert case["verdict"] == "passed with warnings", case["message"]
    assert "Accepted" in case["message"] and case["exit_code"] == 0


@pytest.mark.parametrize("case_id", ["TC_017_1_CS", "TC_017_2_CS"])
def test_the_other_case_of_an_exclusive_pair_is_not_applicable(pytester, case_id):
    """fixed_cable decides between TC_017_1_CS and TC_017_2_CS; the other one names it."""
    other = {"TC_017_1_CS": "TC_017_2_CS", "TC_017_2_CS": "TC_017_1_CS"}[case_id]
    reports = pytester.path / "reports"
    pytester.runpytest_inprocess(str(TESTCASES), "--sut", str(sut_for(pytester.path, other)), "--case", case_id,
                                 "--reports", str(reports), "-p", "no:cacheprovider", "-p", "no:allure_pytest")
    (case,) = json.loads((reports / "summary.json").read_text())["cases"]
    assert case["verdict"] == "not applicable", case["message"]
    assert "fixed_cable" in case["message"]


def test_a_legacy_id_selects_its_split_cases(pytester):
    """TC_023_CS of the FINAL 2024-04 plan runs TC_023_4_CS and TC_023_5_CS."""
    reports = pytester.path / "reports"
    sut = sut_for(pytester.path, "TC_023_CS", modes=FAULT_MODES["TC_023_4_CS"])
    pytester.runpytest_inprocess(str(TESTCASES), "--sut", str(sut), "--case",
                                 "TC_023_CS", "--reports", str(reports), "-p", "no:cacheprovider", "-p", "no:allure_pytest")
    cases = json.loads((reports / "summary.json").read_text())["cases"]
    assert {c["id"]: c["verdict"] for c in cases} == {"TC_023_4_CS": "passed", "TC_023_5_CS": "passed"}


def test_every_case_has_a_passing_and_a_fault_selftest():
    assert {c for c, *_ in FAULTS} == {c for c, *_ in PASSES}


@pytest.mark.parametrize("case_id", ["TC_014_CS", "TC_016_CS"])
def test_a_reboot_that_comes_late_after_a_soft_reset_is_still_judged(pytester, case_id):
    """A charge point that reboots 4 s after Reset.conf, with reset_delay_s 6: the case waits for
    the reboot and judges its steps 7 to 10 instead of taking it for a reset without reboot."""
    sut = sut_for(pytester.path, case_id, modes=("reboot_delayed_after_reset",), reset_delay_s=6)
    case = run_case(pytester, case_id, sut)
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert any("[step 7] [2, " in line and '"BootNotification"' in line for line in case["trace"].splitlines())
