"""Collecting the MeterValues a case judges (conformance.checks.meter_values judges them)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from ...checks.expectations import Reply
from ...checks.failures import NoMessageWithinDeadline


async def collect(central_system: Any, step: int | str, reply_step: int | str, *, connector: int, count: int,
                  interval: float, data: Any) -> list[dict[str, Any]]:
    """The next `count` MeterValues.req of `connector`, each within one interval (+ tolerance and
    message_timeout_s); those of other connectors (connector 0: the main meter) are passed over."""
    received: list[dict[str, Any]] = []
    bound = interval + data.timing_tolerance_s + data.message_timeout_s
    deadline = time.monotonic() + bound
    while len(received) < count:
        left = deadline - time.monotonic()
        if left <= 0:
            raise NoMessageWithinDeadline(f"no MeterValues.req (connectorId={connector}) within {bound:g} s "
                                          f"({len(received)} of {count} came)", step=step)
        incoming = await central_system.expect(step, "MeterValues", reply=Reply(reply_step), timeout=left)
        if incoming.payload.get("connectorId") == connector:
            received.append(incoming.payload)
            deadline = time.monotonic() + bound
    return received


def utc_now() -> datetime:
    return datetime.now(UTC)
