"""The harness as central system behaves like a real peer: it answers at once, whatever a case
is doing, checks and traces every frame (also between cases), and meets a charge point that
is already up. Each test plays the charge point with a bare WebSocket client."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time

import pytest
from websockets.asyncio.client import connect

from conformance.checks.failures import FrameViolation, NoMessageWithinDeadline, UnexpectedMessage
from conformance.checks.verdicts import BaselineNotRestored, SutUnreachable
from conformance.roles import endpoint as endpoint_module
from conformance.roles.central_system import CentralSystemHarness
from conformance.sut.local import free_port, write_toml
from conformance.sut.profile import load
from conformance.transport.trace import Trace

pytestmark = pytest.mark.asyncio

BOOT = {"chargePointVendor": "V", "chargePointModel": "M"}


def profile(tmp_path, *, profiles=("Core",), **data):
    port = free_port()
    path = write_toml(tmp_path / "cp.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP_7", "listen": f"ws://127.0.0.1:{port}/ocpp"},
        "capabilities": {"connectors": 1, "profiles": list(profiles)},
        "test_data": {"message_timeout_s": 1.0, "connect_timeout_s": 2.0, "reboot_timeout_s": 1.0, **data},
        "actions": {"driver": "prompt"}})
    return load(path), f"ws://127.0.0.1:{port}/ocpp/CP_7"


@contextlib.asynccontextmanager
async def harness_and_charger(tmp_path, **kwargs):
    sut, url = profile(tmp_path, **kwargs)
    harness = CentralSystemHarness(sut)
    await harness.start()
    try:
        async with connect(url, subprotocols=["ocpp1.6"], max_size=None) as ws:
            await harness.wait_connected()
            yield harness, ws
    finally:
        await harness.stop()


async def call(ws, unique_id, action, payload, timeout=1.0):
    await ws.send(json.dumps([2, unique_id, action, payload]))
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


def now():
    return "2026-01-01T00:00:00Z"


async def test_every_call_is_answered_at_once_while_a_case_waits_for_another(tmp_path):
    async with harness_and_charger(tmp_path) as (harness, ws):
        harness.begin_case(Trace())
        harness.start_steps()
        waiting = asyncio.create_task(harness.expect(1, "StatusNotification", timeout=3))
        await asyncio.sleep(0.05)
        started = time.monotonic()
        answer = await call(ws, "h1", "Heartbeat", {})
        authorize = await call(ws, "a1", "Authorize", {"idTag": "VALID_TAG"})
        assert time.monotonic() - started < 0.2
        assert answer[0] == 3 and "currentTime" in answer[2]
        assert authorize[2] == {"idTagInfo": {"status": "Accepted"}}
        # The case's wait then judges what came: an Authorize is not the StatusNotification it wants.
        with pytest.raises(UnexpectedMessage, match="the SUT sent Authorize.req"):
            await waiting


async def test_a_scripted_answer_goes_out_when_the_call_is_read(tmp_path):
    async with harness_and_charger(tmp_path) as (harness, ws):
        harness.begin_case(Trace())
        harness.start_steps()
        harness.will_answer(2, "BootNotification", status="Rejected", interval=7)
        answer = await call(ws, "b1", "BootNotification", BOOT)
        assert answer[2]["status"] == "Rejected" and answer[2]["interval"] == 7 and "currentTime" in answer[2]
        # Scripted once: the next boot gets the role's default.
        again = await call(ws, "b2", "BootNotification", BOOT)
        assert again[2]["status"] == "Accepted"
        boot = await harness.expect(1, "BootNotification")
        assert boot.answered_at - boot.received_at < 0.05
        assert [e.step for e in harness.trace.entries if '"b1"' in e.text] == ["1", "2"]


@pytest.mark.parametrize(("frame", "code"), [
    ('[2, "m1", "Heartbeat"]', "ProtocolError"),
    ('[2, "m2", "Heartbeat", [], 5]', "FormationViolation"),
    ('[2, "m3", "Heartbeat", []]', "FormationViolation"),
    ('[2, "m4", "NoSuchAction", {}]', "NotImplemented"),
    ('[2, "m5", "StatusNotification", {"connectorId": 1}]', "OccurenceConstraintViolation"),
    ('[2, "m6", "StatusNotification", {"connectorId": "1", "errorCode": "NoError", "status": "Available"}]',
     "TypeConstraintViolation"),
    ('[2, "m7", "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Sleeping"}]',
     "PropertyConstraintViolation"),
    ('[2, "m8", "RemoteStartTransaction", {"idTag": "X"}]', "NotSupported"),
])
async def test_a_malformed_or_refused_call_gets_the_1_6_callerror(tmp_path, frame, code):
    async with harness_and_charger(tmp_path) as (harness, ws):
        await ws.send(frame)
        answer = json.loads(await asyncio.wait_for(ws.recv(), 1))
        assert answer[:3] == [4, json.loads(frame)[1], code]
        assert harness.errors, "the malformed frame must still be a finding"


async def test_nan_is_not_json(tmp_path):
    async with harness_and_charger(tmp_path) as (harness, ws):
        await ws.send('[2, "n1", "MeterValues", {"connectorId": NaN, "meterValue": []}]')
        await call(ws, "h1", "Heartbeat", {})   # still up, and it answered nothing to the non-JSON frame
        (problem, frame, _), = harness.errors
        assert problem.rule == "frame_is_ocpp_j" and "NaN" in problem.message and "NaN" in frame


async def test_frames_between_cases_are_checked_traced_and_fail_the_next_case(tmp_path):
    async with harness_and_charger(tmp_path) as (harness, ws):
        await ws.send("this is not json")
        await ws.send(json.dumps([2, "x" * 37, "Heartbeat", {}]))
        await ws.send(json.dumps([3, "no-such-call", {}]))
        await call(ws, "b1", "BootNotification", BOOT)
        trace = Trace()
        harness.begin_case(trace)
        texts = "\n".join(e.text for e in trace.entries)
        assert "this is not json" in texts and "x" * 37 in texts and "no-such-call" in texts
        harness.start_steps()
        with pytest.raises(FrameViolation) as failure:
            await harness.expect(1, "Heartbeat", timeout=0.3)
        assert "before the case began" in str(failure.value) and "this is not json" in str(failure.value)


async def test_a_message_from_before_a_case_never_satisfies_its_wait(tmp_path):
    async with harness_and_charger(tmp_path) as (harness, ws):
        await call(ws, "h1", "Heartbeat", {})
        harness.begin_case(Trace())
        harness.start_steps()
        with pytest.raises(NoMessageWithinDeadline, match="no Heartbeat.req within 0.3 s"):
            await harness.expect(1, "Heartbeat", timeout=0.3)


async def test_an_oversized_frame_is_closed_by_the_harness_and_said_so(tmp_path):
    async with harness_and_charger(tmp_path) as (harness, ws):
        await ws.send(json.dumps([2, "big", "DataTransfer", {"vendorId": "V", "data": "x" * (2**20 + 10)}]))
        assert await harness.wait_for(lambda: harness.connection.closed.is_set(), 2)
        reason = harness.connection.close_reason
        assert "the harness closed it: code 1009" in reason, reason
        assert [p.rule for p, *_ in harness.errors] == ["frame_size"]


async def test_a_flood_stays_bounded_and_every_call_is_answered(tmp_path, monkeypatch):
    monkeypatch.setattr(endpoint_module, "INBOX_LIMIT", 50)
    async with harness_and_charger(tmp_path) as (harness, ws):
        trace = Trace(limit=100)
        harness.begin_case(trace)
        harness.start_steps()
        for n in range(400):
            await ws.send(json.dumps([2, f"f{n}", "BootNotification", BOOT]))
        answers = [json.loads(await asyncio.wait_for(ws.recv(), 2)) for _ in range(400)]
        assert [a[1] for a in answers] == [f"f{n}" for n in range(400)]
        assert len(harness.inbox) <= 50 and harness.inbox_dropped >= 350
        assert len(trace.entries) <= 100 + 10 and trace.dropped > 0
        assert any(p.rule == "one_outstanding_call" for p, _ in harness.warnings)
        assert harness.pipelined >= 300 and "pipelining: " in harness.findings_besides_verdict()[0]


class Operator:
    """A stand-in for the operator's driver: records what it was asked to do."""

    def __init__(self, harness):
        self.harness, self.done = harness, []

    async def manual(self, action, **params):
        self.harness.operator_action(action, params)
        self.done.append(action)


async def test_a_charge_point_that_is_up_already_is_asked_for_its_state(tmp_path):
    async with harness_and_charger(tmp_path, profiles=("Core", "RemoteTrigger")) as (harness, ws):
        harness.begin_case(Trace())
        preparing = asyncio.create_task(harness.prepare(Operator(harness), idle=True))
        # It first gives a charge point that might be booting a moment to speak, then asks.
        request = json.loads(await asyncio.wait_for(ws.recv(), 3))
        assert request[2:] == ["TriggerMessage", {"requestedMessage": "StatusNotification"}]
        await ws.send(json.dumps([3, request[1], {"status": "Accepted"}]))
        status = {"connectorId": 1, "errorCode": "NoError", "status": "Available", "timestamp": now()}
        assert (await call(ws, "s1", "StatusNotification", status))[0] == 3
        await asyncio.wait_for(preparing, 2)


async def test_a_silent_charge_point_is_broken_with_what_was_seen(tmp_path):
    async with harness_and_charger(tmp_path) as (harness, ws):
        harness.begin_case(Trace())
        operator = Operator(harness)
        with pytest.raises(SutUnreachable) as failure:
            await harness.prepare(operator, idle=True)
        message = str(failure.value)
        assert operator.done == ["power_cycle"]
        assert "no BootNotification within 1 s after the power cycle" in message
        assert "the charge point connected at" in message and "it has sent no message" in message


async def test_leftovers_that_cannot_be_cleared_make_the_next_case_broken_not_failed(tmp_path):
    async with harness_and_charger(tmp_path) as (harness, ws):
        charging = {"connectorId": 1, "errorCode": "NoError", "status": "Charging", "timestamp": now()}
        await call(ws, "s1", "StatusNotification", charging)
        harness.begin_case(Trace())
        operator = Operator(harness)
        with pytest.raises(BaselineNotRestored, match="for connector.s. 1"):
            await harness.prepare(operator, idle=True)
        # The unplug, once more, and after a Reset nobody answers the operator's power cycle.
        assert operator.done == ["unplug", "unplug", "power_cycle"]
        assert "connector 1 is Charging" in harness.trace.as_text()


async def test_a_transaction_answered_invalid_is_still_stopped_after_the_case(tmp_path):
    async with harness_and_charger(tmp_path) as (harness, ws):
        start = {"connectorId": 1, "idTag": "INVALID_TAG", "meterStart": 0, "timestamp": now()}
        answer = await call(ws, "t1", "StartTransaction", start)
        assert answer[2]["idTagInfo"] == {"status": "Invalid"}
        cleanup = asyncio.create_task(harness.restore_baseline(Operator(harness)))
        request = json.loads(await asyncio.wait_for(ws.recv(), 1))
        assert request[2:] == ["RemoteStopTransaction", {"transactionId": answer[2]["transactionId"]}]
        await ws.send(json.dumps([3, request[1], {"status": "Accepted"}]))
        stop = {"transactionId": answer[2]["transactionId"], "meterStop": 0, "timestamp": now(), "reason": "Remote"}
        assert (await call(ws, "t2", "StopTransaction", stop))[0] == 3
        request = json.loads(await asyncio.wait_for(ws.recv(), 1))
        assert request[2] == "ClearCache"   # an idTag was used: the authorization cache is emptied
        await ws.send(json.dumps([3, request[1], {"status": "Accepted"}]))
        await asyncio.wait_for(cleanup, 3)
        assert not harness.cp.open_transactions


async def test_the_harness_as_charge_point_answers_the_central_system_while_it_waits(tmp_path):
    """A central system that asks for the configuration before it answers the boot gets its answer."""
    from websockets.asyncio.server import serve

    from conformance.roles.charge_point import ChargePointHarness

    async def central_system(ws):
        boot = json.loads(await ws.recv())
        await ws.send(json.dumps([2, "g1", "GetConfiguration", {"key": ["HeartbeatInterval"]}]))
        answer = json.loads(await asyncio.wait_for(ws.recv(), 1))
        assert answer[0] == 3 and answer[2]["configurationKey"][0]["key"] == "HeartbeatInterval"
        await ws.send(json.dumps([3, boot[1], {"status": "Accepted", "currentTime": now(), "interval": 5}]))
        await asyncio.sleep(1)

    port = free_port()
    server = await serve(central_system, "127.0.0.1", port, subprotocols=["ocpp1.6"])
    path = write_toml(tmp_path / "csms.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_7", "url": f"ws://127.0.0.1:{port}/ocpp"},
        "test_data": {"message_timeout_s": 1.0}, "actions": {"driver": "prompt"}})
    harness = ChargePointHarness(load(path))
    try:
        await harness.connect()
        conf = await harness.send(1, "BootNotification", **harness.boot_notification())
        assert conf["status"] == "Accepted"
    finally:
        await harness.close()
        server.close()


async def test_a_scripted_answer_that_fails_is_the_harness_s_fault(tmp_path):
    from conformance.checks.verdicts import HarnessError

    async with harness_and_charger(tmp_path) as (harness, ws):
        harness.begin_case(Trace())
        harness.start_steps()
        harness.will_answer(2, "Authorize", lambda incoming: incoming.payload["noSuchField"])
        answer = await call(ws, "a1", "Authorize", {"idTag": "VALID_TAG"})
        assert answer[:3] == [4, "a1", "InternalError"]
        with pytest.raises(HarnessError, match="answering Authorize.req failed in the harness"):
            await harness.expect(1, "Authorize")
        assert (await call(ws, "h1", "Heartbeat", {}))[0] == 3   # the reader lives on
