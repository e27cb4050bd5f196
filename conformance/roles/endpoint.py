"""The OCPP endpoint both harness roles share: expect, reply, send, with bounded waits.

Every frame the SUT sends is read here, checked by the session (framing, ids, schema,
timestamps), written to the trace, and either queued for the test case or, for messages the
case does not steer (Heartbeat, MeterValues, anything between cases), answered at once by
the role's defaults. A rule broken by any frame fails the case at its next wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import allure
from websockets.exceptions import ConnectionClosed

from ..ocpp.actions import Role
from ..ocpp.rpc import Call, CallError, CallResult
from ..ocpp.session import Session
from ..ocpp.validation import Problem
from ..steps.matchers import describe, mismatches
from ..sut.profile import SutProfile
from ..transport.trace import HARNESS_TO_SUT, SUT_TO_HARNESS, Trace
from ..verdicts import (
    ConnectionLost,
    FrameViolation,
    HarnessError,
    NoMessageWithinDeadline,
    PayloadMismatch,
    UnexpectedCallError,
    UnexpectedMessage,
)

Answer = dict[str, Any] | CallError
Defaults = Callable[[Call], Answer]


@dataclass
class Reply:
    """The harness's answer to an expected CALL: plan step and payload (or a function of the CALL)."""

    step: int | str
    payload: dict[str, Any] | Callable[["Incoming"], dict[str, Any]] = field(default_factory=dict)


@dataclass
class Expect:
    """A CALL the plan expects from the SUT at a step, with the fields it validates."""

    step: int | str
    action: str
    fields: dict[str, Any] = field(default_factory=dict)
    reply: Reply | None = None
    optional: bool = False

    @property
    def title(self) -> str:
        fields = f" ({describe(self.fields)})" if self.fields else ""
        return f"{self.action}.req{fields}"


def expect(step: int | str, action: str, *, reply: Reply | None = None, optional: bool = False, **fields: Any) -> Expect:
    return Expect(step, action, fields, reply, optional)


@dataclass
class Incoming:
    call: Call
    connection: "Connection"
    received_at: float
    answered_at: float | None = None
    answer: Answer | None = None

    @property
    def payload(self) -> dict[str, Any]:
        return self.call.payload

    @property
    def action(self) -> str:
        return self.call.action


class Connection:
    """One WebSocket and its session state."""

    def __init__(self, ws: Any, session: Session, label: str):
        self.ws = ws
        self.session = session
        self.label = label
        self.closed = asyncio.Event()
        self.close_reason = ""
        self.reader: asyncio.Task | None = None
        self.pending: asyncio.Future | None = None


class Endpoint:
    """Args:
    profile: the SUT description (timestamp rule, default bound of every wait).
    sut_role: the role of the SUT on the other side.
    defaults: how the harness answers CALLs nobody expects.
    fail_on_close: a closed connection fails waits at once (harness as charge point); otherwise
        waits go on until their deadline, since a charge point comes back after a reboot.
    """

    background = frozenset({"Heartbeat", "MeterValues"})

    def __init__(
        self,
        profile: SutProfile,
        *,
        sut_role: Role,
        defaults: Defaults,
        fail_on_close: bool,
    ):
        self.profile = profile
        self.data = profile.test_data
        self.sut_role = sut_role
        self.policy = profile.timestamps
        self.message_timeout = profile.test_data.message_timeout_s
        self.defaults = defaults
        self.fail_on_close = fail_on_close
        self.trace = Trace()
        self.connection: Connection | None = None
        self.connections = 0
        self.inbox: list[Incoming] = []
        self.idle = True
        self.errors: list[tuple[Problem, str]] = []
        self.warnings: list[tuple[Problem, str]] = []
        self.observers: list[Callable[[Incoming], None]] = []
        self._changed = asyncio.Event()
        self._reported = 0
        self.mark = 0.0   # when the case last acted: its last reply or operator action

    # -- connections ---------------------------------------------------------------------------

    def attach(self, ws: Any) -> Connection:
        """Take over a new WebSocket; it replaces the current one."""
        self.connections += 1
        conn = Connection(ws, Session(self.sut_role, self.policy), f"connection {self.connections}")
        self.connection = conn
        self.trace.event(f"{conn.label} opened ({getattr(ws.request, 'path', '') if getattr(ws, 'request', None) else ''})")
        conn.reader = asyncio.create_task(self._read(conn))
        self._wake()
        return conn

    async def close(self) -> None:
        conn = self.connection
        if conn is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(), 2)
            if conn.reader:
                conn.reader.cancel()
                with contextlib.suppress(BaseException):
                    await conn.reader

    async def _read(self, conn: Connection) -> None:
        try:
            async for text in conn.ws:
                await self._receive(conn, text)
        except ConnectionClosed:
            pass
        except Exception as exc:  # a reader that dies must still be seen by the waits
            conn.close_reason = f"reader failed: {exc!r}"
        finally:
            code = getattr(conn.ws, "close_code", None)
            reason = getattr(conn.ws, "close_reason", "") or ""
            conn.close_reason = conn.close_reason or f"code {code}{f', {reason}' if reason else ''}"
            conn.closed.set()
            self.trace.event(f"{conn.label} closed ({conn.close_reason})")
            if conn.pending is not None and not conn.pending.done():
                conn.pending.set_exception(ConnectionLost(
                    f"the SUT closed the connection ({conn.close_reason}) before answering"))
            self._wake()

    async def _receive(self, conn: Connection, text: str | bytes) -> None:
        received = conn.session.receive(text, time.monotonic())
        shown = text if isinstance(text, str) else repr(text)
        self.trace.record(SUT_TO_HARNESS, shown, [f"{p.severity}: {p.rule}: {p.message}" for p in received.problems])
        for problem in received.problems:
            (self.errors if problem.severity == "error" else self.warnings).append((problem, shown))
        message = received.message
        if isinstance(message, Call):
            incoming = Incoming(message, conn, time.monotonic())
            for observe in self.observers:
                observe(incoming)
            if self.idle or message.action in self.background:
                await self._answer(incoming, self.defaults(message))
            self.inbox.append(incoming)
        elif message is not None and received.answers is not None:
            if conn.pending is not None and not conn.pending.done():
                conn.pending.set_result(message)
        self._wake()

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

    def raise_errors(self, step: int | str | None = None) -> None:
        """Fail with the first always-on check the SUT broke and that was not yet reported."""
        if self._reported < len(self.errors):
            problem, frame = self.errors[self._reported]
            self._reported = len(self.errors)
            raise FrameViolation(problem.message, step=step, frame=frame, rule=problem.rule)

    def _closed_note(self) -> str:
        conn = self.connection
        if conn is not None and conn.closed.is_set():
            return f"; the SUT closed the connection ({conn.close_reason}) and did not reconnect"
        if conn is None:
            return "; the SUT is not connected"
        return ""

    def _check_connection(self, step: int | str | None, waiting_for: str) -> None:
        conn = self.connection
        if self.fail_on_close and conn is not None and conn.closed.is_set():
            raise ConnectionLost(f"the SUT closed the connection ({conn.close_reason}) while the harness waited for {waiting_for}", step=step)

    async def _next_call(
        self, step: int | str, waiting_for: str, bound: float, accept: Callable[[Incoming], bool]
    ) -> Incoming:
        """The next queued CALL the case has to look at: unanswered ones, or answered ones it accepts."""
        deadline = time.monotonic() + bound
        while True:
            self.raise_errors(step)
            while self.inbox:
                incoming = self.inbox.pop(0)
                if incoming.answer is None or accept(incoming):
                    return incoming
            self._check_connection(step, waiting_for)
            if not await self._wait_change(deadline):
                self.raise_errors(step)
                raise NoMessageWithinDeadline(
                    f"no {waiting_for} within {bound:g} s{self._closed_note()}", step=step)

    # -- the verbs test cases use -------------------------------------------------------------------

    async def expect(
        self, step: int | str, action: str, *, reply: Reply | None = None, timeout: float | None = None,
        nothing_else: bool = False, **fields: Any,
    ) -> Incoming:
        """Wait for the SUT's next CALL; it must be `action` with `fields`. Answers it if `reply` is given.

        With `nothing_else`, even a Heartbeat or MeterValues before it fails the step, if it
        came after the harness's last reply or operator action (the plan forbids any message
        in between, as after a Rejected boot or before the boot that follows a power cycle).
        """
        (incoming,) = await self.expect_in_any_order(
            None, Expect(step, action, fields, reply), timeout=timeout, nothing_else=nothing_else)
        return incoming

    async def expect_in_any_order(
        self, note: str | None, *expected: Expect, timeout: float | None = None, nothing_else: bool = False
    ) -> list[Incoming]:
        """Wait for the CALLs of several steps, in any order (`note` names the plan's allowance).

        Optional expectations are matched if they come before the required ones are complete.
        Returns the matched CALLs in the order of `expected` (None for a missing optional one).
        """
        bound = self.message_timeout if timeout is None else timeout
        title = " and ".join(f"step {e.step}: {e.title}" for e in expected)
        if note:
            title += f" (in any order: {note})"
        waiting_actions = {e.action for e in expected}
        found: dict[int, Incoming] = {}
        with allure.step(f"Expect {title}"):
            while any(not e.optional and i not in found for i, e in enumerate(expected)):
                missing = [e for i, e in enumerate(expected) if i not in found]
                step = missing[0].step
                self.trace.step = str(step)
                waiting_for = " or ".join(e.title for e in missing)
                incoming = await self._next_call(
                    step, waiting_for, bound,
                    lambda m: m.action in waiting_actions or (nothing_else and m.received_at >= self.mark))
                index = self._match(incoming, expected, found)
                found[index] = incoming
                e = expected[index]
                with allure.step(f"Step {e.step}: received {incoming.action}.req"):
                    pass
                # A message the harness already answered (Heartbeat) has its reply step done.
                if e.reply is not None and incoming.answer is None:
                    payload = e.reply.payload(incoming) if callable(e.reply.payload) else e.reply.payload
                    await self.reply(e.reply.step, incoming, **payload)
        return [found.get(i) for i in range(len(expected))]  # type: ignore[misc]

    def _match(self, incoming: Incoming, expected: tuple[Expect, ...], found: dict[int, Incoming]) -> int:
        candidates = [i for i, e in enumerate(expected) if i not in found and e.action == incoming.action]
        if not candidates:
            wanted = " or ".join(e.title for i, e in enumerate(expected) if i not in found)
            step = next(e.step for i, e in enumerate(expected) if i not in found)
            raise UnexpectedMessage(f"expected {wanted}, the SUT sent {incoming.action}.req",
                                    step=step, frame=self._frame(incoming))
        problems = {}
        for i in candidates:
            problems[i] = mismatches(incoming.payload, expected[i].fields)
            if not problems[i]:
                return i
        i = candidates[0]
        raise PayloadMismatch(f"{incoming.action}.req: " + "; ".join(problems[i]), step=expected[i].step, frame=self._frame(incoming))

    @staticmethod
    def _frame(incoming: Incoming) -> str:
        return json.dumps([2, incoming.call.unique_id, incoming.action, incoming.payload])

    def mark_now(self) -> None:
        """The case acted on the SUT (an operator action): what the SUT sends from now is its answer."""
        self.mark = time.monotonic()

    async def reply(self, step: int | str, incoming: Incoming, **payload: Any) -> None:
        """Answer an expected CALL with a CALLRESULT (the plan's `.conf` step)."""
        if incoming.answer is not None:
            return
        with allure.step(f"Step {step}: send {incoming.action}.conf{f' ({describe(payload)})' if payload else ''}"):
            self.trace.step = str(step)
            await self._answer(incoming, payload)
            self.mark_now()

    async def _answer(self, incoming: Incoming, answer: Answer) -> None:
        conn = incoming.connection
        incoming.answer = answer
        incoming.answered_at = time.monotonic()
        if isinstance(answer, CallError):
            text = conn.session.error(incoming.call, answer.code, answer.description, answer.details)
        else:
            text = conn.session.result(incoming.call, answer)
        await self._send_text(conn, text)
        self.answered(incoming)

    def answered(self, incoming: Incoming) -> None:
        """Called after every answer the harness sends; roles track state here."""

    async def _send_text(self, conn: Connection, text: str) -> None:
        self.trace.record(HARNESS_TO_SUT, text)
        try:
            await conn.ws.send(text)
        except ConnectionClosed:
            pass  # the reader reports the close

    async def send(self, step: int | str, action: str, *, timeout: float | None = None, **payload: Any) -> dict[str, Any]:
        """Send a CALL and wait for its CALLRESULT; a CALLERROR or silence fails the step."""
        with allure.step(f"Step {step}: send {action}.req{f' ({describe(payload)})' if payload else ''}"):
            self.trace.step = str(step)
            answer = await self.call(action, payload, timeout=timeout, step=step)
            if isinstance(answer, CallError):
                raise UnexpectedCallError(
                    f"{action}.req was answered with CALLERROR {answer.code} ({answer.description!r})", step=step)
            self.raise_errors(step)
            return answer.payload

    async def call(
        self, action: str, payload: dict[str, Any], *, timeout: float | None = None, step: int | str | None = None,
        unique_id: str | None = None,
    ) -> CallResult | CallError:
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
                raise NoMessageWithinDeadline(f"no answer to {action}.req within {bound:g} s{self._closed_note()}", step=step) from None
        finally:
            conn.session.abandon(call)
            conn.pending = None

    def check(self, step: int | str, what: str, payload: dict[str, Any], **fields: Any) -> None:
        """Validate fields of a payload the SUT sent (the plan's tool validations on a `.conf`)."""
        problems = mismatches(payload, fields)
        with allure.step(f"Step {step}: check {what} ({describe(fields)})"):
            if problems:
                raise PayloadMismatch(f"{what}: " + "; ".join(problems), step=step, frame=json.dumps(payload))

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
        self.trace.record(HARNESS_TO_SUT, text if isinstance(text, str) else repr(text))
        await conn.ws.send(text)

    # -- case boundaries ----------------------------------------------------------------------------

    def begin_case(self, trace: Trace) -> None:
        self.trace = trace
        self.idle = False
        self.errors.clear()
        self.warnings.clear()
        self._reported = 0
        # What came in between cases was answered already; a case starts from its own messages.
        self.inbox = [m for m in self.inbox if m.answer is None]

    async def end_case(self) -> None:
        """Answer what the case left unanswered and go back to answering everything."""
        self.idle = True
        self.trace.step = "after the case"
        for incoming in self.inbox:
            if incoming.answer is None and not incoming.connection.closed.is_set():
                await self._answer(incoming, self.defaults(incoming.call))
        self.inbox.clear()
