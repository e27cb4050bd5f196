"""The transactions of the reference charge point and the queue of transaction messages that
wait for a connection (OCPP 1.6 §4.10: queued, delivered in order)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass


@dataclass
class Transaction:
    transaction_id: int  # negative: a local id until a StartTransaction queued offline is answered
    id_tag: str  # the tag that started it (a second presentation stops it)
    parent_id_tag: str | None = None  # another idTag with the same parent stops it too
    meter_task: asyncio.Task | None = None  # its sampled meter values


class Transactions:
    """At most one transaction per connector, and the messages not yet delivered."""

    def __init__(self) -> None:
        self._running: dict[int, Transaction] = {}
        self._undelivered: list[tuple[str, dict]] = []
        self._offline_starts: dict[int, tuple[int, int]] = {}  # id(queued StartTransaction) -> connector, local id
        self._local_ids = 0

    def on(self, c: int) -> Transaction | None:
        return self._running.get(c)

    def running(self) -> dict[int, Transaction]:
        """Connector -> its transaction, by connector."""
        return {c: self._running[c] for c in sorted(self._running)}

    def connector_of(self, transaction_id: int) -> int | None:
        return next((c for c, tx in self.running().items() if tx.transaction_id == transaction_id), None)

    def begin(self, c: int, transaction_id: int, id_tag: str, parent_id_tag: str | None = None) -> Transaction:
        self._running[c] = transaction = Transaction(transaction_id, id_tag, parent_id_tag)
        return transaction

    def end(self, c: int) -> Transaction | None:
        """Forget the connector's transaction; its meter task is cancelled."""
        transaction = self._running.pop(c, None)
        if transaction is not None:
            self.stop_metering(transaction)
        return transaction

    @staticmethod
    def stop_metering(transaction: Transaction) -> None:
        if transaction.meter_task is not None:
            transaction.meter_task.cancel()
            transaction.meter_task = None

    def reboot(self, keep: set[int]) -> None:
        """A reboot ends every transaction but those on the connectors kept (their meter tasks are gone)."""
        self._running = {c: tx for c, tx in self._running.items() if c in keep}
        for tx in self._running.values():
            tx.meter_task = None

    # -- the queue of undelivered transaction messages

    def queue(self, action: str, payload: dict) -> None:
        self._undelivered.append((action, payload))

    def waiting(self) -> bool:
        return bool(self._undelivered)

    def next_waiting(self) -> tuple[str, dict]:
        return self._undelivered[0]

    def delivered(self) -> None:
        self._undelivered.pop(0)

    def drop_oldest(self, action: str) -> None:
        """Forget the oldest undelivered message of `action` (Fault.DROP_OLDEST_QUEUED_METER_VALUE)."""
        for i, (queued, _) in enumerate(self._undelivered):
            if queued == action:
                del self._undelivered[i]
                return

    def start_offline(self, c: int, payload: dict) -> int:
        """Queue the StartTransaction of a transaction started offline; its local id."""
        self._local_ids -= 1
        self._offline_starts[id(payload)] = (c, self._local_ids)
        self.queue("StartTransaction", payload)
        return self._local_ids

    def started_late(self, payload: dict, transaction_id: int) -> tuple[int, int] | None:
        """A queued StartTransaction was answered: the connector and local id it had, whose queued
        messages now carry the real id; None if it was not started offline."""
        started = self._offline_starts.pop(id(payload), None)
        if started is None:
            return None
        for _, queued in self._undelivered:
            if queued.get("transactionId") == started[1]:
                queued["transactionId"] = transaction_id
        return started
