"""The verdict matrix: every test case of the plan in scope, by SUT role and profile, with totals.

As a certification lab's test report lists them: one row per plan ID, run or not, with its
verdict, the first violated rule (or why it does not apply), grouped by the role of the SUT
and the feature profile, with totals per profile. The scope is the plan's cases for the SUT
roles of the run, narrowed by --case and --profile.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..catalog import PROFILES, SPLIT, PlanEntry, catalog
from ..ocpp.actions import Role

if TYPE_CHECKING:
    from .result import CaseResult

NOT_RUN = "not run"                   # implemented and in scope, but no verdict (yet): an interrupted run
NOT_IMPLEMENTED = "not implemented"   # the suite has no test case for this plan ID yet
VERDICTS = ("passed", "passed with warnings", "failed", "broken", "not applicable", NOT_RUN, NOT_IMPLEMENTED)
ROLE_HEADINGS = {
    Role.CHARGE_POINT.value: "Charge point under test (the suite plays the central system)",
    Role.CENTRAL_SYSTEM.value: "Central system under test (the suite plays a charge point)",
}


@dataclass(frozen=True)
class Scope:
    """Which plan IDs the run covers, and which of them the suite implements."""

    roles: tuple[str, ...]
    cases: frozenset[str] = frozenset()
    profiles: frozenset[str] = frozenset()
    implemented: frozenset[str] = frozenset()

    def covers(self, entry: PlanEntry) -> bool:
        wanted = not self.cases or entry.id in self.cases or bool(set(SPLIT.get(entry.id, ())) & self.cases)
        return (entry.sut_role.value in self.roles and wanted
                and (not self.profiles or entry.profile in self.profiles))


@dataclass
class Row:
    id: str
    title: str
    profile: str
    requirement: str
    verdict: str
    rule: str = ""
    detail: str = ""      # the failure's first line, or the reason it is not applicable
    duration_s: float | None = None
    rule_meaning: str = ""   # of a failed case's registered rule (conformance.checks.rules)
    rule_source: str = ""
    unplanned: list[str] = field(default_factory=list)   # messages seen, not in the plan (for review)
    covered_by: tuple[str, ...] = ()   # a legacy ID: the cases it was split into, whose verdicts it shows

    @property
    def has_result(self) -> bool:
        return self.verdict not in (NOT_RUN, NOT_IMPLEMENTED) and not self.covered_by

    @property
    def counted(self) -> bool:
        """A legacy ID's row repeats its parts' verdicts: the parts are counted, not it."""
        return not self.covered_by


@dataclass
class Group:
    role: str
    profile: str
    rows: list[Row] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        counts = Counter(r.verdict for r in self.rows if r.counted)
        return {v: counts[v] for v in VERDICTS if counts[v]}

    @property
    def heading(self) -> str:
        return f"{self.role} / {self.profile}"


def build(scope: Scope, results: Iterable[CaseResult]) -> list[Group]:
    """The matrix, role by role (charge point first), profile by profile in the README's order."""
    by_id = {r.id: r for r in results}
    groups: dict[tuple[str, str], Group] = {}
    entries = sorted((e for e in catalog().values() if scope.covers(e) or e.id in by_id), key=_order)
    for entry in entries:
        key = (entry.sut_role.value, entry.profile)
        group = groups.setdefault(key, Group(*key))
        if entry.id in SPLIT:
            group.rows.append(_legacy_row(entry, [by_id.get(part) for part in SPLIT[entry.id]], scope))
        else:
            group.rows.append(_row(entry, by_id.get(entry.id), scope))
    return list(groups.values())


# Of a legacy ID's parts, the verdict that speaks for all of them: the worst one.
_WORST_FIRST = ("broken", "failed", "passed with warnings", "passed", "not applicable")


def _legacy_row(entry: PlanEntry, parts: list[CaseResult | None], scope: Scope) -> Row:
    """A legacy ID, covered by the cases it was split into: their verdict, not a case of its own."""
    ids = SPLIT[entry.id]
    row = Row(entry.id, entry.title, entry.profile, entry.requirement, NOT_IMPLEMENTED, covered_by=ids)
    done = [p for p in parts if p is not None]
    if len(done) == len(ids):
        verdicts = {p.verdict for p in done}
        row.verdict = next(v for v in _WORST_FIRST if v in verdicts)
    elif any(part in scope.implemented for part in ids):
        row.verdict = NOT_RUN
    shown = [f"{part} ({result.verdict if result else 'no verdict'})" for part, result in zip(ids, parts, strict=True)]
    row.detail = f"legacy ID, covered by {', '.join(shown)}"
    return row


def _order(entry: PlanEntry) -> tuple:
    profile = PROFILES.index(entry.profile) if entry.profile in PROFILES else len(PROFILES)
    return (entry.sut_role is not Role.CHARGE_POINT, profile, entry.sort_key)


def _row(entry: PlanEntry, result: CaseResult | None, scope: Scope) -> Row:
    row = Row(entry.id, entry.title, entry.profile, entry.requirement,
              NOT_RUN if entry.id in scope.implemented else NOT_IMPLEMENTED)
    if result is not None:
        row.verdict, row.duration_s = result.verdict, result.duration_s
        row.rule = result.rule if result.verdict in ("failed", "broken") else ""
        row.detail = first_line(result.message, result.rule)
        row.unplanned = list(result.unplanned)
        if result.verdict == "failed":
            row.rule_meaning, row.rule_source = result.rule_meaning, result.rule_source
    return row


PROFILE_PASSED, PROFILE_FAILED = "passed", "failed"
PROFILE_INCOMPLETE, PROFILE_NOT_APPLICABLE = "incomplete", "not applicable"
NO_CASE_IN_RUN = "no case of the plan in this run"
PROFILE_LEGEND = ("A profile passed when every case of the plan for it passed or does not apply to the SUT; it is "
                  "incomplete while one is not run, or not implemented by the suite.")


def profile_verdict(totals: dict[str, int]) -> str:
    """A whole profile's verdict: failed if a case failed or broke; passed if every case of the plan for it
    passed or does not apply; incomplete while a case is not run or not implemented."""
    if totals.get("failed") or totals.get("broken"):
        return PROFILE_FAILED
    if totals.get(NOT_RUN) or totals.get(NOT_IMPLEMENTED):
        return PROFILE_INCOMPLETE
    if totals.get("passed") or totals.get("passed with warnings"):
        return PROFILE_PASSED
    return PROFILE_NOT_APPLICABLE


@dataclass
class ProfileRow:
    profile: str
    declared: bool      # the SUT description declares it
    verdict: str
    totals: dict[str, int]


def profile_view(groups: list[Group], suts: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[ProfileRow]]]:
    """Per described SUT with cases in the matrix: each profile it declares, in the plan's order, then any other
    profile a case of which ran for it, with the counts and the whole profile's verdict."""
    by_key = {(g.role, g.profile): g for g in groups}
    view = []
    for sut in suts:
        role = sut["role"]
        if not any(g.role == role for g in groups):
            continue
        declared = list(sut.get("profiles", []))
        rows = []
        # A profile the SUT does not declare gets a row only when a case of it ran (--case can make one run).
        ran = [g.profile for g in groups if g.role == role and g.profile not in declared
               and any(g.totals.get(v) for v in VERDICTS[:4])]
        for profile in declared + ran:
            group = by_key.get((role, profile))
            counts = group.totals if group else {}
            verdict = profile_verdict(counts) if group else NO_CASE_IN_RUN
            rows.append(ProfileRow(profile, profile in declared, verdict, counts))
        view.append((sut, rows))
    return view


def profiles_as_json(groups: list[Group], suts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"sut": sut["name"], "sut_role": sut["role"], "profile": r.profile, "declared": r.declared,
             "verdict": r.verdict, "totals": r.totals} for sut, rows in profile_view(groups, suts) for r in rows]


def profiles_as_markdown(groups: list[Group], suts: list[dict[str, Any]]) -> list[str]:
    view = profile_view(groups, suts)
    if not view:
        return []
    lines = ["## Verdict per profile", "", "| SUT | profile | profile verdict | " + " | ".join(VERDICTS) + " |",
             "|---|---|---|" + "---:|" * len(VERDICTS)]
    for sut, rows in view:
        for r in rows:
            lines.append(f"| {sut['name']} | {r.profile} | {r.verdict} | "
                         + " | ".join(str(r.totals.get(v, 0)) for v in VERDICTS) + " |")
    return [*lines, "", PROFILE_LEGEND, ""]


def first_line(message: str, rule: str = "") -> str:
    """A verdict's message in one line, without what the row already says (class, rule, verdict)."""
    line = message.strip().splitlines()[0] if message.strip() else ""
    line = line.removeprefix("not applicable: ")
    if rule:
        line = re.sub(rf"^(\w+ \[{re.escape(rule)}\] |{re.escape(rule)}: )", "", line)
    return line


def totals(groups: Iterable[Group]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for group in groups:
        counts.update(group.totals)   # without the legacy IDs' rows
    return {v: counts[v] for v in VERDICTS if counts[v]}


def as_json(groups: list[Group]) -> list[dict[str, Any]]:
    return [{"sut_role": g.role, "profile": g.profile, "totals": g.totals,
             "cases": [{"id": r.id, "title": r.title, "profile": r.profile, "requirement": r.requirement,
                        "verdict": r.verdict, "rule": r.rule, "detail": r.detail,
                        "rule_meaning": r.rule_meaning, "rule_source": r.rule_source,
                        "unplanned": r.unplanned, **({"covered_by": list(r.covered_by)} if r.covered_by else {})}
                       for r in g.rows]}
            for g in groups]


def as_markdown(groups: list[Group]) -> list[str]:
    lines = ["## Totals per profile", "", "| SUT role / profile | " + " | ".join(VERDICTS) + " |",
             "|---|" + "---:|" * len(VERDICTS)]
    for g in groups:
        lines.append(f"| {g.heading} | " + " | ".join(str(g.totals.get(v, 0)) for v in VERDICTS) + " |")
    role = None
    for g in groups:
        if g.role != role:
            role = g.role
            lines += ["", f"## {ROLE_HEADINGS.get(role, role)}"]
        summary = ", ".join(f"{n} {v}" for v, n in g.totals.items())
        lines += ["", f"### {g.profile} ({summary})", "",
                  "| ID | title | requirement | verdict | rule | detail |", "|---|---|---|---|---|---|"]
        for r in g.rows:
            detail = r.detail.replace("|", "\\|")[:300]
            lines.append(f"| {r.id} | {r.title} | {r.requirement} | {r.verdict} | {r.rule} | {detail} |")
    return lines + broken_rules(groups) + review_notes(groups)


def broken_rules(groups: Iterable[Group]) -> list[str]:
    """Each rule a failed case names, once: what it asks and where it comes from."""
    seen: dict[str, tuple[str, str, list[str]]] = {}
    for g in groups:
        for r in g.rows:
            if r.verdict == "failed" and r.rule_meaning:
                seen.setdefault(r.rule, (r.rule_meaning, r.rule_source, []))[2].append(r.id)
    if not seen:
        return []
    lines = ["", "## Rules the failed cases broke", ""]
    for rule, (meaning, source, ids) in sorted(seen.items()):
        lines.append(f"- `{rule}` ({', '.join(ids)}): {meaning}. Source: {source}.")
    return lines


def review_notes(groups: Iterable[Group]) -> list[str]:
    """The messages each case saw that its steps do not name: they broke no rule, a person reviews them."""
    rows = [r for g in groups for r in g.rows if r.unplanned]
    if not rows:
        return []
    lines = ["", "## Seen, not in the plan (for review)", "",
             "Messages the steps do not name that broke no rule; the verdicts stand, a tester looks at these.", ""]
    for r in rows:
        lines.append(f"- {r.id} ({r.verdict}): {len(r.unplanned)} message(s)")
        lines += [f"  - {note}" for note in r.unplanned]
    return lines
