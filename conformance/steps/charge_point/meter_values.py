"""Collecting the MeterValues a case judges (conformance.checks.meter_values judges them)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from ...checks import meter_values
from ...checks.expectations import Reply
from ...checks.failures import NoMessageWithinDeadline


async def collect(central_system: Any, step: int | str, reply_step: int | str, *, connector: int, count: int,
                  interval: float, data: Any, main_meter: bool = False) -> list[dict[str, Any]]:
    """The MeterValues.req of `connector` up to its next `count` readings, each within one interval
    (+ tolerance and message_timeout_s).

    Readings of another kind (Transaction.Begin, Trigger, ...) are answered and passed over, and
    so are other connectors' values. With `main_meter`, the values of connector 0 (the main
    meter) count instead where the charge point sends none for `connector`.
    """
    series: dict[int, list[dict[str, Any]]] = {connector: [], 0: []}
    bound = interval + data.timing_tolerance_s + data.message_timeout_s
    deadline = time.monotonic() + bound
    while True:
        if len(meter_values.readings(series[connector])) >= count:
            return series[connector]
        if main_meter and not series[connector] and len(meter_values.readings(series[0])) >= count:
            return series[0]
        left = deadline - time.monotonic()
        if left <= 0:
            came = len(meter_values.readings(series[connector] or (series[0] if main_meter else [])))
            raise NoMessageWithinDeadline(f"no MeterValues.req (connectorId={connector}"
                                          f"{' or 0' if main_meter else ''}) within {bound:g} s ({came} of {count} "
                                          "readings came)", step=step)
        incoming = await central_system.expect(step, "MeterValues", reply=Reply(reply_step), timeout=left)
        judged = meter_values.periodic_or_clock(incoming.payload)
        if judged is None:
            central_system.trace.event(f"MeterValues.req of another kind passed over: "
                                       f"{', '.join(sorted(_contexts(incoming.payload)))}")
            continue
        if judged.get("connectorId") in series and (main_meter or judged.get("connectorId") == connector):
            series[judged["connectorId"]].append(judged)
            deadline = time.monotonic() + bound


def _contexts(payload: dict[str, Any]) -> set[str]:
    return {s.get("context", meter_values.DEFAULT_CONTEXT) for m in payload.get("meterValue") or []
            for s in m.get("sampledValue") or []}


def utc_now() -> datetime:
    return datetime.now(UTC)
