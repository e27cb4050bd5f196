"""The robustness properties, judged against a live SUT over the harness's raw path.

Every example: the SUT is connected (reconnected first if an earlier example lost it), the
example is sent, its answer judged by the policy table, and the SUT must still answer a simple
request correctly. A broken property raises a ConformanceFailure naming the rule, the frame
sent and the answer, so hypothesis shrinks it and prints the example with its replay blob.
"""

from __future__ import annotations

import json
import time
import uuid
import warnings
from dataclasses import dataclass, field
from typing import Any

from hypothesis import note as _hypothesis_note
from hypothesis.errors import InvalidArgument

from .. import events
from ..checks import rules
from ..checks.failures import ConnectionLost, NoMessageWithinDeadline, RobustnessFailure
from ..ocpp.actions import Role
from ..ocpp.datetime import utc_now
from ..ocpp.rpc import CallError, CallResult, serialize
from ..roles.endpoint import Endpoint
from ..strategies.frames import Frame
from ..strategies.payloads import Broken
from ..strategies.policy import (
    CONSTRAINTS,
    OCPP16_CODES,
    VALID_REQUEST_CODES,
    VALID_REQUEST_WARN_CODES,
    Rule,
    judge_code,
    sensible_error_id,
)
from ..transport.trace import SUT_TO_HARNESS
from .actions import PROFILE_OF

PROGRESS_EVERY_S = 15   # how often a property under way says how far it is

# While a frame without a readable id is judged, a CALLERROR the SUT sends for it reaches the
# harness as an answer to nothing; these findings are the policy table's to grade, not the always-on checks'.
_FRAME_FINDINGS = (rules.ANSWER_MATCHES_PENDING_CALL, rules.FRAME_IS_OCPP_J)


def note(text: str) -> None:
    """Shown with a failing example; the properties also run outside hypothesis (benchmarks, tests)."""
    try:
        _hypothesis_note(text)
    except InvalidArgument:
        pass


class RobustnessWarning(UserWarning):
    """A SHOULD-level robustness finding, or one the lenient mode accepted."""


@dataclass
class Answer:
    kind: str                       # "result", "error" or "none"
    frame: str = ""                 # what the SUT sent back, as text
    message: CallResult | CallError | None = None
    seconds: float = 0.0


@dataclass
class Fuzzer:
    """Args:
    harness: the connected harness endpoint (either role).
    lenient: any OCPP-J 1.6 code passes for an invalid request, reported as a warning.
    reconnect: brings the SUT's connection back after an example lost it.
    """

    harness: Endpoint
    lenient: bool = False
    reconnect: Any = None
    examples: int = 0
    deadline: float | None = None   # monotonic time at which the property's budget in seconds ends
    _current_id: str | None = None
    _warned: set = field(default_factory=set)
    findings: list[str] = field(default_factory=list)
    name: str = ""            # the property under way, as its progress is reported
    planned: int = 0          # its budget of examples
    _began: float = 0.0
    _progress_at: float = 0.0
    _examples_at_begin: int = 0
    _findings_at_begin: int = 0

    @property
    def sut_role(self) -> Role:
        return self.harness.sut_role

    def budget(self, seconds: float | None) -> None:
        """A property's budget in seconds (None: only its number of examples bounds it)."""
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def begin(self, name: str, planned: int) -> None:
        """A property begins: its progress is reported from here (examples sent, findings so far)."""
        self.name, self.planned = name, planned
        self._began = self._progress_at = time.monotonic()
        self._examples_at_begin, self._findings_at_begin = self.examples, len(self.findings)

    def _progress(self) -> None:
        """Now and then a line on how far the property is: a slow SUT makes a long silent run otherwise."""
        now = time.monotonic()
        if not self.name or now - self._progress_at < PROGRESS_EVERY_S:
            return
        self._progress_at = now
        events.publish(events.RobustnessProgress(
            property=self.name, examples=self.examples - self._examples_at_begin, budget=self.planned,
            findings=len(self.findings) - self._findings_at_begin, seconds=round(now - self._began, 1)))

    def out_of_time(self) -> bool:
        """The budget in seconds is spent: the remaining examples are drawn (hypothesis needs the same draws
        for the same choices) but not sent, so they pass at once."""
        return self.deadline is not None and time.monotonic() > self.deadline

    # -- sending -------------------------------------------------------------------------------

    async def ready(self) -> None:
        conn = self.harness.connection
        if (conn is None or conn.closed.is_set()) and self.reconnect is not None:
            await self.reconnect()
        self._mark = len(self.harness.errors)
        self._trace_mark = len(self.harness.trace.entries)
        self.examples += 1
        self._progress()

    async def _send(self, text: str, unique_id: str, action: str, example: str) -> Answer:
        started = time.monotonic()
        note(f"sent: {text[:2000]}")
        try:
            message = await self.harness.call_raw(text, unique_id=unique_id, action=action)
        except NoMessageWithinDeadline:
            return Answer("none", seconds=time.monotonic() - started)
        except ConnectionLost as exc:
            raise RobustnessFailure(f"the SUT dropped the connection on the example {example}: {exc.message}",
                                    frame=text, rule=rules.ROBUSTNESS_CONNECTION_KEPT) from None
        answer = Answer("result" if isinstance(message, CallResult) else "error", serialize(message), message,
                        time.monotonic() - started)
        note(f"answer: {answer.frame[:2000]}")
        return answer

    def _fail(self, rule: str, message: str, sent: str, answer: Answer | None = None) -> None:
        shown = f"; answer: {answer.frame[:500]}" if answer and answer.frame else "; no answer" if answer else ""
        raise RobustnessFailure(message + shown, frame=sent, rule=rule)

    def _warn(self, message: str, kind: tuple) -> None:
        """Every finding goes to the summary; pytest's warnings show the first example of each kind."""
        self.findings.append(message)
        if kind not in self._warned:
            self._warned.add(kind)
            warnings.warn(message, RobustnessWarning, stacklevel=3)

    def _findings(self, example: str, sent: str, *, frame_example: bool = False) -> None:
        """Always-on check findings of this example's frames (schema, timestamps, codes) fail it."""
        new = self.harness.take_errors(self._mark)
        for problem, frame, _where in new:
            if frame_example and problem.rule in _FRAME_FINDINGS:
                continue   # graded by the policy table in frame()
            raise RobustnessFailure(f"on the example {example}, the SUT's answer broke {problem.rule}: "
                                    f"{problem.message}", frame=sent, rule=problem.rule)

    # -- the properties --------------------------------------------------------------------------

    async def valid(self, action: str, payload: dict[str, Any]) -> Answer:
        """A valid request gets a schema-valid CALLRESULT, or a CALLERROR the specification allows."""
        await self.ready()
        uid = str(uuid.uuid4())
        sent = json.dumps([2, uid, action, payload])
        example = f"{action}.req {json.dumps(payload)[:300]}"
        answer = await self._send(sent, uid, action, example)
        if answer.kind == "none":
            self._fail(rules.ROBUSTNESS_VALID_REQUEST, f"no answer to the valid {example} within "
                                                  f"{self.harness.message_timeout:g} s", sent, answer)
        self._findings(example, sent)
        if answer.kind == "error":
            code = answer.message.code   # type: ignore[union-attr]
            if code in VALID_REQUEST_WARN_CODES:
                self._warn(f"the valid {example} was answered with CALLERROR {code}", (action, code))
            elif code not in VALID_REQUEST_CODES:
                self._fail(rules.ROBUSTNESS_VALID_REQUEST, f"the valid {example} was refused with CALLERROR {code}; "
                           f"a schema-valid request may get only {', '.join(sorted(VALID_REQUEST_CODES))}",
                           sent, answer)
        await self.still_answers(example)
        self._findings(example, sent)   # the liveness answer is checked as well
        return answer

    async def invalid(self, broken: Broken) -> Answer:
        """An invalid request gets a CALLERROR whose code the policy table accepts for its constraint."""
        await self.ready()
        uid = str(uuid.uuid4())
        sent = json.dumps([2, uid, broken.action, broken.payload])
        example = str(broken)
        answer = await self._send(sent, uid, broken.action, example)
        rule = CONSTRAINTS[broken.constraint]
        if answer.kind == "none":
            self._fail(rules.ROBUSTNESS_INVALID_REQUEST, f"no answer to the invalid {example} within "
                                                    f"{self.harness.message_timeout:g} s", sent, answer)
        if answer.kind == "result":
            if rule.result == "fail":
                self._findings_dropped()
            else:
                self._findings(example, sent)
            if rule.result == "warn":
                self._warn(f"the invalid {example} was accepted with a CALLRESULT ({rule.why})",
                           (broken.action, broken.constraint))
            elif rule.result == "fail":
                self._fail(rules.ROBUSTNESS_INVALID_REQUEST, f"the invalid {example} was accepted with a CALLRESULT; "
                           f"expected CALLERROR {' or '.join(sorted(broken.codes))}", sent, answer)
        else:
            self._findings(example, sent)
            code = answer.message.code   # type: ignore[union-attr]
            optional = PROFILE_OF.get(broken.action, "Security") != "Core"
            if not (code == "NotSupported" and optional):
                verdict, why = judge_code(Rule(broken.codes, why=rule.why), code, self.lenient)
                if verdict == "fail":
                    self._fail(rules.ROBUSTNESS_INVALID_REQUEST, f"the invalid {example}: {why}", sent, answer)
                if verdict == "warn":
                    self._warn(f"the invalid {example}: {why}", (broken.action, broken.constraint, code))
        await self.still_answers(example)
        self._findings(example, sent)   # the liveness answer is checked as well
        return answer

    def _findings_dropped(self) -> None:
        """A CALLRESULT to an invalid request is judged by the table; the schema findings on it are not news."""
        self.harness.take_errors(self._mark)

    async def frame(self, frame: Frame) -> None:
        """A malformed frame: no dropped connection, an acceptable answer, and the SUT answers after it."""
        await self.ready()
        example = str(frame)
        rule = frame.rule
        self._current_id = frame.unique_id
        if frame.unique_id is not None and len(frame.unique_id) <= 36:
            answer = await self._send(frame.text, frame.unique_id, "Heartbeat", example)
        elif frame.unique_id is not None:
            # An id the harness's own session refuses to correlate: the answer is looked for by its id.
            note(f"sent: {frame.text[:2000]}")
            await self.harness.send_raw(frame.text)
            await self.harness.wait_for(lambda: self._echo(frame.unique_id) is not None)
            answer = self._echo(frame.unique_id) or Answer("none")
        else:
            note(f"sent: {frame.text[:2000]}")
            try:
                await self.harness.send_raw(frame.text)
            except Exception as exc:
                raise RobustnessFailure(f"the SUT dropped the connection on the example {example}: {exc}",
                                        frame=frame.text, rule=rules.ROBUSTNESS_CONNECTION_KEPT) from None
            answer = Answer("none")
        await self.still_answers(example, sent=frame.text)
        stray = self._stray_answers()
        if answer.kind == "none" and not stray:
            if rule.silence == "fail":
                self._fail(rules.ROBUSTNESS_FRAME, f"no answer to {example}", frame.text, answer)
            if rule.silence == "warn":
                self._warn(f"no CALLERROR for {example} ({rule.why})", (frame.kind, "none"))
        if answer.kind == "result":
            if rule.result == "fail":
                self._fail(rules.ROBUSTNESS_FRAME, f"{example} was answered with a CALLRESULT ({rule.why})",
                           frame.text, answer)
            if rule.result == "warn":
                self._warn(f"{example} was answered with a CALLRESULT ({rule.why})", (frame.kind, "result"))
        if answer.kind == "error":
            verdict, why = judge_code(rule, answer.message.code, self.lenient)   # type: ignore[union-attr]
            if verdict == "fail":
                self._fail(rules.ROBUSTNESS_FRAME, f"{example}: {why}", frame.text, answer)
            if verdict == "warn":
                self._warn(f"{example}: {why}", (frame.kind, answer.message.code))   # type: ignore[union-attr]
        for text, data in stray:
            code = data[2] if len(data) > 2 else None
            if not sensible_error_id(data[1] if len(data) > 1 else None):
                self._warn(f"the CALLERROR for {example} carries the id {data[1]!r} ({text[:120]})",
                           (frame.kind, "id", data[1]))
            if code not in OCPP16_CODES:
                self._fail(rules.ROBUSTNESS_FRAME, f"the CALLERROR for {example} has the code {code!r}, not an "
                           "OCPP-J 1.6 one", frame.text, Answer("error", text))
        self._findings(example, frame.text, frame_example=True)

    def _echo(self, unique_id: str) -> Answer | None:
        for entry in self.harness.trace.entries[self._trace_mark:]:
            if entry.direction == SUT_TO_HARNESS and unique_id in entry.text:
                try:
                    data = json.loads(entry.text)
                except ValueError:
                    continue
                if isinstance(data, list) and len(data) > 2 and data[1] == unique_id:
                    if data[0] == 3:
                        return Answer("result", entry.text)
                    if data[0] == 4:
                        return Answer("error", entry.text, CallError(unique_id, str(data[2]), "", {}))
        return None

    def _stray_answers(self) -> list[tuple[str, list]]:
        """CALLERRORs the SUT sent during this example that answered none of the harness's ids."""
        out = []
        for entry in self.harness.trace.entries[self._trace_mark:]:
            if entry.direction != SUT_TO_HARNESS or not any(rule in c for rule in _FRAME_FINDINGS
                                                            for c in entry.checks):
                continue
            if self._current_id is not None and self._current_id in entry.text:
                continue
            try:
                data = json.loads(entry.text)
            except ValueError:
                continue
            if isinstance(data, list) and data and data[0] == 4:
                out.append((entry.text, data))
        return out

    async def timestamp(self, action: str, payload: dict[str, Any], value: str) -> Answer:
        """A request carrying a valid UTC dateTime form must be accepted (CALLRESULT)."""
        await self.ready()
        uid = str(uuid.uuid4())
        sent = json.dumps([2, uid, action, payload])
        example = f"{action}.req with the valid dateTime {value!r}"
        answer = await self._send(sent, uid, action, example)
        self._findings(example, sent)
        if answer.kind != "result":
            self._fail(rules.ROBUSTNESS_VALID_TIMESTAMP, f"the SUT did not accept {example}", sent, answer)
        await self.still_answers(example)
        self._findings(example, sent)
        return answer

    async def still_answers(self, example: str, sent: str = "") -> None:
        """After every example the SUT is connected and answers a simple request correctly."""
        conn = self.harness.connection
        if conn is None or conn.closed.is_set():
            reason = conn.close_reason if conn is not None else "not connected"
            raise RobustnessFailure(f"after the example {example} the connection is gone ({reason})",
                                    frame=sent or None, rule=rules.ROBUSTNESS_CONNECTION_KEPT)
        action, payload = self.probe()
        uid = str(uuid.uuid4())
        text = json.dumps([2, uid, action, payload])
        try:
            message = await self.harness.call_raw(text, unique_id=uid, action=action)
        except (NoMessageWithinDeadline, ConnectionLost) as exc:
            raise RobustnessFailure(f"after the example {example} the SUT no longer answers {action}.req: "
                                    f"{exc.message}", frame=sent or None, rule=rules.ROBUSTNESS_STILL_ANSWERS) from None
        if not isinstance(message, CallResult):
            raise RobustnessFailure(f"after the example {example} the SUT answers {action}.req with CALLERROR "
                                    f"{message.code}", frame=sent or None, rule=rules.ROBUSTNESS_STILL_ANSWERS)

    def probe(self) -> tuple[str, dict[str, Any]]:
        if self.sut_role is Role.CHARGE_POINT:
            return "GetConfiguration", {"key": ["HeartbeatInterval"]}
        return "Heartbeat", {}

    # -- setting back -------------------------------------------------------------------------------

    async def set_back(self, action: str, payload: dict[str, Any], answer: Answer) -> None:
        """Undo what an accepted example changed: availability, a transaction it started."""
        if not isinstance(answer.message, CallResult) or self.harness.connection is None:
            return
        result = answer.message.payload
        try:
            if action == "ChangeAvailability" and payload.get("type") == "Inoperative":
                await self.harness.call("ChangeAvailability", {"connectorId": payload.get("connectorId", 0),
                                                               "type": "Operative"})
            if action == "ReserveNow" and result.get("status") == "Accepted":
                await self.harness.call("CancelReservation", {"reservationId": payload["reservationId"]})
            if action == "StartTransaction" and isinstance(result.get("transactionId"), int):
                await self.harness.call("StopTransaction", {"transactionId": result["transactionId"],
                                                            "meterStop": max(0, payload.get("meterStart", 0)),
                                                            "timestamp": utc_now(), "reason": "Other"})
        except Exception as exc:   # judged by the next example's liveness check
            self.harness.trace.event(f"could not set back {action}: {exc}")
