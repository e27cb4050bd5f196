"""A central system's requests besides the one a step expects: answered as a charge point would,
listed for review, and no failure (the harness as charge point, against a throwaway central system)."""

from __future__ import annotations

import asyncio
import contextlib
import json

import pytest
from websockets.asyncio.server import serve

from conformance.checks.failures import PayloadMismatch
from conformance.roles.charge_point import ChargePointHarness
from conformance.sut.local import free_port, write_toml
from conformance.sut.profile import load
from conformance.transport.trace import Trace

pytestmark = pytest.mark.asyncio

# What a back-end sends on its own, before the request the case's operator action asked for.
ITS_OWN = [
    ("GetConfiguration", {}),
    ("ChangeConfiguration", {"key": "HeartbeatInterval", "value": "120"}),
    ("TriggerMessage", {"requestedMessage": "Heartbeat"}),
    ("ClearCache", {}),
    ("DataTransfer", {"vendorId": "com.example"}),
]
EXPECTED = ("ChangeConfiguration", {"key": "MeterValueSampleInterval", "value": "-1"})


def csms_sut(tmp_path, port):
    path = write_toml(tmp_path / "csms.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_9", "url": f"ws://127.0.0.1:{port}/ocpp"},
        "test_data": {"message_timeout_s": 1.0, "connect_timeout_s": 2.0}, "actions": {"driver": "prompt"}})
    return load(path)


@contextlib.asynccontextmanager
async def in_a_case(tmp_path, requests):
    """The harness in a case's steps, connected to a central system that sends `requests` one by one."""
    answers: list = []

    async def central_system(ws):
        for n, (action, payload) in enumerate(requests):
            await ws.send(json.dumps([2, f"r{n}", action, payload]))
            while (frame := json.loads(await ws.recv()))[0] == 2:   # what a trigger made the harness send
                await ws.send(json.dumps([3, frame[1], {"currentTime": "2030-01-01T00:00:00Z"}]))
            answers.append(frame)
        await asyncio.sleep(5)

    port = free_port()
    server = await serve(central_system, "127.0.0.1", port, subprotocols=["ocpp1.6"])
    harness = ChargePointHarness(csms_sut(tmp_path, port))
    harness.begin_case(Trace())
    try:
        await harness.connect()
        harness.start_steps()
        yield harness, answers
    finally:
        await harness.close()
        server.close()


async def test_requests_besides_the_expected_one_are_answered_and_listed(tmp_path):
    async with in_a_case(tmp_path, [*ITS_OWN, EXPECTED]) as (harness, answers):
        harness.will_answer(2, "ChangeConfiguration", when={"key": "MeterValueSampleInterval"}, status="Rejected")
        got = await harness.expect(1, "ChangeConfiguration", key="MeterValueSampleInterval", value="-1")
        assert got.answer == {"status": "Rejected"}
        assert [a[0] for a in answers] == [3] * len(ITS_OWN) + [3]
        assert answers[1][2] == {"status": "Accepted"} and answers[3][2] == {"status": "Accepted"}
        assert any(k["key"] == "HeartbeatInterval" for k in answers[0][2]["configurationKey"])
        assert len(harness.unplanned) == len(ITS_OWN)
        assert "ChangeConfiguration.req (key='HeartbeatInterval', value='120') while waiting for" in harness.unplanned[1]


async def test_the_expected_request_that_never_comes_names_what_came_instead(tmp_path):
    async with in_a_case(tmp_path, ITS_OWN) as (harness, _):
        with pytest.raises(PayloadMismatch, match="key is 'HeartbeatInterval'.*no ChangeConfiguration.req") as failure:
            await harness.expect(1, "ChangeConfiguration", key="MeterValueSampleInterval", value="-1")
        assert failure.value.step == 1
