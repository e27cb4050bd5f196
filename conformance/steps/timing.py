"""Durations the plan prescribes, as opposed to waits for a message.

The judging of intervals is conformance.checks.timing; this only lets time pass.
"""

from __future__ import annotations

import asyncio


async def pause(seconds: float) -> None:
    """A duration the plan prescribes, not a wait for a message (e.g. how long the central system
    stays offline while the charge point goes on sampling). The harness keeps reading meanwhile."""
    await asyncio.sleep(seconds)
