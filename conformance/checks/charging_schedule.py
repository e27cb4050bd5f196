"""The composite schedule the suite expects, computed from the charging profiles it installed.

OCPP 1.6 §3.13 (Smart Charging) and §7.13-§7.16 (ChargingProfile, ChargingSchedule): at any
moment the limit of a connector is the lowest of what ChargePointMaxProfile allows the whole
charge point and what the transaction's profiles allow it; of the latter a TxProfile of the
running transaction overrides every TxDefaultProfile while it is valid, and within one purpose
the profile of the highest stackLevel whose schedule covers the moment decides. A
TxDefaultProfile of the connector itself overrides one installed on connector 0. Where no
profile limits, the charge point's own limit applies.

This is interval merging: the moments at which any profile may change its limit are collected,
each interval between two of them is evaluated once, and neighbours of equal limit are merged.
The reference charge point computes its answer by sampling each second instead, so that the two
implementations check each other. Pure code: no I/O, no waiting.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

PURPOSES = ("ChargePointMaxProfile", "TxDefaultProfile", "TxProfile")
RECURRENCY_S = {"Daily": 86400, "Weekly": 7 * 86400}
DEFAULT_VOLTAGE_V = 230.0


def parse_time(value: str | None) -> datetime | None:
    """An OCPP dateTime (already judged RFC 3339 by the frame checks), or None."""
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))


@dataclass(frozen=True)
class SchedulePeriod:
    start_period: float          # seconds from the start of the schedule
    limit: float
    number_phases: int | None = None


@dataclass(frozen=True)
class Profile:
    """One csChargingProfiles as installed on `connector_id` (0: the whole charge point)."""

    profile_id: int
    connector_id: int
    purpose: str
    stack_level: int
    kind: str                            # Absolute, Recurring or Relative
    unit: str                            # A or W
    periods: tuple[SchedulePeriod, ...]
    start_schedule: datetime | None = None
    duration: float | None = None
    recurrency: str | None = None
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    transaction_id: int | None = None

    @classmethod
    def from_payload(cls, connector_id: int, payload: dict) -> Profile:
        """From a SetChargingProfile.req's csChargingProfiles (or RemoteStartTransaction's chargingProfile)."""
        schedule = payload["chargingSchedule"]
        periods = tuple(SchedulePeriod(float(p["startPeriod"]), float(p["limit"]), p.get("numberPhases"))
                        for p in schedule["chargingSchedulePeriod"])
        return cls(
            profile_id=payload["chargingProfileId"], connector_id=connector_id,
            purpose=payload["chargingProfilePurpose"], stack_level=payload["stackLevel"],
            kind=payload["chargingProfileKind"], unit=schedule["chargingRateUnit"],
            periods=tuple(sorted(periods, key=lambda p: p.start_period)),
            start_schedule=parse_time(schedule.get("startSchedule")), duration=schedule.get("duration"),
            recurrency=payload.get("recurrencyKind"), valid_from=parse_time(payload.get("validFrom")),
            valid_to=parse_time(payload.get("validTo")), transaction_id=payload.get("transactionId"))

    def valid_at(self, t: datetime) -> bool:
        return (self.valid_from is None or self.valid_from <= t) and (self.valid_to is None or t < self.valid_to)

    def schedule_start(self, t: datetime, relative_start: datetime) -> datetime:
        """Where the schedule that applies at `t` begins."""
        if self.kind == "Relative" or self.start_schedule is None:
            return relative_start
        if self.kind == "Recurring" and self.recurrency in RECURRENCY_S:
            every = RECURRENCY_S[self.recurrency]
            cycles = math.floor((t - self.start_schedule).total_seconds() / every)
            return self.start_schedule + timedelta(seconds=every * cycles)
        return self.start_schedule

    def limit_at(self, t: datetime, relative_start: datetime, unit: str, voltage: float) -> float | None:
        """The limit this profile sets at `t` in `unit`, or None where it sets none."""
        if not self.valid_at(t):
            return None
        offset = (t - self.schedule_start(t, relative_start)).total_seconds()
        if offset < 0 or (self.duration is not None and offset >= self.duration):
            return None
        current = None
        for period in self.periods:
            if period.start_period <= offset:
                current = period
        if current is None:
            return None
        return convert(current.limit, self.unit, unit, current.number_phases, voltage)

    def breakpoints(self, start: datetime, end: datetime, relative_start: datetime) -> Iterable[datetime]:
        """Every moment in [start, end) at which this profile's limit may change."""
        yield from (b for b in (self.valid_from, self.valid_to) if b is not None)
        if self.kind == "Recurring" and self.recurrency in RECURRENCY_S and self.start_schedule is not None:
            every = timedelta(seconds=RECURRENCY_S[self.recurrency])
            origin = self.schedule_start(start, relative_start)
            origins = []
            while origin < end:
                origins.append(origin)
                origin += every
        else:
            origins = [self.schedule_start(start, relative_start)]
        for origin in origins:
            yield origin
            yield from (origin + timedelta(seconds=p.start_period) for p in self.periods)
            if self.duration is not None:
                yield origin + timedelta(seconds=self.duration)


def convert(limit: float, unit: str, to: str, phases: int | None, voltage: float) -> float:
    """A limit in `to`: W = A x V x phases (3 where the period names none, OCPP 1.6 §7.15)."""
    if unit == to:
        return limit
    factor = voltage * (phases if phases is not None else 3)
    return limit * factor if to == "W" else limit / factor


@dataclass(frozen=True)
class Situation:
    """What the composite depends on besides the profiles: the connector, its transaction."""

    connector_id: int
    transaction_id: int | None = None          # the running transaction on the connector, if any
    transaction_start: datetime | None = None  # where a Relative schedule starts
    local_limit: float = math.inf              # the charge point's own limit, in the requested unit
    voltage: float = DEFAULT_VOLTAGE_V


@dataclass
class Composite:
    start: datetime
    duration: float
    unit: str
    periods: list[SchedulePeriod] = field(default_factory=list)


def _highest(profiles: Sequence[Profile], t: datetime, relative_start: datetime, unit: str,
             voltage: float) -> float | None:
    for profile in sorted(profiles, key=lambda p: -p.stack_level):
        limit = profile.limit_at(t, relative_start, unit, voltage)
        if limit is not None:
            return limit
    return None


def limit_at(profiles: Sequence[Profile], situation: Situation, t: datetime, unit: str,
             relative_start: datetime) -> float:
    """The composite limit at one moment (OCPP 1.6 §3.13.2 and §3.13.3)."""
    v, connector = situation.voltage, situation.connector_id
    maximum = _highest([p for p in profiles if p.purpose == "ChargePointMaxProfile"], t, relative_start, unit, v)
    tx_limit = None
    if situation.transaction_id is not None:
        tx = [p for p in profiles if p.purpose == "TxProfile" and p.connector_id == connector
              and p.transaction_id in (None, situation.transaction_id)]
        if any(p.valid_at(t) for p in tx):
            tx_limit = _highest(tx, t, relative_start, unit, v)
        else:
            tx = []
    else:
        tx = []
    if not tx:
        own = [p for p in profiles if p.purpose == "TxDefaultProfile" and p.connector_id == connector]
        chosen = own if any(p.valid_at(t) for p in own) else \
            [p for p in profiles if p.purpose == "TxDefaultProfile" and p.connector_id == 0]
        tx_limit = _highest(chosen, t, relative_start, unit, v)
    limits = [x for x in (maximum, tx_limit, situation.local_limit) if x is not None]
    return min(limits)


def composite(profiles: Sequence[Profile], situation: Situation, start: datetime, duration: float,
              unit: str) -> Composite:
    """The composite schedule of `situation.connector_id` from `start` for `duration` seconds, in `unit`."""
    end = start + timedelta(seconds=duration)
    relative_start = situation.transaction_start or start
    relevant = [p for p in profiles if p.connector_id in (0, situation.connector_id)]
    moments = {start}
    for profile in relevant:
        moments.update(b for b in profile.breakpoints(start, end, relative_start) if start < b < end)
    result = Composite(start, duration, unit)
    for moment in sorted(moments):
        limit = limit_at(relevant, situation, moment, unit, relative_start)
        if result.periods and result.periods[-1].limit == limit:
            continue
        result.periods.append(SchedulePeriod(round((moment - start).total_seconds(), 3), limit))
    return result


# -- judging a GetCompositeSchedule.conf --------------------------------------------------------------


def reported_periods(schedule: dict) -> list[SchedulePeriod]:
    """A chargingSchedule's periods, in order, neighbours of equal limit merged (the same schedule)."""
    periods: list[SchedulePeriod] = []
    for raw in sorted(schedule.get("chargingSchedulePeriod", []), key=lambda p: p["startPeriod"]):
        if periods and periods[-1].limit == float(raw["limit"]):
            continue
        periods.append(SchedulePeriod(float(raw["startPeriod"]), float(raw["limit"])))
    return periods


def _label(limit: float) -> str:
    return "no limit" if math.isinf(limit) else f"{limit:g}"


def mismatches(expected: Composite, reported: Sequence[SchedulePeriod], *, time_tolerance_s: float,
               limit_tolerance: float) -> list[str]:
    """Where a reported schedule differs from the expected one: period by period, the expected and
    the reported start and limit. Starts may differ by `time_tolerance_s` (the moment the charge
    point computed it against the one the suite assumes), limits by `limit_tolerance`. A period
    that would begin within the time tolerance of the schedule's end is too short to judge and is
    left out on both sides (a Relative schedule ends with its transaction's whole-second timestamp)."""
    problems = []
    horizon = expected.duration - time_tolerance_s
    expected = Composite(expected.start, expected.duration, expected.unit,
                         [p for i, p in enumerate(expected.periods) if i == 0 or p.start_period < horizon])
    reported = [p for i, p in enumerate(reported) if i == 0 or p.start_period < horizon]
    for index in range(max(len(expected.periods), len(reported))):
        want = expected.periods[index] if index < len(expected.periods) else None
        got = reported[index] if index < len(reported) else None
        if want is None:
            assert got is not None
            problems.append(f"period {index}: not expected, reported startPeriod {got.start_period:g} "
                            f"limit {got.limit:g}")
            continue
        if got is None:
            problems.append(f"period {index}: expected startPeriod {want.start_period:g} limit {_label(want.limit)}, "
                            "not reported")
            continue
        late = abs(got.start_period - want.start_period) > time_tolerance_s
        off = math.isinf(want.limit) or abs(got.limit - want.limit) > limit_tolerance
        if late or off:
            problems.append(f"period {index}: expected startPeriod {want.start_period:g} limit {_label(want.limit)}, "
                            f"reported startPeriod {got.start_period:g} limit {got.limit:g}")
    return problems
