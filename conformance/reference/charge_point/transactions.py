"""Transactions: StartTransaction (online and offline), StopTransaction, and the transaction
message queue that keeps them in order across lost connections."""

from __future__ import annotations

from typing import Any

from websockets.protocol import State

from .faults import Fault, Mode
from .settings import log


class TransactionMixin:
    """Owns the start and stop of transactions and the queue of undelivered transaction messages."""

    async def _start_transaction(self, c: int, id_tag: str, parent_id_tag: str | None = None) -> None:
        conn = self._connectors[c]
        if conn.transaction_id is not None:
            return
        reservation = self._reservation_on(c)
        if reservation is not None and not reservation.admits(id_tag, parent_id_tag):
            self._log_reserved(c, id_tag)  # reserved while this idTag was being authorized
            return
        self._cancel_preparing_timer(c)
        if self._out_of_reach():
            await self._start_offline(c, id_tag)
            return
        sent_tag = id_tag
        if self.faults.active(Fault.START_WITH_OTHER_ID_TAG):
            sent_tag = id_tag[::-1] if id_tag[::-1] != id_tag else (id_tag + "X")[-20:]
        payload: dict[str, Any] = {
            "connectorId": c, "idTag": sent_tag, "meterStart": self._meters[c].read(), "timestamp": self._now(),
        }
        if reservation is not None:
            payload["reservationId"] = reservation.reservation_id
        before = self._status[c]
        if self.modes.active(Mode.CHARGING_BEFORE_START) and self._registration == "Accepted":
            await self._set_status(c, "Charging")
        conf = await self._send("StartTransaction", payload)
        if conf is None:
            log.info("%s: no transaction on connector %d", self.settings.charge_point_id, c)
            await self._set_status(c, before)
            return
        if reservation is not None:
            self._drop_reservation(reservation, "used by its transaction")
        conn.transaction_id, conn.id_tag = conf["transactionId"], id_tag
        conn.parent_id_tag = conf["idTagInfo"].get("parentIdTag") or parent_id_tag
        status = conf["idTagInfo"]["status"]
        if status != "Accepted":
            log.info("%s: StartTransaction idTag %s is %s", self.settings.charge_point_id, id_tag, status)
            if self._config["StopTransactionOnInvalidId"].value == "true":
                await self._stop_transaction(c, "DeAuthorized")
            else:
                await self._set_status(c, "SuspendedEVSE")
                self._start_meter_task(c)
            return
        self._meters[c].run(True)
        await self._set_status(c, "Charging")
        self._start_meter_task(c)

    async def _start_offline(self, c: int, id_tag: str) -> None:
        """A transaction started offline: a local id until the queued StartTransaction is answered."""
        conn = self._connectors[c]
        self._local_ids -= 1
        payload = {"connectorId": c, "idTag": id_tag, "meterStart": self._meters[c].read(), "timestamp": self._now()}
        self._offline_starts[id(payload)] = (c, self._local_ids)
        self._undelivered.append(("StartTransaction", payload))
        conn.transaction_id, conn.id_tag = self._local_ids, id_tag
        self._meters[c].run(True)
        await self._set_status(c, "Charging")
        self._start_meter_task(c)

    async def _started_late(self, payload: dict, conf: dict) -> None:
        """The answer to a StartTransaction queued offline: its transactionId replaces the local id,
        and an idTag the central system does not accept stops or suspends it (StopTransactionOnInvalidId)."""
        c, local = self._offline_starts.pop(id(payload), (None, None))
        if c is None:
            return
        real = conf["transactionId"]
        for _, queued in self._undelivered:
            if queued.get("transactionId") == local:
                queued["transactionId"] = real
        conn = self._connectors[c]
        if conn.transaction_id != local:
            return
        conn.transaction_id = real
        self._start_meter_task(c)
        if conf["idTagInfo"]["status"] == "Accepted" or self.faults.active(Fault.OFFLINE_INVALID_KEEPS_CHARGING):
            return
        if self._reported.get(c) != self._status[c]:
            await self._notify_status(c)  # the Charging of the offline start comes first
        if self._config["StopTransactionOnInvalidId"].value == "true":
            await self._stop_transaction(c, "DeAuthorized")
        else:
            self._meters[c].run(False)
            await self._set_status(c, "SuspendedEVSE")

    async def _stop_transaction(self, c: int, reason: str, *, id_tag: str | None = None, settle: bool = True) -> None:
        """StopTransaction; with settle, the connector then shows its status after the session."""
        conn = self._connectors[c]
        if conn.transaction_id is None:
            return
        if conn.meter_task is not None:
            conn.meter_task.cancel()
            conn.meter_task = None
        self._meters[c].run(False)
        payload: dict[str, Any] = {
            "transactionId": conn.transaction_id,
            "meterStop": self._meters[c].read(),
            "timestamp": self._now(),
            "reason": reason,
        }
        if id_tag is not None:
            payload["idTag"] = id_tag
        conn.transaction_id = conn.id_tag = conn.parent_id_tag = None
        conn.ev_paused = False
        if self.modes.active(Mode.FINISHING_BEFORE_STOP) and settle and conn.plugged and not self._is_inoperative(c):
            await self._set_status(c, "Finishing")
        await self._send_transaction_message("StopTransaction", payload)
        if not settle:
            return
        if self._is_inoperative(c):
            await self._set_status(c, "Unavailable")  # a Scheduled availability change takes effect
        elif conn.plugged:
            await self._set_status(c, "Finishing")
        else:
            await self._set_status(c, self._idle_status(c))
        await self._apply_availability()

    async def _send_transaction_message(self, action: str, payload: dict) -> None:
        """Transaction messages are not lost: without a connection they wait for the next one, and
        go out in the order they were made (OCPP 1.6 §4.10: queued, delivered in order)."""
        if self._peer is None or self._registration != "Accepted" or self._undelivered:
            if self.faults.active(Fault.OFFLINE_TRANSACTION_MESSAGES_LOST) and self._peer is None:
                return
            self._undelivered.append((action, payload))
            return
        ws = self._ws
        if await self._send(action, payload) is None and (
                self._registration != "Accepted" or self._ws is not ws or ws.state is not State.OPEN):
            self._undelivered.append((action, payload))  # lost with the connection
