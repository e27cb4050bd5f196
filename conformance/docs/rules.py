"""The rule registry as documentation: docs/rules.md, and the README's list of what is
checked on every frame (the always-on rules)."""

from __future__ import annotations

from ..checks.rules import RULES, Checked, Rule
from .markdown import cell

_HEADINGS = {
    Checked.FRAME: "Every frame and every connection (always on)",
    Checked.STEP: "The steps of a case",
    Checked.TRANSPORT: "The security profiles",
    Checked.ROBUSTNESS: "The robustness suites",
    Checked.BEYOND: "The checks beyond the plan (--beyond)",
    Checked.LOAD: "Load runs (ocpp-conformance load), across every simulated charge point",
}


def rules_md() -> str:
    lines = ["# The rules the suite judges", "",
             "Generated from `conformance/checks/rules.py` by `python -m conformance.docs`; do not edit by hand.",
             "A failed case names one of these rules; reports show its meaning and source next to the verdict.",
             "A MUST broken fails the case; a SHOULD broken passes it with a warning.", ""]
    for checked, heading in _HEADINGS.items():
        chosen = [r for r in RULES.values() if r.checked is checked]
        lines += [f"## {heading}", "", "| rule | strength | meaning | source |", "|---|---|---|---|"]
        lines += [f"| `{r.name}` | {r.strength.value} | {cell(r.meaning)} | {cell(r.source)} |" for r in chosen]
        lines.append("")
    return "\n".join(lines)


def _bullet(rule: Rule) -> str:
    return f"- `{rule.name}` ({rule.strength.value}): {rule.meaning}. Source: {rule.source}."


def frame_rules() -> str:
    """The always-on rules, one bullet each."""
    return "\n".join(_bullet(r) for r in RULES.values() if r.checked is Checked.FRAME)
