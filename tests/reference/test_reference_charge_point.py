"""The reference charge point, checked against the minimal central system of `stub_central_system`."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conformance.reference import control
from conformance.reference.charge_point import FAULTS, ChargePointSettings, ReferenceChargePoint, main
from tests.reference.stub_central_system import MiniCentralSystem, booted, in_seconds, is_utc, late, now, running, until

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.asyncio
async def test_accepted_boot_reports_every_connector_then_heartbeats():
    boot = {"status": "Accepted", "currentTime": now(), "interval": 1}
    async with MiniCentralSystem(BootNotification=boot) as cs, running(cs, password="s3cret") as cp:
        payload = await cs.expect("BootNotification")
        assert payload == {
            "chargePointVendor": "OCPPConformance",
            "chargePointModel": "ReferenceCP",
            "chargePointSerialNumber": "REF-0001",
            "firmwareVersion": "1.0.0",
        }
        request = cs.requests[0]
        assert request.path == "/CP_1"
        assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"CP_1:s3cret").decode()
        booted_at = time.monotonic()
        for c in (0, 1, 2):
            status = await cs.expect("StatusNotification", skip=())
            assert (status["connectorId"], status["status"], status["errorCode"]) == (c, "Available", "NoError")
            assert is_utc(status["timestamp"])
        at, _ = await cs.expect_timed("Heartbeat", timeout=2.5, skip=())
        assert 0.8 <= at - booted_at <= 2.0
        await cp.wait_accepted(0.1)
        assert cp.configuration["HeartbeatInterval"] == "1"


@pytest.mark.asyncio
async def test_rejected_boot_is_retried_after_the_interval_and_nothing_else_is_sent():
    answers = iter([
        {"status": "Rejected", "currentTime": now(), "interval": 1},
        {"status": "Accepted", "currentTime": now(), "interval": 300},
    ])
    async with MiniCentralSystem(BootNotification=lambda p: next(answers)) as cs, running(cs) as cp:
        first, _ = await cs.expect_timed("BootNotification", skip=())
        second, _ = await cs.expect_timed("BootNotification", skip=())
        assert 0.9 <= second - first <= 2.0
        await _booted_after_boot(cs)
        await cp.wait_accepted(1)


async def _booted_after_boot(cs: MiniCentralSystem, connectors: int = 2) -> None:
    for c in range(connectors + 1):
        assert (await cs.expect("StatusNotification", skip=()))["connectorId"] == c


@pytest.mark.asyncio
async def test_pending_boot_still_answers_configuration_requests():
    pending = {"status": "Pending", "currentTime": now(), "interval": 30}
    async with MiniCentralSystem(BootNotification=pending) as cs, running(cs) as cp:
        await cs.expect("BootNotification")
        answer = await cs.call("GetConfiguration", {"key": ["HeartbeatInterval"]})
        assert answer[0] == 3 and answer[2]["configurationKey"][0]["key"] == "HeartbeatInterval"
        assert (await cs.call("ChangeConfiguration", {"key": "ConnectionTimeOut", "value": "20"}))[2] == {"status": "Accepted"}
        await cp.plug_in(1)
        await cs.quiet(0.5)  # no StatusNotification while Pending


@pytest.mark.asyncio
async def test_plug_in_first_session_and_local_stop():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        await cp.plug_in(1)
        assert (await cs.expect("StatusNotification"))["status"] == "Preparing"
        await cp.present_id_tag("TAG1")
        assert await cs.expect("Authorize") == {"idTag": "TAG1"}
        start = await cs.expect("StartTransaction")
        assert (start["connectorId"], start["idTag"]) == (1, "TAG1")
        assert isinstance(start["meterStart"], int) and is_utc(start["timestamp"])
        charging = await cs.expect("StatusNotification")
        assert (charging["connectorId"], charging["status"]) == (1, "Charging")
        assert cp.transactions == {1: 100}

        await cp.present_id_tag("TAG1")
        stop = await cs.expect("StopTransaction")
        assert (stop["transactionId"], stop["reason"], stop["idTag"]) == (100, "Local", "TAG1")
        assert stop["meterStop"] >= start["meterStart"]
        assert (await cs.expect("StatusNotification"))["status"] == "Finishing"
        await cp.unplug(1)
        assert (await cs.expect("StatusNotification"))["status"] == "Available"
        assert cp.transactions == {}


@pytest.mark.asyncio
async def test_the_ev_suspends_and_resumes_charging():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        await cp.resume_ev(1)   # nothing suspended: nothing happens
        await cp.suspend_ev(1)  # not charging: nothing happens
        await cs.quiet(0.3)
        await cp.plug_in(1)
        assert (await cs.expect("StatusNotification"))["status"] == "Preparing"
        await cp.present_id_tag("TAG1")
        await cs.expect("StartTransaction", skip=("Authorize",))
        assert (await cs.expect("StatusNotification"))["status"] == "Charging"
        await cp.suspend_ev(1)
        assert (await cs.expect("StatusNotification"))["status"] == "SuspendedEV"
        energy = cp.connectors.meter(1).read()
        await asyncio.sleep(0.4)   # the meter stands still while the EV draws nothing
        assert cp.connectors.meter(1).read() == energy
        await cp.resume_ev(1)
        assert (await cs.expect("StatusNotification"))["status"] == "Charging"
        await cp.present_id_tag("TAG1")
        assert (await cs.expect("StopTransaction"))["reason"] == "Local"


@pytest.mark.asyncio
async def test_identification_first_session_with_meter_values_and_remote_stop():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        assert (await cs.call("ChangeConfiguration", {"key": "MeterValueSampleInterval", "value": "1"}))[2]["status"] == "Accepted"
        await cp.present_id_tag("TAG2", connector=2)
        await cs.expect("Authorize")
        preparing = await cs.expect("StatusNotification")
        assert (preparing["connectorId"], preparing["status"]) == (2, "Preparing")
        await cp.plug_in(2)
        start = await cs.expect("StartTransaction")
        assert (start["connectorId"], start["idTag"]) == (2, "TAG2")
        assert (await cs.expect("StatusNotification"))["status"] == "Charging"
        meter = await cs.expect("MeterValues", timeout=2.5)
        assert meter["transactionId"] == 100 and meter["connectorId"] == 2
        sample = meter["meterValue"][0]
        assert is_utc(sample["timestamp"])
        assert sample["sampledValue"][0]["measurand"] == "Energy.Active.Import.Register"
        assert sample["sampledValue"][0]["unit"] == "Wh"

        assert (await cs.call("RemoteStopTransaction", {"transactionId": 999}))[2] == {"status": "Rejected"}
        assert (await cs.call("RemoteStopTransaction", {"transactionId": 100}))[2] == {"status": "Accepted"}
        stop = await cs.expect("StopTransaction", skip=("MeterValues",))
        assert (stop["transactionId"], stop["reason"]) == (100, "Remote")
        assert "idTag" not in stop
        assert (await cs.expect("StatusNotification", skip=("MeterValues",)))["status"] == "Finishing"


@pytest.mark.asyncio
async def test_identification_first_times_out_after_connection_timeout():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        await cs.call("ChangeConfiguration", {"key": "ConnectionTimeOut", "value": "1"})
        await cp.present_id_tag("TAG3", connector=1)
        await cs.expect("Authorize")
        assert (await cs.expect("StatusNotification"))["status"] == "Preparing"
        at_preparing = time.monotonic()
        assert (await cs.expect("StatusNotification", timeout=2.5))["status"] == "Available"
        assert time.monotonic() - at_preparing >= 0.8
        await cp.plug_in(1)
        assert (await cs.expect("StatusNotification"))["status"] == "Preparing"
        await cs.quiet(0.3)  # the authorization was dropped: no StartTransaction


@pytest.mark.asyncio
async def test_remote_start_without_authorize_when_configured():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        await cs.call("ChangeConfiguration", {"key": "AuthorizeRemoteTxRequests", "value": "false"})
        await cp.plug_in(1)
        await cs.expect("StatusNotification")
        answer = await cs.call("RemoteStartTransaction", {"idTag": "REMOTE", "connectorId": 1})
        assert answer[2] == {"status": "Accepted"}
        assert (await cs.expect("StartTransaction", skip=()))["idTag"] == "REMOTE"
        assert (await cs.expect("StatusNotification"))["status"] == "Charging"
        assert (await cs.call("RemoteStartTransaction", {"idTag": "OTHER", "connectorId": 1}))[2] == {"status": "Rejected"}
        # Unplugging ends the transaction on the EV side.
        await cp.unplug(1)
        assert (await cs.expect("StopTransaction"))["reason"] == "EVDisconnected"
        assert (await cs.expect("StatusNotification"))["status"] == "Available"


@pytest.mark.asyncio
async def test_get_and_change_configuration():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        everything = (await cs.call("GetConfiguration", {}))[2]
        keys = {k["key"]: k for k in everything["configurationKey"]}
        assert keys["NumberOfConnectors"] == {"key": "NumberOfConnectors", "readonly": True, "value": "2"}
        assert keys["SupportedFeatureProfiles"]["value"] == \
            "Core,FirmwareManagement,RemoteTrigger,Reservation,SmartCharging,LocalAuthListManagement"
        assert keys["ReserveConnectorZeroSupported"] == {"key": "ReserveConnectorZeroSupported", "readonly": True, "value": "true"}
        assert keys["HeartbeatInterval"]["readonly"] is False
        assert "unknownKey" not in everything
        some = (await cs.call("GetConfiguration", {"key": ["ConnectionTimeOut", "NoSuchKey"]}))[2]
        assert [k["key"] for k in some["configurationKey"]] == ["ConnectionTimeOut"]
        assert some["unknownKey"] == ["NoSuchKey"]

        async def change(key: str, value: str) -> str:
            return (await cs.call("ChangeConfiguration", {"key": key, "value": value}))[2]["status"]

        assert await change("NumberOfConnectors", "5") == "Rejected"
        assert await change("NoSuchKey", "1") == "NotSupported"
        assert await change("HeartbeatInterval", "often") == "Rejected"
        assert await change("LocalPreAuthorize", "maybe") == "Rejected"
        assert await change("MeterValuesSampledData", "Energy.Active.Import.Register,Voltage") == "Accepted"
        assert await change("HeartbeatInterval", "1") == "Accepted"
        assert cp.configuration["HeartbeatInterval"] == "1"
        await cs.expect("Heartbeat", timeout=2.0, skip=())
        # Unknown action and an unsupported profile's action get the 1.6 error codes.
        assert (await cs.call("NoSuchAction", {}))[2] == "NotImplemented"
        signed = {"requestId": 1, "firmware": {"location": "ftp://127.0.0.1/x", "retrieveDateTime": "2026-01-01T00:00:00Z",
                                               "signingCertificate": "-----BEGIN CERTIFICATE-----", "signature": "c2ln"}}
        assert (await cs.call("SignedUpdateFirmware", signed))[2] == "NotSupported"


@pytest.mark.asyncio
async def test_trigger_message_and_change_availability_survives_power_cycle():
    async with MiniCentralSystem(FirmwareStatusNotification={}, DiagnosticsStatusNotification={}) as cs, running(cs) as cp:
        await booted(cs)
        answer = await cs.call("TriggerMessage", {"requestedMessage": "StatusNotification", "connectorId": 1})
        assert answer[2] == {"status": "Accepted"}
        assert (await cs.expect("StatusNotification"))["connectorId"] == 1
        answer = await cs.call("TriggerMessage", {"requestedMessage": "FirmwareStatusNotification"})
        assert answer[2] == {"status": "Accepted"}
        assert (await cs.expect("FirmwareStatusNotification", skip=()))["status"] == "Idle"
        answer = await cs.call("TriggerMessage", {"requestedMessage": "DiagnosticsStatusNotification"})
        assert answer[2] == {"status": "Accepted"}
        assert (await cs.expect("DiagnosticsStatusNotification", skip=()))["status"] == "Idle"
        answer = await cs.call("TriggerMessage", {"requestedMessage": "MeterValues", "connectorId": 3})
        assert answer[2] == {"status": "Rejected"}
        assert (await cs.call("ChangeAvailability", {"connectorId": 7, "type": "Inoperative"}))[2] == {"status": "Rejected"}
        assert (await cs.call("ChangeAvailability", {"connectorId": 2, "type": "Inoperative"}))[2] == {"status": "Accepted"}
        status = await cs.expect("StatusNotification")
        assert (status["connectorId"], status["status"]) == (2, "Unavailable")
        await cp.power_cycle()
        await cs.expect("BootNotification")
        statuses = [await cs.expect("StatusNotification") for _ in range(3)]
        assert [s["status"] for s in statuses] == ["Available", "Available", "Unavailable"]
        assert cp.connector_status == {0: "Available", 1: "Available", 2: "Unavailable"}


@pytest.mark.asyncio
async def test_reset_stops_the_transaction_and_reboots():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        await cp.plug_in(1)
        await cp.present_id_tag("TAG4")
        await cs.expect("StatusNotification")
        await cs.expect("Authorize")
        await cs.expect("StartTransaction")
        await cs.expect("StatusNotification")
        assert (await cs.call("Reset", {"type": "Soft"}))[2] == {"status": "Accepted"}
        assert (await cs.expect("StopTransaction"))["reason"] == "SoftReset"
        assert (await cs.expect("StatusNotification"))["status"] == "Finishing"   # the cable is still in
        await booted(cs)
        assert cp.transactions == {}
        assert cp.connector_status[1] == "Preparing"   # and still in after the reboot


@pytest.mark.asyncio
async def test_transaction_outlives_a_lost_connection_and_is_closed_after_power_loss():
    async with MiniCentralSystem() as cs, running(cs, connectors=1) as cp:
        await booted(cs, connectors=1)
        await cp.plug_in(1)
        await cp.present_id_tag("TAG5")
        for action in ("StatusNotification", "Authorize", "StartTransaction", "StatusNotification"):
            await cs.expect(action)
        assert (await cs.call("ChangeAvailability", {"connectorId": 1, "type": "Inoperative"}))[2] == {"status": "Scheduled"}
        await cs._ws.close()
        await until(lambda: len(cs.requests) == 2 and cp.registration == "Accepted")
        await cs.quiet(0.4)  # a reconnect is no reboot: no BootNotification, nothing changed to report
        assert cp.transactions == {1: 100}
        await cp.power_cycle()
        await cs.expect("BootNotification")
        statuses = [await cs.expect("StatusNotification") for _ in range(2)]
        assert [s["status"] for s in statuses] == ["Available", "Unavailable"]
        stop = await cs.expect("StopTransaction")
        assert (stop["transactionId"], stop["reason"]) == (100, "PowerLoss")


# -- reconnecting ----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_reconnect_after_an_accepted_boot_resumes_heartbeats_without_boot_notification():
    boot = {"status": "Accepted", "currentTime": now(), "interval": 1}
    async with MiniCentralSystem(BootNotification=boot) as cs, running(cs) as cp:
        await booted(cs)
        await cp.drop_connection()
        assert cp.registration is None
        await until(lambda: len(cs.requests) == 2 and cp.registration == "Accepted")
        await cs.expect("Heartbeat", timeout=2.5, skip=())  # the first message on the new connection
        await cp.wait_accepted(0.1)
        await cp.plug_in(1)
        assert (await cs.expect("StatusNotification"))["status"] == "Preparing"
        # The central system dropping it is no different.
        await cs._ws.close()
        await until(lambda: len(cs.requests) == 3 and cp.registration == "Accepted")
        await cs.expect("Heartbeat", timeout=2.5, skip=())
        assert "BootNotification" not in "".join(cs.frames[1:])


@pytest.mark.asyncio
async def test_what_happened_offline_is_delivered_after_the_reconnect():
    async with MiniCentralSystem() as cs, running(cs, reconnect_delay=0.6) as cp:
        await booted(cs)
        await cp.plug_in(1)
        await cp.present_id_tag("TAG")
        for action in ("StatusNotification", "Authorize", "StartTransaction", "StatusNotification"):
            await cs.expect(action)
        await cp.drop_connection()
        await cp.present_id_tag("TAG")  # stopped while offline
        await cp.unplug(2)  # nothing to report
        await until(lambda: cp.connector_status[1] == "Finishing")
        assert len(cs.requests) == 1
        stop = await cs.expect("StopTransaction", timeout=3, skip=())
        assert (stop["transactionId"], stop["reason"], stop["idTag"]) == (100, "Local", "TAG")
        status = await cs.expect("StatusNotification", skip=())
        assert (status["connectorId"], status["status"]) == (1, "Finishing")
        await cs.quiet(0.4)


@pytest.mark.asyncio
async def test_a_reconnect_before_acceptance_boots_again():
    pending = {"status": "Pending", "currentTime": now(), "interval": 30}
    async with MiniCentralSystem(BootNotification=pending) as cs, running(cs) as cp:
        await cs.expect("BootNotification")
        await cp.drop_connection()
        await cs.expect("BootNotification", skip=())
        await until(lambda: cp.registration == "Pending")
        assert len(cs.requests) == 2
        cs.answers["BootNotification"] = {"status": "Accepted", "currentTime": now(), "interval": 300}
        assert (await cs.call("TriggerMessage", {"requestedMessage": "BootNotification"}))[2] == {"status": "Accepted"}
        await booted(cs)
        await cs._ws.close()
        await until(lambda: len(cs.requests) == 3 and cp.registration == "Accepted")
        await cs.quiet(0.4)


@pytest.mark.asyncio
async def test_drop_connection_without_a_connection_is_harmless():
    cp = ReferenceChargePoint(ChargePointSettings(url="ws://127.0.0.1:1"))
    await cp.drop_connection()
    assert cp.registration is None


# -- reservations --------------------------------------------------------------------------------


def _reserve(connector: int, reservation_id: int, id_tag: str = "RES1", seconds: float = 60, **extra: Any) -> dict:
    return {"connectorId": connector, "expiryDate": in_seconds(seconds), "idTag": id_tag, "reservationId": reservation_id, **extra}


async def _statuses(cs: MiniCentralSystem, count: int, timeout: float = 3.0) -> list[tuple[int, str, str]]:
    """The next `count` StatusNotifications as (connectorId, status, errorCode)."""
    found = []
    for _ in range(count):
        status = await cs.expect("StatusNotification", timeout=timeout)
        found.append((status["connectorId"], status["status"], status["errorCode"]))
    return found


@pytest.mark.asyncio
async def test_reserved_connector_starts_a_transaction_only_for_its_id_tag():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        assert (await cs.call("ReserveNow", _reserve(1, 7)))[2] == {"status": "Accepted"}
        assert await _statuses(cs, 1) == [(1, "Reserved", "NoError")]
        assert cp.reservations == {1: 7}
        # Reserved for the same or another idTag: Occupied.
        assert (await cs.call("ReserveNow", _reserve(1, 8)))[2] == {"status": "Occupied"}
        # A cable alone does not leave Reserved; another idTag is refused without asking the central system.
        await cp.plug_in(1)
        await cp.present_id_tag("OTHER", connector=1)
        await cs.quiet(0.4)
        assert cp.connector_status[1] == "Reserved" and cp.transactions == {}
        await cp.present_id_tag("RES1")
        assert (await cs.expect("Authorize", skip=()))["idTag"] == "RES1"
        start = await cs.expect("StartTransaction", skip=())
        assert (start["connectorId"], start["idTag"], start["reservationId"]) == (1, "RES1", 7)
        assert await _statuses(cs, 1) == [(1, "Charging", "NoError")]
        # Its transaction ended the reservation.
        assert cp.reservations == {}
        assert (await cs.call("CancelReservation", {"reservationId": 7}))[2] == {"status": "Rejected"}
        assert (await cs.call("ReserveNow", _reserve(1, 9)))[2] == {"status": "Occupied"}


@pytest.mark.asyncio
async def test_reservation_with_parent_id_tag_and_identification_first():
    def authorize(payload: dict) -> dict:
        info: dict[str, Any] = {"status": "Accepted"}
        if payload["idTag"] == "MEMBER":
            info["parentIdTag"] = "GROUP"
        return {"idTagInfo": info}

    async with MiniCentralSystem(Authorize=authorize) as cs, running(cs) as cp:
        await booted(cs)
        reserve = _reserve(2, 3, id_tag="OWNER", parentIdTag="GROUP")
        assert (await cs.call("ReserveNow", reserve))[2] == {"status": "Accepted"}
        assert await _statuses(cs, 1) == [(2, "Reserved", "NoError")]
        # With a parentIdTag in the reservation, the parent of an unknown idTag is asked for first.
        await cp.present_id_tag("STRANGER", connector=2)
        assert (await cs.expect("Authorize", skip=()))["idTag"] == "STRANGER"
        await cs.quiet(0.3)
        await cp.present_id_tag("MEMBER", connector=2)
        assert (await cs.expect("Authorize", skip=()))["idTag"] == "MEMBER"
        assert await _statuses(cs, 1) == [(2, "Preparing", "NoError")]
        await cp.plug_in(2)
        start = await cs.expect("StartTransaction", skip=())
        assert (start["connectorId"], start["idTag"], start["reservationId"]) == (2, "MEMBER", 3)
        assert await _statuses(cs, 1) == [(2, "Charging", "NoError")]


@pytest.mark.asyncio
async def test_reservation_expires_is_cancelled_replaced_and_ends_when_unavailable():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        # No such connector, already expired, not a dateTime.
        assert (await cs.call("ReserveNow", _reserve(5, 1)))[2] == {"status": "Rejected"}
        assert (await cs.call("ReserveNow", _reserve(1, 1, seconds=-5)))[2] == {"status": "Rejected"}
        assert (await cs.call("ReserveNow", {**_reserve(1, 1), "expiryDate": "soon"}))[2] == "TypeConstraintViolation"
        # Expiry: back to Available with a StatusNotification.
        assert (await cs.call("ReserveNow", _reserve(1, 1, seconds=1.5)))[2] == {"status": "Accepted"}
        reserved_at, status = await cs.expect_timed("StatusNotification")
        assert (status["connectorId"], status["status"]) == (1, "Reserved")
        available_at, status = await cs.expect_timed("StatusNotification", timeout=4)
        assert (status["connectorId"], status["status"]) == (1, "Available")
        assert available_at - reserved_at >= 0.9
        assert cp.reservations == {}
        assert (await cs.call("CancelReservation", {"reservationId": 1}))[2] == {"status": "Rejected"}
        # The same reservationId replaces the reservation, here moving it to connector 2.
        assert (await cs.call("ReserveNow", _reserve(1, 2)))[2] == {"status": "Accepted"}
        assert await _statuses(cs, 1) == [(1, "Reserved", "NoError")]
        assert (await cs.call("ReserveNow", _reserve(2, 2, id_tag="RES2")))[2] == {"status": "Accepted"}
        assert await _statuses(cs, 2) == [(1, "Available", "NoError"), (2, "Reserved", "NoError")]
        assert cp.reservations == {2: 2}
        assert (await cs.call("CancelReservation", {"reservationId": 99}))[2] == {"status": "Rejected"}
        assert (await cs.call("CancelReservation", {"reservationId": 2}))[2] == {"status": "Accepted"}
        assert await _statuses(cs, 1) == [(2, "Available", "NoError")]
        # A connector set Unavailable loses its reservation, and cannot be reserved.
        assert (await cs.call("ReserveNow", _reserve(1, 4)))[2] == {"status": "Accepted"}
        assert await _statuses(cs, 1) == [(1, "Reserved", "NoError")]
        assert (await cs.call("ChangeAvailability", {"connectorId": 1, "type": "Inoperative"}))[2] == {"status": "Accepted"}
        assert await _statuses(cs, 1) == [(1, "Unavailable", "NoError")]
        assert cp.reservations == {}
        assert (await cs.call("ReserveNow", _reserve(1, 5)))[2] == {"status": "Unavailable"}
        await cs.quiet(0.3)


@pytest.mark.asyncio
async def test_a_reservation_of_connector_zero_keeps_one_connector_free_for_its_id_tag():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        assert (await cs.call("ReserveNow", _reserve(0, 7, id_tag="OWNER")))[2] == {"status": "Accepted"}
        assert await _statuses(cs, 1) == [(1, "Reserved", "NoError")]
        assert cp.reservations == {1: 7}
        # Connector 2 is free for anyone; then nothing is left for another reservation of the whole.
        await cp.plug_in(2)
        assert await _statuses(cs, 1) == [(2, "Preparing", "NoError")]
        assert (await cs.call("ReserveNow", _reserve(0, 8)))[2] == {"status": "Occupied"}
        # The reserved idTag may start on any connector: the reservation is used, connector 1 is free.
        await cp.present_id_tag("OWNER", connector=2)
        await cs.expect("Authorize", skip=())
        start = await cs.expect("StartTransaction", skip=())
        assert (start["connectorId"], start["reservationId"]) == (2, 7)
        assert sorted(await _statuses(cs, 2)) == [(1, "Available", "NoError"), (2, "Charging", "NoError")]
        assert cp.reservations == {}


@pytest.mark.asyncio
async def test_reservations_of_connector_zero_are_refused_while_faulted_or_unavailable():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        assert (await cs.call("ChangeAvailability", {"connectorId": 0, "type": "Inoperative"}))[2] == {"status": "Accepted"}
        await _statuses(cs, 3)
        assert (await cs.call("ReserveNow", _reserve(0, 1)))[2] == {"status": "Unavailable"}
        assert (await cs.call("ChangeAvailability", {"connectorId": 0, "type": "Operative"}))[2] == {"status": "Accepted"}
        await _statuses(cs, 3)
        await cp.set_faulted(0, "OtherError")
        await _statuses(cs, 3)
        assert (await cs.call("ReserveNow", _reserve(0, 2)))[2] == {"status": "Faulted"}
        assert (await cs.call("ReserveNow", _reserve(1, 3)))[2] == {"status": "Faulted"}


@pytest.mark.asyncio
async def test_reserve_now_on_an_occupied_connector_and_remote_start_on_a_reserved_one():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        await cp.plug_in(1)
        assert await _statuses(cs, 1) == [(1, "Preparing", "NoError")]
        assert (await cs.call("ReserveNow", _reserve(1, 1)))[2] == {"status": "Occupied"}
        await cp.present_id_tag("TAG9")
        await cs.expect("Authorize")
        await cs.expect("StartTransaction")
        assert await _statuses(cs, 1) == [(1, "Charging", "NoError")]
        assert (await cs.call("ReserveNow", _reserve(1, 1)))[2] == {"status": "Occupied"}
        assert (await cs.call("ReserveNow", _reserve(2, 2, id_tag="OWNER")))[2] == {"status": "Accepted"}
        assert await _statuses(cs, 1) == [(2, "Reserved", "NoError")]
        # Connector 1 is busy and connector 2 is kept for OWNER.
        assert (await cs.call("RemoteStartTransaction", {"idTag": "X", "connectorId": 2}))[2] == {"status": "Rejected"}
        assert (await cs.call("RemoteStartTransaction", {"idTag": "X"}))[2] == {"status": "Rejected"}
        assert (await cs.call("RemoteStartTransaction", {"idTag": "OWNER"}))[2] == {"status": "Accepted"}
        assert (await cs.expect("Authorize", skip=()))["idTag"] == "OWNER"
        assert await _statuses(cs, 1) == [(2, "Preparing", "NoError")]
        await cp.plug_in(2)
        start = await cs.expect("StartTransaction", skip=())
        assert (start["connectorId"], start["reservationId"]) == (2, 2)


@pytest.mark.asyncio
async def test_reservations_need_an_accepted_boot():
    pending = {"status": "Pending", "currentTime": now(), "interval": 30}
    async with MiniCentralSystem(BootNotification=pending) as cs, running(cs) as cp:
        await cs.expect("BootNotification")
        assert (await cs.call("ReserveNow", _reserve(1, 1)))[2] == {"status": "Rejected"}
        assert (await cs.call("CancelReservation", {"reservationId": 1}))[2] == {"status": "Rejected"}
        assert cp.reservations == {}


# -- faulted connectors ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_fault_stops_the_transaction_and_clearing_it_returns_to_preparing():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        for bad in ("NoError", "Broken", None):
            with pytest.raises(ValueError):
                await cp.set_faulted(1, bad)  # type: ignore[arg-type]
        with pytest.raises(ValueError):
            await cp.set_faulted(3)
        with pytest.raises(TypeError):
            await cp.clear_fault("1")  # type: ignore[arg-type]
        await cp.plug_in(1)
        await cp.present_id_tag("TAG8")
        for action in ("StatusNotification", "Authorize", "StartTransaction", "StatusNotification"):
            await cs.expect(action)
        await cp.set_faulted(1, "GroundFailure")
        stop = await cs.expect("StopTransaction", skip=("MeterValues",))
        assert (stop["transactionId"], stop["reason"]) == (100, "Other")
        assert await _statuses(cs, 1) == [(1, "Faulted", "GroundFailure")]
        assert cp.transactions == {} and cp.connector_status[1] == "Faulted"
        # A faulted connector takes no reservation, remote start or idTag.
        assert (await cs.call("ReserveNow", _reserve(1, 1)))[2] == {"status": "Faulted"}
        assert (await cs.call("RemoteStartTransaction", {"idTag": "X", "connectorId": 1}))[2] == {"status": "Rejected"}
        await cp.present_id_tag("TAG8", connector=1)
        await cs.quiet(0.3)
        answer = await cs.call("TriggerMessage", {"requestedMessage": "StatusNotification", "connectorId": 1})
        assert answer[2] == {"status": "Accepted"}
        assert await _statuses(cs, 1) == [(1, "Faulted", "GroundFailure")]
        # Repaired with the cable still in.
        await cp.clear_fault(1)
        assert await _statuses(cs, 1) == [(1, "Preparing", "NoError")]
        await cp.unplug(1)
        assert await _statuses(cs, 1) == [(1, "Available", "NoError")]
        await cp.clear_fault(1)  # nothing left to clear
        await cs.quiet(0.3)


@pytest.mark.asyncio
async def test_a_fault_of_the_whole_charge_point_survives_a_reboot():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        assert (await cs.call("ReserveNow", _reserve(2, 1)))[2] == {"status": "Accepted"}
        assert await _statuses(cs, 1) == [(2, "Reserved", "NoError")]
        await cp.set_faulted(1, "HighTemperature")
        assert await _statuses(cs, 1) == [(1, "Faulted", "HighTemperature")]
        await cp.set_faulted(0, "PowerSwitchFailure")
        # Connector 1 keeps reporting its own fault; the reservation on connector 2 ends.
        assert await _statuses(cs, 2) == [(0, "Faulted", "PowerSwitchFailure"), (2, "Faulted", "PowerSwitchFailure")]
        await cs.quiet(0.3)
        assert cp.reservations == {}
        assert (await cs.call("ReserveNow", _reserve(2, 2)))[2] == {"status": "Faulted"}
        await cp.power_cycle()
        await cs.expect("BootNotification")
        assert await _statuses(cs, 3) == [
            (0, "Faulted", "PowerSwitchFailure"), (1, "Faulted", "HighTemperature"), (2, "Faulted", "PowerSwitchFailure"),
        ]
        await cp.clear_fault(0)
        assert await _statuses(cs, 2) == [(0, "Available", "NoError"), (2, "Available", "NoError")]
        # Availability changes wait for the fault to clear.
        assert (await cs.call("ChangeAvailability", {"connectorId": 1, "type": "Inoperative"}))[2] == {"status": "Accepted"}
        await cs.quiet(0.3)
        await cp.clear_fault(1)
        assert await _statuses(cs, 1) == [(1, "Unavailable", "NoError")]
        assert (await cs.call("ChangeAvailability", {"connectorId": 1, "type": "Operative"}))[2] == {"status": "Accepted"}
        assert await _statuses(cs, 1) == [(1, "Available", "NoError")]
        assert cp.connector_status == {0: "Available", 1: "Available", 2: "Available"}


# -- fault switches ---------------------------------------------------------------------------


def test_fault_list_is_documented():
    assert {"local_time_timestamps", "no_status_after_boot", "ignore_boot_interval",
            "start_with_other_id_tag", "wrong_callerror_code", "reused_message_id"} <= FAULTS.keys()
    assert all(FAULTS.values())
    with pytest.raises(ValueError):
        ReferenceChargePoint(ChargePointSettings(url="ws://127.0.0.1:1", faults=frozenset({"no_such_fault"})))


@pytest.mark.asyncio
async def test_fault_local_time_timestamps():
    async with MiniCentralSystem() as cs, running(cs, faults=frozenset({"local_time_timestamps"})):
        await cs.expect("BootNotification")
        status = await cs.expect("StatusNotification")
        assert status["timestamp"].endswith("+02:00")


@pytest.mark.asyncio
async def test_fault_no_status_after_boot():
    boot = {"status": "Accepted", "currentTime": now(), "interval": 1}
    async with MiniCentralSystem(BootNotification=boot) as cs, running(cs, faults=frozenset({"no_status_after_boot"})):
        await cs.expect("BootNotification")
        await cs.expect("Heartbeat", timeout=2.0, skip=())  # the first thing after boot


@pytest.mark.asyncio
async def test_fault_ignore_boot_interval():
    rejected = {"status": "Rejected", "currentTime": now(), "interval": 30}
    async with MiniCentralSystem(BootNotification=rejected) as cs, running(cs, faults=frozenset({"ignore_boot_interval"})):
        first, _ = await cs.expect_timed("BootNotification", skip=())
        second, _ = await cs.expect_timed("BootNotification", timeout=1.0, skip=())
        assert second - first < 1.0


@pytest.mark.asyncio
async def test_fault_reject_config_while_pending():
    pending = {"status": "Pending", "currentTime": now(), "interval": 30}
    async with MiniCentralSystem(BootNotification=pending) as cs, running(cs, faults=frozenset({"reject_config_while_pending"})):
        await cs.expect("BootNotification")
        answer = await cs.call("GetConfiguration", {})
        assert answer[0] == 4 and answer[2] == "SecurityError"


@pytest.mark.asyncio
async def test_faults_no_authorize_and_forget_authorization():
    async with MiniCentralSystem() as cs, running(cs, faults=frozenset({"no_authorize"})) as cp:
        await booted(cs)
        await cp.plug_in(1)
        await cs.expect("StatusNotification")
        await cp.present_id_tag("TAG6")
        assert (await cs.expect("StartTransaction", skip=()))["idTag"] == "TAG6"
    async with MiniCentralSystem() as cs, running(cs, faults=frozenset({"forget_authorization"})) as cp:
        await booted(cs)
        await cp.present_id_tag("TAG7", connector=1)
        await cs.expect("Authorize")
        await cp.plug_in(1)
        assert (await cs.expect("StatusNotification"))["status"] == "Preparing"
        await cs.quiet(0.3)


@pytest.mark.asyncio
async def test_fault_start_with_other_id_tag():
    async with MiniCentralSystem() as cs, running(cs, faults=frozenset({"start_with_other_id_tag"})) as cp:
        await booted(cs)
        await cp.plug_in(1)
        await cp.present_id_tag("ABC")
        assert (await cs.expect("Authorize", skip=("StatusNotification",)))["idTag"] == "ABC"
        assert (await cs.expect("StartTransaction"))["idTag"] != "ABC"


@pytest.mark.asyncio
async def test_fault_garbage_before_boot():
    async with MiniCentralSystem() as cs, running(cs, faults=frozenset({"garbage_before_boot"})) as cp:
        await booted(cs)
        garbage, boot = cs.frames[:3], json.loads(cs.frames[3])
        assert garbage[0] == "this is not json"
        heartbeat = json.loads(garbage[1])
        assert heartbeat[0] == 2 and len(heartbeat[1]) == 37 and heartbeat[2:] == ["Heartbeat", {}]
        assert json.loads(garbage[2]) == [3, "no-such-call", {}]
        assert boot[0] == 2 and boot[2] == "BootNotification"
        # A reconnect sends no BootNotification, so nothing before it either; a reboot does.
        await cp.drop_connection()
        await until(lambda: cp.registration == "Accepted")
        await cs.quiet(0.3)
        frames = len(cs.frames)
        await cp.power_cycle()
        await booted(cs)
        assert cs.frames[frames] == "this is not json"


@pytest.mark.asyncio
async def test_fault_no_preparing_on_id_tag():
    async with MiniCentralSystem() as cs, running(cs, faults=frozenset({"no_preparing_on_id_tag"})) as cp:
        await booted(cs)
        await cp.present_id_tag("TAG", connector=1)
        assert (await cs.expect("Authorize", skip=()))["idTag"] == "TAG"
        await cs.quiet(0.3)
        assert cp.connector_status[1] == "Preparing"
        await cp.plug_in(1)
        assert (await cs.expect("StartTransaction", skip=()))["idTag"] == "TAG"
        assert (await cs.expect("StatusNotification", skip=()))["status"] == "Charging"
        # The cable-first path still reports Preparing.
        await cp.plug_in(2)
        status = await cs.expect("StatusNotification", skip=())
        assert (status["connectorId"], status["status"]) == (2, "Preparing")


# -- control channel -----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_control_server_round_trip():
    seen: list[tuple[str, dict]] = []

    async def dispatch(name: str, params: dict) -> Any:
        seen.append((name, params))
        if name == "echo":
            return params
        if name == "bad":
            raise ValueError("connector must be positive")
        raise KeyError(name)

    server = await control.start_control_server("127.0.0.1", 0, dispatch)
    port = server.sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    try:
        assert await control.send_action(base, "echo", {"connector": 1}) == {"connector": 1}
        with pytest.raises(control.ControlError, match="404"):
            await control.send_action(base, "nope", {})
        with pytest.raises(control.ControlError, match="400.*positive"):
            await control.send_action(base, "bad", {})
        # A request that never completes is cut off rather than held open forever.
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /action/echo HTTP/1.1\r\nContent-Length: 100000\r\n\r\n")
        answer = await asyncio.wait_for(reader.read(), 2)
        assert answer.startswith(b"HTTP/1.1 413")
        writer.close()
    finally:
        server.close()
        await server.wait_closed()
    with pytest.raises(control.ControlError, match="cannot reach"):
        await control.send_action(base, "echo", {}, timeout=2)
    assert seen[0] == ("echo", {"connector": 1})


def test_command_line_rejects_bad_arguments(capsys):
    assert main(["--connect", "http://nowhere"]) == 2
    assert main(["--connect", "ws://127.0.0.1:9000/CP_1", "--fault", "no_such_fault"]) == 2
    assert main(["--connect", "ws://127.0.0.1:9000/CP_1", "--control", "10.0.0.1:9101"]) == 2
    assert main(["--connect", "ws://127.0.0.1:9000/CP_1", "--mode", "no_such_mode"]) == 2
    assert main(["--connect", "ws://127.0.0.1:9000/CP_1", "--heartbeat-interval", "-1"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 5 and "Traceback" not in err
    assert control.main(["--to", "http://127.0.0.1:9", "status", "[1]"]) == 1


@pytest.mark.asyncio
async def test_command_line_charge_point_is_driven_through_its_control_server():
    with contextlib.closing(__import__("socket").socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        control_port = probe.getsockname()[1]
    async with MiniCentralSystem() as cs:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c",
            "import sys; from conformance.reference.charge_point import main; sys.exit(main(sys.argv[1:]))",
            "--connect", f"{cs.url}/CLI_CP", "--connectors", "1", "--control", f"127.0.0.1:{control_port}",
            cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            await cs.expect("BootNotification", timeout=8)
            await cs.expect("StatusNotification")
            await cs.expect("StatusNotification")
            base = f"http://127.0.0.1:{control_port}"
            await control.send_action(base, "plug_in", {"connector": 1})
            assert (await cs.expect("StatusNotification"))["status"] == "Preparing"
            status = await control.send_action(base, "status", {})
            assert status["connectors"] == {"0": "Available", "1": "Preparing"}
            assert status["registration"] == "Accepted"
            with pytest.raises(control.ControlError, match="400"):
                await control.send_action(base, "plug_in", {"connector": 5})
            # The command-line client, run as the suite's users would.
            client = await asyncio.create_subprocess_exec(
                sys.executable, "-c",
                "import sys; from conformance.reference.control import main; sys.exit(main(sys.argv[1:]))",
                "--to", base, "present_id_tag", '{"id_tag": "CLI"}',
                cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            )
            assert await asyncio.wait_for(client.wait(), 8) == 0
            assert (await cs.expect("Authorize"))["idTag"] == "CLI"
            await cs.expect("StartTransaction")
            assert (await cs.expect("StatusNotification"))["status"] == "Charging"
            await control.send_action(base, "set_faulted", {"connector": 1, "error_code": "GroundFailure"})
            assert (await cs.expect("StopTransaction"))["reason"] == "Other"
            status = await cs.expect("StatusNotification")
            assert (status["status"], status["errorCode"]) == ("Faulted", "GroundFailure")
            for bad in ({"error_code": "Broken"}, {"connector": 1, "colour": "red"}):
                with pytest.raises(control.ControlError, match="400"):
                    await control.send_action(base, "set_faulted", bad)
            await control.send_action(base, "clear_fault", {"connector": 1})
            status = await cs.expect("StatusNotification")
            assert (status["status"], status["errorCode"]) == ("Preparing", "NoError")
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), 8)
            stderr = (await process.stderr.read()).decode()
        assert code == 0, stderr
        assert "Traceback" not in stderr


@pytest.mark.asyncio
async def test_command_line_modes_and_drop_connection_through_the_control_server():
    with contextlib.closing(__import__("socket").socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        control_port = probe.getsockname()[1]
    async with MiniCentralSystem(StatusNotification=late({}, 0.3)) as cs:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c",
            "import sys; from conformance.reference.charge_point import main; sys.exit(main(sys.argv[1:]))",
            "--connect", f"{cs.url}/CLI_CP", "--connectors", "1", "--control", f"127.0.0.1:{control_port}",
            "--mode", "sync_actions", "--mode", "already_booted", "--heartbeat-interval", "1",
            cwd=ROOT, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            await cs.expect("Heartbeat", timeout=8, skip=())  # already booted: no BootNotification
            base = f"http://127.0.0.1:{control_port}"
            started = time.monotonic()
            await control.send_action(base, "plug_in", {"connector": 1})  # returns once answered
            assert time.monotonic() - started >= 0.3
            assert cs.answered[-1][1] == "StatusNotification"
            assert (await cs.expect("StatusNotification"))["status"] == "Preparing"
            await control.send_action(base, "drop_connection", {})
            await cs.expect("Heartbeat", timeout=3, skip=())  # reconnected, and again no BootNotification
            assert len(cs.requests) == 2
            with pytest.raises(control.ControlError, match="400"):
                await control.send_action(base, "drop_connection", {"connector": 1})
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            code = await asyncio.wait_for(process.wait(), 8)
            stderr = (await process.stderr.read()).decode()
        assert code == 0, stderr
        assert "Traceback" not in stderr
