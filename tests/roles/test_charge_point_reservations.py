"""The harness as charge point with the Reservation and RemoteTrigger profiles: what it answers
when no case scripts it, and what it keeps of the reservations it answered.

Run against the reference central system, in process, on a free loopback port.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

import pytest

from conformance.reference.central_system import CentralSystemSettings, ReferenceCentralSystem
from conformance.roles.charge_point import ChargePointHarness
from conformance.sut.local import free_port, write_toml
from conformance.sut.profile import load

pytestmark = pytest.mark.asyncio

CP = "HARNESS_CP"


@contextlib.asynccontextmanager
async def connected(tmp_path, profiles=("Core", "Reservation", "RemoteTrigger")):
    async with ReferenceCentralSystem(CentralSystemSettings(listen=f"ws://127.0.0.1:{free_port()}/ocpp",
                                                            heartbeat_interval=300, call_timeout=3)) as central_system:
        profile = load(write_toml(tmp_path / "csms.toml", {
            "sut": {"role": "central-system", "charge_point_id": CP, "url": central_system.url},
            "capabilities": {"connectors": 2, "profiles": list(profiles)},
            "test_data": {"message_timeout_s": 3, "reservation_expiry_s": 1},
            "actions": {"driver": "prompt"}}))
        harness = ChargePointHarness(profile)
        await harness.connect()
        try:
            await harness.send(1, "BootNotification", **harness.boot_notification())
            yield harness, central_system
        finally:
            await harness.close()


def later(seconds: float = 60) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat()


def reserve(connector: int, reservation_id: int, expiry: str | None = None) -> dict:
    return {"connectorId": connector, "expiryDate": expiry or later(), "idTag": "VALID_TAG",
            "reservationId": reservation_id}


def sent(harness: ChargePointHarness, action: str) -> list[str]:
    return [line for line in harness.trace.as_text().splitlines() if "harness -> SUT" in line and f'"{action}"' in line]


async def test_it_says_which_optional_profiles_it_implements(tmp_path):
    async with connected(tmp_path) as (harness, central_system):
        read = await central_system.send(CP, "GetConfiguration", {"key": ["SupportedFeatureProfiles",
                                                                          "ReserveConnectorZeroSupported"]})
        assert {k["key"]: k["value"] for k in read["configurationKey"]} == {
            "SupportedFeatureProfiles": "Core,Reservation,RemoteTrigger", "ReserveConnectorZeroSupported": "true"}
    async with connected(tmp_path, profiles=("Core",)) as (harness, central_system):
        read = await central_system.send(CP, "GetConfiguration", {"key": ["ReserveConnectorZeroSupported"]})
        assert read["unknownKey"] == ["ReserveConnectorZeroSupported"]


async def test_reserve_now_is_answered_from_what_it_holds_and_its_connectors(tmp_path):
    async with connected(tmp_path) as (harness, central_system):
        async def ask(payload):
            return (await central_system.send(CP, "ReserveNow", payload))["status"]

        assert await ask(reserve(3, 1)) == "Rejected"                              # no such connector
        assert await ask(reserve(1, 1, (datetime.now(UTC) - timedelta(seconds=5)).isoformat())) == "Rejected"
        assert await ask(reserve(1, 1)) == "Accepted"
        assert await ask(reserve(1, 2)) == "Occupied"                              # reserved under another id
        assert await ask(reserve(1, 1)) == "Accepted"                              # the same id replaces it
        assert await ask(reserve(0, 3)) == "Accepted"                              # ReserveConnectorZeroSupported
        await harness.send(2, "StatusNotification", **harness.status_notification(2, "Faulted", "OtherError"))
        assert await ask(reserve(2, 4)) == "Faulted"
        await harness.send(2, "StatusNotification", **harness.status_notification(2, "Unavailable"))
        assert await ask(reserve(2, 4)) == "Unavailable"
        await harness.send(2, "StatusNotification", **harness.status_notification(2, "Preparing"))
        assert await ask(reserve(2, 4)) == "Occupied"
        assert sorted(harness.reservations.held) == [1, 3]
        assert (await central_system.send(CP, "CancelReservation", {"reservationId": 9}))["status"] == "Rejected"
        assert (await central_system.send(CP, "CancelReservation", {"reservationId": 3}))["status"] == "Accepted"
        assert sorted(harness.reservations.held) == [1]


async def test_a_transaction_on_the_reservation_ends_it_and_the_case_end_reports_available(tmp_path):
    async with connected(tmp_path) as (harness, central_system):
        assert (await central_system.send(CP, "ReserveNow", reserve(1, 5)))["status"] == "Accepted"
        await harness.send(2, "StatusNotification", **harness.status_notification(1, "Reserved"))
        await harness.send(3, "StartTransaction", **harness.start_transaction("VALID_TAG", 1), reservationId=5)
        assert harness.reservations.held == {}
        assert (await central_system.send(CP, "ReserveNow", reserve(1, 6)))["status"] == "Occupied"   # in a transaction
        await harness.return_to_idle()
        assert harness.statuses == {1: "Available"} and central_system.active_transactions(CP) == []


async def test_a_reservation_runs_to_its_expiry_and_the_connector_is_available(tmp_path):
    async with connected(tmp_path) as (harness, central_system):
        assert (await central_system.send(CP, "ReserveNow", reserve(0, 7, later(0.5))))["status"] == "Accepted"
        await harness.reservation_expires(5, 7)
        assert harness.statuses[1] == "Available" and harness.reservations.held == {}
        await harness.reservation_expires(5, 7)          # no longer held: nothing to wait for
        assert len(sent(harness, "StatusNotification")) == 1


@pytest.mark.parametrize(("request_", "then"), [
    ({"requestedMessage": "Heartbeat"}, ["Heartbeat"]),
    ({"requestedMessage": "StatusNotification", "connectorId": 2}, ["StatusNotification"]),
    ({"requestedMessage": "StatusNotification"}, ["StatusNotification"] * 3),        # 0, 1 and 2
    ({"requestedMessage": "MeterValues"}, ["MeterValues"] * 2),
    ({"requestedMessage": "DiagnosticsStatusNotification"}, ["DiagnosticsStatusNotification"]),
    ({"requestedMessage": "FirmwareStatusNotification"}, ["FirmwareStatusNotification"]),
    ({"requestedMessage": "BootNotification"}, ["BootNotification"]),
])
async def test_an_accepted_trigger_is_followed_by_the_message_asked_for(tmp_path, request_, then):
    async with connected(tmp_path) as (harness, central_system):
        before = {action: len(sent(harness, action)) for action in set(then)}
        assert (await central_system.send(CP, "TriggerMessage", request_))["status"] == "Accepted"
        assert await harness.wait_for(lambda: all(len(sent(harness, a)) - before[a] == then.count(a) for a in then))
        await asyncio.sleep(0.1)
        assert all(len(sent(harness, a)) - before[a] == then.count(a) for a in then)


async def test_a_trigger_for_a_connector_it_lacks_is_rejected(tmp_path):
    async with connected(tmp_path) as (harness, central_system):
        answer = await central_system.send(CP, "TriggerMessage", {"requestedMessage": "MeterValues", "connectorId": 3})
        assert answer == {"status": "Rejected"}
        assert not await harness.wait_for(lambda: sent(harness, "MeterValues"), timeout=0.5)


class Operator:
    """The central system's operator as the SUT handle offers it: csms_send, carried out at once."""

    def __init__(self, central_system, ignores: bool = False):
        self.central_system, self.ignores, self.asked = central_system, ignores, []

    async def manual(self, action, /, **params):
        self.asked.append((action, params))
        if not self.ignores:
            asyncio.ensure_future(self.central_system.send(params["charge_point_id"], params["action"],
                                                           params["payload"]))


async def test_the_case_end_has_the_operator_cancel_what_the_case_left_reserved(tmp_path):
    async with connected(tmp_path) as (harness, central_system):
        assert (await central_system.send(CP, "ReserveNow", reserve(1, 8)))["status"] == "Accepted"
        await harness.send(2, "StatusNotification", **harness.status_notification(1, "Reserved"))
        operator = Operator(central_system)
        await harness.return_to_idle(operator)
        assert operator.asked == [("csms_send", {"charge_point_id": CP, "action": "CancelReservation",
                                                 "payload": {"reservationId": 8}})]
        assert harness.reservations.held == {} and harness.statuses[1] == "Available"


async def test_an_operator_who_does_not_cancel_leaves_the_end_of_the_case_bounded(tmp_path):
    async with connected(tmp_path) as (harness, central_system):
        assert (await central_system.send(CP, "ReserveNow", reserve(1, 9)))["status"] == "Accepted"
        await asyncio.wait_for(harness.return_to_idle(Operator(central_system, ignores=True)), 5)
        assert "reservation 9: no CancelReservation.req came" in harness.trace.as_text()
        assert harness.reservations.held == {}
