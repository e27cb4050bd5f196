"""SmartCharging charge point cases (`_CS`): each passes on the correct reference charge point
(in A and in W, and in each answer the plan allows) and fails, naming the rule its own checks
enforce, on a matching fault."""

from __future__ import annotations

import json
import tomllib

import pytest

from conformance.sut.local import reference_sut, write_toml
from tests.conftest import TESTCASES, run_case

CHARGE_POINT = "charge-point"
QUICK = {"message_timeout_s": 2}
WATTS = {"charging_rate_unit": "W", "local_charging_limit": 22080.0, "charging_limit_tolerance": 10.0}

# case, modes of the reference charge point, test data
PASSES = [
    ("TC_056_CS", (), {}),
    ("TC_056_CS", (), WATTS),
    ("TC_057_CS", (), {}),
    ("TC_058_1_CS", (), {}),
    ("TC_058_1_CS", ("tx_profile_callerror",), {}),
    ("TC_058_2_CS", (), {}),
    ("TC_059_CS", (), {}),
    ("TC_060_CS", (), {}),
    ("TC_060_CS", ("remote_start_profile_callerror",), {}),
    ("TC_066_CS", (), {}),
    ("TC_066_CS", (), WATTS),
    ("TC_067_CS", (), {}),
    ("TC_067_CS", (), WATTS),
    ("TC_072_CS", (), {}),
    ("TC_082_CS", (), {}),
]

# case, fault, the rule it must name, a detail of the message
FAULTS = [
    ("TC_056_CS", "composite_idle_without_tx_default", "composite_schedule_as_computed", "step 4"),
    ("TC_057_CS", "composite_without_tx_profile", "composite_schedule_as_computed", "step 4"),
    ("TC_058_1_CS", "tx_profile_without_transaction_accepted", "payload_matches_expectation", "step 2"),
    ("TC_058_2_CS", "tx_profile_other_transaction_accepted", "payload_matches_expectation", "step 2"),
    ("TC_059_CS", "remote_start_profile_dropped", "composite_schedule_as_computed", "step 3"),
    ("TC_060_CS", "remote_start_any_purpose", "payload_matches_expectation", "step 2"),
    ("TC_066_CS", "composite_above_charge_point_max", "composite_schedule_as_computed", "step 2"),
    ("TC_067_CS", "clear_by_criteria_keeps_profiles", "composite_schedule_as_computed", "step 8"),
    ("TC_072_CS", "composite_lowest_stack_level", "composite_schedule_as_computed", "step 2"),
    ("TC_082_CS", "tx_default_not_for_running_transaction", "composite_schedule_as_computed", "step 4"),
    # The other checks of the cases' steps.
    ("TC_056_CS", "tx_default_profile_rejected", "payload_matches_expectation", "step 2"),
    ("TC_056_CS", "composite_stale_start", "composite_schedule_as_computed", "from now"),
    ("TC_082_CS", "composite_short_duration", "payload_matches_expectation", "step 4"),
    ("TC_072_CS", "composite_other_unit", "payload_matches_expectation", "chargingRateUnit"),
    ("TC_067_CS", "clear_by_id_unknown", "payload_matches_expectation", "step 2"),
]


def _ids(rows):
    return ["-".join([r[0], *r[1], *(["W"] if r[2].get("charging_rate_unit") == "W" else [])]) for r in rows]


@pytest.mark.parametrize(("case_id", "modes", "data"), PASSES, ids=_ids(PASSES))
def test_passes_on_the_correct_reference_charge_point(pytester, case_id, modes, data):
    case = run_case(pytester, case_id, reference_sut(pytester.path, CHARGE_POINT, modes=modes, **{**QUICK, **data}))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert case["exit_code"] == 0


@pytest.mark.parametrize(("case_id", "fault", "rule", "detail"), FAULTS, ids=[f"{c}-{f}" for c, f, *_ in FAULTS])
def test_fails_on_the_matching_fault(pytester, case_id, fault, rule, detail):
    case = run_case(pytester, case_id, reference_sut(pytester.path, CHARGE_POINT, faults=(fault,), **QUICK))
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]
    assert case["exit_code"] == 1


def test_every_case_has_a_passing_and_a_fault_selftest():
    assert {c for c, *_ in FAULTS} == {c for c, *_ in PASSES}


def test_a_case_for_more_profiles_than_the_charge_point_holds_is_not_applicable(pytester):
    """TC_066_CS needs MaxChargingProfilesInstalled >= 3: a SUT file that declares 2 gets it not applicable."""
    path = reference_sut(pytester.path, CHARGE_POINT, **QUICK)
    tables = tomllib.loads(path.read_text())
    tables["capabilities"]["max_charging_profiles_installed"] = 2
    write_toml(path, tables)
    reports = pytester.path / "reports"
    pytester.runpytest_inprocess(str(TESTCASES), "--sut", str(path), "--case", "TC_066_CS", "--reports", str(reports),
                                 "-p", "no:cacheprovider", "-p", "no:allure_pytest")
    (case,) = json.loads((reports / "summary.json").read_text())["cases"]
    assert case["verdict"] == "not applicable", case["message"]
    assert "max_charging_profiles_installed" in case["message"]
