"""One case's result as the reports hold it, whichever process ran the case (from a
pytest-xdist worker it travels as a plain dict)."""

from __future__ import annotations

from dataclasses import dataclass


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
    svg: str = ""   # the sequence diagram (conformance.reporting.sequence)
