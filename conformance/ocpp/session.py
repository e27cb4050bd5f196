"""One OCPP-J connection's state, without I/O: correlation, outstanding CALLs, always-on checks.

Bytes in, messages and problems out; the asyncio endpoint feeds it. Every frame the SUT
sends goes through `receive`, which applies the framing, correlation, schema and timestamp
rules and returns what it found instead of raising, so one bad frame never hides the next.
"""

from __future__ import annotations

import uuid
from collections import deque
from dataclasses import dataclass, field

from ..checks import rules
from .actions import ALL_ACTIONS, Role, may_send
from .datetime import TimestampPolicy
from .rpc import ERROR_CODES, Call, CallError, CallResult, FrameError, Message, parse, serialize
from .validation import Problem, callerror_for, payload_problems

# A second CALL this soon after an unanswered one is pipelining. Later, the SUT may have
# given up waiting for the answer, which OCPP-J §4.1.1 allows, and the delay may be the
# harness's (an operator action in progress), so it is not held against the SUT.
PIPELINING_WINDOW_S = 5.0
MAX_REMEMBERED_IDS = 100_000   # CALL ids kept for the reuse rule: far more than any case sends


class OutstandingCall(Exception):
    """The harness tried to send a CALL while its previous one is unanswered (OCPP-J §4.1.1)."""


@dataclass
class Received:
    message: Message | None
    problems: list[Problem]
    answers: Call | None = None   # for a CALLRESULT/CALLERROR: the CALL it answers
    refusal: CallError | None = None   # a request a correct peer refuses, and the CALLERROR it sends


@dataclass
class Session:
    """Args:
    sut_role: the role of the peer whose frames are judged.
    policy: the timestamp rule from the SUT description.
    """

    sut_role: Role
    policy: TimestampPolicy = TimestampPolicy.UTC
    pending: Call | None = None
    received_ids: set[str] = field(default_factory=set)
    _id_order: deque[str] = field(default_factory=deque)
    unanswered: dict[str, Call] = field(default_factory=dict)
    arrived: dict[str, float] = field(default_factory=dict)

    # -- what the harness sends ------------------------------------------------------------

    def call(self, action: str, payload: dict, unique_id: str | None = None) -> tuple[Call, str]:
        if self.pending is not None:
            raise OutstandingCall(f"{self.pending.action} ({self.pending.unique_id}) is still unanswered")
        call = Call(unique_id or str(uuid.uuid4()), action, payload)
        self.pending = call
        return call, serialize(call)

    def expect_answer(self, unique_id: str, action: str) -> Call:
        """Treat a frame sent on the raw path as the pending CALL, so its answer is correlated."""
        if self.pending is not None:
            raise OutstandingCall(f"{self.pending.action} ({self.pending.unique_id}) is still unanswered")
        self.pending = Call(unique_id, action, {})
        return self.pending

    def abandon(self, call: Call) -> None:
        """Forget a CALL whose answer did not come in time, so the next one may go."""
        if self.pending is call:
            self.pending = None

    def result(self, call: Call, payload: dict) -> str:
        self.unanswered.pop(call.unique_id, None)
        self.arrived.pop(call.unique_id, None)
        return serialize(CallResult(call.unique_id, payload))

    def error(self, call: Call, code: str, description: str = "", details: dict | None = None) -> str:
        self.unanswered.pop(call.unique_id, None)
        self.arrived.pop(call.unique_id, None)
        return serialize(CallError(call.unique_id, code, description, details or {}))

    # -- what the SUT sends --------------------------------------------------------------------

    def receive(self, text: str | bytes, now: float = 0.0) -> Received:
        """Judge one frame from the SUT; `now` (monotonic seconds) dates it for the pipelining rule."""
        try:
            message = parse(text)
        except FrameError as exc:
            refusal = None
            if exc.answerable:
                assert exc.unique_id is not None
                refusal = CallError(exc.unique_id, exc.code, exc.problem, {})
            return Received(None, [Problem(rules.FRAME_IS_OCPP_J, exc.problem)], refusal=refusal)
        if isinstance(message, Call):
            problems = self._receive_call(message, now)
            error = callerror_for(problems)
            refusal = CallError(message.unique_id, error[0], error[1][:255], {}) if error else None
            return Received(message, problems, refusal=refusal)
        return self._receive_answer(message)

    def refuse(self, refusal: CallError) -> str:
        """The CALLERROR for a request the harness refuses (malformed, unknown, against the schema)."""
        self.unanswered.pop(refusal.unique_id, None)
        self.arrived.pop(refusal.unique_id, None)
        return serialize(refusal)

    def _receive_call(self, call: Call, now: float) -> list[Problem]:
        problems = []
        if call.unique_id in self.received_ids:
            problems.append(Problem(rules.UNIQUE_ID_NOT_REUSED, f"{call.action}.req reuses the message id {call.unique_id!r}"))
        self.received_ids.add(call.unique_id)
        self._id_order.append(call.unique_id)
        if len(self._id_order) > MAX_REMEMBERED_IDS:   # a flood must not grow memory without bound
            self.received_ids.discard(self._id_order.popleft())
        recent = [c for c in self.unanswered.values() if now - self.arrived[c.unique_id] < PIPELINING_WINDOW_S]
        if recent:
            waiting = recent[0]
            problems.append(Problem(
                rules.ONE_OUTSTANDING_CALL,
                f"{call.action}.req sent {now - self.arrived[waiting.unique_id]:.2f} s after {waiting.action}.req "
                f"({waiting.unique_id}), which is unanswered",
                "warning",   # OCPP-J §4.1.1 says SHOULD NOT
            ))
        self.unanswered[call.unique_id] = call
        self.arrived[call.unique_id] = now
        if call.action not in ALL_ACTIONS:
            problems.append(Problem(rules.ACTION_IS_OCPP16, f"{call.action!r} is not an OCPP 1.6 action"))
            return problems
        if not may_send(self.sut_role, call.action):
            problems.append(Problem(
                rules.ACTION_DIRECTION, f"a {self.sut_role.display_name} does not send {call.action}.req"))
        problems += payload_problems(call.action, call.payload, policy=self.policy)
        return problems

    def _receive_answer(self, message: CallResult | CallError) -> Received:
        pending = self.pending
        kind = "CALLRESULT" if isinstance(message, CallResult) else "CALLERROR"
        if pending is None or message.unique_id != pending.unique_id:
            expected = f"{pending.unique_id!r} ({pending.action})" if pending else "none is pending"
            return Received(message, [Problem(
                rules.ANSWER_MATCHES_PENDING_CALL,
                f"{kind} with id {message.unique_id!r} answers no pending CALL (expected {expected})")])
        self.pending = None
        if isinstance(message, CallError):
            problems = []
            if message.code not in ERROR_CODES:
                problems.append(Problem(
                    rules.CALLERROR_CODE_IS_OCPP16,
                    f"CALLERROR code {message.code!r} is not one of OCPP-J 1.6's: {', '.join(sorted(ERROR_CODES))}"))
            return Received(message, problems, pending)
        return Received(message, payload_problems(pending.action, message.payload, response=True, policy=self.policy), pending)
