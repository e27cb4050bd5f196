"""The reference charge point's charging profiles: its per-second composite schedule agrees
with the suite's interval merging for any stack (each implementation checks the other), and
its SetChargingProfile / ClearChargingProfile rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.checks import charging_schedule
from conformance.reference.charge_point.state.charging_profiles import LOCAL_LIMIT_A, ChargingProfiles

T0 = datetime(2026, 1, 5, 12, 0, 0, tzinfo=UTC)


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@st.composite
def stacks(draw):
    profiles = []
    for pid in range(1, draw(st.integers(0, 6)) + 1):
        purpose = draw(st.sampled_from(["ChargePointMaxProfile", "TxDefaultProfile", "TxProfile"]))
        starts = sorted(draw(st.sets(st.integers(1, 300), max_size=4)) | {0})
        offset = draw(st.integers(-200, 200))
        profile = {"chargingProfileId": pid, "stackLevel": draw(st.integers(0, 3)), "chargingProfilePurpose": purpose,
                   "chargingProfileKind": "Absolute",
                   "chargingSchedule": {"chargingRateUnit": "A", "startSchedule": iso(T0 + timedelta(seconds=offset)),
                                        "chargingSchedulePeriod": [{"startPeriod": s,
                                                                    "limit": float(draw(st.integers(0, 40)))}
                                                                   for s in starts]}}
        if draw(st.booleans()):
            profile["chargingSchedule"]["duration"] = draw(st.integers(1, 400))
        if draw(st.booleans()):
            begin = draw(st.integers(-200, 200))
            profile["validFrom"] = iso(T0 + timedelta(seconds=begin))
            profile["validTo"] = iso(T0 + timedelta(seconds=begin + draw(st.integers(1, 500))))
        if purpose == "TxProfile":
            profile["transactionId"] = 7
        connector = 0 if purpose == "ChargePointMaxProfile" else draw(st.sampled_from([0, 1]))
        if purpose == "TxProfile":
            connector = 1
        profiles.append((connector, profile))
    return profiles


@settings(max_examples=60, deadline=None)
@given(stacks(), st.integers(1, 400), st.booleans())
def test_the_reference_and_the_suite_compute_the_same_composite(profiles, duration, in_transaction):
    store = ChargingProfiles()
    suite_profiles = {}
    for connector, profile in profiles:
        store.install(connector, profile)
    for installed in store.installed():   # what survived replacement, as the store holds it
        suite_profiles[installed.profile["chargingProfileId"]] = charging_schedule.Profile.from_payload(
            installed.connector, installed.profile)
    transaction = 7 if in_transaction else None
    reported = store.composite(1, T0.timestamp(), duration, "A", transaction_id=transaction, transaction_start=None)
    expected = charging_schedule.composite(list(suite_profiles.values()), charging_schedule.Situation(
        1, transaction_id=transaction, local_limit=LOCAL_LIMIT_A), T0, duration, "A")
    got = [charging_schedule.SchedulePeriod(p["startPeriod"], p["limit"]) for p in reported]
    assert charging_schedule.mismatches(expected, got, time_tolerance_s=0, limit_tolerance=0.05) == []


def _profile(pid, purpose, level, **extra):
    return {"chargingProfileId": pid, "stackLevel": level, "chargingProfilePurpose": purpose,
            "chargingProfileKind": "Absolute", **extra,
            "chargingSchedule": {"chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 6}]}}


def test_install_replaces_by_id_and_by_level_and_purpose_and_clear_removes_by_criteria():
    store = ChargingProfiles()
    store.install(1, _profile(1, "TxDefaultProfile", 0))
    store.install(1, _profile(2, "TxDefaultProfile", 0))
    store.install(0, _profile(2, "ChargePointMaxProfile", 0))
    assert [(i.connector, i.profile["chargingProfileId"]) for i in store.installed()] == [(0, 2)]
    store.install(1, _profile(3, "TxProfile", 0, transactionId=5))
    store.end_transaction(1)
    assert store.count() == 1
    assert store.remove(lambda c, p: p["chargingProfilePurpose"] == "ChargePointMaxProfile") == 1
    store.pending_remote[1] = _profile(4, "TxProfile", 0)
    store.clear()
    assert store.count() == 0 and store.pending_remote == {}


def test_watts_are_sampled_as_three_phase_amps():
    store = ChargingProfiles()
    store.install(1, {"chargingProfileId": 1, "stackLevel": 0, "chargingProfilePurpose": "TxDefaultProfile",
                      "chargingProfileKind": "Relative",
                      "chargingSchedule": {"chargingRateUnit": "W", "chargingSchedulePeriod": [
                          {"startPeriod": 0, "limit": 6900.0, "numberPhases": 3}]}})
    assert store.composite(1, T0.timestamp(), 10, "A", transaction_id=None, transaction_start=None) == \
        [{"startPeriod": 0, "limit": 10.0}]
    assert store.composite(1, T0.timestamp(), 10, "W", transaction_id=None, transaction_start=None) == \
        [{"startPeriod": 0, "limit": 6900.0}]


def test_the_reference_central_system_builds_the_requests_its_operator_asks_for():
    from conformance.reference.central_system.faults import SWITCHES
    from conformance.reference.central_system.smart_charging import request
    from conformance.reference.switches import FAULT

    none = SWITCHES.select(FAULT, frozenset())
    action, payload = request("csms_set_charging_profile", {"purpose": "TxProfile", "limit": 6}, none, [5, 9])
    assert action == "SetChargingProfile" and payload["csChargingProfiles"]["transactionId"] == 9
    assert {"validFrom", "validTo"} <= set(payload["csChargingProfiles"])
    assert request("csms_clear_charging_profile", {"id": 4}, none, []) == ("ClearChargingProfile", {"id": 4})
    assert request("csms_clear_charging_profile", {}, none, []) == ("ClearChargingProfile", {})
    assert request("csms_get_composite_schedule", {"connector": 1, "duration": 60, "unit": "W"}, none, []) == \
        ("GetCompositeSchedule", {"connectorId": 1, "duration": 60, "chargingRateUnit": "W"})
    action, payload = request("csms_remote_start_with_profile", {"id_tag": "T"}, none, [])
    assert payload["chargingProfile"]["chargingProfileKind"] == "Relative" and "transactionId" not in \
        payload["chargingProfile"]
    with pytest.raises(ValueError, match="running transaction"):
        request("csms_set_charging_profile", {"purpose": "TxProfile"}, none, [])
    with pytest.raises(ValueError, match="no smart charging action"):
        request("csms_unknown", {}, none, [])


@pytest.mark.asyncio
async def test_the_control_port_refuses_a_smart_charging_action_it_cannot_carry_out():

    from conformance.reference.central_system.control_actions import dispatch_control

    class Central:
        async def smart_charging(self, name, params, timeout):
            raise LookupError("charge point 'CP' is not connected")

    with pytest.raises(ValueError, match="not carried out"):
        await dispatch_control(Central(), "csms_get_composite_schedule", {"charge_point_id": "CP"})


def test_a_profile_with_an_unreadable_time_is_not_readable():
    from conformance.reference.charge_point.state.charging_profiles import readable
    good = _profile(1, "TxDefaultProfile", 0, validFrom="2026-01-05T12:00:00Z")
    assert readable(good)
    assert not readable({**good, "validTo": "yesterday"})
