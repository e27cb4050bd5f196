"""The plan's checks of sampled and clock-aligned MeterValues (TC_036_CS, TC_070_CS, TC_071_CS).

A sampledValue without context is Sample.Periodic and one without measurand is
Energy.Active.Import.Register (the defaults of OCPP 1.6's SampledValue type). A reading is what
the meter gave at one moment: the meterValue entries in a row with the same timestamp, since a
charge point may put each measurand in an entry of its own. Timestamps of whole seconds can be
up to a second off the moment they stand for, so their spacing is judged with one second more
tolerance when they carry no fraction. Clock alignment counts from midnight UTC, whatever
offset a timestamp is written with.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .failures import PayloadMismatch, TimingViolation

DEFAULT_CONTEXT, DEFAULT_MEASURAND = "Sample.Periodic", "Energy.Active.Import.Register"

# Readings of other kinds a charge point may send during a transaction (at its start, at a
# TriggerMessage, around an interruption): the periodic and clock-aligned cases do not ask for them.
OTHER_CONTEXTS = frozenset({"Interruption.Begin", "Interruption.End", "Other", "Transaction.Begin",
                            "Transaction.End", "Trigger"})


@dataclass
class Reading:
    """The sampledValues of one timestamp; `moment` is None when the timestamp cannot be read."""

    timestamp: str
    moment: datetime | None
    sampled: list[dict[str, Any]] = field(default_factory=list)


def configured_measurands(value: str | None) -> list[str]:
    """The measurands a Meter*Data key holds; empty means the energy register (the plan's default)."""
    items = [item.strip() for item in (value or "").split(",") if item.strip()]
    return items or [DEFAULT_MEASURAND]


def _moment(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (AttributeError, TypeError, ValueError):
        return None


def _contexts(meter_value: dict[str, Any]) -> set[str]:
    return {s.get("context", DEFAULT_CONTEXT) for s in meter_value.get("sampledValue") or []}


def periodic_or_clock(payload: dict[str, Any]) -> dict[str, Any] | None:
    """The payload without its readings of another kind (OTHER_CONTEXTS); None when nothing else is left."""
    kept = [m for m in payload.get("meterValue") or [] if not _contexts(m) or not _contexts(m) <= OTHER_CONTEXTS]
    return {**payload, "meterValue": kept} if kept else None


def readings(payloads: list[dict[str, Any]]) -> list[Reading]:
    """The readings in the order sent: meterValue entries in a row with one timestamp are one."""
    found: list[Reading] = []
    for payload in payloads:
        for meter_value in payload.get("meterValue") or []:
            text = meter_value.get("timestamp", "")
            if not found or found[-1].timestamp != text:
                found.append(Reading(text, _moment(text)))
            found[-1].sampled += meter_value.get("sampledValue") or []
    return found


def timestamps(payloads: list[dict[str, Any]]) -> list[tuple[str, datetime]]:
    """The readings' timestamps that can be read, as sent and as moments."""
    return [(r.timestamp, r.moment) for r in readings(payloads) if r.moment is not None]


def taken_while_offline(seconds: float, *, interval: float, tolerance: float) -> int:
    """How many sampled readings fall due in an offline period of `seconds` after the last one
    delivered before it: one per interval, those due within the tolerance of its end not counted."""
    return max(math.floor((seconds - tolerance) / interval), 0)


def check_queued(step: int | str, payloads: list[dict[str, Any]], *, before: datetime, tolerance: float,
                 count: int | None = None) -> None:
    """The first `count` readings (all by default) were taken while the central system was out of
    reach: no timestamp after `before` (the reconnect, ± tolerance)."""
    for text, moment in timestamps(payloads)[:count]:
        late = (moment - before).total_seconds()
        if late > tolerance + 1:
            raise PayloadMismatch(f"MeterValues.req with timestamp {text}, {late:.1f} s after the reconnect, came "
                                  "before the values queued while offline (or those were lost)", step=step)


def check_follows(step: int | str, last: dict[str, Any], payloads: list[dict[str, Any]], *, interval: float,
                  tolerance: float) -> None:
    """The first reading follows `last` (the last one delivered before the connection was lost) by
    one interval: a gap of whole intervals more means values taken meanwhile were lost."""
    stamps = timestamps([last])[-1:] + timestamps(payloads)[:1]
    if len(stamps) < 2:
        return
    (text_a, a), (text_b, b) = stamps
    gap = (b - a).total_seconds()
    missing = round(gap / interval) - 1
    if missing >= 1 and gap - interval > _slack(text_a, text_b, tolerance):
        raise PayloadMismatch(f"the first MeterValues.req after the reconnect ({text_b}) is {gap:g} s after the "
                              f"last one before the connection was lost ({text_a}): {missing} value(s) taken while "
                              "offline are missing", step=step)


def check_content(step: int | str, payloads: list[dict[str, Any]], *, context: str, measurands: list[str]) -> None:
    """Every sampledValue has `context`; every reading has a sampledValue per configured measurand."""
    for reading in readings(payloads):
        contexts = {s.get("context", DEFAULT_CONTEXT) for s in reading.sampled}
        if contexts != {context}:
            raise PayloadMismatch(f"MeterValues.req sampledValue.context is {', '.join(sorted(contexts))}, "
                                  f"expected {context}", step=step)
        present = {s.get("measurand", DEFAULT_MEASURAND) for s in reading.sampled}
        missing = [m for m in measurands if m not in present]
        if missing:
            raise PayloadMismatch(f"MeterValues.req at {reading.timestamp} lacks a sampledValue for "
                                  f"the configured measurand(s) {', '.join(missing)}", step=step)


def _slack(text_a: str, text_b: str, tolerance: float) -> float:
    return tolerance + (0 if "." in text_a and "." in text_b else 1)


def check_spacing(step: int | str, payloads: list[dict[str, Any]], *, interval: float, tolerance: float) -> None:
    """Consecutive readings are `interval` seconds apart (± tolerance)."""
    stamps = timestamps(payloads)
    for (text_a, a), (text_b, b) in zip(stamps, stamps[1:]):
        slack = _slack(text_a, text_b, tolerance)
        gap = (b - a).total_seconds()
        if abs(gap - interval) > slack:
            raise TimingViolation(f"MeterValues.req timestamps {text_a} and {text_b} are {gap:g} s apart, "
                                  f"expected {interval:g} s ± {slack:g} s", step=step)


def check_clock_aligned(step: int | str, payloads: list[dict[str, Any]], *, interval: int, tolerance: float) -> None:
    """Each timestamp is a multiple of `interval` seconds since midnight UTC (± tolerance)."""
    for text, moment in timestamps(payloads):
        utc = moment.astimezone(UTC)
        midnight = utc.replace(hour=0, minute=0, second=0, microsecond=0)
        off = (utc - midnight).total_seconds() % interval
        off = min(off, interval - off)
        if off > tolerance:
            raise TimingViolation(f"MeterValues.req timestamp {text} is {off:g} s off the clock-aligned "
                                  f"interval of {interval} s (counted from midnight UTC)", step=step)
