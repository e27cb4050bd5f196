"""The plan's checks of sampled and clock-aligned MeterValues (TC_036_CS, TC_070_CS, TC_071_CS).

A sampledValue without context is Sample.Periodic and one without measurand is
Energy.Active.Import.Register (the defaults of OCPP 1.6's SampledValue type). Timestamps of whole
seconds can be up to a second off the moment they stand for, so their spacing is judged with
one second more tolerance when they carry no fraction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .failures import PayloadMismatch, TimingViolation

DEFAULT_CONTEXT, DEFAULT_MEASURAND = "Sample.Periodic", "Energy.Active.Import.Register"


def configured_measurands(value: str | None) -> list[str]:
    """The measurands a Meter*Data key holds; empty means the energy register (the plan's default)."""
    items = [item.strip() for item in (value or "").split(",") if item.strip()]
    return items or [DEFAULT_MEASURAND]


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None


def check_queued(step: int | str, payloads: list[dict[str, Any]], *, before: datetime, tolerance: float) -> None:
    """These MeterValues were taken while the central system was out of reach: no timestamp after
    `before` (the reconnect, ± tolerance)."""
    for text, moment in timestamps(payloads):
        late = (moment - before).total_seconds()
        if late > tolerance + 1:
            raise PayloadMismatch(f"MeterValues.req with timestamp {text}, {late:.1f} s after the reconnect, came "
                                  "before the values queued while offline (or those were lost)", step=step)


def check_content(step: int | str, payloads: list[dict[str, Any]], *, context: str, measurands: list[str]) -> None:
    """Every sampledValue has `context`; every meterValue has a sampledValue per configured measurand."""
    for payload in payloads:
        for meter_value in payload.get("meterValue") or []:
            sampled = meter_value.get("sampledValue") or []
            contexts = {s.get("context", DEFAULT_CONTEXT) for s in sampled}
            if contexts != {context}:
                raise PayloadMismatch(f"MeterValues.req sampledValue.context is {', '.join(sorted(contexts))}, "
                                      f"expected {context}", step=step)
            present = {s.get("measurand", DEFAULT_MEASURAND) for s in sampled}
            missing = [m for m in measurands if m not in present]
            if missing:
                raise PayloadMismatch(f"MeterValues.req at {meter_value.get('timestamp')} lacks a sampledValue for "
                                      f"the configured measurand(s) {', '.join(missing)}", step=step)


def timestamps(payloads: list[dict[str, Any]]) -> list[tuple[str, datetime]]:
    found = []
    for payload in payloads:
        for meter_value in payload.get("meterValue") or []:
            moment = _moment(meter_value.get("timestamp", ""))
            if moment is not None:
                found.append((meter_value["timestamp"], moment))
    return found


def check_spacing(step: int | str, payloads: list[dict[str, Any]], *, interval: float, tolerance: float) -> None:
    """Consecutive meterValue timestamps are `interval` seconds apart (± tolerance)."""
    stamps = timestamps(payloads)
    for (text_a, a), (text_b, b) in zip(stamps, stamps[1:]):
        slack = tolerance + (0 if "." in text_a and "." in text_b else 1)
        gap = (b - a).total_seconds()
        if abs(gap - interval) > slack:
            raise TimingViolation(f"MeterValues.req timestamps {text_a} and {text_b} are {gap:g} s apart, "
                                  f"expected {interval:g} s ± {slack:g} s", step=step)


def check_clock_aligned(step: int | str, payloads: list[dict[str, Any]], *, interval: int, tolerance: float) -> None:
    """Each timestamp is a multiple of `interval` seconds since midnight UTC (± tolerance)."""
    for text, moment in timestamps(payloads):
        midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        off = (moment - midnight).total_seconds() % interval
        off = min(off, interval - off)
        if off > tolerance:
            raise TimingViolation(f"MeterValues.req timestamp {text} is {off:g} s off the clock-aligned "
                                  f"interval of {interval} s", step=step)
