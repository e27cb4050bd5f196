"""Reservations (OCPP 1.6 §5.13, §3.11): ReserveNow, CancelReservation, expiry, and which idTag a
reserved connector admits."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

from conformance.reference.peer import CallErrorReply

from .connection import _after_reply
from .faults import Fault
from .settings import log

_RESERVATION_TIMER_STEP = 60.0  # the expiry timer re-reads the wall clock at least this often


def _parse_datetime(text: str) -> datetime | None:
    """An OCPP dateTime; one without a zone designator is taken as UTC."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass
class _Reservation:
    """A ReserveNow.req accepted for one connector, until expiry, cancellation or its transaction."""

    reservation_id: int
    connector: int
    id_tag: str
    parent_id_tag: str | None
    expiry: datetime
    timer: asyncio.Task | None = None

    def admits(self, id_tag: str, parent_id_tag: str | None) -> bool:
        """OCPP 1.6 §5.13: the incoming idTag or its parent matches the reservation's idTag or parent."""
        offered = {id_tag, parent_id_tag} - {None}
        return bool(offered & ({self.id_tag, self.parent_id_tag} - {None}))

    def may_admit(self, id_tag: str) -> bool:
        """Before Authorize the parent of id_tag is unknown; it can still match a reservation's parent."""
        return self.parent_id_tag is not None or self.admits(id_tag, None)


class ReservationMixin:
    """Owns self._reservations, their expiry timers and the ReserveNow and CancelReservation requests."""

    def _reservation_on(self, c: int) -> _Reservation | None:
        return next((res for res in self._reservations.values() if res.connector == c), None)

    def _may_admit(self, c: int, id_tag: str) -> bool:
        reservation = self._reservation_on(c)
        return reservation is None or reservation.may_admit(id_tag)

    def _admits(self, c: int, id_tag: str, parent_id_tag: str | None) -> bool:
        reservation = self._reservation_on(c)
        return reservation is None or reservation.admits(id_tag, parent_id_tag)

    def _preference(self, c: int, id_tag: str) -> tuple[bool, int]:
        """Sort key for an idTag given without a connector: plugged-in connectors first; within
        each group the one reserved for it, then unreserved ones, then those it may open only
        through its parent idTag."""
        reservation = self._reservation_on(c)
        rank = 1 if reservation is None else 0 if reservation.admits(id_tag, None) else 2
        return not self._connectors[c].plugged, rank

    def _log_reserved(self, c: int, id_tag: str) -> None:
        log.info("%s: connector %d is reserved for another idTag; %s refused", self.settings.charge_point_id, c, id_tag)

    def _drop_reservation(self, reservation: _Reservation, why: str) -> None:
        if self._reservations.get(reservation.reservation_id) is reservation:
            del self._reservations[reservation.reservation_id]
            log.info("%s: reservation %d on connector %d ended: %s", self.settings.charge_point_id,
                     reservation.reservation_id, reservation.connector, why)
        if reservation.timer is not None and reservation.timer is not asyncio.current_task():
            reservation.timer.cancel()
        reservation.timer = None

    async def _reservation_timer(self, reservation: _Reservation) -> None:
        """Sleeps in bounded steps against the wall clock, since expiryDate is a wall-clock time."""
        while (left := (reservation.expiry - datetime.now(UTC)).total_seconds()) > 0:
            await asyncio.sleep(min(left, _RESERVATION_TIMER_STEP))
        self._enqueue(lambda: self._expire_reservation(reservation))

    async def _expire_reservation(self, reservation: _Reservation) -> None:
        if self._reservations.get(reservation.reservation_id) is not reservation:
            return
        self._drop_reservation(reservation, "expired")
        await self._show_reservation(reservation.connector)

    async def _show_reservation(self, c: int) -> None:
        """An idle connector shows Reserved exactly while a reservation holds it."""
        if self._connectors[c].transaction_id is None and self._status[c] in ("Available", "Reserved"):
            await self._set_status(c, self._idle_status(c))

    def _handle_reserve_now(self, payload: dict) -> dict:
        """OCPP 1.6 §5.13; the reservation is recorded at once, its Reserved status follows the answer."""
        if self._registration != "Accepted":
            return {"status": "Rejected"}
        c, reservation_id = payload["connectorId"], payload["reservationId"]
        # Connector 0 (ReserveConnectorZeroSupported, read-only "false") and unknown connectors.
        if not 1 <= c <= self.settings.connectors:
            return {"status": "Rejected"}
        stamp = payload["expiryDate"]
        if self.faults.active(Fault.REJECTS_UNUSUAL_TIMESTAMPS) and ("." in stamp or stamp.endswith("+00:00")):
            raise CallErrorReply("PropertyConstraintViolation", "expiryDate must be YYYY-MM-DDThh:mm:ssZ")
        expiry = _parse_datetime(payload["expiryDate"])
        if expiry is None:
            raise CallErrorReply("TypeConstraintViolation", f"expiryDate is not a dateTime: {payload['expiryDate']!r}")
        if expiry <= datetime.now(UTC):
            return {"status": "Rejected"}
        if self._is_faulted(c):
            return {"status": "Faulted"}
        if self._is_inoperative(c) or self._status[c] == "Unavailable":
            return {"status": "Unavailable"}
        current = self._reservation_on(c)
        replaces = current is not None and current.reservation_id == reservation_id
        if current is not None and not replaces:
            return {"status": "Occupied"}  # reserved for the same or another idTag
        idle = self._status[c] in ("Available", "Reserved")
        if self._connectors[c].transaction_id is not None or not (idle or replaces):
            return {"status": "Occupied"}
        previous = self._reservations.get(reservation_id)
        if previous is not None:
            self._drop_reservation(previous, "replaced")
        reservation = _Reservation(reservation_id, c, payload["idTag"], payload.get("parentIdTag"), expiry)
        self._reservations[reservation_id] = reservation
        reservation.timer = self._spawn(self._reservation_timer(reservation))
        log.info("%s: connector %d reserved for %s until %s (reservation %d)", self.settings.charge_point_id,
                 c, reservation.id_tag, payload["expiryDate"], reservation_id)
        moved_from = previous.connector if previous is not None and previous.connector != c else None

        def show() -> None:
            if moved_from is not None:
                self._enqueue(lambda: self._show_reservation(moved_from))
            self._enqueue(lambda: self._show_reservation(c))

        _after_reply(show)
        return {"status": "Accepted"}

    def _handle_cancel_reservation(self, payload: dict) -> dict:
        if self._registration != "Accepted":
            return {"status": "Rejected"}
        reservation = self._reservations.get(payload["reservationId"])
        if reservation is None:
            return {"status": "Rejected"}
        self._drop_reservation(reservation, "cancelled")
        _after_reply(lambda: self._enqueue(lambda: self._show_reservation(reservation.connector)))
        return {"status": "Accepted"}
