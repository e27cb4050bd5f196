"""What the harness answers, and when: at once, with the case's scripted answer or the role's default.

A real peer answers in milliseconds whatever else it is doing, so the harness never holds a
CALL until a case reaches its step. A case that wants another answer than the default
scripts it before the action that provokes the CALL; its checks then judge what was
received and what was answered.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..checks.matchers import describe, mismatches
from ..ocpp.rpc import Call, CallError

if TYPE_CHECKING:
    from ..transport.trace import Entry
    from .connection import Connection

Answer = dict[str, Any] | CallError
Respond = Callable[["Incoming"], Answer]


@dataclass
class Incoming:
    """A CALL the SUT sent, when it came, and how the harness answered it."""

    call: Call
    connection: Connection
    received_at: float
    entry: Entry | None = None
    answered_at: float | None = None
    answer: Answer | None = None
    answer_entry: Entry | None = None
    scripted: Script | None = None
    # What the harness knew when it came, for judging a StatusNotification no step names:
    status_before: str | None = None   # its connector's status last reported on the connection
    in_transaction: bool = False       # a transaction was open on its connector

    @property
    def payload(self) -> dict[str, Any]:
        return self.call.payload

    @property
    def action(self) -> str:
        return self.call.action

    def label(self, step: int | str | None, reply_step: int | str | None = None) -> None:
        """Name the plan step this CALL (and the harness's answer) turned out to be, in the trace."""
        if self.entry is not None and step is not None:
            self.entry.step = str(step)
        if self.answer_entry is not None:
            answer_step = reply_step if reply_step is not None else (self.scripted.step if self.scripted else None)
            if answer_step is not None:
                self.answer_entry.step = str(answer_step)


@dataclass
class Script:
    """The answer a case scripted for a CALL it is about to provoke (a plan `.conf` step)."""

    step: int | str
    action: str
    respond: Answer | Respond
    when: dict[str, Any] = field(default_factory=dict)
    times: int | None = 1     # None: every matching CALL until the case ends
    new_connection: bool = False   # only for CALLs on a connection opened after it was scripted
    used: int = 0
    created_at: float = field(default_factory=time.monotonic)

    def matches(self, incoming: Incoming) -> bool:
        if self.new_connection and incoming.connection.opened_at < self.created_at:
            return False
        call = incoming.call
        return call.action == self.action and (self.times is None or self.used < self.times) \
            and not mismatches(call.payload, self.when)

    def answer(self, incoming: Incoming) -> Answer:
        self.used += 1
        answer = self.respond(incoming) if callable(self.respond) else self.respond
        return dict(answer) if isinstance(answer, dict) else answer

    def __str__(self) -> str:
        when = f" when {describe(self.when)}" if self.when else ""
        payload = describe(self.respond) if isinstance(self.respond, dict) else "computed from the request"
        return f"step {self.step}: {self.action}.conf ({payload}){when}"


class Scripts:
    """The case's scripted answers, taken in the order they were scripted."""

    def __init__(self) -> None:
        self.items: list[Script] = []

    def add(self, script: Script) -> Script:
        self.items.append(script)
        return script

    def take(self, incoming: Incoming) -> Script | None:
        for script in self.items:
            if script.matches(incoming):
                return script
        return None

    def clear(self) -> None:
        self.items.clear()
