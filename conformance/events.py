"""What happens in a run, as events: the harness publishes them, reporters subscribe.

Roles, steps, the SUT driver and the fixtures say what happened (a step began, a frame
arrived, the operator was asked to act, a verdict was reached) and never how it is shown.
The reporters in `conformance.reporting` (allure, the trace files, the summary and page, the
terminal) turn the events into output; a new reporter subscribes and touches nothing else.

Delivery is synchronous, in the order of subscription, on the publisher's stack: a reporter
sees an event at the moment it happens (an allure step opens and closes around its body).
A subscriber that raises is logged and counted in `Bus.failures`; the harness and the other
subscribers carry on. Events are never sent between processes: under pytest-xdist each
worker has its own bus, and the controller gets each case's result with its report.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalog import PlanEntry
    from .reporting.result import CaseResult
    from .reporting.robustness import PropertyResult

log = logging.getLogger(__name__)

FAILURES_KEPT = 50


@dataclass(frozen=True, kw_only=True)
class Event:
    monotonic: float = field(default_factory=time.monotonic)


# -- the run and its cases ---------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class RunStarted(Event):
    suts: tuple[str, ...]   # the SUT labels


@dataclass(frozen=True, kw_only=True)
class RunFinished(Event):
    exit_status: int


@dataclass(frozen=True, kw_only=True)
class CaseStarted(Event):
    entry: PlanEntry
    sut: str   # the SUT's label


@dataclass(frozen=True, kw_only=True)
class CaseWarnings(Event):
    """The scenario passed, with findings the plan allows but the vendor must be told of."""
    case_id: str
    warnings: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class CaseEvidence(Event):
    """The scenario ended (passed, failed or crashed): its trace and sequence diagram so far."""
    case_id: str
    trace_text: str
    trace_json_lines: str
    diagram_svg: str | None   # None when the diagram could not be drawn


@dataclass(frozen=True, kw_only=True)
class TraceClosed(Event):
    """The case is over, its baseline restored: its trace is complete."""
    case_id: str
    text: str
    json_lines: str


@dataclass(frozen=True, kw_only=True)
class VerdictDecided(Event):
    """The verdict is final (after the case's teardown), in the process that ran the case."""
    case_id: str
    verdict: str
    rule: str
    message: str


@dataclass(frozen=True, kw_only=True)
class CaseFinished(Event):
    """A case's result, in the process that writes the reports (the pytest-xdist controller too)."""
    result: CaseResult

    @property
    def case_id(self) -> str:
        return self.result.id

    @property
    def verdict(self) -> str:
        return self.result.verdict


@dataclass(frozen=True, kw_only=True)
class RobustnessFinished(Event):
    """A robustness check's result, in the process that writes the reports."""
    result: PropertyResult


@dataclass(frozen=True, kw_only=True)
class RobustnessProgress(Event):
    """A robustness property is under way: published now and then while it sends its examples."""
    property: str   # the test, e.g. test_valid_requests_are_answered[Reset]
    examples: int   # sent so far
    budget: int     # at most this many
    findings: int   # warnings so far (a failure ends the property)
    seconds: float  # since it began


# -- inside a case -------------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class StepStarted(Event):
    id: int
    title: str
    plan_step: str | None   # the plan's step number, when the step is one


@dataclass(frozen=True, kw_only=True)
class StepFinished(Event):
    id: int
    title: str
    plan_step: str | None
    outcome: str                      # "passed", "failed" (the SUT broke a rule) or "broken"
    error: BaseException | None = None

    @property
    def traceback(self) -> TracebackType | None:
        return None if self.error is None else self.error.__traceback__


@dataclass(frozen=True, kw_only=True)
class Frame(Event):
    """A frame on the wire, as the trace holds it (secrets hidden, long frames shortened)."""
    direction: str          # conformance.transport.trace.SUT_TO_HARNESS or HARNESS_TO_SUT
    text: str
    checks: tuple[str, ...]   # "severity: rule: message" of every check it broke
    plan_step: str | None
    at: str                 # wall clock, UTC


@dataclass(frozen=True, kw_only=True)
class FindingRecorded(Event):
    """A rule a frame or a connection broke (severity "error"), or a warning."""
    severity: str
    rule: str
    message: str
    where: str = ""   # "before the case's steps began: " and the like; empty within the steps


@dataclass(frozen=True, kw_only=True)
class UnplannedMessage(Event):
    """A CALL no step of the case names, that broke no rule: answered, and listed for review."""
    plan_step: str   # the step that was waited for when it came
    action: str
    note: str        # what it was, as the report lists it


@dataclass(frozen=True, kw_only=True)
class AnswerScripted(Event):
    plan_step: str
    action: str
    script: str   # how the harness will answer, as the trace shows it


@dataclass(frozen=True, kw_only=True)
class OperatorActionRequested(Event):
    id: int
    action: str
    params: dict[str, Any]
    text: str   # the action as a person reads it (secrets hidden)


@dataclass(frozen=True, kw_only=True)
class OperatorActionDone(Event):
    id: int
    action: str
    text: str
    error: BaseException | None = None


@dataclass(frozen=True, kw_only=True)
class OperatorPrompted(Event):
    """A person at the terminal is asked to act and confirm with Enter."""
    text: str
    timeout_s: float


@dataclass(frozen=True, kw_only=True)
class OperatorPromptExpired(Event):
    text: str


@dataclass(frozen=True, kw_only=True)
class ConnectionAwaited(Event):
    """The harness waits for the SUT to connect (published when the wait begins, then now and then)."""
    what: str         # who is awaited, e.g. "charge point CP_1"
    url: str          # where it is to connect
    waited_s: float
    bound_s: float


@dataclass(frozen=True, kw_only=True)
class ConnectionAwaitEnded(Event):
    what: str
    connected: bool
    waited_s: float


# -- delivery ------------------------------------------------------------------------------------------

Subscriber = Callable[[Event], Any]


class Bus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self.failures: list[tuple[Subscriber, Event, Exception]] = []
        self.failed = 0

    def subscribe(self, subscriber: Subscriber) -> Subscriber:
        self._subscribers.append(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        if subscriber in self._subscribers:
            self._subscribers.remove(subscriber)

    def publish(self, event: Event) -> None:
        for subscriber in list(self._subscribers):
            try:
                subscriber(event)
            except Exception as exc:   # a reporter's bug must not change a verdict
                self.failed += 1
                if len(self.failures) < FAILURES_KEPT:
                    self.failures.append((subscriber, event, exc))
                log.error("reporter %r failed on %s", subscriber, type(event).__name__, exc_info=exc)


# The bus the harness publishes to: the running session's (pushed by the pytest plugin), or
# a bus of its own for a harness used without one.
_active: list[Bus] = [Bus()]


def current() -> Bus:
    return _active[-1]


def activate(bus: Bus) -> None:
    _active.append(bus)


def deactivate(bus: Bus) -> None:
    """Leave `bus`; a session inside another (pytester) gives the outer one's back."""
    for i in range(len(_active) - 1, 0, -1):
        if _active[i] is bus:
            del _active[i]
            return


def publish(event: Event) -> None:
    current().publish(event)


_ids: Iterator[int] = itertools.count(1)


def next_id() -> int:
    return next(_ids)


def outcome_of(error: BaseException | None) -> str:
    if error is None:
        return "passed"
    return "failed" if isinstance(error, AssertionError) else "broken"


class step:
    """A step of the case, published as it begins and as it ends (with what ended it).

    A class, not a generator: the error a reporter sees carries the traceback of the step's
    body and no frame of the context manager."""

    def __init__(self, title: str, plan_step: int | str | None = None):
        self.title = title
        self.plan_step = None if plan_step is None else str(plan_step)
        self.id = next_id()

    def __enter__(self) -> step:
        publish(StepStarted(id=self.id, title=self.title, plan_step=self.plan_step))
        return self

    def __exit__(self, exc_type: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        publish(StepFinished(id=self.id, title=self.title, plan_step=self.plan_step, outcome=outcome_of(error),
                             error=error))
