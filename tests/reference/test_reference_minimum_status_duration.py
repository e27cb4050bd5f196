"""MinimumStatusDuration in the reference charge point (OCPP 1.6 §4.9, §9.1): a status change is
reported once it has held for that many seconds; boot and triggered reports are not delayed."""

from __future__ import annotations

import json
import time
from datetime import datetime

import pytest

from tests.reference.stub_central_system import MiniCentralSystem, booted, running


async def set_minimum_status_duration(cs: MiniCentralSystem, seconds: int) -> None:
    answer = await cs.call("ChangeConfiguration", {"key": "MinimumStatusDuration", "value": str(seconds)})
    assert answer[2] == {"status": "Accepted"}


def stamped(payload: dict) -> float:
    return datetime.fromisoformat(payload["timestamp"]).timestamp()


@pytest.mark.asyncio
async def test_a_stable_status_is_reported_after_the_duration_with_the_time_of_the_change():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        await set_minimum_status_duration(cs, 1)
        plugged_at, wall = time.monotonic(), time.time()
        await cp.plug_in(1)
        at, status = await cs.expect_timed("StatusNotification")
        assert (status["connectorId"], status["status"]) == (1, "Preparing")
        assert 1.0 <= at - plugged_at <= 2.0
        assert int(wall) <= stamped(status) <= wall + 0.5  # when it changed, not when it was sent
        await cs.quiet(0.3)


@pytest.mark.asyncio
async def test_a_status_that_does_not_hold_is_never_reported():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        await set_minimum_status_duration(cs, 1)
        await cp.plug_in(1)
        await cp.unplug(1)  # back to Available, the status last reported
        await cs.quiet(1.5)
        assert cp.connector_status[1] == "Available"

        # Preparing gives way to Charging within the duration: only Charging is reported.
        started_at = time.monotonic()
        await cp.plug_in(1)
        await cp.present_id_tag("TAG1")
        await cs.expect("Authorize")
        await cs.expect("StartTransaction")
        at, status = await cs.expect_timed("StatusNotification")
        assert (status["connectorId"], status["status"]) == (1, "Charging")
        assert at - started_at >= 1.0


@pytest.mark.asyncio
async def test_with_zero_every_change_is_reported_at_once():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        assert cp.configuration["MinimumStatusDuration"] == "0"
        plugged_at = time.monotonic()
        await cp.plug_in(1)
        at, status = await cs.expect_timed("StatusNotification")
        assert status["status"] == "Preparing" and at - plugged_at < 0.5
        await cp.unplug(1)
        assert (await cs.expect("StatusNotification"))["status"] == "Available"


@pytest.mark.asyncio
async def test_changing_the_duration_to_zero_sends_a_waiting_report_at_once():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        await set_minimum_status_duration(cs, 2)
        wall = time.time()
        await cp.plug_in(1)
        await cs.quiet(0.3)
        changed_at = time.monotonic()
        await set_minimum_status_duration(cs, 0)
        at, status = await cs.expect_timed("StatusNotification", timeout=1.0)
        assert status["status"] == "Preparing" and at - changed_at < 0.5
        assert int(wall) <= stamped(status) <= wall + 0.5
        last_two = [json.loads(text) for text in cs.frames[-2:]]
        assert [m[0] for m in last_two] == [3, 2], "the ChangeConfiguration.conf goes out before the report"


@pytest.mark.asyncio
async def test_boot_and_triggered_reports_are_not_delayed_and_a_power_cut_drops_waiting_ones():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        await set_minimum_status_duration(cs, 2)
        await cp.plug_in(1)
        triggered_at = time.monotonic()
        answer = await cs.call("TriggerMessage", {"requestedMessage": "StatusNotification", "connectorId": 1})
        assert answer[2] == {"status": "Accepted"}
        at, status = await cs.expect_timed("StatusNotification")
        assert status["status"] == "Preparing" and at - triggered_at < 0.5
        await cs.quiet(2.3)  # the waiting report finds Preparing told already

        await cp.unplug(1)  # Available waits for its 2 s...
        await cp.power_off()  # ...and is dropped with the power
        await cs.quiet(2.3)
        powered_at = time.monotonic()
        await cp.power_on()
        await cs.expect("BootNotification")
        for c in (0, 1, 2):
            at, status = await cs.expect_timed("StatusNotification")
            assert (status["connectorId"], status["status"]) == (c, "Available")
        assert at - powered_at < 1.5
        await cs.quiet(0.5)
