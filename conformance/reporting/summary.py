"""reports/summary.json and summary.md: per profile and per test case, written as cases finish.

Written after every case, so a run that is killed still leaves what it finished.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..sut.profile import SutProfile


@dataclass
class CaseResult:
    id: str
    title: str
    sut_role: str
    profile: str
    sut: str
    verdict: str
    rule: str
    message: str
    duration_s: float
    trace: str = ""


class Summary:
    def __init__(self, directory: Path, suts: list[SutProfile]):
        self.directory = directory
        self.suts = suts
        self.results: list[CaseResult] = []
        self.started = datetime.now(timezone.utc).isoformat(timespec="seconds")

    def add(self, result: CaseResult) -> None:
        self.results = [r for r in self.results if r.id != result.id] + [result]
        self.write()

    def by_profile(self) -> dict[str, Counter]:
        table: dict[str, Counter] = defaultdict(Counter)
        for r in self.results:
            table[f"{r.sut_role} / {r.profile}"][r.verdict] += 1
        return dict(sorted(table.items()))

    def as_dict(self) -> dict[str, Any]:
        return {
            "started": self.started,
            "suts": [{"name": s.label, "role": s.role.value, "file": str(s.path)} for s in self.suts],
            "totals": dict(Counter(r.verdict for r in self.results)),
            "profiles": {k: dict(v) for k, v in self.by_profile().items()},
            "cases": [{k: v for k, v in asdict(r).items() if k != "trace"} for r in self.results],
        }

    def write(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "summary.json").write_text(json.dumps(self.as_dict(), indent=2) + "\n", encoding="utf-8")
        (self.directory / "summary.md").write_text(self.markdown(), encoding="utf-8")

    def markdown(self) -> str:
        verdicts = ["passed", "passed with warnings", "failed", "not applicable", "broken"]
        lines = ["# OCPP 1.6 conformance summary", "", f"Run started {self.started}.", ""]
        lines += ["SUTs: " + ", ".join(f"{s.label} ({s.role.value}, `{s.path.name}`)" for s in self.suts), ""]
        lines += ["## Per profile", "", "| SUT role / profile | " + " | ".join(verdicts) + " |",
                  "|---|" + "---|" * len(verdicts)]
        for name, counts in self.by_profile().items():
            lines.append(f"| {name} | " + " | ".join(str(counts.get(v, 0)) for v in verdicts) + " |")
        lines += ["", "## Per test case", "", "| ID | title | profile | verdict | rule | detail |", "|---|---|---|---|---|---|"]
        for r in self.results:
            detail = r.message.splitlines()[0] if r.message else ""
            detail = detail.replace("|", "\\|")[:300]
            lines.append(f"| {r.id} | {r.title} | {r.profile} | {r.verdict} | {r.rule} | {detail} |")
        return "\n".join(lines) + "\n"

    def console(self) -> str:
        lines = []
        for name, counts in self.by_profile().items():
            lines.append(f"{name:<40} " + ", ".join(f"{n} {v}" for v, n in sorted(counts.items())))
        for r in self.results:
            extra = f"  [{r.rule}]" if r.verdict in ("failed", "broken") and r.rule else ""
            lines.append(f"  {r.id:<16} {r.verdict}{extra}")
        return "\n".join(lines)
