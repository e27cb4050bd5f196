"""The reference central system's reservations and triggers, driven with raw OCPP-J frames:
the reservationId and parentIdTag it adds to what its operator asks, what it records of the
answers and of the transaction that uses a reservation, and its faults."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.reference.test_reference_central_system import BOOT, WAIT, charge_point, running

pytestmark = pytest.mark.asyncio

GROUP = {"VALID_TAG": "GROUP_1"}
EXPIRY = "2030-01-01T12:00:00Z"


async def answered(central, cp, pending, answer: dict) -> tuple[list, dict]:
    """The request the charge point got, once it answered it, and what the operator got back."""
    request = await cp.recv()
    await cp.ws.send(json.dumps([3, request[1], answer]))
    return request, await asyncio.wait_for(pending, WAIT)


async def reserve(central, cp, connector=1, answer="Accepted", **kwargs) -> dict:
    pending = asyncio.create_task(central.reserve_now("CP_1", connector, "VALID_TAG", EXPIRY, **kwargs))
    request, result = await answered(central, cp, pending, {"status": answer})
    assert request[2] == "ReserveNow" and result == {"status": answer}
    return request[3]


async def test_it_chooses_the_reservation_id_adds_the_parent_and_records_the_answers():
    async with running(parent_id_tags=GROUP) as central, charge_point(central.url) as cp:
        first = await reserve(central, cp)
        assert {k: v for k, v in first.items() if k != "reservationId"} == {
            "connectorId": 1, "expiryDate": EXPIRY, "idTag": "VALID_TAG", "parentIdTag": "GROUP_1"}
        refused = await reserve(central, cp, connector=2, answer="Occupied")
        assert refused["reservationId"] != first["reservationId"]
        assert central.reservations.held("CP_1") == [first["reservationId"]]
        assert central.reservations.records[refused["reservationId"]]["status"] == "Occupied"

        assert (await cp.result("BootNotification", BOOT))["status"] == "Accepted"
        start = await cp.result("StartTransaction", {"connectorId": 1, "idTag": "VALID_TAG", "meterStart": 0,
                                                     "timestamp": EXPIRY, "reservationId": first["reservationId"]})
        assert start["idTagInfo"]["status"] == "Accepted" and start["idTagInfo"]["parentIdTag"] == "GROUP_1"
        record = central.reservations.records[first["reservationId"]]
        assert record["status"] == "Used" and record["transaction_id"] == start["transactionId"]


async def test_a_cancel_ends_a_held_reservation_only_when_accepted():
    async with running() as central, charge_point(central.url) as cp:
        held = (await reserve(central, cp))["reservationId"]
        assert central.reservations.records[held]["parent_id_tag"] is None   # no group held for the idTag
        pending = asyncio.create_task(central.send("CP_1", "CancelReservation", {"reservationId": held}))
        request, _ = await answered(central, cp, pending, {"status": "Rejected"})
        assert request[3] == {"reservationId": held} and central.reservations.held("CP_1") == [held]
        pending = asyncio.create_task(central.send("CP_1", "CancelReservation", {"reservationId": held}))
        await answered(central, cp, pending, {"status": "Accepted"})
        assert central.reservations.held("CP_1") == []


async def test_an_expiry_that_is_no_datetime_is_refused_before_anything_is_sent():
    async with running() as central, charge_point(central.url):
        with pytest.raises(ValueError, match="not an RFC 3339 dateTime"):
            await central.reserve_now("CP_1", 1, "VALID_TAG", "tomorrow")


async def test_control_dispatch_reserves():
    async with running() as central, charge_point(central.url) as cp:
        pending = asyncio.create_task(central.dispatch_control("csms_reserve_now", {
            "charge_point_id": "CP_1", "connector_id": 0, "id_tag": "VALID_TAG", "expiry_date": EXPIRY}))
        request, result = await answered(central, cp, pending, {"status": "Accepted"})
        assert request[3]["connectorId"] == 0 and result == {"status": "Accepted"}
        with pytest.raises(ValueError, match="connector_id"):
            await central.dispatch_control("csms_reserve_now", {"charge_point_id": "CP_1"})
        with pytest.raises(ValueError, match="not sent"):
            await central.dispatch_control("csms_reserve_now", {
                "charge_point_id": "NOBODY", "connector_id": 1, "id_tag": "VALID_TAG", "expiry_date": EXPIRY,
                "timeout": 0.1})


@pytest.mark.parametrize(("fault", "field", "value"), [
    ("reserve_other_connector", "connectorId", 2),
    ("reserve_connector_zero", "connectorId", 0),
    ("reserve_now_without_parent", "parentIdTag", None),
    ("reservation_naive_expiry", "expiryDate", "2030-01-01T12:00:00"),
])
async def test_reservation_faults(fault, field, value):
    async with running(parent_id_tags=GROUP, faults=frozenset({fault})) as central, charge_point(central.url) as cp:
        assert (await reserve(central, cp)).get(field) == value


async def test_fault_default_expiry_and_no_parent_in_id_tag_info():
    faults = frozenset({"reservation_default_expiry", "parent_id_tag_omitted", "start_on_reservation_invalid"})
    async with running(parent_id_tags=GROUP, faults=faults) as central, charge_point(central.url) as cp:
        sent = await reserve(central, cp)
        assert sent["expiryDate"] != EXPIRY and sent["expiryDate"].endswith("Z")
        info = (await cp.result("Authorize", {"idTag": "VALID_TAG"}))["idTagInfo"]
        assert info["status"] == "Accepted" and "parentIdTag" not in info
        start = await cp.result("StartTransaction", {"connectorId": 1, "idTag": "VALID_TAG", "meterStart": 0,
                                                     "timestamp": EXPIRY, "reservationId": sent["reservationId"]})
        assert start["idTagInfo"] == {"status": "Invalid"}


@pytest.mark.parametrize(("fault", "asked", "sent"), [
    ("cancel_other_reservation", 0, 1),        # offsets from the reservationId held
    ("cancel_unknown_as_held", 1000, 0),
    ("cancel_unknown_as_held", 0, 0),
])
async def test_cancel_faults(fault, asked, sent):
    async with running(faults=frozenset({fault})) as central, charge_point(central.url) as cp:
        held = (await reserve(central, cp))["reservationId"]
        pending = asyncio.create_task(central.send("CP_1", "CancelReservation", {"reservationId": held + asked}))
        request, _ = await answered(central, cp, pending, {"status": "Rejected"})
        assert request[3] == {"reservationId": held + sent}


@pytest.mark.parametrize(("fault", "connector", "kept"), [
    ("trigger_without_connector", 1, False),
    ("trigger_known_connectors_only", 1, True),      # connector 1 reported a status
    ("trigger_known_connectors_only", 3, False),
])
async def test_trigger_faults(fault, connector, kept):
    async with running(faults=frozenset({fault})) as central, charge_point(central.url) as cp:
        assert (await cp.result("BootNotification", BOOT))["status"] == "Accepted"
        await cp.result("StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Available"})
        pending = asyncio.create_task(central.send("CP_1", "TriggerMessage", {"requestedMessage": "MeterValues",
                                                                              "connectorId": connector}))
        request, _ = await answered(central, cp, pending, {"status": "Accepted"})
        assert ("connectorId" in request[3]) == kept


def test_the_command_line_takes_parent_tags(capsys):
    from conformance.reference.central_system import main
    from conformance.reference.central_system.cli import _build_parser, _settings_from_args

    args = _build_parser().parse_args(["--parent-tag", "VALID_TAG=GROUP_1", "--parent-tag", "VALID_TAG_2=GROUP_1"])
    assert _settings_from_args(args).parent_id_tags == {"VALID_TAG": "GROUP_1", "VALID_TAG_2": "GROUP_1"}
    assert main(["--parent-tag", "no-equals-sign"]) == 2
    err = capsys.readouterr().err
    assert "TAG=PARENT" in err and len(err.strip().splitlines()) == 1
