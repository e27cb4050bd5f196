"""Transactions: StartTransaction (online and offline), StopTransaction, and the delivery of
transaction messages in order across lost connections (the queue is self.tx's)."""

from __future__ import annotations

from typing import Any

from websockets.protocol import State

from .faults import Fault, Mode
from .settings import log


class TransactionMixin:
    """Starts and stops the transactions self.tx holds and sends or queues their messages."""

    async def _start_transaction(self, c: int, id_tag: str, parent_id_tag: str | None = None) -> None:
        if self.tx.on(c) is not None:
            return
        if not self._admits(c, id_tag, parent_id_tag):
            self._log_reserved(c, id_tag)  # reserved while this idTag was being authorized
            return
        reservation = self._reservation_used(c, id_tag, parent_id_tag)
        self.connectors[c].cancel_preparing_timer()
        if self._out_of_reach():
            await self._start_offline(c, id_tag)
            return
        sent_tag = id_tag
        if self.faults.active(Fault.START_WITH_OTHER_ID_TAG):
            sent_tag = id_tag[::-1] if id_tag[::-1] != id_tag else (id_tag + "X")[-20:]
        meter = self.connectors.meter(c)
        payload: dict[str, Any] = {"connectorId": c, "idTag": sent_tag, "meterStart": meter.read(), "timestamp": self._now()}
        if reservation is not None and not self.faults.active(Fault.START_WITHOUT_RESERVATION_ID):
            payload["reservationId"] = reservation.reservation_id
        elif reservation is None and self.faults.active(Fault.CANCELLED_RESERVATION_ID_SENT) and c in self.bookings.cancelled:
            payload["reservationId"] = self.bookings.cancelled.pop(c)
        before = self.connectors.status(c)
        if self.modes.active(Mode.CHARGING_BEFORE_START) and self._registration == "Accepted":
            await self._set_status(c, "Charging")
        conf = await self._send("StartTransaction", payload)
        if conf is None:
            log.info("%s: no transaction on connector %d", self.settings.charge_point_id, c)
            await self._set_status(c, before)
            return
        if reservation is not None:
            self._drop_reservation(reservation, "used by its transaction")
            if reservation.connector != c:   # a reservation of the whole charge point, used elsewhere
                await self._show_reservation(reservation.connector)
        self.tx.begin(c, conf["transactionId"], id_tag, conf["idTagInfo"].get("parentIdTag") or parent_id_tag)
        self._transaction_began(c, conf["transactionId"])
        status = conf["idTagInfo"]["status"]
        if status != "Accepted":
            log.info("%s: StartTransaction idTag %s is %s", self.settings.charge_point_id, id_tag, status)
            if self.config.enabled("StopTransactionOnInvalidId"):
                await self._stop_transaction(c, "DeAuthorized")
            else:
                await self._set_status(c, "SuspendedEVSE")
                self._start_meter_task(c)
            return
        meter.run(True)
        await self._set_status(c, "Charging")
        if self.modes.active(Mode.TRANSACTION_BEGIN_METER_VALUE):
            await self._send_transaction_message("MeterValues", self._meter_values(c, "Transaction.Begin", sampled=True))
        self._start_meter_task(c)

    async def _start_offline(self, c: int, id_tag: str) -> None:
        """A transaction started offline: a local id until the queued StartTransaction is answered."""
        meter = self.connectors.meter(c)
        payload = {"connectorId": c, "idTag": id_tag, "meterStart": meter.read(), "timestamp": self._now()}
        self.tx.begin(c, self.tx.start_offline(c, payload), id_tag)
        meter.run(True)
        await self._set_status(c, "Charging")
        self._start_meter_task(c)

    async def _started_late(self, payload: dict, conf: dict) -> None:
        """The answer to a StartTransaction queued offline: its transactionId replaces the local id,
        and an idTag the central system does not accept stops or suspends it (StopTransactionOnInvalidId)."""
        started = self.tx.started_late(payload, conf["transactionId"])
        if started is None:
            return
        c, local = started
        tx = self.tx.on(c)
        if tx is None or tx.transaction_id != local:
            return
        tx.transaction_id = conf["transactionId"]
        self._start_meter_task(c)
        if conf["idTagInfo"]["status"] == "Accepted" or self.faults.active(Fault.OFFLINE_INVALID_KEEPS_CHARGING):
            return
        if not self.connectors.up_to_date(c):
            await self._notify_status(c)  # the Charging of the offline start comes first
        if self.config.enabled("StopTransactionOnInvalidId"):
            await self._stop_transaction(c, "DeAuthorized")
        else:
            self.connectors.meter(c).run(False)
            await self._set_status(c, "SuspendedEVSE")

    async def _stop_transaction(self, c: int, reason: str, *, id_tag: str | None = None, settle: bool = True) -> None:
        """StopTransaction; with settle, the connector then shows its status after the session."""
        tx = self.tx.end(c)
        if tx is None:
            return
        self._transaction_ended(c)
        meter = self.connectors.meter(c)
        meter.run(False)
        payload: dict[str, Any] = {
            "transactionId": tx.transaction_id,
            "meterStop": meter.read(),
            "timestamp": self._now(),
            "reason": reason,
        }
        if id_tag is not None:
            payload["idTag"] = id_tag
        conn = self.connectors[c]
        conn.ev_paused = False
        if self.modes.active(Mode.FINISHING_BEFORE_STOP) and settle and conn.plugged \
                and not self.connectors.is_inoperative(c):
            await self._set_status(c, "Finishing")
        await self._send_transaction_message("StopTransaction", payload)
        if not settle:
            return
        if self.connectors.is_inoperative(c):
            await self._set_status(c, "Unavailable")  # a Scheduled availability change takes effect
        elif conn.plugged:
            await self._set_status(c, "Finishing")
        else:
            await self._set_status(c, self._idle_status(c))
        await self._apply_availability()

    def _queue_stop(self, c: int, reason: str) -> None:
        """End the transaction now and queue its StopTransaction for after the next boot (power loss, Hard Reset)."""
        tx = self.tx.end(c)
        if tx is None:
            return
        meter = self.connectors.meter(c)
        meter.run(False)
        self.tx.queue("StopTransaction", {"transactionId": tx.transaction_id, "meterStop": meter.read(),
                                          "timestamp": self._now(), "reason": reason})
        self.connectors[c].ev_paused = False

    async def _send_transaction_message(self, action: str, payload: dict) -> None:
        """Transaction messages are not lost: without a connection they wait for the next one, and
        go out in the order they were made (OCPP 1.6 §4.10: queued, delivered in order)."""
        if self._peer is None or self._registration != "Accepted" or self.tx.waiting():
            if self.faults.active(Fault.OFFLINE_TRANSACTION_MESSAGES_LOST) and self._peer is None:
                return
            self.tx.queue(action, payload)
            return
        ws = self._ws
        if await self._send(action, payload) is None and (
                self._registration != "Accepted" or self._ws is not ws or ws.state is not State.OPEN):
            self.tx.queue(action, payload)  # lost with the connection

    async def _deliver_undelivered(self) -> None:
        if self.faults.active(Fault.DROP_OLDEST_QUEUED_METER_VALUE):
            self.tx.drop_oldest("MeterValues")
        while self.tx.waiting() and self._registration == "Accepted":
            action, payload = self.tx.next_waiting()
            conf = await self._send(action, payload)
            if conf is None and self._registration != "Accepted":
                return  # connection lost again: keep it for the next one
            self.tx.delivered()
            if action == "StartTransaction" and conf is not None:
                await self._started_late(payload, conf)
