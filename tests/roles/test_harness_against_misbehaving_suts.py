"""The harness against SUTs that misbehave on the wire: each gives a named, bounded failure."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import time

import pytest
from websockets.asyncio.client import connect
from websockets.asyncio.server import serve
from websockets.exceptions import InvalidStatus

from conformance.checks.failures import ConnectionLost, ConnectionRefused, FrameViolation, NoMessageWithinDeadline
from conformance.checks.verdicts import SutUnreachable
from conformance.roles.central_system import CentralSystemHarness
from conformance.roles.charge_point import ChargePointHarness
from conformance.sut.local import free_port, write_toml
from conformance.sut.profile import load
from conformance.transport.trace import Trace

pytestmark = pytest.mark.asyncio

DATA = {"message_timeout_s": 1.0, "connect_timeout_s": 2.0}


def cp_sut(tmp_path, password=None):
    port = free_port()
    security = {"profile": 1, "password": password} if password else {"profile": 0}
    path = write_toml(tmp_path / "cp.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP_9", "listen": f"ws://127.0.0.1:{port}/ocpp"},
        "security": security, "capabilities": {"connectors": 1}, "test_data": DATA, "actions": {"driver": "prompt"}})
    return load(path), f"ws://127.0.0.1:{port}/ocpp"


def csms_sut(tmp_path, port):
    path = write_toml(tmp_path / "csms.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_9", "url": f"ws://127.0.0.1:{port}/ocpp"},
        "test_data": DATA, "actions": {"driver": "prompt"}})
    return load(path)


@contextlib.asynccontextmanager
async def listening(profile):
    """The harness as central system, listening for the charge point under test."""
    harness = CentralSystemHarness(profile)
    await harness.start()
    try:
        yield harness
    finally:
        await harness.stop()


async def test_a_charge_point_on_the_wrong_path_is_refused_by_name(tmp_path):
    profile, base = cp_sut(tmp_path)
    async with listening(profile) as harness:
        with pytest.raises(InvalidStatus):
            async with connect(f"{base}/WRONG_ID", subprotocols=["ocpp1.6"]):
                pass
        # A wrong path is the lab's set-up (the charger's URL), not the SUT's fault: broken, named.
        with pytest.raises(SutUnreachable, match="must use '/ocpp/CP_9'"):
            await harness.wait_connected()


async def test_a_charge_point_without_the_subprotocol_is_refused_by_name(tmp_path):
    profile, base = cp_sut(tmp_path)
    async with listening(profile) as harness:
        with pytest.raises(InvalidStatus):
            async with connect(f"{base}/CP_9"):
                pass
        with pytest.raises(ConnectionRefused, match="not 'ocpp1.6'"):
            await harness.wait_connected()


async def test_basic_auth_is_checked(tmp_path):
    profile, base = cp_sut(tmp_path, password="correct-horse-battery")
    async with listening(profile) as harness:
        wrong = "Basic " + base64.b64encode(b"CP_9:guess").decode()
        with pytest.raises(InvalidStatus):
            async with connect(f"{base}/CP_9", subprotocols=["ocpp1.6"], additional_headers={"Authorization": wrong}):
                pass
        with pytest.raises(SutUnreachable, match="credentials"):
            await harness.wait_connected()
        right = "Basic " + base64.b64encode(b"CP_9:correct-horse-battery").decode()
        async with connect(f"{base}/CP_9", subprotocols=["ocpp1.6"], additional_headers={"Authorization": right}) as ws:
            await ws.send(json.dumps([2, "b1", "BootNotification", {"chargePointVendor": "V", "chargePointModel": "M"}]))
            answer = json.loads(await asyncio.wait_for(ws.recv(), 2))
            assert answer[2]["status"] == "Accepted"


async def test_a_charge_point_that_never_connects_is_not_blamed(tmp_path):
    profile, _ = cp_sut(tmp_path)
    async with listening(profile) as harness:
        started = time.monotonic()
        with pytest.raises(SutUnreachable, match="not connected after 2 s: no charge point connected"):
            await harness.wait_connected()
        assert time.monotonic() - started < 3


async def test_a_charge_point_that_closes_and_stays_away_fails_within_the_timeout(tmp_path):
    profile, base = cp_sut(tmp_path)
    async with listening(profile) as harness:
        async with connect(f"{base}/CP_9", subprotocols=["ocpp1.6"]) as ws:
            await ws.send(json.dumps([2, "b1", "BootNotification", {"chargePointVendor": "V", "chargePointModel": "M"}]))
            await asyncio.wait_for(ws.recv(), 2)
        started = time.monotonic()
        with pytest.raises(NoMessageWithinDeadline, match="the SUT closed it"):
            await harness.expect(1, "StatusNotification")
        assert time.monotonic() - started < 2


async def test_a_charge_point_that_went_away_is_not_told_to_check_its_url(tmp_path):
    profile, base = cp_sut(tmp_path)
    async with listening(profile) as harness:
        async with connect(f"{base}/CP_9", subprotocols=["ocpp1.6"]) as ws:
            await ws.send(json.dumps([2, "b1", "BootNotification", {"chargePointVendor": "V", "chargePointModel": "M"}]))
            await asyncio.wait_for(ws.recv(), 2)
        await asyncio.wait_for(harness.connection.closed.wait(), 2)
        with pytest.raises(SutUnreachable) as info:
            await harness.wait_connected()
        assert "connected before and has not come back" in str(info.value)
        assert "URL" not in str(info.value)


async def test_garbage_from_a_charge_point_fails_the_next_step(tmp_path):
    profile, base = cp_sut(tmp_path)
    async with listening(profile) as harness:
        async with connect(f"{base}/CP_9", subprotocols=["ocpp1.6"]) as ws:
            harness.begin_case(Trace())
            await ws.send("this is not OCPP")
            with pytest.raises(FrameViolation) as info:
                await harness.expect(1, "BootNotification")
            assert info.value.rule == "frame_is_ocpp_j"


@contextlib.asynccontextmanager
async def connected_to(tmp_path, handler):
    """The harness as charge point, connected to a throwaway central system run by `handler`."""
    port = free_port()
    server = await serve(handler, "127.0.0.1", port, subprotocols=["ocpp1.6"])
    harness = ChargePointHarness(csms_sut(tmp_path, port))
    try:
        await harness.connect()
        yield harness
    finally:
        await harness.close()
        server.close()


async def test_a_central_system_that_hangs_up_fails_at_once(tmp_path):
    async def hang_up(ws):
        await ws.recv()
        await ws.close()

    async with connected_to(tmp_path, hang_up) as harness:
        started = time.monotonic()
        with pytest.raises(ConnectionLost):
            await harness.send(1, "BootNotification", **harness.boot_notification())
        assert time.monotonic() - started < 1


async def test_a_silent_central_system_fails_within_the_message_timeout(tmp_path):
    async def silent(ws):
        await asyncio.sleep(10)

    async with connected_to(tmp_path, silent) as harness:
        with pytest.raises(NoMessageWithinDeadline, match="no answer to BootNotification.req within 1 s"):
            await harness.send(1, "BootNotification", **harness.boot_notification())


async def test_a_central_system_answering_garbage_is_named(tmp_path):
    async def garbage(ws):
        await ws.recv()
        await ws.send('[3, "not-the-id", {}')
        await asyncio.sleep(5)

    async with connected_to(tmp_path, garbage) as harness:
        with pytest.raises(FrameViolation) as info:
            await harness.send(1, "BootNotification", **harness.boot_notification())
        assert info.value.rule == "frame_is_ocpp_j"


async def test_a_central_system_without_ocpp16_is_refused(tmp_path):
    port = free_port()
    server = await serve(lambda ws: asyncio.sleep(1), "127.0.0.1", port, subprotocols=["ocpp2.0.1"])
    harness = ChargePointHarness(csms_sut(tmp_path, port))
    try:
        with pytest.raises(ConnectionRefused):
            await harness.connect()
    finally:
        server.close()


async def test_an_unreachable_central_system(tmp_path):
    harness = ChargePointHarness(csms_sut(tmp_path, free_port()))
    with pytest.raises(SutUnreachable, match="cannot connect"):
        await harness.connect()
