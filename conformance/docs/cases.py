"""docs/cases.md: every case of the plan in the document's order, each implemented one with its
docstring, the capabilities it is for and the operator actions it may ask for.

The case files are the only source: a new file under testcases/ appears here at the next
`python -m conformance.docs`, with no hand edit. They are imported as `ocpp-conformance list
--sut` imports them, for the `requires=` of their decorator.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..beyond import BEYOND
from ..catalog import PROFILES, SPLIT, PlanEntry, catalog
from ..ocpp.actions import Role
from ..sut.applicability import SECURITY_PROFILES, check_requires
from ..sut.capabilities import CAPABILITIES, describe
from .actions import action_list, case_actions
from .plan_order import plan_order

ROOT = Path(__file__).resolve().parent.parent.parent
TESTCASES = ROOT / "testcases"
_DECORATOR = re.compile(r'@(?:conformance|beyond)_case\("([A-Z0-9_]+)"')
ROLE_HEADINGS = {
    Role.CHARGE_POINT: "Charge point SUT (`_CS`: the harness plays the central system)",
    Role.CENTRAL_SYSTEM: "Central system SUT (`_CSMS`: the harness plays a charge point)",
}


@dataclass(frozen=True)
class CaseFile:
    id: str
    path: Path                # relative to the project root
    docstring: str
    actions: tuple[str, ...]


@cache
def case_files() -> dict[str, CaseFile]:
    """Case ID -> its file, for every case under testcases/."""
    found = {}
    for path in sorted(TESTCASES.rglob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        for case_id in _DECORATOR.findall(text):
            found[case_id] = CaseFile(case_id, path.relative_to(ROOT), ast.get_docstring(ast.parse(text)) or "",
                                      tuple(case_actions(path)))
    return found


@cache
def requirements() -> dict[str, object]:
    """The `requires=` of every case, from the decorators as the files run them."""
    from ..pytest_plugin import REQUIREMENTS

    for path in sorted(TESTCASES.rglob("test_*.py")):
        spec = importlib.util.spec_from_file_location(f"_conformance_case_{path.stem}", path)
        if spec is not None and spec.loader is not None:
            spec.loader.exec_module(importlib.util.module_from_spec(spec))
    return dict(REQUIREMENTS)


def applies_when(entry: PlanEntry) -> str:
    """What the SUT description must say for the case to apply, in the file's own terms."""
    alternatives = []
    for conditions in check_requires(entry.id, requirements().get(entry.id)):  # type: ignore[arg-type]
        said = []
        if conditions.get("profile", "declared") == "absent":
            said.append(f"the {entry.profile} profile is not declared")
        elif entry.profile != "Core":
            said.append(f"`profiles` has {entry.profile}")
        said += [_condition(name, value) for name, value in conditions.items() if name != "profile"]
        if entry.id in SECURITY_PROFILES:
            said.append(f"`[security] profile` is {' or '.join(map(str, sorted(SECURITY_PROFILES[entry.id])))}")
        alternatives.append(", ".join(said))
    return " or ".join(a for a in alternatives if a) or "always (Core)"


def _condition(name: str, wanted: object) -> str:
    """A condition as the SUT file would meet it: a yes/no equal, a number at least, a list holding."""
    kind = CAPABILITIES[name].kind
    if kind is list:
        return f"`{name}` has {', '.join(sorted(map(str, wanted)))}"  # type: ignore[call-overload]
    if kind is int:
        return f"`{name}` is at least {wanted}"
    return f"`{name} = {describe(name, wanted)}`"


def _body(entry: PlanEntry, docstring: str) -> str:
    """The docstring without its first paragraph when that only repeats ID and title."""
    paragraphs = docstring.strip().split("\n\n")
    if paragraphs and paragraphs[0].startswith(entry.id) and len(paragraphs) > 1:
        paragraphs = paragraphs[1:]
    elif paragraphs and paragraphs[0].startswith(entry.id):
        first = paragraphs[0].split("\n", 1)
        paragraphs = [first[1]] if len(first) > 1 else []
    text = "\n\n".join(paragraphs)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _anchor(case_id: str) -> str:
    return case_id.lower()


def _case(entry: PlanEntry, found: CaseFile) -> list[str]:
    facts = [entry.profile, entry.requirement, f"[`{found.path.as_posix()}`](../{found.path.as_posix()})",
             f"applies when: {applies_when(entry)}", f"operator actions: {action_list(list(found.actions))}"]
    return [f"### {entry.id} {entry.title}", "", "*" + " · ".join(facts[:3]) + "*  ", facts[3] + "  ", facts[4],
            "", _body(entry, found.docstring), ""]


def cases_md() -> str:
    entries, files = catalog(), case_files()
    implemented = {i for i in files if i in entries}
    lines = ["# The test cases", "",
             "Generated from the case files (`testcases/`) by `python -m conformance.docs`; do not edit by hand.",
             "Each case is described by its own docstring; the plan's cases are in the order of the OCPP 1.6 test",
             "case document (FINAL 2024-04), by SUT role. \"Applies when\" is what the SUT description must say",
             "(`[capabilities]`, `[security]`); \"operator actions\" what the case may ask for",
             "([operator-actions.md](operator-actions.md)). After every case the baseline may also ask for",
             "`unplug`, `clear_fault` or `power_cycle`.", "",
             "| SUT role | profile | implemented | in the plan |", "|---|---|---|---|"]
    for role in Role:
        for profile in PROFILES:
            ids = [e.id for e in entries.values() if e.sut_role is role and e.profile == profile and e.id not in SPLIT]
            if ids:
                done = sum(1 for i in ids if i in implemented)
                lines.append(f"| {role.value} | {profile} | {done} | {len(ids)} |")
    lines.append("")
    for role in Role:
        lines += [f"## {ROLE_HEADINGS[role]}", ""]
        for case_id in plan_order([e.id for e in entries.values() if e.sut_role is role]):
            entry = entries[case_id]
            if case_id in files:
                lines += _case(entry, files[case_id])
            elif case_id in SPLIT:
                parts = ", ".join(f"[{p}](#{_anchor(p)}-{_slug(entries[p].title)})" if p in files else p
                                  for p in SPLIT[case_id])
                lines += [f"### {case_id} {entry.title}", "", f"*{entry.profile} · legacy ID of the FINAL 2024-04 "
                          f"document, split into {parts}*: selecting it selects them.", ""]
        missing = [entries[i] for i in plan_order([e.id for e in entries.values() if e.sut_role is role])
                   if i not in files and i not in SPLIT]
        if missing:
            lines += [f"### Not implemented yet ({len(missing)})", "", "| ID | title | profile |", "|---|---|---|"]
            lines += [f"| {e.id} | {e.title} | {e.profile} |" for e in missing]
            lines.append("")
    beyond = [e for e in BEYOND.values() if e.id in files]
    if beyond:
        lines += ["## Checks beyond the plan (`--beyond`)", "",
                  "Not plan cases: reported apart, never in the plan's counts ([beyond.md](beyond.md)).", ""]
        for entry in beyond:
            found = files[entry.id]
            role = "charge point" if entry.sut_role is Role.CHARGE_POINT else "central system"
            lines += [f"### {entry.id} {entry.title}", "",
                      f"*{role} · {entry.section} · [`{found.path.as_posix()}`](../{found.path.as_posix()})*  ",
                      f"operator actions: {action_list(list(found.actions))}", "", _body(entry, found.docstring), ""]
    return "\n".join(lines).rstrip() + "\n"


def _slug(title: str) -> str:
    """The rest of GitHub's anchor for a heading `ID title`."""
    return re.sub(r"[^a-z0-9 _-]", "", title.lower()).replace(" ", "-")


def case_actions_md(role: Role) -> str:
    """One row per implemented case of `role`: the operator actions it may ask for."""
    entries, files = catalog(), case_files()
    rows = ["| case | operator actions |", "|---|---|"]
    for case_id in plan_order([i for i in files if i in entries and entries[i].sut_role is role]):
        rows.append(f"| {case_id} | {action_list(list(files[case_id].actions))} |")
    return "\n".join(rows)
