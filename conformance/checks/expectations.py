"""What a case expects from the SUT at a step, and how one received CALL is judged against it.

The harness has answered every CALL already; an expectation only judges what came: its
action, the fields the plan validates, and where the plan says so, that nothing else came
first (after a power cycle, after a Rejected boot). A CALL the steps do not name is no
failure of its own: a peer may send it (intermediate and repeated statuses, a configuration
request besides the one expected); it is judged by the rules of its role and listed for review
as "seen, not in the plan". Only the actions a role keeps strict fail for coming unplanned.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..ocpp.rpc import Call
from . import rules
from .failures import PayloadMismatch, UnexpectedMessage
from .matchers import describe, mismatches


class Opened(Protocol):
    opened_at: float   # monotonic seconds


class Incoming(Protocol):
    """A CALL as the endpoint received it (conformance.roles.answers.Incoming): judged, not driven, here."""

    call: Call
    received_at: float

    @property
    def connection(self) -> Opened: ...

    @property
    def action(self) -> str: ...

    @property
    def payload(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Reply:
    """The plan step of the harness's answer to an expected CALL (its `.conf`), for the trace.

    The answer itself went out when the CALL was read: the role's default, or what the case
    scripted with `will_answer` before provoking it.
    """

    step: int | str


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
class Window:
    """Which CALLs a wait may pass over without failing.

    first_after: the expected CALL must be the first one on any connection opened after this
        moment (a power cycle began); what the connection open before still carries is passed over.
    nothing_else_after: any CALL received after this moment that is not expected fails the
        step, background ones included (no message at all while a boot is Rejected).
    background: actions a peer may send at any time, passed over unless expected.
    tolerated: actions a peer may send besides the ones the step names, also with other fields
        than an expected one of the same action: judged by the role's rules and noted.
    strict: actions that fail when no step names them, with the rule they break
        (any other action not background or tolerated breaks expected_message).
    """

    background: frozenset[str]
    first_after: float | None = None
    nothing_else_after: float | None = None
    tolerated: frozenset[str] = frozenset()
    strict: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Unplanned:
    """A CALL the step does not name, passed over for the role's rules to judge and the report to list.

    instead_of: the mismatch with the expectation of the same action it did not fulfil, if any;
        the wait names it if the expected CALL never comes.
    """

    note: str
    step: int | str
    instead_of: str = ""


def frame_of(incoming: Incoming) -> str:
    return json.dumps([2, incoming.call.unique_id, incoming.action, incoming.payload])


def judge(incoming: Incoming, expected: tuple[Expect, ...], found: dict[int, Incoming], window: Window
          ) -> int | Unplanned | None:
    """The index of the expectation this CALL fulfils, None to pass over it silently, Unplanned to
    pass over it for review, or a failure."""
    missing = [i for i, e in enumerate(expected) if i not in found]
    candidates = [i for i in missing if expected[i].action == incoming.action]
    wanted = " or ".join(expected[i].title for i in missing)
    step = expected[missing[0]].step
    if window.first_after is not None and incoming.connection.opened_at < window.first_after:
        # The connection of before the power cycle: what it still carries is not the new boot's.
        return None
    if candidates:
        index = _matching(incoming, expected, candidates)
        if index is not None:
            return index
        problems = f"{incoming.action}.req: " + "; ".join(mismatches(incoming.payload, expected[candidates[0]].fields))
        only_this = window.first_after is not None or (
            window.nothing_else_after is not None and incoming.received_at > window.nothing_else_after)
        if incoming.action not in window.tolerated or only_this:   # where nothing else may come, nothing is tolerated
            raise PayloadMismatch(problems, step=expected[candidates[0]].step, frame=frame_of(incoming))
        return Unplanned(_seen(incoming, wanted), expected[candidates[0]].step, problems)
    if window.first_after is not None:
        raise UnexpectedMessage(
            f"the first message on the new connection after the power cycle must be {wanted}; "
            f"the SUT sent {incoming.action}.req first", step=step, frame=frame_of(incoming))
    if window.nothing_else_after is not None and incoming.received_at > window.nothing_else_after:
        raise UnexpectedMessage(f"expected {wanted} and nothing else before it; the SUT sent {incoming.action}.req",
                                step=step, frame=frame_of(incoming))
    if incoming.action in window.background:
        return None
    if incoming.action in window.tolerated:
        return Unplanned(_seen(incoming, wanted), step)
    raise UnexpectedMessage(f"expected {wanted}, the SUT sent {incoming.action}.req", step=step,
                            frame=frame_of(incoming), rule=window.strict.get(incoming.action, rules.EXPECTED_MESSAGE))


def _seen(incoming: Incoming, wanted: str) -> str:
    shown = f" ({describe(incoming.payload)})" if incoming.payload else ""
    return f"{incoming.action}.req{shown} while waiting for {wanted}"


def _matching(incoming: Incoming, expected: tuple[Expect, ...], candidates: list[int]) -> int | None:
    for i in candidates:
        if not mismatches(incoming.payload, expected[i].fields):
            return i
    return None
