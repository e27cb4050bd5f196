"""Meter values of the reference charge point: what a MeterValues.req holds, and clock alignment.

Sampled values (context Sample.Periodic, MeterValuesSampledData) are taken every
MeterValueSampleInterval seconds from the start of a transaction; clock-aligned values
(context Sample.Clock, MeterValuesAlignedData) at every multiple of ClockAlignedDataInterval
seconds since midnight UTC (OCPP 1.6 §4.7 and §9.1).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from .faults import Fault, Mode
from .state import CHARGING_POWER_W

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


class MeteringMixin:
    """Owns the meter loops: sampled values during a transaction, clock-aligned values, triggered values."""

    def _restart_meter_tasks(self) -> None:
        for c, tx in self.tx.running().items():
            if tx.meter_task is None:
                self._start_meter_task(c)

    def _restart_aligned_data(self) -> None:
        if self._aligned_task is not None:
            self._aligned_task.cancel()
            self._aligned_task = None
        if self._registration == "Accepted" and self._running and not self.faults.active(Fault.NO_CLOCK_ALIGNED_DATA):
            self._aligned_task = self._spawn(self._aligned_data_loop())

    async def _aligned_data_loop(self) -> None:
        """Clock-aligned meter values of every connector with a transaction (OCPP 1.6 §9.1 ClockAlignedDataInterval)."""
        while True:
            interval = self.config.number("ClockAlignedDataInterval")
            if interval <= 0:
                return  # restarted when the interval changes
            off = interval / 2 if self.faults.active(Fault.CLOCK_ALIGNED_OFF_BOUNDARY) else 0.0
            now = datetime.now(UTC)
            boundary = next_boundary(now, interval, offset=off)
            await asyncio.sleep((boundary - now).total_seconds())
            at = None if off else boundary
            self._enqueue(lambda at=at: self._aligned_meter_values(at))

    async def _aligned_meter_values(self, at: datetime | None) -> None:
        charging = [c for c in self.connectors if self.tx.on(c) is not None]
        if charging and self.modes.active(Mode.ALIGNED_ON_CONNECTOR_ZERO_ONLY):
            charging = [0]   # the main meter only
        for c in charging:
            await self._send("MeterValues", self._meter_values(c, "Sample.Clock", at=at))

    def _start_meter_task(self, c: int) -> None:
        tx = self.tx.on(c)
        if tx is None:
            return
        self.tx.stop_metering(tx)
        if self._running:
            tx.meter_task = self._spawn(self._meter_loop(c, tx.transaction_id))

    async def _meter_loop(self, c: int, transaction_id: int) -> None:
        while True:
            interval = self.config.number("MeterValueSampleInterval")
            if interval <= 0:
                return  # restarted when the interval changes
            await asyncio.sleep(interval * (2 if self.faults.active(Fault.SAMPLE_INTERVAL_DOUBLED) else 1))
            self._enqueue(lambda: self._periodic_meter_values(c, transaction_id))

    async def _periodic_meter_values(self, c: int, transaction_id: int) -> None:
        tx = self.tx.on(c)
        if tx is not None and tx.transaction_id == transaction_id:
            context = "Sample.Clock" if self.faults.active(Fault.SAMPLED_CONTEXT_CLOCK) else "Sample.Periodic"
            await self._send_transaction_message("MeterValues", self._meter_values(c, context, sampled=True))

    def _meter_values(self, c: int, context: str, *, at: datetime | None = None, sampled: bool = False) -> dict:
        """A MeterValues.req for connector c (0: the sum over all connectors), taken now or at `at`.

        Clock-aligned values carry the MeterValuesAlignedData measurands, all others (sampled,
        triggered) MeterValuesSampledData's.
        """
        connectors = [c] if c > 0 else list(self.connectors)
        charging = [x for x in connectors if self.connectors.meter(x).charging]
        register = sum(self.connectors.meter(x).read() for x in connectors)
        if self.faults.active(Fault.ENERGY_REGISTER_BACKWARDS):
            register = 1_000_000 - register
        readings = {
            "Energy.Active.Import.Register": (str(register), "Wh"),
            "Power.Active.Import": (str(CHARGING_POWER_W * len(charging)), "W"),
            "Current.Import": (str(16 * len(charging)), "A"),
            "Current.Offered": (str(16 * len(connectors)), "A"),
            "Voltage": ("230", "V"),
        }
        key = "MeterValuesAlignedData" if context == "Sample.Clock" and not sampled else "MeterValuesSampledData"
        values = sampled_values(readings, self.config.value(key).split(","), context)
        now = self._now(at)
        entries = [{"timestamp": now, "sampledValue": values}]
        if self.modes.active(Mode.SPLIT_MEASURANDS):
            entries = [{"timestamp": now, "sampledValue": [value]} for value in values]
        payload: dict[str, Any] = {"connectorId": c, "meterValue": entries}
        tx = self.tx.on(c) if c > 0 else None
        if tx is not None and not self.faults.active(Fault.METER_VALUES_WITHOUT_TRANSACTION_ID):
            payload["transactionId"] = tx.transaction_id
        return payload
