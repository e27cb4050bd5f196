"""Reservations (OCPP 1.6 §5.13, §3.11): ReserveNow, CancelReservation, expiry, and which idTag a
reserved connector admits."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from conformance.reference.peer import CallErrorReply

from .faults import Fault, Mode
from .replies import after_reply
from .settings import log
from .state import Reservation, parse_datetime

_RESERVATION_TIMER_STEP = 60.0  # the expiry timer re-reads the wall clock at least this often


class ReservationMixin:
    """ReserveNow and CancelReservation, the expiry timers of what self.bookings holds, and which idTag
    a reserved connector admits."""

    def _matches(self, reservation: Reservation, id_tag: str, parent_id_tag: str | None) -> bool:
        if self.faults.active(Fault.RESERVATION_ADMITS_ANY_ID_TAG):
            return True
        if self.faults.active(Fault.RESERVATION_PARENT_IGNORED):
            return id_tag == reservation.id_tag
        return reservation.admits(id_tag, parent_id_tag)

    def _may_admit(self, c: int, id_tag: str) -> bool:
        reservation = self.bookings.on(c)
        if reservation is None or self.faults.active(Fault.RESERVATION_ADMITS_ANY_ID_TAG):
            return True
        if self.faults.active(Fault.RESERVATION_PARENT_IGNORED):
            return id_tag == reservation.id_tag
        return reservation.may_admit(id_tag)

    def _admits(self, c: int, id_tag: str, parent_id_tag: str | None) -> bool:
        reservation = self.bookings.on(c)
        return reservation is None or self._matches(reservation, id_tag, parent_id_tag)

    def _needs_parent(self, c: int, id_tag: str) -> bool:
        """OCPP 1.6 §5.13: where the reservation has a parentIdTag and the idTag is not its own, the
        charge point asks the central system (Authorize) for the idTag's parent."""
        reservation = self.bookings.on(c)
        return reservation is not None and reservation.parent_id_tag is not None \
            and not reservation.admits(id_tag, None)

    def _reservation_used(self, c: int, id_tag: str, parent_id_tag: str | None) -> Reservation | None:
        """The reservation a transaction of id_tag on connector c fulfils: the one holding c, or one of
        the whole charge point for that idTag, wherever it starts."""
        reservation = self.bookings.on(c)
        if reservation is not None:
            return reservation if reservation.admits(id_tag, parent_id_tag) else None
        return next((res for res in self.bookings.whole() if self._matches(res, id_tag, parent_id_tag)), None)

    def _preference(self, c: int, id_tag: str) -> tuple[bool, int]:
        """Sort key for an idTag given without a connector: plugged-in connectors first; within
        each group the one reserved for it, then unreserved ones, then those it may open only
        through its parent idTag."""
        reservation = self.bookings.on(c)
        admitted = reservation is not None and (reservation.admits(id_tag, None)
                                                or self.faults.active(Fault.RESERVATION_ADMITS_ANY_ID_TAG))
        rank = 1 if reservation is None else 0 if admitted else 2
        return not self.connectors[c].plugged, rank

    def _log_reserved(self, c: int, id_tag: str) -> None:
        log.info("%s: connector %d is reserved for another idTag; %s refused", self.settings.charge_point_id, c, id_tag)

    def _drop_reservation(self, reservation: Reservation, why: str) -> None:
        if self.bookings.remove(reservation):
            log.info("%s: reservation %d on connector %d ended: %s", self.settings.charge_point_id,
                     reservation.reservation_id, reservation.connector, why)

    async def _reservation_timer(self, reservation: Reservation) -> None:
        """Sleeps in bounded steps against the wall clock, since expiryDate is a wall-clock time."""
        if self.faults.active(Fault.RESERVATION_NEVER_EXPIRES):
            return
        expiry = reservation.expiry
        if self.faults.active(Fault.RESERVATION_EXPIRES_EARLY):
            now = datetime.now(UTC)
            expiry = now + (expiry - now) / 2
        while (left := (expiry - datetime.now(UTC)).total_seconds()) > 0:
            await asyncio.sleep(min(left, _RESERVATION_TIMER_STEP))
        self._enqueue(lambda: self._expire_reservation(reservation))

    async def _expire_reservation(self, reservation: Reservation) -> None:
        if not self.bookings.holds(reservation):
            return
        self._drop_reservation(reservation, "expired")
        await self._show_reservation(reservation.connector)

    async def _show_reservation(self, c: int) -> None:
        """An idle connector shows Reserved exactly while a reservation holds it."""
        if self.tx.on(c) is None and self.connectors.status(c) in ("Available", "Reserved"):
            await self._set_status(c, self._idle_status(c))

    def _free_for_reservation(self, c: int) -> bool:
        """Idle, operative, not faulted and not held by a reservation: a connector a reservation may take."""
        return (self.tx.on(c) is None and self.bookings.on(c) is None and not self.connectors.is_faulted(c)
                and not self.connectors.is_inoperative(c) and self.connectors.status(c) == "Available")

    def _refusal(self, c: int, replaces: Reservation | None) -> tuple[str | None, int]:
        """Why ReserveNow for connector c (0: the whole charge point) is refused (None: it is not),
        and the connector the reservation then holds."""
        scope = list(self.connectors) if c == 0 else [c]
        if all(self.connectors.is_faulted(x) for x in scope):
            return (None if self.faults.active(Fault.RESERVATION_WHILE_FAULTED) else "Faulted"), c
        if all(self.connectors.is_inoperative(x) or self.connectors.status(x) == "Unavailable" for x in scope):
            return (None if self.faults.active(Fault.RESERVATION_WHILE_UNAVAILABLE) else "Unavailable"), c
        if replaces is not None and replaces.connector in scope and self.tx.on(replaces.connector) is None:
            return None, replaces.connector   # the reservation it replaces holds it already
        free = [x for x in scope if self._free_for_reservation(x)]
        if not free and not self.faults.active(Fault.RESERVATION_WHILE_OCCUPIED):
            return "Occupied", c   # reserved for the same or another idTag, or in use
        return None, free[0] if free else c

    def _handle_reserve_now(self, payload: dict) -> dict:
        """OCPP 1.6 §5.13; the reservation is recorded at once, its Reserved status follows the answer."""
        if self._registration != "Accepted":
            return {"status": "Rejected"}
        if self.modes.active(Mode.NO_RESERVATION):   # configured not to accept reservations
            return {"status": "Accepted" if self.faults.active(Fault.RESERVATION_ACCEPTED_WITHOUT_PROFILE) else "Rejected"}
        c, reservation_id = payload["connectorId"], payload["reservationId"]
        if not 0 <= c <= self.settings.connectors:
            return {"status": "Rejected"}
        if c == 0 and (not self.config.enabled("ReserveConnectorZeroSupported")
                       or self.faults.active(Fault.RESERVATION_ZERO_REFUSED)):
            return {"status": "Rejected"}
        stamp = payload["expiryDate"]
        if self.faults.active(Fault.REJECTS_UNUSUAL_TIMESTAMPS) and ("." in stamp or stamp.endswith("+00:00")):
            raise CallErrorReply("PropertyConstraintViolation", "expiryDate must be YYYY-MM-DDThh:mm:ssZ")
        expiry = parse_datetime(payload["expiryDate"])
        if expiry is None:
            raise CallErrorReply("TypeConstraintViolation", f"expiryDate is not a dateTime: {payload['expiryDate']!r}")
        if expiry <= datetime.now(UTC):
            return {"status": "Rejected"}
        previous = self.bookings.get(reservation_id)
        refused, held = self._refusal(c, previous)
        if refused is not None:
            return {"status": refused}
        if self.faults.active(Fault.RESERVATION_NOT_HELD) or not self._free_or_replaced(held, previous):
            return {"status": "Accepted"}   # the faults that answer Accepted and keep nothing
        if previous is not None:
            self._drop_reservation(previous, "replaced")
        reservation = Reservation(reservation_id, held, payload["idTag"], payload.get("parentIdTag"), expiry,
                                  whole=c == 0)
        self.bookings.add(reservation)
        reservation.timer = self._spawn(self._reservation_timer(reservation))
        log.info("%s: %s reserved for %s until %s (reservation %d)", self.settings.charge_point_id,
                 f"connector {held}" if c else f"the charge point (connector {held} kept)", reservation.id_tag,
                 payload["expiryDate"], reservation_id)
        moved_from = previous.connector if previous is not None and previous.connector != held else None

        def show() -> None:
            if moved_from is not None:
                self._enqueue(lambda: self._show_reservation(moved_from))
            self._enqueue(lambda: self._show_reservation(held))

        if self.faults.active(Fault.RESERVE_NOW_UNANSWERED):
            show()
            return self._never_answered()
        after_reply(show)
        return {"status": "Accepted"}

    async def _never_answered(self) -> dict:
        await asyncio.Event().wait()
        return {}

    def _free_or_replaced(self, c: int, previous: Reservation | None) -> bool:
        return self._free_for_reservation(c) or (previous is not None and previous.connector == c)

    def _handle_cancel_reservation(self, payload: dict) -> dict:
        if self._registration != "Accepted":
            return {"status": "Rejected"}
        reservation = self.bookings.get(payload["reservationId"])
        if reservation is None and self.faults.active(Fault.CANCEL_ANY_RESERVATION):
            reservation = next(iter(self.bookings.all()), None)
        if reservation is None or self.faults.active(Fault.CANCEL_RESERVATION_REJECTED):
            return {"status": "Rejected"}
        self._drop_reservation(reservation, "cancelled")
        self.bookings.cancelled[reservation.connector] = reservation.reservation_id
        after_reply(lambda: self._enqueue(lambda: self._show_reservation(reservation.connector)))
        return {"status": "Accepted"}
