"""The robustness properties judge what independent central systems were found to do.

A tiny central system on raw frames plays each finding behind the policy table (README,
"Robustness suites"); the fuzzer, as a charge point, must fail or warn exactly as the table says.
"""

from __future__ import annotations

import contextlib
import json
import warnings

import pytest
from websockets.asyncio.server import serve

from conformance.checks.failures import RobustnessFailure
from conformance.robustness.runner import Fuzzer, RobustnessWarning
from conformance.roles.charge_point import ChargePointHarness
from conformance.strategies.frames import Frame
from conformance.strategies.payloads import Broken
from conformance.strategies.policy import CONSTRAINTS
from conformance.sut.local import free_port, write_toml
from conformance.sut.profile import load
from conformance.transport.trace import Trace

NOW = "2026-01-01T00:00:00Z"


def behaving(behaviour: str):
    async def handler(ws):
        async for text in ws:
            try:
                frame = json.loads(text)
            except ValueError:
                if behaviour == "close_on_garbage":
                    await ws.close(1011, "internal error")
                    return
                if behaviour == "empty_id_error":
                    await ws.send(json.dumps([4, "", "FormationViolation", "bad frame", {}]))
                continue
            if not isinstance(frame, list) or len(frame) != 4:
                continue
            _, uid, action, payload = frame
            if action not in ("Heartbeat", "BootNotification", "StartTransaction"):
                code = "NotSupported" if behaviour == "not_supported_for_unknown" else "NotImplemented"
                await ws.send(json.dumps([4, uid, code, "", {}]))
            elif behaviour == "accept_everything" or set(payload) <= {"chargePointVendor", "chargePointModel"}:
                answer = {"currentTime": NOW, "status": "Accepted", "interval": 300} if action == "BootNotification" \
                    else {"currentTime": NOW} if action == "Heartbeat" \
                    else {"transactionId": 1, "idTagInfo": {"status": "Accepted"}}
                await ws.send(json.dumps([3, uid, answer]))
            else:
                await ws.send(json.dumps([4, uid, "FormationViolation", "", {}]))
    return handler


@contextlib.asynccontextmanager
async def fuzzer_against(tmp_path, behaviour: str):
    port = free_port()
    path = write_toml(tmp_path / "csms.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_F", "url": f"ws://127.0.0.1:{port}/ocpp"},
        "test_data": {"message_timeout_s": 1, "connect_timeout_s": 3}})
    async with serve(behaving(behaviour), "127.0.0.1", port, subprotocols=["ocpp1.6"]):
        harness = ChargePointHarness(load(path))
        harness.begin_case(Trace())
        await harness.connect()
        harness.start_steps()
        try:
            yield Fuzzer(harness)
        finally:
            await harness.close()


def string_meter_start() -> Broken:
    payload = {"connectorId": 1, "idTag": "VALID_TAG", "meterStart": "100", "timestamp": NOW}
    return Broken("StartTransaction", payload, "wrong_type", "meterStart", "'100' where the schema wants integer",
                  CONSTRAINTS["wrong_type"].codes)


pytestmark = pytest.mark.asyncio(loop_scope="session")


async def test_closing_on_a_non_json_frame_fails_naming_it(tmp_path):
    async with fuzzer_against(tmp_path, "close_on_garbage") as fuzzer:
        with pytest.raises(RobustnessFailure) as info:
            await fuzzer.frame(Frame("invalid_json", "{]", None))
    assert info.value.rule in ("robustness_connection_kept", "robustness_still_answers")
    assert "invalid_json" in str(info.value)


async def test_not_supported_for_an_unknown_action_fails(tmp_path):
    async with fuzzer_against(tmp_path, "not_supported_for_unknown") as fuzzer:
        with pytest.raises(RobustnessFailure, match="NotSupported is not acceptable"):
            await fuzzer.frame(Frame("unknown_action", '[2,"u1","NoSuchAction",{}]', "u1"))


async def test_not_supported_is_a_warning_in_lenient_mode(tmp_path):
    async with fuzzer_against(tmp_path, "not_supported_for_unknown") as fuzzer:
        fuzzer.lenient = True
        with pytest.warns(RobustnessWarning, match="lenient"):
            await fuzzer.frame(Frame("unknown_action", '[2,"u2","NoSuchAction",{}]', "u2"))


async def test_a_string_meter_start_accepted_fails(tmp_path):
    async with fuzzer_against(tmp_path, "accept_everything") as fuzzer:
        with pytest.raises(RobustnessFailure, match="accepted with a CALLRESULT"):
            await fuzzer.invalid(string_meter_start())


async def test_the_right_code_passes(tmp_path):
    async with fuzzer_against(tmp_path, "strict") as fuzzer:
        broken = Broken("Heartbeat", {"extra": 1}, "unknown_property", "payload", "unknown property 'extra'",
                        CONSTRAINTS["unknown_property"].codes)
        with warnings.catch_warnings():
            warnings.simplefilter("error", RobustnessWarning)
            await fuzzer.invalid(broken)


async def test_a_callerror_with_an_empty_id_is_a_warning(tmp_path):
    async with fuzzer_against(tmp_path, "empty_id_error") as fuzzer:
        with pytest.warns(RobustnessWarning, match="carries the id ''"):
            await fuzzer.frame(Frame("invalid_json", "{]", None))
