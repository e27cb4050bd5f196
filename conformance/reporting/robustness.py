"""The robustness results as the reports hold them: per property, its examples, findings and failures.

A robustness property is no plan case: it has its own section in summary.json, summary.md and
index.html, and no place in the plan's counts or matrix. A failure carries the shrunk example
hypothesis ended with and a command that replays it, pasted in the project's root directory.
"""

from __future__ import annotations

import shlex
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
VERDICTS = ("passed", "passed with warnings", "failed", "broken", "not applicable")


@dataclass
class PropertyFailure:
    rule: str
    message: str        # what broke, in one line
    example: str = ""   # the shrunk example: the frame sent last and the values hypothesis drew


@dataclass
class PropertyResult:
    id: str             # "robustness CS test_valid_requests_are_answered[Reset]"
    title: str          # what the property asks, in one line
    sut_role: str
    sut: str
    verdict: str
    duration_s: float
    examples: int | None = None   # examples sent to the SUT; None where the check has no examples
    findings: list[str] = field(default_factory=list)   # SHOULD-level, or accepted as lenient
    failures: list[dict[str, str]] = field(default_factory=list)   # PropertyFailure as dicts
    replay: str = ""        # the command that runs it again, from the project's root
    reproduce: str = ""     # hypothesis's @reproduce_failure(...) line, when it printed one
    reason: str = ""        # why it did not apply

    def __post_init__(self) -> None:
        self.failures = [f if isinstance(f, dict) else vars(f) for f in self.failures]


def totals(results: list[PropertyResult]) -> dict[str, int]:
    counts = Counter(r.verdict for r in results)
    return {v: counts[v] for v in VERDICTS if counts[v]}


def failures_of(error: BaseException | None) -> list[PropertyFailure]:
    """Each distinct failure hypothesis ended with (several come as an exception group)."""
    if error is None:
        return []
    if isinstance(error, BaseExceptionGroup):
        return [f for inner in error.exceptions for f in failures_of(inner)]
    notes = list(getattr(error, "__notes__", []))
    message = str(getattr(error, "message", error)).strip().splitlines()
    draws = [n.strip() for n in notes if n.startswith("Draw ") or n.startswith("sent: ")]
    frame = getattr(error, "frame", None)
    example = "\n".join(dict.fromkeys(([f"sent: {frame}"] if frame else []) + draws))
    return [PropertyFailure(getattr(error, "rule", type(error).__name__), message[0] if message else "", example)]


def reproduce_line(error: BaseException | None) -> str:
    """hypothesis's @reproduce_failure(...) decorator, if its notes name one."""
    if error is None:
        return ""
    errors = error.exceptions if isinstance(error, BaseExceptionGroup) else (error,)
    for inner in errors:
        for note in getattr(inner, "__notes__", []):
            start = note.find("@reproduce_failure(")
            if start >= 0:
                return note[start:note.index(")", start) + 1]
    return ""


def replay_command(nodeid_path: Path, test: str, suts: list[str], reports: Path | None,
                   profile: str | None, seed: Any) -> str:
    """The command that replays a property, pasted in the project's root: every path from there."""
    python = _shown(Path(sys.executable))
    argv = [python, "-m", "pytest", f"{_shown(nodeid_path)}::{test}", "--robustness", "-p", "no:randomly"]
    for sut in suts:
        argv += ["--sut", _shown(Path(sut))]
    if reports is not None:   # the example database is there: it replays the shrunk example first
        argv += ["--reports", _shown(reports)]
    if profile:
        argv.append(f"--hypothesis-profile={profile}")
    if seed is not None:
        argv.append(f"--hypothesis-seed={seed}")
    return shlex.join(argv)


def _shown(path: Path) -> str:
    """A path inside the project relative to its root, any other absolute."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(absolute)


def as_markdown(results: list[PropertyResult]) -> list[str]:
    if not results:
        return []
    counts = ", ".join(f"{n} {v}" for v, n in totals(results).items())
    lines = ["", f"## Robustness ({counts})", "",
             "The robustness properties (`--robustness`): not plan cases, not in the plan's counts above.", "",
             "| SUT | property | examples | verdict | findings |", "|---|---|---:|---|---|"]
    for r in results:
        found = len(r.failures) + len(r.findings)
        lines.append(f"| {r.sut_role} | {r.id.split(' ', 2)[-1]}: {r.title} | "
                     f"{'' if r.examples is None else r.examples} | {r.verdict} | {found or ''} |")
    for r in results:
        if not (r.failures or r.findings or r.reason):
            continue
        lines += ["", f"### {r.id} ({r.verdict})", ""]
        if r.reason:
            lines.append(f"Not applicable: {r.reason}")
        for f in r.failures:
            lines += [f"- failed, `{f['rule']}`: {f['message']}"]
            if f["example"]:
                lines += ["", "  shrunk example:", "", "  ```", *[f"  {line}" for line in f["example"].splitlines()],
                          "  ```"]
        lines += [f"- warning: {w}" for w in dict.fromkeys(r.findings)]
        if r.failures and r.replay:
            lines += ["", "  replay (from the project's root; its reports replace these):", "", "  ```sh", f"  {r.replay}", "  ```"]
            if r.reproduce:
                lines.append(f"  or put `{r.reproduce}` on the test function.")
    return lines


def as_json(results: list[PropertyResult]) -> dict[str, Any]:
    return {"totals": totals(results), "properties": [vars(r) for r in results]}
