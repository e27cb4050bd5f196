"""SmartCharging steps of the `_CS` cases: charging profiles as the SUT file's test data shapes
them, and a GetCompositeSchedule judged against the composite the suite computes itself from
what it installed (conformance.checks.charging_schedule)."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from ... import events
from ...checks import charging_schedule, rules
from ...checks.failures import PayloadMismatch
from ...sut.profile import TestData

# chargingProfileIds the suite gives its profiles: new ones each run, so that a profile an earlier
# run left behind is not taken for one of this run's.
_IDS = itertools.count(int(time.time()) % 100000 * 10 + 1)


def new_profile_id() -> int:
    return next(_IDS)


def limit(data: TestData, amps: float) -> float:
    """A limit of the plan (given in A) in the configured unit: W is the plan's number x 1000."""
    return float(amps * 1000 if data.charging_rate_unit == "W" else amps)


def iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def profile_start(data: TestData) -> datetime:
    """The plan's <current dateTime - Configured max time deviation seconds>."""
    return datetime.now(UTC) - timedelta(seconds=data.max_time_deviation_s)


def profile(data: TestData, purpose: str, stack_level: int, periods: list[tuple[int, float]], *, duration: int,
            kind: str = "Absolute", start: datetime | None = None, valid_for: int | None = None,
            transaction_id: int | None = None, profile_id: int | None = None) -> dict[str, Any]:
    """A csChargingProfiles: `periods` are (startPeriod, limit in A as the plan gives it); an Absolute
    schedule starts at `start` (default: now less the max time deviation); with `valid_for`
    validFrom is that start and validTo that many seconds later."""
    begin = start or profile_start(data)
    schedule: dict[str, Any] = {"duration": duration, **({"startSchedule": iso(begin)} if kind == "Absolute" else {}),
                                "chargingRateUnit": data.charging_rate_unit,
                                "chargingSchedulePeriod": [
                                    {"startPeriod": s, "limit": limit(data, a), "numberPhases": data.number_phases}
                                    for s, a in periods]}
    result: dict[str, Any] = {"chargingProfileId": profile_id or new_profile_id(), "stackLevel": stack_level,
                              "chargingProfilePurpose": purpose, "chargingProfileKind": kind}
    if transaction_id is not None:
        result["transactionId"] = transaction_id
    if valid_for is not None:
        result["validFrom"] = iso(begin)
        result["validTo"] = iso(begin + timedelta(seconds=valid_for))
    result["chargingSchedule"] = schedule
    return result


async def set_profile(central_system: Any, step: int | str, reply: int | str, connector: int,
                      cs_profile: dict[str, Any]) -> None:
    """SetChargingProfile at `step`, Accepted at `reply`."""
    conf = await central_system.send(step, "SetChargingProfile", connectorId=connector, csChargingProfiles=cs_profile)
    central_system.check(reply, "SetChargingProfile.conf", conf, status="Accepted")


async def memory_state(central_system: Any, connector_profiles: list[tuple[int, dict[str, Any]]]) -> None:
    """The plan's memory state SetChargingProfile: each profile installed and Accepted, in order."""
    for n, (connector, cs_profile) in enumerate(connector_profiles, 1):
        await set_profile(central_system, f"SetChargingProfile {n}", f"SetChargingProfile {n}.conf", connector,
                          cs_profile)


def situation(central_system: Any, data: TestData, connector: int) -> charging_schedule.Situation:
    """The connector's transaction as the harness saw it begin, and the charge point's own limit."""
    cp = central_system.cp
    transaction = next((t for t, c in cp.open_transactions.items() if c == connector), None)
    return charging_schedule.Situation(
        connector, transaction_id=transaction, transaction_start=cp.transaction_starts.get(transaction),
        local_limit=data.local_charging_limit, voltage=data.supply_voltage_v)


def installed(central_system: Any) -> list[charging_schedule.Profile]:
    return [charging_schedule.Profile.from_payload(c, p) for c, p in central_system.cp.charging_profiles.values()]


async def composite(central_system: Any, step: int, data: TestData, *, connector: int, duration: int) -> None:
    """GetCompositeSchedule at `step` for `duration` in the configured unit; at the next step its
    status, connectorId, duration and unit, a scheduleStart within max_time_deviation_s of now,
    and every period as the suite computes it from the profiles it installed."""
    unit = data.charging_rate_unit
    conf = await central_system.send(step, "GetCompositeSchedule", connectorId=connector, duration=duration,
                                     chargingRateUnit=unit)
    received = datetime.now(UTC)
    reply = step + 1
    central_system.check(reply, "GetCompositeSchedule.conf", conf, status="Accepted", connectorId=connector)
    schedule = conf.get("chargingSchedule")
    central_system.check(reply, "GetCompositeSchedule.conf chargingSchedule", schedule if isinstance(schedule, dict)
                         else {}, duration=duration, chargingRateUnit=unit)
    with events.step(f"Step {reply}: the composite schedule is the one the suite computes", reply):
        judge(conf, expected_for=lambda start: charging_schedule.composite(
            installed(central_system), situation(central_system, data, connector), start, duration, unit),
            received=received, data=data, step=reply)


def judge(conf: dict[str, Any], *, expected_for: Any, received: datetime, data: TestData, step: int) -> None:
    """The reported schedule against the one computed from its own scheduleStart."""
    schedule = conf["chargingSchedule"]
    start_text = conf.get("scheduleStart") or schedule.get("startSchedule")
    if start_text is None:
        raise PayloadMismatch("GetCompositeSchedule.conf has neither scheduleStart nor chargingSchedule.startSchedule: "
                              "the schedule's periods cannot be placed in time", step=step,
                              rule=rules.COMPOSITE_SCHEDULE)
    start = charging_schedule.parse_time(start_text)
    assert start is not None
    deviation = abs((received - start).total_seconds())
    if deviation > data.max_time_deviation_s:
        raise PayloadMismatch(f"GetCompositeSchedule.conf: the schedule starts at {start_text}, {deviation:.1f} s from "
                              f"now; max_time_deviation_s is {data.max_time_deviation_s}", step=step,
                              rule=rules.COMPOSITE_SCHEDULE)
    expected = expected_for(start)
    problems = charging_schedule.mismatches(
        expected, charging_schedule.reported_periods(schedule), time_tolerance_s=data.timing_tolerance_s + 1,
        limit_tolerance=data.charging_limit_tolerance)
    if problems:
        raise PayloadMismatch("GetCompositeSchedule.conf chargingSchedulePeriod differs from the composite the suite "
                              f"computes from the profiles it installed ({expected.unit}): " + "; ".join(problems),
                              step=step, rule=rules.COMPOSITE_SCHEDULE)
