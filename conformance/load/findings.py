"""What a load run found and measured, in a form each process fills and the master merges.

`Findings` holds violations per rule with their first example frames, connection errors,
counts for the error budget, and a timeline of buckets (chargers connected, frames per
second, answer latencies per action as a histogram) so that percentiles can be read per
bucket after merging any number of workers. Everything here is plain data, JSON-able, and
bounded: examples per rule, histogram buckets (logarithmic) and timeline buckets (per run).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

EXAMPLES_PER_RULE = 5
BUCKET_S = 5            # timeline resolution
MAX_BUCKETS = 20_000    # about 28 hours at 5 s
_LOG_STEP = 1.1         # histogram bins grow by 10 %: a percentile read from them is within 10 %


def latency_bin(ms: float) -> int:
    return 0 if ms < 1 else 1 + int(math.log(ms) / math.log(_LOG_STEP))


def bin_ms(index: int) -> float:
    """The upper edge of a bin, in ms."""
    return 1.0 if index == 0 else _LOG_STEP ** index


def percentile(histogram: dict[int, int], share: float) -> float | None:
    total = sum(histogram.values())
    if not total:
        return None
    wanted, seen = share * total, 0
    for index in sorted(histogram):
        seen += histogram[index]
        if seen >= wanted:
            return bin_ms(index)
    return bin_ms(max(histogram))   # pragma: no cover - the loop always reaches the total


def _add_histogram(into: dict[int, int], other: dict[Any, int]) -> None:
    for key, count in other.items():
        into[int(key)] = into.get(int(key), 0) + count


@dataclass
class Findings:
    violations: dict[str, dict[str, Any]] = field(default_factory=dict)   # rule -> {count, severity, examples}
    connection_errors: dict[str, dict[str, Any]] = field(default_factory=dict)   # kind -> {count, examples}
    attempts: int = 0             # connection attempts
    requests: int = 0             # CALLs the chargers sent
    budget_errors: int = 0        # failures with a reason: counted against [load] error_budget
    # bucket start (unix s) -> {"connected": {source: most connected}, "sent": n, "received": n, "latency": {action: {bin: n}}}
    timeline: dict[int, dict[str, Any]] = field(default_factory=dict)
    latency: dict[str, dict[int, int]] = field(default_factory=dict)     # action -> histogram, the whole run
    boot_storm: dict[int, int] = field(default_factory=dict)             # connect-to-Accepted after the drop, ms
    boot_storm_chargers: int = 0
    late_heartbeats: int = 0      # the generator's own health: heartbeats sent later than the tolerance
    heartbeats: int = 0

    # -- filling ------------------------------------------------------------------------------------

    def violation(self, rule: str, severity: str, charger: str, message: str, frame: str | None, at: float) -> None:
        entry = self.violations.setdefault(rule, {"count": 0, "severity": severity, "examples": []})
        entry["count"] += 1
        if severity == "error":
            entry["severity"] = "error"
        if len(entry["examples"]) < EXAMPLES_PER_RULE:
            entry["examples"].append({"charger": charger, "message": message, "frame": (frame or "")[:2000],
                                      "at": at})

    def connection_error(self, kind: str, charger: str, detail: str, at: float, *, reasoned: bool) -> None:
        entry = self.connection_errors.setdefault(kind, {"count": 0, "examples": []})
        entry["count"] += 1
        if reasoned:
            self.budget_errors += 1
        if len(entry["examples"]) < EXAMPLES_PER_RULE:
            entry["examples"].append({"charger": charger, "detail": detail, "at": at})

    def _bucket(self, at: float) -> dict[str, Any]:
        key = int(at // BUCKET_S * BUCKET_S)
        bucket = self.timeline.get(key)
        if bucket is None:
            if len(self.timeline) >= MAX_BUCKETS:
                del self.timeline[min(self.timeline)]
            bucket = self.timeline[key] = {"connected": {}, "sent": 0, "received": 0, "latency": {}}
        return bucket

    def connected(self, source: str, count: int, at: float) -> None:
        """A sample of the chargers connected now; a bucket keeps each source's highest."""
        seen = self._bucket(at)["connected"]
        seen[source] = max(seen.get(source, 0), count)

    def frames(self, at: float, sent: int = 0, received: int = 0) -> None:
        bucket = self._bucket(at)
        bucket["sent"] += sent
        bucket["received"] += received

    def answered(self, action: str, ms: float, at: float) -> None:
        index = latency_bin(ms)
        per = self._bucket(at)["latency"].setdefault(action, {})
        per[index] = per.get(index, 0) + 1
        run = self.latency.setdefault(action, {})
        run[index] = run.get(index, 0) + 1

    def stormed(self, ms: float) -> None:
        index = latency_bin(ms)
        self.boot_storm[index] = self.boot_storm.get(index, 0) + 1
        self.boot_storm_chargers += 1

    # -- merging (the master) and sending (a worker) ---------------------------------------------------

    def merge(self, other: dict[str, Any]) -> None:
        for rule, entry in other.get("violations", {}).items():
            mine = self.violations.setdefault(rule, {"count": 0, "severity": entry["severity"], "examples": []})
            mine["count"] += entry["count"]
            if entry["severity"] == "error":
                mine["severity"] = "error"
            mine["examples"] = (mine["examples"] + entry["examples"])[:EXAMPLES_PER_RULE]
        for kind, entry in other.get("connection_errors", {}).items():
            mine = self.connection_errors.setdefault(kind, {"count": 0, "examples": []})
            mine["count"] += entry["count"]
            mine["examples"] = (mine["examples"] + entry["examples"])[:EXAMPLES_PER_RULE]
        for key in ("attempts", "requests", "budget_errors", "boot_storm_chargers", "late_heartbeats", "heartbeats"):
            setattr(self, key, getattr(self, key) + other.get(key, 0))
        for start, bucket in other.get("timeline", {}).items():
            mine = self._bucket(float(start))
            for source, count in bucket["connected"].items():
                mine["connected"][source] = max(mine["connected"].get(source, 0), count)
            mine["sent"] += bucket["sent"]
            mine["received"] += bucket["received"]
            for action, histogram in bucket["latency"].items():
                _add_histogram(mine["latency"].setdefault(action, {}), histogram)
        for action, histogram in other.get("latency", {}).items():
            _add_histogram(self.latency.setdefault(action, {}), histogram)
        _add_histogram(self.boot_storm, other.get("boot_storm", {}))

    def take(self) -> dict[str, Any]:
        """What was gathered since the last take, as JSON-able data; this object starts empty again."""
        data = {"violations": self.violations, "connection_errors": self.connection_errors,
                "attempts": self.attempts, "requests": self.requests, "budget_errors": self.budget_errors,
                "timeline": self.timeline, "latency": self.latency, "boot_storm": self.boot_storm,
                "boot_storm_chargers": self.boot_storm_chargers, "late_heartbeats": self.late_heartbeats,
                "heartbeats": self.heartbeats}
        self.__init__()   # type: ignore[misc]
        return data

    # -- reading --------------------------------------------------------------------------------------

    @property
    def errors(self) -> int:
        return sum(e["count"] for e in self.violations.values() if e["severity"] == "error")

    @property
    def budget_share(self) -> float:
        total = self.attempts + self.requests
        return self.budget_errors / total if total else 0.0
