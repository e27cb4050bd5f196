"""One simulated charge point of a load run: connect, boot, report its connectors, heartbeat,
charge, and, by scenario, drop and come back; every frame judged by the suite's protocol core.

Blocking code on purpose: in the load engine it runs in a gevent greenlet (Locust's users),
with websockets' synchronous client, whose sockets and threads gevent has turned into
cooperative ones. The judging is `conformance.ocpp.session.Session`, the same object the
asyncio harness feeds in a test case: it does no I/O, so both worlds share one implementation.
Every wait is bounded by a timeout of the plan; every loop ends with the run.
"""

from __future__ import annotations

import base64
import random
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from ..checks import rules
from ..checks.run_rules import RunRules
from ..ocpp.actions import Role
from ..ocpp.datetime import TimestampPolicy
from ..ocpp.rpc import CallError
from ..ocpp.session import Session
from ..ocpp.validation import Problem
from .findings import Findings
from .plan import LoadPlan

SUBPROTOCOL = "ocpp1.6"


class Stopped(Exception):
    """The run is over: the charger closes its connection and ends."""


class Lost(Exception):
    """The connection is gone; how, for the connection rule."""

    def __init__(self, close_code: int | None, detail: str):
        super().__init__(detail)
        self.close_code, self.detail = close_code, detail


class Sink(Protocol):
    """Where a charger's observations go (the engine: Locust's events and the findings)."""

    findings: Findings

    def request(self, action: str, ms: float, length: int, failure: str | None) -> None: ...
    def problems(self, charger: str, problems: list[Problem], frame: str | None,
                 request: str | None = None) -> None: ...
    def transaction(self, kind: str, charger: str, transaction_id: Any, at: float, frame: str | None) -> None: ...
    def connected(self, delta: int) -> None: ...


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def tls_context(ca_pem: str) -> ssl.SSLContext:
    context = ssl.create_default_context(cadata=ca_pem)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


@dataclass
class _Transaction:
    transaction_id: Any
    connector: int
    meter: int
    ends_at: float
    next_sample: float


class Charger:
    """Charger number n of the plan; `run` lives until `stopping()` is true or it gives up."""

    def __init__(self, plan: LoadPlan, n: int, sink: Sink, stopping: Callable[[], bool],
                 password: str | None, context: ssl.SSLContext | None, started_at: float):
        self.plan, self.n, self.sink, self.stopping = plan, n, sink, stopping
        self.id = plan.charger_id(n)
        self.url = plan.url_for(n)
        self._password, self._context = password, context
        self._started_at = started_at            # the run's start (unix s), shared by all chargers
        self._rules = RunRules()                 # this charger's memory across its connections
        self._policy = TimestampPolicy(plan.timestamps)
        self.ws: ClientConnection | None = None
        self.last_answer: str | None = None      # the frame of the last answer, an example for a finding
        self.session: Session | None = None
        self._interval: float | None = None      # the heartbeat interval the central system gave
        self._next_heartbeat = 0.0
        self._tx: _Transaction | None = None
        self._meter = random.randint(0, 10_000)
        rate = plan.sessions_per_hour / 3600
        self._rate = rate
        self._next_session = time.monotonic() + (random.expovariate(rate) if rate > 0 else float("inf"))
        self._next_drop = (time.monotonic() + random.uniform(0.5, 1.5) * plan.reconnect_every_s
                           if plan.scenario == "reconnect" else float("inf"))
        self._stormed = plan.storm_after_s is None
        # the storm's moment on this process's monotonic clock
        self._storm_at = (time.monotonic() + started_at + plan.storm_after_s - time.time()
                          if plan.storm_after_s is not None else float("inf"))

    # -- the life of a charger ---------------------------------------------------------------------

    def run(self) -> None:
        boot, storm_boot = True, False
        try:
            while not self.stopping():
                began = time.monotonic()
                if not self._connect():
                    return
                try:
                    if boot:
                        self._boot(began if storm_boot else None)
                        self._report_connectors()
                    boot = storm_boot = False
                    self._serve()
                except _Resume:
                    boot = False
                except Lost as lost:
                    self._lost(lost)
                    boot = False
                except _Storm:
                    self._close(abrupt=True)
                    boot = storm_boot = True
        except Stopped:
            pass
        finally:
            self._close(abrupt=False)

    # -- connection -----------------------------------------------------------------------------------

    def _connect(self) -> bool:
        """Connect, retrying with backoff; False when the attempts are used up or the run ends."""
        plan, delay = self.plan, plan_backoff(self.plan)
        for attempt in range(plan.max_connect_attempts):
            if self.stopping():
                raise Stopped
            if attempt:
                self._sleep(next(delay))
            self.sink.findings.attempts += 1
            headers = {}
            if self._password is not None:
                token = base64.b64encode(f"{self.id}:{self._password}".encode()).decode()
                headers["Authorization"] = f"Basic {token}"
            try:
                ws = connect(self.url, subprotocols=[SUBPROTOCOL], additional_headers=headers,
                             ssl=self._context if self.url.startswith("wss://") else None, compression=None,
                             proxy=None, open_timeout=plan.connect_timeout_s, ping_interval=None, close_timeout=1,
                             max_size=2**20, user_agent_header=None)
            except InvalidStatus as exc:
                status = exc.response.status_code
                self._connection_error("refused", f"HTTP {status}", refused=True, status=status)
                continue
            except (OSError, InvalidHandshake, TimeoutError) as exc:
                self._connection_error("refused", f"{type(exc).__name__}: {exc}"[:200], refused=True, status=None)
                continue
            if ws.subprotocol != SUBPROTOCOL:
                self.sink.problems(self.id, [Problem(
                    rules.WEBSOCKET_HANDSHAKE, f"the upgrade selects subprotocol {ws.subprotocol!r}, not ocpp1.6")],
                    None, "connection")
            self.ws = ws
            self.session = Session(Role.CENTRAL_SYSTEM, self._policy, self._rules)
            self.sink.connected(+1)
            return True
        return False

    def _connection_error(self, kind: str, detail: str, *, refused: bool, status: int | None = None,
                          close_code: int | None = None) -> None:
        from ..checks.load_rules import LoadRules

        problems = LoadRules.connection_lost(self.id, refused=refused, status=status, close_code=close_code,
                                             detail=detail)
        self.sink.findings.connection_error(kind, self.id, detail, time.time(), reasoned=not problems)
        if problems:
            self.sink.problems(self.id, problems, None, "connection")

    def _lost(self, lost: Lost) -> None:
        self._connection_error("dropped", lost.detail, refused=False, close_code=lost.close_code)
        self._close(abrupt=True)

    def _close(self, *, abrupt: bool) -> None:
        ws, self.ws = self.ws, None
        if ws is None:
            return
        self.sink.connected(-1)
        try:
            if abrupt:
                ws.socket.close()   # a power cut: no close frame
            else:
                ws.close(1000)
        except Exception:   # noqa: BLE001 - closing a dead connection may fail in many ways; it is closed
            pass

    def _sleep(self, seconds: float) -> None:
        """Wait, but never past the run's end."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.stopping():
                raise Stopped
            time.sleep(min(0.5, end - time.monotonic()))

    # -- the conversation --------------------------------------------------------------------------

    def call(self, action: str, payload: dict[str, Any]) -> tuple[str, dict[str, Any] | CallError | None]:
        """Send a CALL, answer the central system's CALLs meanwhile, return ("ok"|"error"|"timeout", answer)."""
        assert self.ws is not None and self.session is not None
        session, ws = self.session, self.ws
        call, text = session.call(action, payload)
        self.last_answer = None
        sent = time.monotonic()
        try:
            ws.send(text)
        except ConnectionClosed as exc:
            session.abandon(call)
            raise _lost_from(exc) from None
        self.sink.findings.requests += 1
        self.sink.findings.frames(time.time(), sent=1)
        deadline = sent + self.plan.message_timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                session.abandon(call)
                problem = Problem(rules.MESSAGE_WITHIN_DEADLINE,
                                  f"{action}.req of {self.id}: no answer within {self.plan.message_timeout_s:g} s")
                self.sink.problems(self.id, [problem], text)
                self.sink.request(action, self.plan.message_timeout_s * 1000, 0, problem.rule)
                return "timeout", None
            if self.stopping():
                raise Stopped
            frame = self._recv(min(left, 0.5))
            if frame is None:
                continue
            received = session.receive(frame, time.monotonic())
            if received.answers is not call:
                self._handle_incoming(received, frame)
                continue
            ms = (time.monotonic() - sent) * 1000
            self.last_answer = frame
            errors = [p for p in received.problems if p.severity == "error"]
            if received.problems:
                self.sink.problems(self.id, received.problems, frame)
            self.sink.findings.answered(action, ms, time.time())
            if isinstance(received.message, CallError):
                if action != "BootNotification":
                    problem = Problem(rules.NO_CALLERROR, f"{action}.req of {self.id} is answered with CALLERROR "
                                                          f"{received.message.code}")
                    self.sink.problems(self.id, [problem], frame)
                    errors.append(problem)
                self.sink.request(action, ms, len(frame), errors[0].rule if errors else None)
                return "error", received.message
            self.sink.request(action, ms, len(frame), errors[0].rule if errors else None)
            if any(p.rule == rules.PAYLOAD_MATCHES_SCHEMA for p in errors):
                return "invalid", received.message.payload   # type: ignore[union-attr]
            return "ok", received.message.payload   # type: ignore[union-attr]

    def _recv(self, timeout: float) -> str | None:
        assert self.ws is not None
        try:
            frame = self.ws.recv(timeout=timeout)
        except TimeoutError:
            return None
        except ConnectionClosed as exc:
            raise _lost_from(exc) from None
        self.sink.findings.frames(time.time(), received=1)
        return frame   # bytes too: the session judges a binary frame as not OCPP-J

    def _handle_incoming(self, received: Any, frame: str) -> None:
        """A CALL of the central system (answered at once), or a frame answering nothing."""
        assert self.ws is not None and self.session is not None
        if received.problems:
            self.sink.problems(self.id, received.problems, frame)
        reply = None
        if received.refusal is not None:
            reply = self.session.refuse(received.refusal)
        elif received.message is not None and received.answers is None and hasattr(received.message, "action"):
            call = received.message
            answer = _default_answer(call.action, call.payload)
            reply = (self.session.result(call, answer) if answer is not None
                     else self.session.error(call, "NotSupported", f"a load charger does not handle {call.action}"))
        if reply is not None:
            try:
                self.ws.send(reply)
            except ConnectionClosed as exc:
                raise _lost_from(exc) from None
            self.sink.findings.frames(time.time(), sent=1)

    # -- what a charger says ------------------------------------------------------------------------------

    def _boot(self, connected_at: float | None) -> None:
        """BootNotification until Accepted, waiting the interval the central system gives between tries."""
        from ..checks.load_rules import LoadRules

        payload = {"chargePointVendor": self.plan.vendor, "chargePointModel": self.plan.model,
                   "chargePointSerialNumber": self.id[:25]}
        while True:
            self._storm_due()
            outcome, answer = self.call("BootNotification", payload)
            if outcome == "ok":
                assert isinstance(answer, dict)
                problems = LoadRules.boot_answered(self.id, answer)
                if problems:
                    self.sink.problems(self.id, problems, self.last_answer, "BootNotification")
                interval = answer.get("interval")
                if answer.get("status") == "Accepted":
                    self._interval = float(interval) if isinstance(interval, int) and interval > 0 else None
                    self._next_heartbeat = time.monotonic() + (self._interval or 0)
                    if connected_at is not None:
                        self.sink.findings.stormed((time.monotonic() - connected_at) * 1000)
                    return
                wait = float(interval) if isinstance(interval, int) and interval > 0 else self.plan.message_timeout_s
            else:
                why = {"error": "answered with a CALLERROR", "timeout": "no answer within the message timeout",
                       "invalid": "answered against its schema"}[outcome]
                self.sink.problems(self.id, LoadRules.boot_unanswered(self.id, why), self.last_answer,
                                   "BootNotification")
                wait = self.plan.message_timeout_s
            self._serve_for(wait)

    def _report_connectors(self) -> None:
        for connector in range(self.plan.connectors + 1):
            self._status(connector, "Available")

    def _status(self, connector: int, status: str) -> None:
        self.call("StatusNotification", {"connectorId": connector, "errorCode": "NoError", "status": status,
                                         "timestamp": utc_now()})

    def _serve_for(self, seconds: float) -> None:
        """Answer what comes for a while, doing nothing of our own (a boot retry's wait)."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if self.stopping():
                raise Stopped
            self._storm_due()
            frame = self._recv(min(left, 0.5))
            if frame is not None:
                assert self.session is not None
                self._handle_incoming(self.session.receive(frame, time.monotonic()), frame)

    def _serve(self) -> None:
        """The connected life: heartbeats, sessions, the scenario's drops; returns never, raises."""
        if self.plan.scenario == "reconnect" and self._interval is not None and self.ws is not None:
            self._heartbeat()
        while True:
            if self.stopping():
                raise Stopped
            self._storm_due()
            now = time.monotonic()
            if now >= self._next_drop:
                self._next_drop = now + random.uniform(0.5, 1.5) * self.plan.reconnect_every_s
                self._close(abrupt=True)
                raise _Resume
            if self._interval is not None and now >= self._next_heartbeat:
                self._heartbeat()
                continue
            if self._tx is not None:
                if now >= self._tx.ends_at:
                    self._stop_transaction()
                    continue
                if now >= self._tx.next_sample:
                    self._sample()
                    continue
            elif now >= self._next_session:
                self._start_transaction()
                continue
            due = [now + 2.0, self._next_drop, self._storm_at]
            if self._interval is not None:
                due.append(self._next_heartbeat)
            due += [self._tx.ends_at, self._tx.next_sample] if self._tx else [self._next_session]
            due = min(due)
            frame = self._recv(max(0.01, due - now))  # type: ignore[operator]
            if frame is not None:
                assert self.session is not None
                self._handle_incoming(self.session.receive(frame, time.monotonic()), frame)

    def _heartbeat(self) -> None:
        now = time.monotonic()
        late = now - self._next_heartbeat
        self.sink.findings.heartbeats += 1
        if self._next_heartbeat and late > self.plan.tolerance_s:
            self.sink.findings.late_heartbeats += 1
        self._next_heartbeat = now + (self._interval or 0)
        self.call("Heartbeat", {})

    def _start_transaction(self) -> None:
        connector = random.randint(1, self.plan.connectors)
        self._next_session = float("inf")
        outcome, answer = self.call("Authorize", {"idTag": self.plan.id_tag})
        status = answer.get("idTagInfo", {}).get("status") if outcome == "ok" and isinstance(answer, dict) else None
        if status != "Accepted":
            self._schedule_session()
            return
        self._status(connector, "Preparing")
        outcome, answer = self.call("StartTransaction", {"connectorId": connector, "idTag": self.plan.id_tag,
                                                         "meterStart": self._meter, "timestamp": utc_now()})
        if outcome != "ok" or not isinstance(answer, dict) or "transactionId" not in answer:
            self._status(connector, "Available")
            self._schedule_session()
            return
        tid = answer["transactionId"]
        self.sink.transaction("start", self.id, tid, time.time(), self.last_answer)
        now = time.monotonic()
        self._tx = _Transaction(tid, connector, self._meter, now + self.plan.session_duration_s,
                                now + self.plan.meter_interval_s)
        self._status(connector, "Charging")

    def _sample(self) -> None:
        tx = self._tx
        assert tx is not None
        tx.next_sample = time.monotonic() + self.plan.meter_interval_s
        self._meter += random.randint(10, 200)
        self.call("MeterValues", {"connectorId": tx.connector, "transactionId": tx.transaction_id, "meterValue": [{
            "timestamp": utc_now(), "sampledValue": [{"value": str(self._meter), "context": "Sample.Periodic",
                                                     "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}]})

    def _stop_transaction(self) -> None:
        tx = self._tx
        assert tx is not None
        self._tx = None
        self._meter += random.randint(10, 200)
        self.sink.transaction("stop", self.id, tx.transaction_id, time.time(), None)
        self._status(tx.connector, "Finishing")
        self.call("StopTransaction", {"transactionId": tx.transaction_id, "meterStop": self._meter,
                                      "timestamp": utc_now(), "idTag": self.plan.id_tag, "reason": "Local"})
        self._status(tx.connector, "Available")
        self._schedule_session()

    def _schedule_session(self) -> None:
        if self._rate > 0:
            self._next_session = time.monotonic() + random.expovariate(self._rate)

    def _storm_due(self) -> None:
        """Scenario boot-storm: at its moment every charger loses power at once and comes back."""
        if self._stormed or self.plan.storm_after_s is None:
            return
        if time.monotonic() >= self._storm_at:
            self._stormed = True
            self._storm_at = float("inf")
            if self._tx is not None:   # a power cut ends the session where the central system cannot see it
                self.sink.transaction("stop", self.id, self._tx.transaction_id, time.time(), None)
                self._tx = None
            raise _Storm


class _Storm(Exception):
    """The boot storm's moment: drop, reconnect and boot."""


class _Resume(Lost):
    """The scenario drops the connection on purpose: reconnect without boot, not the central system's doing."""

    def __init__(self) -> None:
        super().__init__(None, "dropped by the scenario")


def _lost_from(exc: ConnectionClosed) -> Lost:
    frame = exc.rcvd
    if frame is None:
        return Lost(None, "closed without a close frame")
    return Lost(frame.code, f"closed with code {frame.code}" + (f" ({frame.reason})" if frame.reason else ""))


def plan_backoff(plan: LoadPlan):
    """Exponential backoff with full jitter: the chargers that lost the central system do not return as one."""
    delay = plan.backoff_initial_s
    while True:
        yield random.uniform(delay / 2, delay)
        delay = min(plan.backoff_max_s, delay * 2)


def _default_answer(action: str, payload: dict[str, Any]) -> dict[str, Any] | None:
    """What a load charger answers the central system's requests with; None: NotSupported."""
    if action == "GetConfiguration":
        return {"configurationKey": [], "unknownKey": list(payload.get("key", []))}
    if action == "ChangeConfiguration":
        return {"status": "NotSupported"}
    if action == "TriggerMessage":
        return {"status": "NotImplemented"}
    if action == "DataTransfer":
        return {"status": "UnknownVendorId"}
    if action == "UnlockConnector":
        return {"status": "NotSupported"}
    if action in ("ClearCache", "ChangeAvailability", "RemoteStartTransaction", "RemoteStopTransaction", "Reset"):
        return {"status": "Rejected"}
    return None
