"""The rules of a load run, judged across every simulated charge point.

One `LoadRules` holds what all chargers of a run showed: the transactions open now (by the id
the central system gave), and what each boot, heartbeat interval and lost connection said.
Each feed returns the problems it found, as the run's `RunRules` does for one SUT. In Locust's
distributed mode the master holds the only `LoadRules` and the workers send it what their
chargers saw, so that two chargers on two machines given one transactionId are still caught.
Memory is bounded by the transactions open at once (chargers x connectors).
"""

from __future__ import annotations

from typing import Any

from ..ocpp.validation import Problem
from . import rules

BOOT_STATUSES = ("Accepted", "Pending", "Rejected")
# WebSocket close codes that give a reason a charge point can act on (RFC 6455 §7.4.1, IANA registry):
# normal closure, going away, service restart, try again later.
REASONED_CLOSE_CODES = frozenset({1000, 1001, 1012, 1013})


class LoadRules:
    """What every simulated charge point of one load run showed so far."""

    def __init__(self) -> None:
        self._open: dict[Any, str] = {}   # transactionId -> the charger whose transaction it is

    @property
    def open_transactions(self) -> int:
        return len(self._open)

    def transaction_started(self, charger: str, transaction_id: Any) -> list[Problem]:
        holder = self._open.get(transaction_id)
        if holder is None:
            self._open[transaction_id] = charger
            return []
        return [Problem(rules.LOAD_TRANSACTION_ID_UNIQUE,
                        f"StartTransaction.conf to {charger} gives transactionId {transaction_id}, which names the "
                        f"open transaction of {holder}" + (" (on another connector)" if holder == charger else ""))]

    def transaction_stopped(self, charger: str, transaction_id: Any) -> None:
        if self._open.get(transaction_id) == charger:
            del self._open[transaction_id]

    @staticmethod
    def boot_answered(charger: str, payload: dict[str, Any]) -> list[Problem]:
        """A BootNotification.conf that passed its schema."""
        status, interval = payload.get("status"), payload.get("interval")
        if status == "Accepted":
            if isinstance(interval, int) and interval > 0:
                return []
            return [Problem(rules.LOAD_HEARTBEAT_INTERVAL,
                            f"BootNotification.conf to {charger} is Accepted with heartbeat interval {interval!r}")]
        if isinstance(interval, int) and interval > 0:
            return []
        return [Problem(rules.LOAD_BOOT_ANSWERED,
                        f"BootNotification.conf to {charger} is {status} with interval {interval!r}: no wait for its "
                        f"retry")]

    @staticmethod
    def boot_unanswered(charger: str, why: str) -> list[Problem]:
        """A BootNotification that got no CALLRESULT: a timeout, a CALLERROR or a lost connection."""
        return [Problem(rules.LOAD_BOOT_ANSWERED, f"BootNotification.req of {charger}: {why}")]

    @staticmethod
    def connection_lost(charger: str, *, refused: bool, status: int | None = None,
                        close_code: int | None = None, detail: str = "") -> list[Problem]:
        """A connection the central system refused or closed. With a reason (an HTTP status for a
        refusal, a close frame with a code that says why) it is no violation: the error budget counts it."""
        if refused and status is not None:
            return []
        if not refused and close_code in REASONED_CLOSE_CODES:
            return []
        what = ("refused" if refused else "dropped") + (f" ({detail})" if detail else "")
        how = "without an HTTP status" if refused else (
            "without a close frame" if close_code is None else f"with close code {close_code}")
        return [Problem(rules.LOAD_CONNECTION_KEPT, f"the connection of {charger} was {what} {how}")]
