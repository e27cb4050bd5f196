"""The reservations the reference charge point holds (OCPP 1.6 §5.13): one per connector, by
reservationId; a reboot forgets them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime


def parse_datetime(text: str) -> datetime | None:
    """An OCPP dateTime; one without a zone designator is taken as UTC."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass
class Reservation:
    """A ReserveNow.req accepted, until expiry, cancellation or its transaction. A reservation of
    connectorId 0 (`whole`) holds the connector it keeps free for its idTag in `connector`."""

    reservation_id: int
    connector: int
    id_tag: str
    parent_id_tag: str | None
    expiry: datetime
    timer: asyncio.Task | None = None
    whole: bool = False

    def admits(self, id_tag: str, parent_id_tag: str | None) -> bool:
        """OCPP 1.6 §5.13: the incoming idTag or its parent matches the reservation's idTag or parent."""
        offered = {id_tag, parent_id_tag} - {None}
        return bool(offered & ({self.id_tag, self.parent_id_tag} - {None}))

    def may_admit(self, id_tag: str) -> bool:
        """Before Authorize the parent of id_tag is unknown; it can still match a reservation's parent."""
        return self.parent_id_tag is not None or self.admits(id_tag, None)


class ReservationBook:
    def __init__(self) -> None:
        self._by_id: dict[int, Reservation] = {}
        self.cancelled: dict[int, int] = {}   # connector -> reservationId last cancelled there

    def on(self, c: int) -> Reservation | None:
        return next((res for res in self._by_id.values() if res.connector == c), None)

    def get(self, reservation_id: int) -> Reservation | None:
        return self._by_id.get(reservation_id)

    def holds(self, reservation: Reservation) -> bool:
        return self._by_id.get(reservation.reservation_id) is reservation

    def add(self, reservation: Reservation) -> None:
        self._by_id[reservation.reservation_id] = reservation

    def remove(self, reservation: Reservation) -> bool:
        """Whether it was held; its timer is cancelled unless it is the task asking."""
        held = self.holds(reservation)
        if held:
            del self._by_id[reservation.reservation_id]
        if reservation.timer is not None and reservation.timer is not asyncio.current_task():
            reservation.timer.cancel()
        reservation.timer = None
        return held

    def all(self) -> list[Reservation]:
        return list(self._by_id.values())

    def whole(self) -> list[Reservation]:
        """The reservations of the whole charge point (connectorId 0)."""
        return [res for res in self._by_id.values() if res.whole]

    def by_connector(self) -> dict[int, int]:
        """Connector -> reservationId."""
        return {res.connector: res.reservation_id for res in self._by_id.values()}

    def clear(self) -> None:
        self._by_id = {}
        self.cancelled = {}
