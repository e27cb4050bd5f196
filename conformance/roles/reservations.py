"""The reservations the harness holds when it plays the charge point (OCPP 1.6 §5.13, §5.2).

A reservation is held from the moment the harness answers ReserveNow Accepted, whether a case
scripted that answer or the harness gave it itself, until CancelReservation is answered
Accepted, a transaction is started with its reservationId, or the case reports its expiry.
What a correct charge point answers when no case scripts it follows from what is held and
from the status each connector last reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

IDLE = frozenset({"Available", "Reserved"})


def moment(value: Any) -> datetime | None:
    """An OCPP dateTime with a zone; None for anything else."""
    try:
        parsed = datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


@dataclass
class Held:
    reservation_id: int
    connector: int          # 0: the charge point as a whole
    id_tag: str
    parent_id_tag: str | None
    expiry: datetime | None


class Reservations:
    """What the harness has reserved, by reservationId."""

    def __init__(self, connectors: int, zero_supported: bool):
        self.connectors = connectors
        self.zero_supported = zero_supported
        self.held: dict[int, Held] = {}

    def on(self, connector: int) -> Held | None:
        return next((h for h in self.held.values() if h.connector == connector), None)

    def answer_reserve_now(self, payload: dict[str, Any], statuses: dict[int, str],
                           in_transaction: set[int]) -> dict[str, Any]:
        """ReserveNow.conf as a correct charge point gives it (OCPP 1.6 §5.13)."""
        connector, reservation_id = payload.get("connectorId"), payload.get("reservationId")
        expiry = moment(payload.get("expiryDate"))
        if not isinstance(connector, int) or not 0 <= connector <= self.connectors or expiry is None \
                or expiry <= datetime.now(UTC) or (connector == 0 and not self.zero_supported):
            return {"status": "Rejected"}
        status = statuses.get(connector, "Available")
        if status == "Faulted":
            return {"status": "Faulted"}
        if status == "Unavailable":
            return {"status": "Unavailable"}
        current = self.on(connector)
        if connector in in_transaction or status not in IDLE or (current is not None
                                                                 and current.reservation_id != reservation_id):
            return {"status": "Occupied"}
        return {"status": "Accepted"}

    def answer_cancel(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {"status": "Accepted" if payload.get("reservationId") in self.held else "Rejected"}

    def answered(self, action: str, payload: dict[str, Any], answer: dict[str, Any]) -> None:
        """Follow what the harness answered: an Accepted reservation is held, an Accepted cancel ends it."""
        if answer.get("status") != "Accepted":
            return
        reservation_id = payload.get("reservationId")
        if action == "ReserveNow" and isinstance(reservation_id, int):
            self.held[reservation_id] = Held(reservation_id, payload.get("connectorId", 0), payload.get("idTag", ""),
                                             payload.get("parentIdTag"), moment(payload.get("expiryDate")))
        elif action == "CancelReservation":
            self.held.pop(reservation_id, None)  # type: ignore[arg-type]

    def used(self, reservation_id: Any) -> None:
        """A transaction started with this reservationId: the reservation has ended (§5.13)."""
        self.held.pop(reservation_id, None)
