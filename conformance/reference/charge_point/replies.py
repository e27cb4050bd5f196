"""Follow-ups that wait for the answer: a handler decides the answer to a CALL and queues what
it sets off with after_reply, which runs once that answer is on the wire."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

# Peer runs each incoming CALL in its own task and sends the answer from that task, so a
# context variable set by a handler is visible when its answer goes out.
_AFTER_REPLY: contextvars.ContextVar[list[Callable[[], None]] | None] = contextvars.ContextVar(
    "after_reply", default=None
)


class Wire:
    """Wraps the websocket to run a handler's follow-ups only once its answer is sent."""

    def __init__(self, ws: Any):
        self.ws = ws

    def __aiter__(self):
        return self.ws.__aiter__()

    async def send(self, text: str) -> None:
        await self.ws.send(text)
        hooks = _AFTER_REPLY.get()
        if hooks and text.lstrip("[ ")[:1] in ("3", "4"):
            pending = list(hooks)
            hooks.clear()
            for hook in pending:
                hook()


def after_reply(hook: Callable[[], None]) -> None:
    hooks = _AFTER_REPLY.get()
    if hooks is None:
        hooks = []
        _AFTER_REPLY.set(hooks)
    hooks.append(hook)
