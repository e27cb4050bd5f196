"""Reservations asked of a central system, with the harness as the charge point that holds them.

The operator asks the central system for a reservation (`csms_reserve_now`): a connector (0:
the charge point as a whole), an idTag and an expiry of now plus `reservation_expiry_s` (the
plan's Configured Expiry Date Offset). The central system chooses the reservationId itself, and
adds a parentIdTag where it holds one for the idTag; the cases then use the reservationId of
the ReserveNow.req that came.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ...checks.expectations import Reply
from ...checks.verdicts import SetupError
from ...roles.charge_point import ChargePointHarness
from ...sut.profile import TestData


def expiry(data: TestData) -> datetime:
    """Now plus the Configured Expiry Date Offset, to whole seconds."""
    return datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=data.reservation_expiry_s)


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


async def ask_to_reserve(charge_point: ChargePointHarness, central_system: Any, data: TestData, *, connector: int,
                         until: datetime | None = None) -> datetime:
    """[The operator reserves `connector` for the valid idTag]; returns the expiry asked for."""
    until = until or expiry(data)
    await central_system.manual("csms_reserve_now", charge_point_id=charge_point.profile.charge_point_id,
                                connector_id=connector, id_tag=data.valid_id_tag, expiry_date=rfc3339(until))
    return until


async def reserved(charge_point: ChargePointHarness, central_system: Any, data: TestData, *, connector: int,
                   until: datetime | None = None, **fields: Any) -> dict[str, Any]:
    """Steps 1 to 4 of every Reservation case that succeeds: the central system sends ReserveNow.req
    (step 1, validated by `fields`), the harness answers Accepted (2) and reports the connector
    Reserved (3), which the central system answers (4). A reservation of the charge point as a
    whole (connector 0) holds the configured connector for the idTag, so that one is Reserved.
    Returns the ReserveNow.req's payload."""
    charge_point.will_answer(2, "ReserveNow", status="Accepted")
    await ask_to_reserve(charge_point, central_system, data, connector=connector, until=until)
    request = await charge_point.expect(1, "ReserveNow", reply=Reply(2), **fields)
    shown = request.payload.get("connectorId") or data.connector_id
    await charge_point.send(3, "StatusNotification", **charge_point.status_notification(shown, "Reserved"))
    return request.payload


async def refused(charge_point: ChargePointHarness, central_system: Any, data: TestData, *, step: int, status: str,
                  connector: int) -> dict[str, Any]:
    """The central system sends ReserveNow.req for `connector` and the valid idTag (step `step`);
    the harness answers `status` (the next step): the reservation is not made."""
    charge_point.will_answer(step + 1, "ReserveNow", status=status)
    await ask_to_reserve(charge_point, central_system, data, connector=connector)
    request = await charge_point.expect(step, "ReserveNow", connectorId=connector, idTag=data.valid_id_tag,
                                        reply=Reply(step + 1))
    return request.payload


def second_id_tag(charge_point: ChargePointHarness, data: TestData) -> str:
    """valid_id_tag_2: an idTag of the same group (parentIdTag) as valid_id_tag, and not the same one."""
    if data.valid_id_tag_2.casefold() == data.valid_id_tag.casefold():
        raise SetupError(f"{charge_point.profile.path}: [test_data] valid_id_tag_2 must differ from valid_id_tag "
                         f"(both are {data.valid_id_tag!r}); the case presents another idTag of the same group")
    return data.valid_id_tag_2
