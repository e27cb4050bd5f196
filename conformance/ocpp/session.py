"""One OCPP-J connection's state, without I/O: correlation, outstanding CALLs, always-on checks.

Bytes in, messages and problems out; the asyncio endpoint feeds it. Every frame the SUT
sends goes through `receive`, which applies the framing, correlation, schema and timestamp
rules and returns what it found instead of raising, so one bad frame never hides the next.
What must hold across connections and cases (CALL ids, energy registers, transactionIds) is
judged by the run's `RunRules`, which every session to the same SUT shares and feeds.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from ..checks import rules
from ..checks.run_rules import RunRules
from .actions import ALL_ACTIONS, Role, may_send
from .datetime import TimestampPolicy
from .rpc import ERROR_CODES, Call, CallError, CallResult, FrameError, Message, parse, serialize
from .validation import Problem, callerror_for, payload_problems

# A second CALL this soon after an unanswered one is pipelining. Later, the SUT may have
# given up waiting for the answer, which OCPP-J §4.1.1 allows, and the delay may be the
# harness's (an operator action in progress), so it is not held against the SUT.
PIPELINING_WINDOW_S = 5.0


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
    run: the rules that span the run (CALL ids, meter registers, transactionIds), shared by every
        connection to the same SUT; a session of its own has a memory of its own.
    """

    sut_role: Role
    policy: TimestampPolicy = TimestampPolicy.UTC
    run: RunRules = field(default_factory=RunRules)
    pending: Call | None = None
    unanswered: dict[str, Call] = field(default_factory=dict)
    arrived: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.number = self.run.connection()

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
        if call.action == "StartTransaction" and self.sut_role is Role.CHARGE_POINT:
            self.run.transaction_started(call.payload, payload)
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
        problems = self.run.call_id(call.unique_id, call.action, self.number)
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
        if self.sut_role is Role.CHARGE_POINT and not any(p.rule == rules.PAYLOAD_MATCHES_SCHEMA for p in problems):
            if call.action == "MeterValues":
                problems += self.run.meter_values(call.payload)
            elif call.action == "StopTransaction":
                problems += self.run.transaction_stopped(call.payload)
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
        problems = payload_problems(pending.action, message.payload, response=True, policy=self.policy)
        if self.sut_role is Role.CENTRAL_SYSTEM and not any(p.rule == rules.PAYLOAD_MATCHES_SCHEMA for p in problems):
            if pending.action == "StartTransaction":
                problems += self.run.transaction_id_given(pending.payload, message.payload)
            elif pending.action == "StopTransaction":
                self.run.transaction_id_closed(pending.payload)
        return Received(message, problems, pending)
