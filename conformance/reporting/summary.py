"""reports/summary.json, summary.md and index.html: the verdict matrix and every case's result.

Written after every case, so a run that is killed still leaves what it finished; the three
hold the same matrix (conformance.reporting.matrix).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, defaultdict
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..beyond import BEYOND
from ..catalog import catalog
from ..sut.profile import SutProfile
from . import matrix, page, robustness
from .describe import description_lines, suite_version, sut_description
from .result import CaseResult


class Summary:
    def __init__(self, directory: Path, suts: list[SutProfile]):
        self.directory = directory
        self.suts = suts
        self.results: list[CaseResult] = []
        self.beyond: list[CaseResult] = []   # the checks beyond the plan: never in the plan's counts or matrix
        self.robustness: list[robustness.PropertyResult] = []   # the same for the robustness checks
        self.started = _now()
        self.finished: str | None = None
        self._clock = time.monotonic()
        self.scope = matrix.Scope(roles=tuple(sorted({s.role.value for s in suts})))
        self.described = [sut_description(s) for s in suts]
        self.not_started: str | None = None   # why the run stopped before its first case

    def set_scope(self, scope: matrix.Scope) -> None:
        """The plan IDs in scope (known once the cases are collected): the matrix's rows."""
        self.scope = scope

    def add(self, result: CaseResult) -> None:
        if result.id in BEYOND:
            self.beyond = [r for r in self.beyond if r.id != result.id] + [result]
        else:
            self.results = [r for r in self.results if r.id != result.id] + [result]
        self.write()

    def add_robustness(self, result: robustness.PropertyResult) -> None:
        self.robustness = [r for r in self.robustness if r.id != result.id] + [result]
        self.write()

    @property
    def anything(self) -> bool:
        """Whether any result came in, of the plan, beyond it or of the robustness checks."""
        return bool(self.results or self.beyond or self.robustness)

    def finish(self) -> None:
        self.finished = _now()
        self.write()

    def run_info(self) -> dict[str, Any]:
        return {"suite_version": suite_version(), "started": self.started, "finished": self.finished,
                "duration_s": round(time.monotonic() - self._clock, 1),
                "state": "" if self.finished else f"{len(self.results)} cases finished so far",
                **({"not_started": self.not_started} if self.not_started is not None else {})}

    def by_profile(self) -> dict[str, Counter]:
        table: dict[str, Counter] = defaultdict(Counter)
        for r in self.results:
            table[f"{r.sut_role} / {r.profile}"][r.verdict] += 1
        return dict(sorted(table.items()))

    def as_dict(self, groups: list[matrix.Group] | None = None) -> dict[str, Any]:
        groups = matrix.build(self.scope, self.results) if groups is None else groups
        return {
            **self.run_info(),
            "suts": [{**d, "path": str(s.path)} for s, d in zip(self.suts, self.described, strict=True)],
            "totals": dict(Counter(r.verdict for r in self.results)),
            "profiles": {k: dict(v) for k, v in self.by_profile().items()},
            "profile_verdicts": matrix.profiles_as_json(groups, self.described),
            "matrix": matrix.as_json(groups),
            "cases": [{k: v for k, v in asdict(r).items() if k not in ("trace", "svg")} for r in self.results],
            "beyond": {"totals": dict(Counter(r.verdict for r in self.beyond)), "checks": [
                {**{k: v for k, v in asdict(r).items() if k not in ("trace", "svg")}, "section": BEYOND[r.id].section}
                for r in self.beyond]},
            "robustness": robustness.as_json(self.robustness),
        }

    def write(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        groups = matrix.build(self.scope, self.results)
        _write(self.directory / "summary.json", json.dumps(self.as_dict(groups), indent=2) + "\n")
        _write(self.directory / "summary.md", self.markdown(groups))
        _write(self.directory / "index.html",
               page.render(run=self.run_info(), suts=self.described, groups=groups, results=self.results,
                           beyond=[(r, BEYOND[r.id].section) for r in self.beyond], robustness=self.robustness))

    def markdown(self, groups: list[matrix.Group] | None = None) -> str:
        groups = matrix.build(self.scope, self.results) if groups is None else groups
        run = self.run_info()
        lines = ["# OCPP 1.6 conformance summary", "",
                 f"ocpp-conformance {run['suite_version']}; started {self.started}, "
                 + (f"finished {self.finished}" if self.finished else f"still running ({run['state']})")
                 + f", {run['duration_s']} s.", ""]
        if self.not_started is not None:
            lines += [f"**The run did not start**: {self.not_started}", ""]
        lines += matrix.profiles_as_markdown(groups, self.described)
        lines += ["SUTs: " + ", ".join(f"{s.label} ({s.role.value}, `{s.path.name}`)" for s in self.suts), ""]
        for described in self.described:
            lines += [f"<details><summary>{described['name']}: {described['file']} (secrets not shown)</summary>", "",
                      "```toml", *description_lines(described), "```", "", "</details>", ""]
        lines += matrix.as_markdown(groups)
        found = [(r.id, f) for r in self.results for f in r.findings]
        if found:
            lines += ["", "## Findings besides the verdicts", ""] + [f"- {case}: {f}" for case, f in found]
        files = [(r.id, f) for r in self.results for f in r.files]
        if files:
            lines += ["", "## Files the SUTs uploaded (the cases' evidence)", ""] + [f"- {case}: `{f}`" for case, f in files]
        if self.beyond:
            lines += ["", "## Beyond the plan", "",
                      "Checks of OCPP 1.6 that no plan case makes (`--beyond`); not part of the plan's verdicts above.",
                      "", "| ID | check | section | verdict | rule / message |", "|---|---|---|---|---|"]
            lines += [f"| {r.id} | {r.title} | {BEYOND[r.id].section} | {r.verdict} | "
                      + (f"`{r.rule}` " if r.rule and r.verdict in ("failed", "broken") else "")
                      + matrix.first_line(r.message).replace("|", "\\|") + " |" for r in self.beyond]
        lines += robustness.as_markdown(self.robustness)
        return "\n".join(lines) + "\n"

    def console(self) -> str:
        lines = []
        for name, counts in self.by_profile().items():
            lines.append(f"{name:<40} " + ", ".join(f"{n} {v}" for v, n in sorted(counts.items())))
        if self.results:   # the numbers pytest's last line, summary.json and index.html give too
            counts = Counter(r.verdict for r in self.results)
            lines.append(f"{'all cases of the plan':<40} " + ", ".join(f"{counts[v]} {v}" for v in matrix.VERDICTS
                                                                      if counts[v]))
        plan = catalog()
        for r in sorted(self.results, key=lambda r: plan[r.id].sort_key if r.id in plan else (r.id,)):
            extra = f"  [{r.rule}]" if r.verdict in ("failed", "broken") and r.rule else ""
            lines.append(f"  {r.id:<16} {r.verdict}{extra}")
            lines += [f"  {'':<16}   {finding}" for finding in r.findings]
        if self.beyond:
            counts = Counter(r.verdict for r in self.beyond)
            lines.append(f"{'beyond the plan (--beyond)':<40} " + ", ".join(f"{n} {v}" for v, n in sorted(counts.items())))
            for r in self.beyond:
                extra = f"  [{r.rule}]" if r.verdict in ("failed", "broken") and r.rule else ""
                lines.append(f"  {r.id:<40} {r.verdict}{extra}")
        if self.robustness:
            counts = robustness.totals(self.robustness)
            lines.append(f"{'robustness (--robustness)':<40} " + ", ".join(f"{n} {v}" for v, n in counts.items()))
            for p in self.robustness:
                if p.verdict in ("failed", "broken"):
                    rules = ", ".join(dict.fromkeys(f["rule"] for f in p.failures))
                    lines.append(f"  {p.id}  {p.verdict} [{rules}]")
                    lines.append(f"    replay: {p.replay}")
        return "\n".join(lines)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _write(path: Path, text: str) -> None:
    """Whole or not at all: a reader opening the file while a case finishes sees the last version."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
