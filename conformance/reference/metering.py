"""Meter values of the reference charge point: what a MeterValues.req holds, and clock alignment.

Sampled values (context Sample.Periodic, MeterValuesSampledData) are taken every
MeterValueSampleInterval seconds from the start of a transaction; clock-aligned values
(context Sample.Clock, MeterValuesAlignedData) at every multiple of ClockAlignedDataInterval
seconds since midnight UTC (OCPP 1.6 §4.7 and §9.1).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

DEFAULT_MEASURAND = "Energy.Active.Import.Register"


def next_boundary(now: datetime, interval: int, *, offset: float = 0.0) -> datetime:
    """The next clock-aligned moment after `now`: a multiple of `interval` seconds since midnight (+ offset)."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    elapsed = (now - midnight).total_seconds() - offset
    return midnight + timedelta(seconds=(int(elapsed // interval) + 1) * interval + offset)


def sampled_values(readings: dict[str, tuple[str, str]], measurands: list[str], context: str) -> list[dict[str, Any]]:
    """One sampledValue per configured measurand the meter has; the energy register when none is configured."""
    chosen = [m for m in measurands if m in readings] or [DEFAULT_MEASURAND]
    return [{"value": readings[m][0], "context": context, "measurand": m, "location": "Outlet", "unit": readings[m][1]}
            for m in chosen]
