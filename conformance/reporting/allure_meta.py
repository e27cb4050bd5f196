"""What makes an Allure report of a run navigable beyond the test results themselves.

`environment.properties` (the SUT descriptions without secrets, the suite version) and
`categories.json` (a failure is the SUT breaking a rule; broken is the harness or the
environment) in the allure results directory; the severity of a plan entry; what a failed
case's rule asks and where it comes from, for its test result.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..checks.rules import lookup
from ..sut.profile import SutProfile
from .describe import description_lines, suite_version, sut_description

CATEGORIES = [
    {"name": "SUT violated a rule", "matchedStatuses": ["failed"],
     "description": "The system under test broke a rule of OCPP 1.6 or of the test plan; the rule is named."},
    {"name": "harness or environment broken", "matchedStatuses": ["broken"],
     "description": "The harness, the environment or the set-up failed, not the SUT."},
]


def severity(requirement: str) -> str:
    """Allure's severity of a plan entry: what certification requires is critical."""
    return "critical" if requirement == "mandatory" else "normal"


def rule_labels(rule: str) -> list[tuple[str, str]]:
    """Labels of a test result that failed on a registered rule: its name, strength and source."""
    found = lookup(rule) if rule else None
    if found is None:
        return []
    return [("rule", found.name), ("ruleStrength", found.strength.value), ("ruleSource", found.source)]


def rule_details(rule: str) -> str:
    """The lines that follow a failed test result's message: what the rule asks, and its source."""
    found = lookup(rule) if rule else None
    if found is None:
        return ""
    return f"rule {found.name} ({found.strength.value}): {found.meaning}\nsource: {found.source}"


def write(results: Path, suts: list[SutProfile]) -> None:
    results.mkdir(parents=True, exist_ok=True)
    (results / "categories.json").write_text(json.dumps(CATEGORIES, indent=2) + "\n", encoding="utf-8")
    lines = [f"suite.version = ocpp-conformance {suite_version()}"]
    for sut in suts:
        described = sut_description(sut)
        prefix = f"sut.{described['role']}"
        table = ""
        for line in description_lines(described):
            if line.startswith("["):
                table = line.strip("[]")
                continue
            key, _, value = line.partition(" = ")
            name = f"{prefix}.{table}.{key}"
            for special in "\\=: ":
                name = name.replace(special, "\\" + special)
            lines.append(f"{name} = {_property(value)}")
    (results / "environment.properties").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _property(value: str) -> str:
    """A value as java.util.Properties reads it back (backslashes and line breaks escaped)."""
    return value.replace("\\", "\\\\").replace("\n", "\\n")
