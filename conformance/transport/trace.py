"""The message trace of a test case: every frame both ways, with time and check outcomes."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

SUT_TO_HARNESS = "SUT -> harness"
HARNESS_TO_SUT = "harness -> SUT"
EVENT = "event"


@dataclass
class Entry:
    seq: int
    at: str          # wall clock, UTC
    elapsed: float   # seconds since the trace started (monotonic)
    direction: str
    text: str
    checks: list[str] = field(default_factory=list)   # "rule: message" of failed/warned checks
    step: str | None = None


class Trace:
    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.started = time.monotonic()
        self.step: str | None = None

    def record(self, direction: str, text: str, checks: list[str] | None = None) -> Entry:
        now = datetime.now(timezone.utc)
        entry = Entry(
            seq=len(self.entries) + 1,
            at=now.strftime("%H:%M:%S.") + f"{now.microsecond // 1000:03d}",
            elapsed=round(time.monotonic() - self.started, 3),
            direction=direction,
            text=text if isinstance(text, str) else repr(text),
            checks=list(checks or []),
            step=self.step,
        )
        self.entries.append(entry)
        return entry

    def event(self, text: str) -> Entry:
        return self.record(EVENT, text)

    def last(self, n: int = 5) -> str:
        return "\n".join(self._line(e) for e in self.entries[-n:])

    @staticmethod
    def _line(e: Entry) -> str:
        checks = "".join(f"\n      !! {c}" for c in e.checks)
        step = f" [step {e.step}]" if e.step else ""
        return f"{e.at} +{e.elapsed:7.3f}s {e.direction:<15}{step} {e.text}{checks}"

    def as_text(self) -> str:
        return "\n".join(self._line(e) for e in self.entries) + "\n"

    def as_json(self) -> str:
        return json.dumps([asdict(e) for e in self.entries], indent=1)
