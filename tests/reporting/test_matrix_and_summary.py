"""The verdict matrix of the catalog in scope, and the three files that carry it after every case."""

from __future__ import annotations

import json
from pathlib import Path

from conformance.catalog import SPLIT, catalog
from conformance.reporting import matrix
from conformance.reporting.result import CaseResult
from conformance.reporting.summary import Summary
from conformance.sut import profile as sut_profile
from conformance.sut.local import reference_sut


def result(case_id: str, verdict: str, rule: str = "", message: str = "") -> CaseResult:
    entry = catalog()[case_id]
    return CaseResult(case_id, entry.title, entry.sut_role.value, entry.profile, "ref", verdict, rule, message, 0.5,
                      trace="12:00:00.000 +0.000s event the case's steps begin\n", svg="<svg></svg>")


def test_every_case_of_the_roles_in_scope_has_a_row_grouped_by_role_and_profile():
    scope = matrix.Scope(roles=("charge-point", "central-system"), implemented=frozenset({"TC_003_CS", "TC_001_CSMS"}))
    groups = matrix.build(scope, [result("TC_003_CS", "failed", "timing", "TimingViolation [timing] step 3: late")])
    assert sum(len(g.rows) for g in groups) == len(catalog())
    keys = [(g.role, g.profile) for g in groups]
    assert keys[0] == ("charge-point", "Core") and keys[len(keys) // 2][0] == "central-system"
    assert len(set(keys)) == len(keys)   # one group per role and profile
    core = groups[0]
    rows = {r.id: r for r in core.rows}
    assert (rows["TC_003_CS"].verdict, rows["TC_003_CS"].rule, rows["TC_003_CS"].detail) == ("failed", "timing",
                                                                                             "step 3: late")
    assert rows["TC_004_1_CS"].verdict == matrix.NOT_IMPLEMENTED
    counted = [r for r in core.rows if r.counted]   # a legacy ID is counted in its parts
    assert core.totals == {"failed": 1, matrix.NOT_IMPLEMENTED: len(counted) - 1}
    assert len(core.rows) - len(counted) == sum(1 for e in catalog().values() if e.id in SPLIT and e.profile == "Core")
    csms = next(g for g in groups if g.heading == "central-system / Core")
    assert next(r for r in csms.rows if r.id == "TC_001_CSMS").verdict == matrix.NOT_RUN
    assert {r.requirement for g in groups for r in g.rows} <= {"mandatory", "conditional", "unknown"}


def test_the_scope_follows_the_roles_cases_and_profiles_of_the_run():
    only_cp = matrix.build(matrix.Scope(roles=("charge-point",)), [])
    assert {g.role for g in only_cp} == {"charge-point"}
    picked = matrix.build(matrix.Scope(roles=("charge-point",), cases=frozenset({"TC_001_CS", "TC_002_CS"})), [])
    assert [r.id for g in picked for r in g.rows] == ["TC_001_CS", "TC_002_CS"]
    reservation = matrix.build(matrix.Scope(roles=("charge-point",), profiles=frozenset({"Reservation"})), [])
    assert [g.profile for g in reservation] == ["Reservation"]


def test_not_applicable_names_the_capability_not_a_rule():
    reason = ("not applicable: my charger does not declare the SmartCharging profile ([capabilities] profiles)")
    case_id = next(e.id for e in catalog().values() if e.profile == "SmartCharging" and e.id.endswith("_CS"))
    groups = matrix.build(matrix.Scope(roles=("charge-point",), profiles=frozenset({"SmartCharging"})),
                          [result(case_id, "not applicable", "", reason)])
    row = next(r for r in groups[0].rows if r.id == case_id)
    assert row.rule == "" and row.detail.startswith("my charger does not declare the SmartCharging profile")


def test_every_report_is_written_after_every_case_so_an_interrupted_run_keeps_its_page(tmp_path: Path):
    sut = sut_profile.load(reference_sut(tmp_path, "charge-point"))
    reports = tmp_path / "reports"
    summary = Summary(reports, [sut])
    summary.set_scope(matrix.Scope(roles=("charge-point",), cases=frozenset({"TC_001_CS", "TC_003_CS"}),
                                   implemented=frozenset({"TC_001_CS", "TC_003_CS"})))
    summary.add(result("TC_001_CS", "passed"))
    # the run stops here: no finish()
    data = json.loads((reports / "summary.json").read_text())
    assert data["finished"] is None and data["totals"] == {"passed": 1}
    assert data["matrix"][0]["totals"] == {"passed": 1, matrix.NOT_RUN: 1}
    html = (reports / "index.html").read_text()
    assert "still running (1 cases finished so far)" in html and 'id="case-TC_001_CS"' in html
    assert '<td class="verdict">not run</td>' in html
    assert "| TC_003_CS | Regular Charging Session - Plugin First | mandatory | not run |" in \
        (reports / "summary.md").read_text()
    assert not list(reports.glob(".*.partial"))
    summary.finish()
    assert json.loads((reports / "summary.json").read_text())["finished"]


def test_a_broken_case_names_what_broke_once():
    message = "SutUnreachable: the charge point is not connected after 1 s"
    groups = matrix.build(matrix.Scope(roles=("charge-point",), cases=frozenset({"TC_003_CS"})),
                          [result("TC_003_CS", "broken", "SutUnreachable", message)])
    (row,) = groups[0].rows
    assert (row.verdict, row.rule, row.detail) == ("broken", "SutUnreachable",
                                                   "the charge point is not connected after 1 s")


def test_messages_seen_not_in_the_plan_are_a_review_note_in_every_report(tmp_path: Path):
    sut = sut_profile.load(reference_sut(tmp_path, "charge-point"))
    reports = tmp_path / "reports"
    summary = Summary(reports, [sut])
    summary.set_scope(matrix.Scope(roles=("charge-point",), cases=frozenset({"TC_003_CS"}),
                                   implemented=frozenset({"TC_003_CS"})))
    seen = result("TC_003_CS", "passed")
    seen.unplanned = ["step 7: StatusNotification.req (connectorId=1, status='SuspendedEVSE') while waiting for <x>"]
    summary.add(seen)
    data = json.loads((reports / "summary.json").read_text())
    assert data["cases"][0]["unplanned"] == seen.unplanned and data["totals"] == {"passed": 1}
    assert data["matrix"][0]["cases"][0]["unplanned"] == seen.unplanned
    markdown = (reports / "summary.md").read_text()
    assert "## Seen, not in the plan (for review)" in markdown
    assert "- TC_003_CS (passed): 1 message(s)\n  - step 7: StatusNotification.req" in markdown
    html = (reports / "index.html").read_text()
    assert 'class="review"' in html and "status=&#x27;SuspendedEVSE&#x27;) while waiting for &lt;x&gt;" in html
    summary.add(result("TC_003_CS", "passed"))
    assert "Seen, not in the plan" not in (reports / "summary.md").read_text()
