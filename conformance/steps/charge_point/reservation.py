"""The Reservation profile's reusable states of the `_CS` cases (test case document, section 3):
Reserved, and the states a reservation is refused in (SetConnectorFaulted, SetChargePointFaulted,
SetConnectorUnavailable, SetChargePointUnavailable, SetConnectorOccupied).

The harness writes down every reservation it asks for (conformance.roles.state), so that the
baseline cancels what a case leaves behind, also when a ReserveNow goes unanswered.
"""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from ...checks.expectations import Reply, expect
from ...checks.matchers import positive_integer
from ...sut.profile import TestData

_reservation_ids = itertools.count(int(time.time()) % 100000 * 10 + 1)


def new_reservation_id() -> int:
    """A reservationId no earlier reservation of this run used."""
    return next(_reservation_ids)


def expiry_date(data: TestData) -> str:
    """The plan's expiryDate: now plus <Configured Reservation Expiry Date Offset>, in UTC."""
    moment = datetime.now(UTC) + timedelta(seconds=data.reservation_expiry_s)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _steps(label: str | None, *numbers: int) -> list[int | str]:
    return [f"{label} {n}" if label else n for n in numbers]


async def reserve_now(central_system: Any, step: int | str, data: TestData, *, connector: int,
                      id_tag: str | None = None, parent_id_tag: str | None = None,
                      reservation_id: int | None = None) -> tuple[int, dict[str, Any]]:
    """Send ReserveNow.req (a new reservationId unless given); returns it and the ReserveNow.conf."""
    reservation_id = new_reservation_id() if reservation_id is None else reservation_id
    payload: dict[str, Any] = {"connectorId": connector, "expiryDate": expiry_date(data),
                               "idTag": id_tag or data.valid_id_tag, "reservationId": reservation_id}
    if parent_id_tag is not None:
        payload["parentIdTag"] = parent_id_tag
    return reservation_id, await central_system.send(step, "ReserveNow", **payload)


async def reserved(central_system: Any, data: TestData, *, connector: int | None = None, id_tag: str | None = None,
                   parent_id_tag: str | None = None, label: str | None = "Reserved") -> dict[str, Any]:
    """Reserved: ReserveNow for the connector (0: the whole charge point), Accepted, and the
    StatusNotification Reserved that follows (for connector 0 on the connector the charge point keeps
    free). Steps are "Reserved 1" to "Reserved 4", or the case's own 1 to 4 with label None.

    Returns the reservationId, the connector reported Reserved, the idTag and when it was reserved.
    """
    connector = data.connector_id if connector is None else connector
    request, answer, status, reply = _steps(label, 1, 2, 3, 4)
    reservation_id, conf = await reserve_now(central_system, request, data, connector=connector, id_tag=id_tag,
                                             parent_id_tag=parent_id_tag)
    central_system.check(answer, "ReserveNow.conf", conf, status="Accepted")
    shown = await central_system.expect(status, "StatusNotification", status="Reserved",
                                        connectorId=connector or positive_integer(), reply=Reply(reply))
    return {"reservation_id": reservation_id, "connector": shown.payload["connectorId"],
            "id_tag": id_tag or data.valid_id_tag, "reserved_at": shown.received_at}


async def reservation_refused(central_system: Any, data: TestData, *, connector: int, status: str) -> None:
    """Steps 1 and 2 of the refusal cases: ReserveNow for the connector is answered `status`."""
    _, conf = await reserve_now(central_system, 1, data, connector=connector)
    central_system.check(2, "ReserveNow.conf", conf, status=status)


# -- the states a reservation is refused in ----------------------------------------------------------

async def set_connector_faulted(central_system: Any, charge_point: Any, connector: int) -> None:
    """SetConnectorFaulted: the operator puts the connector into a fault; it reports Faulted."""
    await charge_point.manual("set_faulted", connector=connector, error_code="OtherError")
    await central_system.expect("SetConnectorFaulted 1", "StatusNotification", connectorId=connector, status="Faulted",
                                reply=Reply("SetConnectorFaulted 2"))


async def set_charge_point_faulted(central_system: Any, charge_point: Any) -> None:
    """SetChargePointFaulted: the operator puts the whole charge point into a fault; connector 0 and
    every connector report Faulted, in any order."""
    await charge_point.manual("set_faulted", connector=0, error_code="OtherError")
    await central_system.expect_in_any_order(
        "one for connector 0 and one per connector",
        *[expect("SetChargePointFaulted 1", "StatusNotification", connectorId=c, status="Faulted",
                 reply=Reply("SetChargePointFaulted 2")) for c in range(0, charge_point.profile.connectors + 1)])


async def set_connector_unavailable(central_system: Any, connector: int) -> None:
    """SetConnectorUnavailable: ChangeAvailability Inoperative for the connector, Accepted, Unavailable."""
    conf = await central_system.send("SetConnectorUnavailable 1", "ChangeAvailability", connectorId=connector,
                                     type="Inoperative")
    central_system.check("SetConnectorUnavailable 2", "ChangeAvailability.conf", conf, status="Accepted")
    await central_system.expect("SetConnectorUnavailable 3", "StatusNotification", connectorId=connector,
                                status="Unavailable", reply=Reply("SetConnectorUnavailable 4"))


async def set_charge_point_unavailable(central_system: Any, connectors: int) -> None:
    """SetChargePointUnavailable: ChangeAvailability Inoperative for connector 0, Accepted; connector 0
    and every connector report Unavailable, in any order."""
    conf = await central_system.send("SetChargePointUnavailable 1", "ChangeAvailability", connectorId=0,
                                     type="Inoperative")
    central_system.check("SetChargePointUnavailable 2", "ChangeAvailability.conf", conf, status="Accepted")
    await central_system.expect_in_any_order(
        "one for connector 0 and one per connector",
        *[expect("SetChargePointUnavailable 3", "StatusNotification", connectorId=c, status="Unavailable",
                 reply=Reply("SetChargePointUnavailable 4")) for c in range(0, connectors + 1)])


async def set_connector_occupied(central_system: Any, charge_point: Any, connector: int) -> None:
    """SetConnectorOccupied: the EV driver plugs in; the connector reports Preparing."""
    await charge_point.manual("plug_in", connector=connector)
    await central_system.expect("SetConnectorOccupied 1", "StatusNotification", connectorId=connector,
                                status="Preparing", reply=Reply("SetConnectorOccupied 2"))
