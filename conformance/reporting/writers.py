"""The writers of reports/ that work case by case: the trace files, the summary and the page."""

from __future__ import annotations

from pathlib import Path

from .. import events
from .summary import Summary


class TraceFiles:
    """reports/traces/<ID>.txt and <ID>.jsonl, once a case's trace is complete (also of a crashed case)."""

    def __init__(self, directory: Path):
        self.directory = directory

    def __call__(self, event: events.Event) -> None:
        if isinstance(event, events.TraceClosed):
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / f"{event.case_id}.txt").write_text(event.text, encoding="utf-8")
            (self.directory / f"{event.case_id}.jsonl").write_text(event.json_lines, encoding="utf-8")


class SummaryWriter:
    """summary.json, summary.md and index.html, rewritten as each case's result comes in."""

    def __init__(self, summary: Summary):
        self.summary = summary

    def __call__(self, event: events.Event) -> None:
        if isinstance(event, events.CaseFinished):
            self.summary.add(event.result)
        elif isinstance(event, events.RobustnessFinished):
            self.summary.add_robustness(event.result)
        elif isinstance(event, events.RunFinished) and self.summary.anything:
            self.summary.finish()
