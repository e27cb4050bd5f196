"""The OCPP endpoint both harness roles share: it reads, checks, traces and answers every frame.

Every frame the SUT sends is read by one task per connection, checked by the session
(framing, ids, schema, timestamps), written to the trace and, if it is a CALL, answered at
once: with the answer the case scripted, or the role's default, or the CALLERROR a correct
peer gives a malformed request. Cases never pace the conversation: their waits judge what
came, and a rule broken by any frame, also before or between cases, fails at the next wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from websockets.exceptions import ConnectionClosed

from .. import events
from ..checks import rules
from ..checks.expectations import Expect, Reply, Unplanned, Window, frame_of, judge
from ..checks.failures import (
    ConnectionLost,
    FrameViolation,
    NoMessageWithinDeadline,
    PayloadMismatch,
    UnexpectedCallError,
)
from ..checks.matchers import describe, mismatches
from ..checks.run_rules import RunRules
from ..checks.verdicts import HarnessError
from ..ocpp.actions import Role
from ..ocpp.rpc import Call, CallError, CallResult
from ..ocpp.session import Session
from ..ocpp.validation import Problem
from ..sut.profile import SutProfile
from ..transport.trace import HARNESS_TO_SUT, SUT_TO_HARNESS, Trace
from .answers import Answer, Incoming, Respond, Script, Scripts
from .connection import Connection

Defaults = Callable[[Call], Answer]

INBOX_LIMIT = 2000      # CALLs a case has not looked at yet; a flood beyond is counted, not kept
FINDINGS_LIMIT = 200    # broken rules kept per case; the first one decides the verdict
UNPLANNED_LIMIT = 200   # messages seen, not in the plan, listed per case; more are counted
BETWEEN_CASES_LIMIT = 1000


class Endpoint:
    """Args:
    profile: the SUT description (timestamp rule, default bound of every wait).
    sut_role: the role of the SUT on the other side.
    defaults: how the harness answers CALLs the case did not script an answer for.
    fail_on_close: a closed connection fails waits at once (harness as charge point); otherwise
        waits go on until their deadline, since a charge point comes back after a reboot.
    run_rules: what the SUT showed in the run so far, for the rules that span cases and connections
        (the run's, when the harness lives for one case only).
    """

    # What a peer of the SUT's role may send at any time; a wait passes over it unless expected.
    background = frozenset({"Heartbeat", "MeterValues"})
    # What it may send besides what a step names: judged by `judge_unplanned`, listed for review.
    tolerated: frozenset[str] = frozenset()
    # What fails when no step names it, with the rule it breaks (others: expected_message).
    strict: dict[str, str] = {}

    def __init__(self, profile: SutProfile, *, sut_role: Role, defaults: Defaults, fail_on_close: bool,
                 run_rules: RunRules | None = None):
        self.profile = profile
        self.data = profile.test_data
        self.sut_role = sut_role
        self.policy = profile.timestamps
        self.message_timeout = profile.test_data.message_timeout_s
        self.quiet_period = profile.test_data.quiet_period_s
        self.defaults = defaults
        self.fail_on_close = fail_on_close
        self.run_rules = run_rules or RunRules()
        self.trace = Trace(limit=BETWEEN_CASES_LIMIT)
        self.in_case = False
        self.in_steps = False
        self.connection: Connection | None = None
        self.connections = 0
        self.inbox: deque[Incoming] = deque()
        self.inbox_dropped = 0
        self.scripts = Scripts()
        self.errors: list[tuple[Problem, str, str]] = []   # problem, frame, where it came
        self.errors_dropped = 0
        self.warnings: list[tuple[Problem, str]] = []
        self.unplanned: list[str] = []   # the case's messages seen, not in the plan (for review)
        self.passed_over: deque[tuple[Incoming, str]] = deque(maxlen=UNPLANNED_LIMIT)   # and at which step
        self.unplanned_dropped = 0
        self.observers: list[Callable[[Incoming], None]] = []
        self.last_message: tuple[str, float] | None = None   # what the SUT sent last, and when
        self.action_started = 0.0   # when the case's last operator action began
        self.harness_failure = ""
        self.pipelined = 0          # CALLs the SUT sent before the previous one was answered, this case
        self.pipelined_first = ""
        self._changed = asyncio.Event()
        self._reported = 0

    # -- connections ---------------------------------------------------------------------------

    def attach(self, ws: Any) -> Connection:
        """Take over a new WebSocket; it replaces the current one."""
        self.connections += 1
        conn = Connection(ws, Session(self.sut_role, self.policy, self.run_rules), f"connection {self.connections}")
        self.connection = conn
        path = getattr(getattr(ws, "request", None), "path", "") or ""
        self.trace.event(f"{conn.label} opened{f' ({path})' if path else ''}")
        conn.reader = asyncio.create_task(self._read(conn))
        self._wake()
        return conn

    async def close(self) -> None:
        """Close the connection, at once and for good: a peer that floods it or never answers the
        close frame gets its TCP connection aborted after 2 s, not left open until the run ends."""
        conn = self.connection
        if conn is not None:
            conn.closed_by_harness = True
            try:
                await asyncio.wait_for(conn.ws.close(), 2)
            except Exception:
                pass
            transport = getattr(conn.ws, "transport", None)
            if transport is not None and not transport.is_closing():
                transport.abort()
            if conn.reader:
                conn.reader.cancel()
                with contextlib.suppress(BaseException):
                    await conn.reader

    async def _read(self, conn: Connection) -> None:
        try:
            async for text in conn.ws:
                await self._receive(conn, text)
        except ConnectionClosed as exc:
            conn.close_reason = self._why_closed(conn, exc)
        except Exception as exc:  # a reader that dies must still be seen by the waits
            conn.close_reason = f"reader failed: {exc!r}"
        finally:
            if not conn.close_reason:
                code = getattr(conn.ws, "close_code", None)
                reason = getattr(conn.ws, "close_reason", "") or ""
                who = "the harness" if conn.closed_by_harness else "the SUT"
                conn.close_reason = f"{who} closed it, code {code}{f', {reason}' if reason else ''}"
            conn.closed_at = time.monotonic()
            conn.closed.set()
            self.trace.event(f"{conn.label} closed ({conn.close_reason})")
            if conn.pending is not None and not conn.pending.done():
                conn.pending.set_exception(ConnectionLost(
                    f"the connection closed ({conn.close_reason}) before the SUT answered"))
            self._wake()

    def _why_closed(self, conn: Connection, exc: ConnectionClosed) -> str:
        """Who closed the connection, and why, from the close frames that went each way."""
        sent, rcvd = exc.sent, exc.rcvd
        if sent is not None and (rcvd is None or exc.rcvd_then_sent is False):
            if sent.code == 1009:
                limit = getattr(conn.ws, "max_size", None) or 2**20
                self._finding(Problem(rules.FRAME_SIZE, f"the SUT sent a frame over the harness's limit of {limit} bytes; "
                                                    "the harness closed the connection with 1009 (message too big)"), "")
                return f"the harness closed it: code 1009, a frame from the SUT was over {limit} bytes"
            return f"the harness closed it, code {sent.code}{f', {sent.reason}' if sent.reason else ''}"
        if rcvd is not None:
            return f"the SUT closed it, code {rcvd.code}{f', {rcvd.reason}' if rcvd.reason else ''}"
        return "the TCP connection was lost without a close frame (code 1006)"

    async def _receive(self, conn: Connection, text: str | bytes) -> None:
        now = time.monotonic()
        conn.received += 1
        received = conn.session.receive(text, now)
        shown = text if isinstance(text, str) else repr(text)
        entry = self.trace.record(SUT_TO_HARNESS, shown, [f"{p.severity}: {p.rule}: {p.message}" for p in received.problems],
                                  step=None, monotonic=now)
        message = received.message
        warning = None
        if isinstance(message, Call) and conn.sent_before_answer is not None:
            # It was already on its way before the harness answered the previous CALL. The first of
            # a case is the finding; the others are counted (a flood would drown the trace in marks).
            self.pipelined += 1
            if self.pipelined == 1:
                warning = Problem(rules.ONE_OUTSTANDING_CALL, f"{message.action}.req was sent before the answer to "
                                  f"{conn.sent_before_answer} could reach the SUT (OCPP-J §4.1.1: one CALL at a time)",
                                  "warning")
                self.pipelined_first = warning.message
                entry.checks.append(f"warning: {warning.rule}: {warning.message}")
        self._published(entry)
        for problem in [*received.problems, *([warning] if warning else [])]:
            self._finding(problem, shown)
        if isinstance(message, Call):
            self.last_message = (f"{message.action}.req", now)
            conn.sent_before_answer = f"{message.action}.req ({message.unique_id})" if conn.buffered() else None
            incoming = Incoming(message, conn, now, entry)
            for observe in self.observers:
                observe(incoming)
            await self._answer(incoming, received.refusal)
            if self.in_case:
                if len(self.inbox) >= INBOX_LIMIT:
                    self.inbox.popleft()
                    self.inbox_dropped += 1
                self.inbox.append(incoming)
        else:
            if received.refusal is not None:
                await self._send_text(conn, conn.session.refuse(received.refusal), step=None)
            if message is not None:
                self.last_message = ("CALLRESULT" if isinstance(message, CallResult) else "CALLERROR", now)
                if received.answers is not None and conn.pending is not None and not conn.pending.done():
                    conn.pending.set_result(message)
        self._wake()

    def looked_at(self, incoming: Incoming) -> None:
        """A wait judges this CALL: it and its answer stay in the trace, whatever a flood pushes out."""
        self.trace.keep(incoming.entry)
        self.trace.keep(incoming.answer_entry)

    def _record(self, direction: str, text: str, step: Any = "current") -> Any:
        return self._published(self.trace.record(direction, text, step=step))

    @staticmethod
    def _published(entry: Any) -> Any:
        """A traced frame, published with the checks it broke."""
        events.publish(events.Frame(direction=entry.direction, text=entry.text, checks=tuple(entry.checks),
                                    plan_step=entry.step, at=entry.at, monotonic=entry.monotonic))
        return entry

    def _finding(self, problem: Problem, frame: str) -> None:
        where = "" if self.in_steps else "before the case's steps began: " if self.in_case else "before the case began: "
        events.publish(events.FindingRecorded(severity=problem.severity, rule=problem.rule, message=problem.message,
                                              where=where))
        if problem.severity != "error":
            self.warnings.append((problem, frame))
            del self.warnings[FINDINGS_LIMIT:]
            return
        if len(self.errors) >= FINDINGS_LIMIT:
            self.errors_dropped += 1
            return
        self.errors.append((problem, frame, where))

    # -- answering -------------------------------------------------------------------------------

    def will_answer(self, step: int | str, action: str, respond: Respond | None = None, *,
                    when: dict[str, Any] | None = None, times: int | None = 1, new_connection: bool = False,
                    **payload: Any) -> Script:
        """Script the answer to a CALL the case is about to provoke (the plan's `.conf` step).

        Scripted before the action that provokes the CALL, so the harness answers it the moment
        it is read. `respond` computes the answer from the request where it depends on it;
        `when` narrows it to CALLs with these fields; `times=None` answers every such CALL;
        `new_connection` to CALLs on a connection opened from now on (the boot after a power
        cycle, not a last frame of the connection before).
        """
        script = Script(step, action, respond if respond is not None else payload, when or {}, times, new_connection)
        self.trace.event(f"scripted answer: {script}")
        events.publish(events.AnswerScripted(plan_step=str(step), action=action, script=str(script)))
        return self.scripts.add(script)

    def complete(self, action: str, answer: dict[str, Any]) -> dict[str, Any]:
        """Fill in what an answer needs at the moment it is sent (e.g. currentTime); roles extend it."""
        return answer

    async def _answer(self, incoming: Incoming, refusal: CallError | None) -> None:
        answer: Answer
        if refusal is not None:
            answer = refusal
        else:
            script = self.scripts.take(incoming)
            try:
                if script is not None:
                    incoming.scripted = script
                    answer = script.answer(incoming)
                else:
                    answer = self.defaults(incoming.call)
            except Exception as exc:  # the harness's own mistake: answer as a peer would, and say so
                self.harness_failure = f"answering {incoming.action}.req failed in the harness: {exc!r}"
                answer = CallError(incoming.call.unique_id, "InternalError", "the harness failed to answer", {})
            if isinstance(answer, dict):
                answer = self.complete(incoming.action, answer)
        conn = incoming.connection
        incoming.answer = answer
        incoming.answered_at = time.monotonic()
        if isinstance(answer, CallError):
            text = conn.session.error(incoming.call, answer.code, answer.description, answer.details)
        else:
            text = conn.session.result(incoming.call, answer)
        incoming.answer_entry = await self._send_text(conn, text, step=incoming.scripted.step if incoming.scripted else None)
        self.answered(incoming)

    def answered(self, incoming: Incoming) -> None:
        """Called after every answer the harness sends; roles track state here."""

    async def _send_text(self, conn: Connection, text: str, step: Any = "current") -> Any:
        entry = self._record(HARNESS_TO_SUT, text, step=str(step) if step not in (None, "current") else step)
        try:
            await conn.ws.send(text)
        except ConnectionClosed:
            pass  # the reader reports the close
        return entry

    # -- waiting ----------------------------------------------------------------------------------

    def _wake(self) -> None:
        self._changed.set()

    async def _wait_change(self, deadline: float) -> bool:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        self._changed.clear()
        try:
            await asyncio.wait_for(self._changed.wait(), remaining)
        except TimeoutError:
            return False
        return True

    async def wait_for(self, condition: Callable[[], Any], timeout: float | None = None) -> bool:
        """Wait until `condition()` holds, bounded by `timeout` (default: message_timeout_s)."""
        deadline = time.monotonic() + (self.message_timeout if timeout is None else timeout)
        while not condition():
            if not await self._wait_change(deadline):
                return bool(condition())
        return True

    def raise_errors(self, step: int | str | None = None) -> None:
        """Fail with the first always-on check the SUT broke and that was not yet reported.

        A failure of the harness itself comes first, as broken: it is not the SUT's.
        """
        if self.harness_failure:
            failure, self.harness_failure = self.harness_failure, ""
            raise HarnessError(failure)
        if self._reported < len(self.errors):
            problem, frame, where = self.errors[self._reported]
            self._reported = len(self.errors)
            raise FrameViolation(where + problem.message, step=step if not where else None, frame=frame or None,
                                 rule=problem.rule)

    def take_errors(self, since: int) -> list[tuple[Problem, str, str]]:
        """Remove and return the findings from index `since` on, for a caller that judges them itself
        (the robustness suites grade a malformed frame's answers by their policy table)."""
        taken = self.errors[since:]
        del self.errors[since:]
        self._reported = min(self._reported, since)
        return taken

    def _closed_note(self) -> str:
        conn = self.connection
        if conn is not None and conn.closed.is_set():
            return f"; the connection closed ({conn.close_reason}) and the SUT did not reconnect"
        if conn is None:
            return "; the SUT is not connected"
        return ""

    def _check_connection(self, step: int | str | None, waiting_for: str) -> None:
        conn = self.connection
        if self.fail_on_close and conn is not None and conn.closed.is_set():
            raise ConnectionLost(f"the connection closed ({conn.close_reason}) while the harness waited for {waiting_for}",
                                 step=step)

    def _flood_note(self) -> str:
        return f"; {self.inbox_dropped} CALLs were dropped unread (the SUT flooded the harness)" if self.inbox_dropped else ""

    # -- the verbs test cases use -------------------------------------------------------------------

    async def expect(self, step: int | str, action: str, *, reply: Reply | None = None, timeout: float | None = None,
                     first_after_power_cycle: bool = False, nothing_else_after: Incoming | None = None,
                     **fields: Any) -> Incoming:
        """Wait for the SUT's next CALL; it must be `action` with `fields`.

        first_after_power_cycle: it must be the first message on a connection opened after the
            case's last operator action began (OCPP 1.6 §4.2: a booting charge point sends
            BootNotification first); the old connection's last frames are passed over.
        nothing_else_after: no message at all may come between the harness's answer to that
            CALL and this one (while a boot is Rejected, not even a Heartbeat).
        """
        (incoming,) = await self.expect_in_any_order(
            None, Expect(step, action, fields, reply), timeout=timeout,
            first_after_power_cycle=first_after_power_cycle, nothing_else_after=nothing_else_after)
        return incoming

    async def expect_in_any_order(self, note: str | None, *expected: Expect, timeout: float | None = None,
                                  first_after_power_cycle: bool = False,
                                  nothing_else_after: Incoming | None = None) -> list[Incoming]:
        """Wait for the CALLs of several steps, in any order (`note` names the plan's allowance).

        Optional expectations are matched if they come before the required ones are complete.
        Returns the matched CALLs in the order of `expected` (None for a missing optional one).
        """
        bound = self.message_timeout if timeout is None else timeout
        window = Window(
            self.background,
            first_after=self.action_started if first_after_power_cycle else None,
            nothing_else_after=(nothing_else_after.answered_at or nothing_else_after.received_at)
            if nothing_else_after is not None else None,
            tolerated=self.tolerated, strict=self.strict)
        instead: tuple[str, str] | None = None   # the first unplanned CALL of an expected action: mismatch, frame
        title = " and ".join(f"step {e.step}: {e.title}" for e in expected)
        if note:
            title += f" (in any order: {note})"
        found: dict[int, Incoming] = {}
        deadline = time.monotonic() + bound
        with events.step(f"Expect {title}", expected[0].step if expected else None):
            while any(not e.optional and i not in found for i, e in enumerate(expected)):
                missing = [e for i, e in enumerate(expected) if i not in found]
                step = missing[0].step
                self.trace.step = str(step)
                self.raise_errors(step)
                if self.inbox:
                    incoming = self.inbox.popleft()
                    self.looked_at(incoming)
                    index = judge(incoming, expected, found, window)
                    if isinstance(index, Unplanned):
                        self.seen_unplanned(incoming, index)
                        if index.instead_of and instead is None:
                            instead = (index.instead_of, frame_of(incoming))
                    elif index is not None:
                        found[index] = incoming
                        e = expected[index]
                        incoming.label(e.step, e.reply.step if e.reply else None)
                        with events.step(f"Step {e.step}: received {incoming.action}.req"
                                         f"{self._answer_note(incoming, e)}", e.step):
                            pass
                    continue
                self._check_connection(step, " or ".join(e.title for e in missing))
                if not await self._wait_change(deadline):
                    self.raise_errors(step)
                    waiting_for = " or ".join(e.title for e in missing if not e.optional)
                    early = self._came_too_early(missing)
                    if instead is not None:
                        # What came in its place is what the step judges: named, not just the silence.
                        raise PayloadMismatch(f"{instead[0]}; no {waiting_for} within {bound:g} s{early}", step=step,
                                              frame=instead[1])
                    raise NoMessageWithinDeadline(
                        f"no {waiting_for} within {bound:g} s{self._closed_note()}{self._flood_note()}{early}"
                        f"{self.waiting_note()}", step=step)
        return [found.get(i) for i in range(len(expected))]  # type: ignore[misc]

    def waiting_note(self) -> str:
        """What a wait that ran out adds to its message (roles: the operator action behind it)."""
        return ""

    def seen_unplanned(self, incoming: Incoming, unplanned: Unplanned) -> None:
        """A CALL no step names: judged by the role's rules (a broken one fails at once), else listed."""
        self.judge_unplanned(incoming, unplanned.step)
        self.passed_over.append((incoming, str(unplanned.step)))
        note = f"step {unplanned.step}: {unplanned.note}"
        self.trace.event(f"seen, not in the plan: {note}")
        if len(self.unplanned) >= UNPLANNED_LIMIT:
            self.unplanned_dropped += 1
            return
        self.unplanned.append(note)
        events.publish(events.UnplannedMessage(plan_step=str(unplanned.step), action=incoming.action, note=note))

    def _came_too_early(self, missing: list[Expect]) -> str:
        """A missing CALL that came at an earlier step and was passed over there (out of the plan's order)."""
        for e in missing:
            for incoming, seen_at in self.passed_over:
                if incoming.action == e.action and not mismatches(incoming.payload, e.fields):
                    return f"; one came at step {seen_at}, before the plan has it"
        return ""

    def judge_unplanned(self, incoming: Incoming, step: int | str) -> None:
        """The rules a CALL no step names must keep (roles add theirs); raise the failure of one broken."""

    def judge_leftovers(self) -> None:
        """CALLs that came after the case's last wait: a tolerated one is judged and listed as at a step."""
        while self.inbox:
            incoming = self.inbox.popleft()
            if incoming.action in self.tolerated:
                shown = f" ({describe(incoming.payload)})" if incoming.payload else ""
                self.seen_unplanned(incoming, Unplanned(f"{incoming.action}.req{shown} after the last step", "end"))

    def unplanned_notes(self) -> list[str]:
        more = [f"and {self.unplanned_dropped} more"] if self.unplanned_dropped else []
        return [*self.unplanned, *more]

    @staticmethod
    def _answer_note(incoming: Incoming, e: Expect) -> str:
        answer = incoming.answer
        step = e.reply.step if e.reply else (incoming.scripted.step if incoming.scripted else None)
        if isinstance(answer, CallError):
            return f", answered with CALLERROR {answer.code}"
        shown = f" ({describe(answer)})" if answer else ""
        return f"; step {step}: answered {incoming.action}.conf{shown}" if step is not None else ""

    def operator_action(self, action: str, params: dict[str, Any]) -> None:
        """An operator action begins: what the SUT sends from now on may be its consequence."""
        self.action_started = time.monotonic()

    async def send(self, step: int | str, action: str, *, timeout: float | None = None, **payload: Any) -> dict[str, Any]:
        """Send a CALL and wait for its CALLRESULT; a CALLERROR or silence fails the step."""
        with events.step(f"Step {step}: send {action}.req{f' ({describe(payload)})' if payload else ''}", step):
            self.trace.step = str(step)
            answer = await self.call(action, payload, timeout=timeout, step=step)
            if isinstance(answer, CallError):
                raise UnexpectedCallError(
                    f"{action}.req was answered with CALLERROR {answer.code} ({answer.description!r})", step=step)
            self.raise_errors(step)
            return answer.payload

    async def call(self, action: str, payload: dict[str, Any], *, timeout: float | None = None,
                   step: int | str | None = None, unique_id: str | None = None) -> CallResult | CallError:
        conn = self.connection
        if conn is None or conn.closed.is_set():
            raise ConnectionLost(f"cannot send {action}.req: the SUT is not connected{self._closed_note()}", step=step)
        call, text = conn.session.call(action, payload, unique_id)
        conn.pending = asyncio.get_running_loop().create_future()
        try:
            await self._send_text(conn, text)
            bound = self.message_timeout if timeout is None else timeout
            try:
                return await asyncio.wait_for(asyncio.shield(conn.pending), bound)
            except TimeoutError:
                self.raise_errors(step)
                sent = f" (it was sent with {describe(payload)})" if payload else ""
                raise NoMessageWithinDeadline(f"no answer to {action}.req within {bound:g} s{self._closed_note()}{sent}",
                                              step=step) from None
        finally:
            conn.session.abandon(call)
            conn.pending = None

    def check(self, step: int | str, what: str, payload: dict[str, Any], *, rule: str | None = None,
              **fields: Any) -> None:
        """Validate fields of a payload the SUT sent (the plan's tool validations on a `.conf`);
        `rule` names a more precise rule than payload_matches_expectation."""
        problems = mismatches(payload, fields)
        with events.step(f"Step {step}: check {what} ({describe(fields)})", step):
            if problems:
                raise PayloadMismatch(f"{what}: " + "; ".join(problems), step=step, frame=json.dumps(payload), rule=rule)

    async def call_raw(self, text: str | bytes, *, unique_id: str, action: str, timeout: float | None = None
                       ) -> CallResult | CallError:
        """Send any frame as a CALL with this id and wait for the SUT's answer to it."""
        conn = self.connection
        if conn is None or conn.closed.is_set():
            raise ConnectionLost("cannot send: the SUT is not connected")
        placeholder = conn.session.expect_answer(unique_id, action)
        conn.pending = asyncio.get_running_loop().create_future()
        try:
            await self.send_raw(text)
            bound = self.message_timeout if timeout is None else timeout
            try:
                return await asyncio.wait_for(asyncio.shield(conn.pending), bound)
            except TimeoutError:
                raise NoMessageWithinDeadline(f"no answer to the frame within {bound:g} s{self._closed_note()}") from None
        finally:
            conn.session.abandon(placeholder)
            conn.pending = None

    async def send_raw(self, text: str | bytes) -> None:
        """Send any frame at all, for robustness tests; nothing is checked on the way out."""
        conn = self.connection
        if conn is None:
            raise HarnessError("not connected")
        self._record(HARNESS_TO_SUT, text if isinstance(text, str) else repr(text))
        await conn.ws.send(text)

    # -- case boundaries ----------------------------------------------------------------------------

    def begin_case(self, trace: Trace) -> None:
        """The case's trace takes over; what came between cases goes in front of it, and what it
        broke is reported with this case (never dropped)."""
        trace.absorb(self.trace, "frames since the previous case (checked; a rule broken here fails this case)")
        self.trace = trace
        self.in_case = True
        self.inbox.clear()
        self.inbox_dropped = 0
        self.scripts.clear()
        self.unplanned.clear()
        self.unplanned_dropped = 0
        self.passed_over.clear()

    def start_steps(self) -> None:
        """The preconditions hold: from here on, waits look only at what the SUT sends for the steps."""
        self.inbox.clear()
        self.in_steps = True
        self.trace.step = None
        self.trace.event("the case's steps begin")

    def findings_besides_verdict(self) -> list[str]:
        """What the summary lists under the case whatever its verdict: pipelining (several CALLs
        outstanding at once), which OCPP-J only advises against but a flood shows."""
        if not self.pipelined:
            return []
        return [f"pipelining: {self.pipelined} CALL(s) sent before the previous one was answered "
                f"({rules.ONE_OUTSTANDING_CALL}, OCPP-J §4.1.1); the first: {self.pipelined_first}"]

    def end_case(self) -> None:
        """The verdict is decided: back to answering only with defaults; findings so far are the case's."""
        self.in_case = self.in_steps = False
        self.trace.step = "after the case"
        self.scripts.clear()
        self.inbox.clear()
        self.errors.clear()
        self.warnings.clear()
        self._reported = 0
        self.errors_dropped = 0
        self.pipelined, self.pipelined_first = 0, ""

    def detach_case(self) -> None:
        """The case's trace is written; frames from now on wait for the next case."""
        self.trace = Trace(limit=BETWEEN_CASES_LIMIT)
