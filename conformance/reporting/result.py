"""One case's result as the reports hold it, whichever process ran the case.

It travels from a pytest-xdist worker as a plain dict, so everything a report shows about
the rule that decided the verdict is filled in here, from the registry, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..checks.rules import lookup


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
    rule_meaning: str = ""    # of a registered rule: what it asks, in one line
    rule_source: str = ""     # where it comes from: specification section, plan case and step
    rule_strength: str = ""   # MUST or SHOULD
    unplanned: list[str] = field(default_factory=list)   # messages seen, not in the plan: for review
    findings: list[str] = field(default_factory=list)   # besides the verdict, whatever it is (pipelining)
    files: list[str] = field(default_factory=list)   # what the SUT uploaded to the file server, kept in the reports

    def __post_init__(self) -> None:
        rule = lookup(self.rule) if self.rule else None
        if rule is not None:
            self.rule_meaning = self.rule_meaning or rule.meaning
            self.rule_source = self.rule_source or rule.source
            self.rule_strength = self.rule_strength or rule.strength.value
