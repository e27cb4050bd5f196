"""The message trace of a test case: every frame both ways, with time and check outcomes.

Bounded, so that a flooding SUT can exhaust neither memory nor the reports: past `limit`
entries, or past `TEXT_BUDGET` characters of frames, the oldest frames after the first ones
are left out, and what was left out is counted. Never left out: events, the
harness's own requests, frames a wait of the case looked at (`keep`), frames that broke a check
(up to `FINDINGS_KEPT`) and the first frames (up to half the limit and half the budget). A frame
longer than `MAX_TEXT` characters is kept shortened, with its length.
"""

from __future__ import annotations

import bisect
import json
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

SUT_TO_HARNESS = "SUT -> harness"
HARNESS_TO_SUT = "harness -> SUT"
EVENT = "event"

MAX_TEXT = 4000
CASE_LIMIT = 3000
TEXT_BUDGET = 1_000_000   # characters of frames that may be left out, per trace (the reports' size)
FINDINGS_KEPT = 500       # frames with findings always kept, per trace


@dataclass
class Entry:
    seq: int
    at: str          # wall clock, UTC
    elapsed: float   # seconds since the trace started (monotonic)
    direction: str
    text: str
    checks: list[str] = field(default_factory=list)   # "rule: message" of failed/warned checks
    step: str | None = None
    monotonic: float = 0.0


# Secrets a frame may carry (an AuthorizationKey being set, in plain or hex): shown as *** in
# every trace, so no report holds them.
_SECRETS: set[str] = set()


def hide(secret: str | None) -> None:
    """Never show `secret`, nor its hex encoding, in a trace."""
    if secret and len(secret) >= 4:
        _SECRETS.update({secret, secret.encode().hex(), secret.encode().hex().upper()})


def _redacted(text: str) -> str:
    for secret in _SECRETS:
        if secret in text:
            text = text.replace(secret, "***")
    return text


class Trace:
    def __init__(self, limit: int = CASE_LIMIT, text_budget: int = TEXT_BUDGET) -> None:
        self.entries: list[Entry] = []
        self.started = time.monotonic()
        self.step: str | None = None
        self.limit = limit
        self.text_budget = text_budget
        self.dropped = 0
        self._seq = 0
        self._droppable: deque[Entry] = deque()   # oldest first, past the first half of the limit
        self._droppable_text = 0
        self._findings_kept = 0
        self._head_text, self._head_full = 0, False

    def record(self, direction: str, text: str, checks: list[str] | None = None, step: str | None = "current",
               monotonic: float | None = None) -> Entry:
        """`monotonic`: when the frame arrived, if that was before it was checked (default: now)."""
        mono = time.monotonic() if monotonic is None else monotonic
        now = datetime.fromtimestamp(time.time() - (time.monotonic() - mono), UTC)
        if not isinstance(text, str):
            text = repr(text)
        text = _redacted(text)
        if len(text) > MAX_TEXT:
            text = f"{text[:MAX_TEXT]}... ({len(text)} characters in all)"
        self._seq += 1
        entry = Entry(
            seq=self._seq,
            at=now.strftime("%H:%M:%S.") + f"{now.microsecond // 1000:03d}",
            elapsed=round(mono - self.started, 3),
            direction=direction,
            text=text,
            checks=list(checks or []),
            step=self.step if step == "current" else step,
            monotonic=mono,
        )
        self.entries.append(entry)
        entry._trace = self   # type: ignore[attr-defined]
        if direction == EVENT or (direction == HARNESS_TO_SUT and text.startswith("[2")):
            return entry   # the harness's own account and requests
        if entry.checks and self._findings_kept < FINDINGS_KEPT:
            self._findings_kept += 1
            return entry
        if not self._head_full:   # the first frames stay: up to half the limit, half the budget
            self._head_text += len(text)
            self._head_full = len(self.entries) >= self.limit // 2 or self._head_text >= self.text_budget // 2
        else:
            self._droppable.append(entry)
            self._droppable_text += len(text)
            self._bound()
        return entry

    def _bound(self) -> None:
        while self._droppable and (len(self.entries) > self.limit
                                   or self._droppable_text > self.text_budget - self._head_text):
            victim = self._droppable.popleft()
            self._droppable_text -= len(victim.text)
            if getattr(victim, "_kept", False):
                continue
            index = bisect.bisect_left(self.entries, victim.seq, key=lambda e: e.seq)
            if index < len(self.entries) and self.entries[index] is victim:
                del self.entries[index]
                victim._dropped = True   # type: ignore[attr-defined]
                self.dropped += 1

    def keep(self, entry: Entry | None) -> None:
        """A wait looked at this frame: the verdict may name it, so it stays in the trace (put
        back if a flood had pushed it out)."""
        if entry is None:
            return
        entry._kept = True   # type: ignore[attr-defined]
        if getattr(entry, "_dropped", False) and getattr(entry, "_trace", None) is self:
            entry._dropped = False   # type: ignore[attr-defined]
            bisect.insort(self.entries, entry, key=lambda e: e.seq)
            self.dropped -= 1

    def event(self, text: str) -> Entry:
        return self.record(EVENT, text)

    def absorb(self, earlier: Trace, title: str) -> None:
        """Put what an earlier trace holds (frames between cases) in front of this one's entries."""
        if earlier is self or (not earlier.entries and not earlier.dropped):
            return
        head = Entry(0, earlier.entries[0].at if earlier.entries else "", 0.0, EVENT, title)
        moved = [head, *earlier.entries]
        if earlier.dropped:
            moved.append(Entry(0, "", 0.0, EVENT, f"{earlier.dropped} more frames between cases not traced (limit)"))
        for entry in moved:
            entry.elapsed = round(entry.monotonic - self.started, 3) if entry.monotonic else entry.elapsed
            entry._trace = self   # type: ignore[attr-defined]
        self.entries[:0] = moved
        for n, entry in enumerate(self.entries, 1):
            entry.seq = n
        self._seq = len(self.entries)
        earlier.entries, earlier.dropped = [], 0

    def last(self, n: int = 5) -> str:
        return "\n".join(self._line(e) for e in self.entries[-n:])

    @staticmethod
    def _line(e: Entry) -> str:
        checks = "".join(f"\n      !! {c}" for c in e.checks)
        step = f" [step {e.step}]" if e.step else ""
        return f"{e.at} {e.elapsed:+8.3f}s {e.direction:<15}{step} {e.text}{checks}"

    def _tail(self) -> list[str]:
        return [f"({self.dropped} frames not traced: over the limit of {self.limit} entries or "
                f"{self.text_budget} characters; kept are the first frames, the last ones, every frame with a "
                "finding, the harness's requests and every frame a step looked at)"] if self.dropped else []

    def as_text(self) -> str:
        return "\n".join([*(self._line(e) for e in self.entries), *self._tail()]) + "\n"

    def as_json(self) -> str:
        return json.dumps([asdict(e) for e in self.entries], indent=1)

    def as_json_lines(self) -> str:
        return "".join(json.dumps(asdict(e)) + "\n" for e in self.entries)
