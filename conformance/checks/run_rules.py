"""Rules that hold across the whole run, whatever case is running.

No plan case looks at them, yet a SUT can break them in any case: a CALL id used again on a later
connection, an energy register that runs backwards within a transaction, a transactionId handed
out twice. One `RunRules` per SUT lives for the run; the session of every connection to that SUT
feeds it the frames, and each feed returns what it found (a MUST as an error, a SHOULD as a
warning). Memory is bounded: a run that never ends cannot grow it without limit.

The meter register is Energy.Active.Import.Register (the default measurand of a sampledValue),
in Wh or kWh; meterStart and meterStop are that register in Wh (OCPP 1.6 §6.45, §6.49). Values
are compared per phase and location, in the order of their timestamps, not of their arrival, so
that values queued offline and delivered late are judged where they belong.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from ..ocpp.validation import Problem
from . import rules

REGISTER = "Energy.Active.Import.Register"
SAMPLED = "Sample.Periodic"
UNITS = {"Wh": Decimal(1), "kWh": Decimal(1000)}
MAX_IDS = 100_000          # CALL ids remembered per SUT: far more than any run sends
MAX_TRANSACTIONS = 1_000   # transactions remembered per SUT (open and stopped)
MAX_SAMPLES = 2_000        # register values kept per transaction, phase and location


def _moment(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None


def _wh(sampled: dict[str, Any]) -> Decimal | None:
    """The register value in Wh, or None when it is not the energy register in Wh or kWh as plain data."""
    if sampled.get("measurand", REGISTER) != REGISTER or sampled.get("format", "Raw") != "Raw":
        return None
    scale = UNITS.get(sampled.get("unit", "Wh"))
    try:
        value = Decimal(str(sampled.get("value")))
    except InvalidOperation:
        return None
    return value * scale if scale is not None and value.is_finite() else None


@dataclass
class _Transaction:
    connector_id: Any
    meter_start: Decimal | None = None
    # (phase, location) -> [(moment, Wh)] in the order they came
    samples: dict[tuple[Any, Any], list[tuple[datetime, Decimal]]] = field(default_factory=dict)


class RunRules:
    """What one SUT showed in the run so far, across cases and connections."""

    def __init__(self) -> None:
        self._ids: OrderedDict[str, int] = OrderedDict()   # CALL id -> connection number it came on
        self._connections = 0
        self._transactions: OrderedDict[Any, _Transaction] = OrderedDict()   # the charge point SUT's
        self._given: OrderedDict[Any, bool] = OrderedDict()   # the central system SUT's ids -> still open

    def connection(self) -> int:
        """A new connection to the SUT: its number, for the messages that name where an id was used."""
        self._connections += 1
        return self._connections

    # -- CALL ids (OCPP-J 1.6 §4.1.4: unique per sender on a connection; a new one may start again) ----

    def call_id(self, unique_id: str, action: str, connection: int) -> list[Problem]:
        earlier = self._ids.pop(unique_id, None)
        self._ids[unique_id] = connection
        if len(self._ids) > MAX_IDS:
            self._ids.popitem(last=False)
        if earlier != connection:
            return []
        return [Problem(rules.UNIQUE_ID_NOT_REUSED,
                        f"{action}.req reuses the message id {unique_id!r} of an earlier CALL on this connection")]

    # -- a charge point SUT: its transactions, whose ids the harness gives -----------------------------

    def transaction_started(self, request: dict[str, Any], answer: dict[str, Any]) -> None:
        """The harness answered a StartTransaction.req with this transactionId."""
        tid = answer.get("transactionId")
        tx = self._transactions[tid] = _Transaction(request.get("connectorId"))
        while len(self._transactions) > MAX_TRANSACTIONS:
            self._transactions.popitem(last=False)
        start = request.get("meterStart")
        moment = _moment(request.get("timestamp"))
        if isinstance(start, int) and moment is not None:
            tx.meter_start = Decimal(start)
            tx.samples[(None, "Outlet")] = [(moment, tx.meter_start)]

    def meter_values(self, payload: dict[str, Any]) -> list[Problem]:
        tid = payload.get("transactionId")
        if tid is None:
            return self._untied(payload)
        return self._register(tid, payload.get("meterValue") or [], "MeterValues.req")

    def transaction_stopped(self, payload: dict[str, Any]) -> list[Problem]:
        tid = payload.get("transactionId")
        problems = self._register(tid, payload.get("transactionData") or [], "StopTransaction.req transactionData")
        tx = self._transactions.pop(tid, None)
        stop = payload.get("meterStop")
        if tx is None or not isinstance(stop, int):
            return problems
        if tx.meter_start is not None and stop < tx.meter_start:
            return [*problems, Problem(rules.METER_REGISTER_NOT_DECREASING,
                                       f"StopTransaction.req of transaction {tid}: meterStop {stop} Wh is below its "
                                       f"meterStart {tx.meter_start} Wh")]
        moment = _moment(payload.get("timestamp"))
        if moment is not None:
            problems += self._sample(tid, tx, (None, "Outlet"), moment, Decimal(stop), "StopTransaction.req meterStop")
        return problems

    def _untied(self, payload: dict[str, Any]) -> list[Problem]:
        """Sampled values for a connector that has a transaction should name it (a SHOULD)."""
        connector = payload.get("connectorId")
        open_here = [tid for tid, tx in self._transactions.items() if tx.connector_id == connector]
        sampled = any(s.get("context", SAMPLED) == SAMPLED
                      for value in payload.get("meterValue") or [] for s in value.get("sampledValue") or [])
        if not open_here or not sampled:
            return []
        return [Problem(rules.METER_VALUES_NAME_TRANSACTION,
                        f"MeterValues.req with sampled values (Sample.Periodic) for connector {connector} carries no "
                        f"transactionId, while transaction {open_here[-1]} runs there", "warning")]

    def _register(self, tid: Any, meter_values: list[dict[str, Any]], what: str) -> list[Problem]:
        tx = self._transactions.get(tid)
        if tx is None:
            # Not started in this run as far as the harness saw (e.g. queued offline): judged among its own values.
            tx = self._transactions[tid] = _Transaction(None)
            while len(self._transactions) > MAX_TRANSACTIONS:
                self._transactions.popitem(last=False)
        problems: list[Problem] = []
        for value in meter_values:
            moment = _moment(value.get("timestamp"))
            for sampled in value.get("sampledValue") or []:
                wh = _wh(sampled)
                if moment is not None and wh is not None:
                    key = (sampled.get("phase"), sampled.get("location", "Outlet"))
                    problems += self._sample(tid, tx, key, moment, wh, what)
        return problems

    @staticmethod
    def _sample(tid: Any, tx: _Transaction, key: tuple[Any, Any], moment: datetime, wh: Decimal,
                what: str) -> list[Problem]:
        kept = tx.samples.setdefault(key, [])
        against = next(((m, v) for m, v in kept if (m < moment and v > wh) or (m > moment and v < wh)), None)
        kept.append((moment, wh))
        del kept[:-MAX_SAMPLES]
        if against is None:
            return []
        (first_m, first_v), (then_m, then_v) = sorted([against, (moment, wh)])
        phase = f" (phase {key[0]})" if key[0] else ""
        return [Problem(rules.METER_REGISTER_NOT_DECREASING,
                        f"{what}: in transaction {tid} the energy register{phase} went down from {first_v.normalize():f} Wh at "
                        f"{first_m.isoformat()} to {then_v.normalize():f} Wh at {then_m.isoformat()}")]

    # -- a central system SUT: the transactionIds it gives ----------------------------------------------

    def transaction_id_given(self, request: dict[str, Any], answer: dict[str, Any]) -> list[Problem]:
        """The central system answered the harness's StartTransaction.req with this transactionId."""
        tid = answer.get("transactionId")
        if tid is None:
            return []
        still_open = self._given.pop(tid, None)
        self._given[tid] = True
        if len(self._given) > MAX_TRANSACTIONS:
            self._given.popitem(last=False)
        if still_open is None:
            return []
        how = "a transaction that is still open" if still_open else "an earlier transaction of this run"
        return [Problem(rules.TRANSACTION_ID_UNIQUE,
                        f"StartTransaction.conf for connector {request.get('connectorId')} gives transactionId {tid}, "
                        f"already given to {how}")]

    def transaction_id_closed(self, request: dict[str, Any]) -> None:
        """The central system confirmed the harness's StopTransaction.req."""
        tid = request.get("transactionId")
        if tid in self._given:
            self._given[tid] = False
