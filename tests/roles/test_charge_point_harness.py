"""The harness as charge point behaves like a correct charge point where a case does not steer it:
it heartbeats at the accepted interval, keeps and validates its configuration, answers what the
central system sends, and reconnects after an offline period without booting again.

Run against the reference central system, in process, on a free loopback port.
"""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from conformance.reference.central_system import CentralSystemSettings, ReferenceCentralSystem
from conformance.roles.charge_point import CORE_CONFIGURATION, ChargePointHarness
from conformance.sut.local import free_port, write_toml
from conformance.sut.profile import load

pytestmark = pytest.mark.asyncio

CP = "HARNESS_CP"


@contextlib.asynccontextmanager
async def connected(tmp_path):
    """The reference central system (heartbeat interval 1 s) and the harness connected to it."""
    async with ReferenceCentralSystem(CentralSystemSettings(listen=f"ws://127.0.0.1:{free_port()}/ocpp",
                                                            heartbeat_interval=1, call_timeout=3)) as central_system:
        profile = load(write_toml(tmp_path / "csms.toml", {
            "sut": {"role": "central-system", "charge_point_id": CP, "url": central_system.url},
            "capabilities": {"connectors": 2},
            "test_data": {"message_timeout_s": 3, "connection_timeout_s": 0.3},
            "actions": {"driver": "prompt"}}))
        harness = ChargePointHarness(profile)
        await harness.connect()
        try:
            await harness.send(1, "BootNotification", **harness.boot_notification())
            yield harness, central_system
        finally:
            await harness.close()


def sent(harness: ChargePointHarness, action: str) -> int:
    return sum(1 for line in harness.trace.as_text().splitlines() if "harness -> SUT" in line and f'"{action}"' in line)


async def test_heartbeats_at_the_accepted_interval(tmp_path):
    async with connected(tmp_path) as (harness, central_system):
        await asyncio.sleep(3)   # the interval is 1 s: two heartbeats at least, even on a loaded machine
        assert sent(harness, "Heartbeat") >= 2
        assert harness.configuration["HeartbeatInterval"][0] == "1"


async def test_answers_the_central_systems_configuration_requests(tmp_path):
    async with connected(tmp_path) as (harness, central_system):
        everything = await central_system.send(CP, "GetConfiguration", {})
        assert {k["key"] for k in everything["configurationKey"]} == set(CORE_CONFIGURATION)
        assert {"key": "NumberOfConnectors", "readonly": True, "value": "2"} in everything["configurationKey"]
        assert {"key": "ConnectionTimeOut", "readonly": False, "value": "1"} in everything["configurationKey"]
        change = {"key": "MeterValueSampleInterval"}
        assert (await central_system.send(CP, "ChangeConfiguration", {**change, "value": "-1"}))["status"] == "Rejected"
        assert (await central_system.send(CP, "ChangeConfiguration", {**change, "value": "30"}))["status"] == "Accepted"
        read = await central_system.send(CP, "GetConfiguration", {"key": ["MeterValueSampleInterval", "Nope"]})
        assert read == {"configurationKey": [{"key": "MeterValueSampleInterval", "readonly": False, "value": "30"}],
                        "unknownKey": ["Nope"]}
        assert (await central_system.send(CP, "ChangeConfiguration", {"key": "Nope", "value": "1"}))["status"] == "NotSupported"
        assert (await central_system.send(CP, "ChangeConfiguration", {"key": "NumberOfConnectors", "value": "3"})
                )["status"] == "Rejected"


async def test_answers_what_it_would_not_carry_out_with_rejected(tmp_path):
    async with connected(tmp_path) as (harness, central_system):
        for action, payload in (("Reset", {"type": "Soft"}), ("RemoteStartTransaction", {"idTag": "VALID_TAG"}),
                                ("RemoteStopTransaction", {"transactionId": 1}),
                                ("ChangeAvailability", {"connectorId": 0, "type": "Inoperative"})):
            assert (await central_system.send(CP, action, payload))["status"] == "Rejected", action
        assert (await central_system.send(CP, "UnlockConnector", {"connectorId": 2}))["status"] == "Unlocked"
        assert (await central_system.send(CP, "UnlockConnector", {"connectorId": 3}))["status"] == "NotSupported"
        assert (await central_system.send(CP, "ClearCache", {}))["status"] == "Accepted"


async def test_comes_back_online_without_booting_and_stops_what_it_left_running(tmp_path):
    async with connected(tmp_path) as (harness, central_system):
        await harness.go_offline()
        queued = harness.start_transaction("VALID_TAG", 1)
        await harness.come_back_online()
        started = await harness.send(2, "StartTransaction", **queued)
        assert sent(harness, "BootNotification") == 1
        assert central_system.transactions[started["transactionId"]]["start_timestamp"] == queued["timestamp"]
        await harness.return_to_idle()
        assert central_system.active_transactions(CP) == []
