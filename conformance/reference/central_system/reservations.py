"""Reservations and triggers as the reference central system handles them (OCPP 1.6 §5.13,
§5.2, §5.17, and the reservation part of §3): the reservationId it hands out for what its
operator reserves, what each charge point answered, the transaction that used one, and the
connectors each charge point has reported, which a trigger may name.

A reservation that is not Accepted (Faulted, Occupied, Rejected, Unavailable) is recorded as
refused: the charge point keeps no reservation, and nothing is sent again. A StartTransaction
naming a reservationId is answered for its idTag as any other; the reservation is then used.
"""

from __future__ import annotations

import copy
import itertools
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from conformance.reference.switches import Active

from .faults import Fault
from .messages import IdTags, timestamp


class Reservations:
    """reservationId -> charge_point_id, connector_id, id_tag, parent_id_tag, expiry_date, status
    ("Requested", the charge point's answer, "Cancelled" or "Used"), transaction_id once used."""

    def __init__(self, faults: Active, id_tags: IdTags):
        self._faults = faults
        self._id_tags = id_tags
        # A random base keeps ids from one run from looking held in the next.
        self._ids = itertools.count(random.randint(1_000, 9_999))
        self.records: dict[int, dict[str, Any]] = {}
        self._connectors: dict[str, set[int]] = {}   # charge point -> connectors it reported a status of

    def reserve_now(self, charge_point_id: str, connector_id: int, id_tag: str, expiry_date: str) -> dict[str, Any]:
        """The ReserveNow.req for what the operator asked; ValueError for an expiry that is no dateTime."""
        try:
            datetime.fromisoformat(expiry_date)
        except (TypeError, ValueError):
            raise ValueError(f"expiry_date {expiry_date!r} is not an RFC 3339 dateTime") from None
        faults = self._faults
        reservation_id = next(self._ids)
        connector = connector_id + 1 if faults.active(Fault.RESERVE_OTHER_CONNECTOR) else connector_id
        if faults.active(Fault.RESERVE_CONNECTOR_ZERO):
            connector = 0
        expiry = expiry_date
        if faults.active(Fault.RESERVATION_DEFAULT_EXPIRY):
            expiry = timestamp(faults, timedelta(hours=1))
        elif faults.active(Fault.RESERVATION_NAIVE_EXPIRY):
            expiry = datetime.fromisoformat(expiry_date).replace(tzinfo=None).isoformat()
        parent = self._id_tags.parent_of(id_tag)
        payload: dict[str, Any] = {"connectorId": connector, "expiryDate": expiry, "idTag": id_tag,
                                   "reservationId": reservation_id}
        if parent is not None and not faults.active(Fault.RESERVE_NOW_WITHOUT_PARENT):
            payload["parentIdTag"] = parent
        self.records[reservation_id] = {"charge_point_id": charge_point_id, "connector_id": connector,
                                        "id_tag": id_tag, "parent_id_tag": payload.get("parentIdTag"),
                                        "expiry_date": expiry, "status": "Requested"}
        return payload

    def as_sent(self, charge_point_id: str, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        """What goes on the wire for an operator's CancelReservation or TriggerMessage."""
        sent = copy.deepcopy(payload)
        faults = self._faults
        if action == "CancelReservation":
            asked = sent.get("reservationId")
            if faults.active(Fault.CANCEL_OTHER_RESERVATION) and isinstance(asked, int):
                sent["reservationId"] = asked + 1
            elif faults.active(Fault.CANCEL_UNKNOWN_AS_HELD) and asked not in self.records:
                held = self.held(charge_point_id)
                if held:
                    sent["reservationId"] = held[-1]
        elif action == "TriggerMessage" and "connectorId" in sent:
            known = self._connectors.get(charge_point_id, set())
            if faults.active(Fault.TRIGGER_WITHOUT_CONNECTOR) or (
                    faults.active(Fault.TRIGGER_KNOWN_CONNECTORS_ONLY) and sent["connectorId"] not in known):
                del sent["connectorId"]
        return sent

    def answered(self, action: str, sent: dict[str, Any], answer: dict[str, Any]) -> None:
        """Record the charge point's answer to a ReserveNow or CancelReservation."""
        record = self.records.get(sent.get("reservationId"))  # type: ignore[arg-type]
        if record is None:
            return
        status = answer.get("status")
        if action == "ReserveNow":
            record["status"] = status
        elif action == "CancelReservation" and status == "Accepted" and record["status"] == "Accepted":
            record["status"] = "Cancelled"

    def held(self, charge_point_id: str) -> list[int]:
        """The reservations the charge point accepted and that are neither cancelled nor used, oldest first."""
        return [rid for rid, record in self.records.items()
                if record["charge_point_id"] == charge_point_id and record["status"] == "Accepted"]

    def handlers(self, charge_point_id: str, handlers: dict[str, Any]) -> dict[str, Any]:
        """The connection's handlers, with what reservations and triggers need to know of them."""
        status_notification: Callable[[dict], Any] = handlers["StatusNotification"]
        start_transaction: Callable[[dict], Any] = handlers["StartTransaction"]

        def status(payload: dict) -> Any:
            answer = status_notification(payload)
            self._connectors.setdefault(charge_point_id, set()).add(payload["connectorId"])
            return answer

        def start(payload: dict) -> Any:
            answer = start_transaction(payload)
            record = self.records.get(payload.get("reservationId"))  # type: ignore[arg-type]
            if record is not None and record["charge_point_id"] == charge_point_id and record["status"] == "Accepted":
                record.update(status="Used", transaction_id=answer["transactionId"])
            if "reservationId" in payload and self._faults.active(Fault.START_ON_RESERVATION_INVALID):
                answer["idTagInfo"] = {"status": "Invalid"}
            return answer

        return {**handlers, "StatusNotification": status, "StartTransaction": start}
