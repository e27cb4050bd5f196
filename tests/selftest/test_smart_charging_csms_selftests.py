"""SmartCharging `_CSMS` cases: each passes on the correct reference central system (in A and
in W) and fails, naming the rule, when the reference central system has the fault that breaks
what the case checks. The harness plays the charge point and holds the profiles it receives."""

from __future__ import annotations

import pytest

from conformance.roles.charging_profiles import ChargingProfileStore
from conformance.sut.local import reference_sut
from tests.conftest import run_case

CENTRAL_SYSTEM = "central-system"
QUICK = {"connection_timeout_s": 0.5}
WATTS = {"charging_rate_unit": "W"}
ONE_PHASE = {"number_phases": 1}

PASSES = [
    ("TC_056_CSMS", {}), ("TC_056_CSMS", WATTS), ("TC_056_CSMS", ONE_PHASE),
    ("TC_057_CSMS", {}), ("TC_059_CSMS", {}), ("TC_066_CSMS", {}), ("TC_066_CSMS", WATTS), ("TC_067_CSMS", {}),
]

# case, fault switch of the reference central system, rule the verdict must name, text the failure must contain
FAULTS = [
    ("TC_056_CSMS", "profile_without_validity", "payload_matches_expectation", "validFrom is missing"),
    ("TC_057_CSMS", "tx_profile_without_transaction_id", "payload_matches_expectation", "transactionId is missing"),
    ("TC_059_CSMS", "remote_start_profile_with_transaction_id", "payload_matches_expectation",
     "chargingProfile.transactionId is"),
    ("TC_066_CSMS", "composite_schedule_without_unit", "payload_matches_expectation", "chargingRateUnit is missing"),
    ("TC_067_CSMS", "clear_by_id_with_criteria", "payload_matches_expectation", "step 3"),
    ("TC_067_CSMS", "clear_by_criteria_without_stack_level", "payload_matches_expectation", "step 5"),
    ("TC_056_CSMS", "profile_stack_level_off", "payload_matches_expectation", "stackLevel is"),
    ("TC_059_CSMS", "remote_start_profile_absolute", "payload_matches_expectation", "chargingProfileKind is"),
]


@pytest.mark.parametrize(("case_id", "data"), PASSES,
                         ids=[c + ("-" + "-".join(f"{k}={v}" for k, v in d.items()) if d else "") for c, d in PASSES])
def test_passes_on_the_correct_reference_central_system(pytester, case_id, data):
    case = run_case(pytester, case_id, reference_sut(pytester.path, CENTRAL_SYSTEM, **{**QUICK, **data}))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert case["exit_code"] == 0


@pytest.mark.parametrize(("case_id", "fault", "rule", "detail"), FAULTS, ids=[f"{c}-{f}" for c, f, *_ in FAULTS])
def test_fails_on_the_matching_fault(pytester, case_id, fault, rule, detail):
    case = run_case(pytester, case_id, reference_sut(pytester.path, CENTRAL_SYSTEM, faults=(fault,), **QUICK))
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]
    assert case["exit_code"] == 1


def test_every_case_has_a_passing_and_a_fault_selftest():
    assert {c for c, *_ in FAULTS} == {c for c, *_ in PASSES}


def _profile(pid, purpose, level, limit, **extra):
    return {"chargingProfileId": pid, "stackLevel": level, "chargingProfilePurpose": purpose,
            "chargingProfileKind": "Absolute", **extra,
            "chargingSchedule": {"startSchedule": "2020-01-01T00:00:00Z", "chargingRateUnit": "A",
                                 "chargingSchedulePeriod": [{"startPeriod": 0, "limit": limit}]}}


def test_the_harness_store_keeps_what_a_charge_point_keeps():
    """The harness as charge point: replacement by id and by stackLevel and purpose, TxProfiles only
    for the running transaction, clearing by id and criteria, a composite from its stack."""
    store = ChargingProfileStore(2, 32.0, 230.0)
    running = {77: 1}
    set_ = store.set
    assert set_({"connectorId": 1, "csChargingProfiles": _profile(1, "TxDefaultProfile", 0, 10)}, {}) == \
        {"status": "Accepted"}
    assert set_({"connectorId": 1, "csChargingProfiles": _profile(2, "TxDefaultProfile", 0, 8)}, {})["status"] == \
        "Accepted"
    assert list(store.profiles) == [2]   # same stackLevel and purpose: replaced
    assert set_({"connectorId": 1, "csChargingProfiles": _profile(3, "ChargePointMaxProfile", 0, 6)}, {})["status"] == \
        "Rejected"
    assert set_({"connectorId": 3, "csChargingProfiles": _profile(3, "TxDefaultProfile", 1, 6)}, {})["status"] == \
        "Rejected"
    assert set_({"connectorId": 1, "csChargingProfiles": _profile(4, "TxProfile", 0, 6)}, {})["status"] == "Rejected"
    unreadable = _profile(6, "TxDefaultProfile", 3, 6)
    unreadable["chargingSchedule"]["startSchedule"] = "not a time"
    assert set_({"connectorId": 1, "csChargingProfiles": unreadable}, {})["status"] == "Rejected"
    assert set_({"connectorId": 1, "csChargingProfiles": _profile(4, "TxProfile", 0, 6, transactionId=78)},
                running)["status"] == "Rejected"
    assert set_({"connectorId": 1, "csChargingProfiles": _profile(4, "TxProfile", 0, 6)}, running)["status"] == \
        "Accepted"
    assert store.profiles[4][1]["transactionId"] == 77
    answer = store.composite({"connectorId": 1, "duration": 60, "chargingRateUnit": "A"}, running)
    assert answer["chargingSchedule"]["chargingSchedulePeriod"] == [{"startPeriod": 0, "limit": 6.0}]
    assert store.composite({"connectorId": 1, "duration": 60}, {})["chargingSchedule"]["chargingSchedulePeriod"] == \
        [{"startPeriod": 0, "limit": 8.0}]
    assert store.composite({"connectorId": 5, "duration": 60}, {}) == {"status": "Rejected"}
    store.end_transaction(1)
    assert 4 not in store.profiles
    assert store.clear({"id": 99}) == {"status": "Unknown"}
    assert store.clear({"connectorId": 1, "stackLevel": 0}) == {"status": "Accepted"}
    assert store.profiles == {}
    store.pending[1] = _profile(5, "TxProfile", 0, 7)
    store.transaction_started(1, 80)
    assert store.profiles[5][1]["transactionId"] == 80
