"""One WebSocket to the SUT as the endpoint holds it: its session, when it opened, how it closed.

Apart from the endpoint, so that what the harness received (roles.answers.Incoming) can say
which connection it came on without needing the endpoint that reads it.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from ..ocpp.session import Session


class Connection:
    """One WebSocket and its session state."""

    def __init__(self, ws: Any, session: Session, label: str):
        self.ws = ws
        self.session = session
        self.label = label
        self.opened_at = time.monotonic()
        self.closed = asyncio.Event()
        self.closed_at: float | None = None
        self.close_reason = ""
        self.closed_by_harness = False
        self.reader: asyncio.Task | None = None
        self.pending: asyncio.Future | None = None
        self.received = 0
        self.sent_before_answer: str | None = None   # the CALL whose answer the SUT did not wait for

    def buffered(self) -> int:
        """Frames that arrived and wait to be read; with websockets' asyncio connection, else 0."""
        frames = getattr(getattr(self.ws, "recv_messages", None), "frames", None)
        try:
            return len(frames) if frames is not None else 0
        except Exception:
            return 0
