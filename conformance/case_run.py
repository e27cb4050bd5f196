"""One running case: what it runs against, its trace, and the verdict its hooks decide.

Made by the `case` fixture (conformance.fixtures) and judged by the plugin's report hooks
(conformance.pytest_plugin); neither owns it, so both import it from here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest

from . import events
from .catalog import PlanEntry
from .checks.failures import ConformanceFailure
from .checks.verdicts import Verdict
from .ocpp.actions import Role
from .reporting import sequence
from .reporting.result import CaseResult
from .roles.endpoint import Endpoint
from .sut.driver import SutHandle
from .sut.profile import SutProfile
from .transport.trace import Trace


@dataclass
class CaseRun:
    entry: PlanEntry
    sut: SutProfile
    trace: Trace
    harness: Endpoint
    handle: SutHandle
    started: float = field(default_factory=time.monotonic)
    verdict: Verdict | None = None
    rule: str = ""
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    unplanned: list[str] = field(default_factory=list)   # messages seen, not in the plan (for review)
    findings: list[str] = field(default_factory=list)   # listed whatever the verdict (pipelining)
    files: list[str] = field(default_factory=list)   # uploads the case received, as kept in the reports
    evidence_published: bool = False
    error: BaseException | None = None   # what ended the scenario early, and when (monotonic)
    error_at: float | None = None

    def publish_evidence(self) -> None:
        """The scenario's trace and diagram as it ended (once; the frames after it go to TraceClosed)."""
        if self.evidence_published:
            return
        self.evidence_published = True
        try:
            svg: str | None = self.diagram()
        except Exception:
            svg = None
        events.publish(events.CaseEvidence(case_id=self.entry.id, trace_text=self.trace.as_text(),
                                           trace_json_lines=self.trace.as_json_lines(), diagram_svg=svg))

    def diagram(self) -> str:
        """The trace as a sequence diagram, the frame and rule that failed the case marked."""
        roles = ("central system", "charge point")
        harness, sut = roles if self.entry.sut_role is Role.CHARGE_POINT else roles[::-1]
        return sequence.render(self.trace.entries, harness=f"harness ({harness})", sut=f"SUT: {self.sut.label} ({sut})",
                               failure=self._failure(), dropped=self.trace.dropped,
                               title=f"{self.entry.id} {self.entry.title}")

    def _failure(self) -> sequence.Failure | None:
        exc = self.error
        if isinstance(exc, ConformanceFailure):
            return sequence.Failure(exc.rule, exc.message, exc.frame, None if exc.step is None else str(exc.step),
                                    self.error_at)
        if exc is not None and not isinstance(exc, pytest.skip.Exception):
            return sequence.Failure(f"broken: {type(exc).__name__}", str(exc), monotonic=self.error_at)
        if self.verdict is Verdict.FAILED:
            return sequence.Failure(self.rule or "failed", self.message)
        if self.verdict is Verdict.BROKEN:
            return sequence.Failure(f"broken: {self.rule}" if self.rule else "broken", self.message)
        return None

    def result(self) -> CaseResult:
        return CaseResult(
            id=self.entry.id, title=self.entry.title, sut_role=self.entry.sut_role.value, profile=self.entry.profile,
            sut=self.sut.label, verdict=(self.verdict or Verdict.BROKEN).value, rule=self.rule,
            message=self.message, duration_s=round(time.monotonic() - self.started, 3), unplanned=list(self.unplanned),
            findings=list(self.findings), files=list(self.files),
            trace=self.trace.as_text(), svg=self.diagram())
