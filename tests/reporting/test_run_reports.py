"""What a run leaves in reports/: index.html, the matrix in three places, Allure's metadata."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path

from conformance.catalog import catalog
from conformance.checks.rules import RULES
from conformance.reporting.describe import suite_version
from tests.reporting.conftest import FAILED, PASSED

RULE = "payload_matches_expectation"


def test_index_html_is_one_self_contained_file(failed_run: Path):
    html = (failed_run / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # Nothing to load: no src at all, links only within the page (or data: URLs).
    assert not re.search(r"\bsrc\s*=", html, re.IGNORECASE)
    for target in re.findall(r'\bhref\s*=\s*"([^"]*)"', html):
        assert target.startswith(("#", "data:")), target
    assert "@import" not in html and "url(" not in html
    assert f"ocpp-conformance {suite_version()}" in html
    for key in ("started", "finished", "duration"):
        assert f'<span class="key">{key}</span>' in html


def test_the_failed_case_shows_its_rule_diagram_and_trace(failed_run: Path):
    html = (failed_run / "index.html").read_text(encoding="utf-8")
    case = html[html.index(f'<article id="case-{FAILED}"'):]
    case = case[:case.index("</article>")]
    assert "<details open>" in case and RULE in case
    svg = case[case.index("<svg"):case.index("</svg>") + 6]
    tree = ET.fromstring(svg)   # well-formed SVG
    ns = "{http://www.w3.org/2000/svg}"
    failing = [g for g in tree.iter(f"{ns}g") if "failing" in g.get("class", "").split()]
    assert len(failing) == 1
    marked = "".join(failing[0].itertext())
    assert "StartTransaction.req" in marked and RULE in marked
    notes = [g for g in tree.iter(f"{ns}g") if "operator" in g.get("class", "").split()]
    assert any("plug_in" in "".join(n.itertext()) for n in notes)
    assert '<details class="trace" open>' in case and "GAT_DILAV" in case   # the trace, the wrong idTag in it
    passed = html[html.index(f'<article id="case-{PASSED}"'):]
    assert passed.startswith(f'<article id="case-{PASSED}" class="case pass"><details>')


def test_the_matrix_is_the_same_in_json_markdown_and_html(failed_run: Path):
    summary = json.loads((failed_run / "summary.json").read_text())
    assert summary["suite_version"] == suite_version()
    assert summary["started"] and summary["finished"] and summary["duration_s"] > 0
    core_cs = [g for g in summary["matrix"] if (g["sut_role"], g["profile"]) == ("charge-point", "Core")]
    assert len(core_cs) == 1
    rows = {r["id"]: r for r in core_cs[0]["cases"]}
    # the case filter narrows the scope to the two cases asked for
    assert set(rows) == {PASSED, FAILED}
    assert rows[FAILED]["verdict"] == "failed" and rows[FAILED]["rule"] == RULE
    assert rows[FAILED]["requirement"] == catalog()[FAILED].requirement == "mandatory"
    assert core_cs[0]["totals"] == {"passed": 1, "failed": 1}
    markdown = (failed_run / "summary.md").read_text()
    assert f"| {FAILED} | Regular Charging Session - Plugin First | mandatory | failed | {RULE} |" in markdown
    assert "| charge-point / Core | 1 | 0 | 1 |" in markdown
    assert 'password = "(not shown)"' in markdown and f"ocpp-conformance {suite_version()}; started " in markdown
    html = (failed_run / "index.html").read_text()
    row = html[html.index(f'<tr id="row-{FAILED}"'):]
    assert re.match(rf'<tr id="row-{FAILED}" class="fail"><td><a href="#case-{FAILED}">', row)
    assert RULE in row[:row.index("</tr>")]


def test_a_failed_rule_is_explained_with_its_meaning_and_source_in_every_report(failed_run: Path):
    rule = RULES[RULE]
    summary = json.loads((failed_run / "summary.json").read_text())
    case = next(c for c in summary["cases"] if c["id"] == FAILED)
    assert (case["rule_meaning"], case["rule_source"], case["rule_strength"]) == (rule.meaning, rule.source, "MUST")
    passed = next(c for c in summary["cases"] if c["id"] == PASSED)
    assert passed["rule"] == passed["rule_meaning"] == passed["rule_source"] == ""
    row = next(r for g in summary["matrix"] for r in g["cases"] if r["id"] == FAILED)
    assert (row["rule_meaning"], row["rule_source"]) == (rule.meaning, rule.source)
    markdown = (failed_run / "summary.md").read_text()
    assert f"- `{RULE}` ({FAILED}): {rule.meaning}. Source: {rule.source}." in markdown
    html = (failed_run / "index.html").read_text()
    article = html[html.index(f'<article id="case-{FAILED}"'):]
    assert f'<p class="rule-meaning">MUST: {escape(rule.meaning)}' in article[:article.index("</article>")]
    assert f"source: {escape(rule.source)}" in article
    results = failed_run / "allure-results"
    failed = next(r for r in (json.loads(p.read_text()) for p in results.glob("*-result.json"))
                  if r["testCaseId"] == FAILED)
    labels = {label["name"]: label["value"] for label in failed["labels"]}
    assert (labels["rule"], labels["ruleStrength"], labels["ruleSource"]) == (RULE, "MUST", rule.source)
    assert failed["statusDetails"]["message"].endswith(f"rule {RULE} (MUST): {rule.meaning}\nsource: {rule.source}")


def test_no_secret_in_any_report(failed_run: Path):
    everything = "".join(p.read_text(errors="replace") for p in failed_run.rglob("*") if p.is_file())
    assert "reference-basic-auth-key" not in everything
    summary = json.loads((failed_run / "summary.json").read_text())
    assert summary["suts"][0]["tables"]["security"]["password"] == "(not shown)"


def test_allure_results_are_navigable(failed_run: Path):
    results = failed_run / "allure-results"
    tests = {r["testCaseId"]: r for r in (json.loads(p.read_text()) for p in results.glob("*-result.json"))}
    failed = tests[FAILED]
    labels = {label["name"]: label["value"] for label in failed["labels"]}
    assert failed["historyId"] == FAILED and labels["testCaseId"] == FAILED
    assert labels["epic"] == "SUT: Charge Point" and labels["feature"] == "Core"
    assert labels["story"] == catalog()[FAILED].title and labels["severity"] == "critical"
    attachments = {a["name"]: a for a in failed["attachments"]}
    assert set(attachments) == {"message trace", "message trace (JSON lines)", "sequence diagram"}
    svg = (results / attachments["sequence diagram"]["source"]).read_text()
    assert attachments["sequence diagram"]["type"] == "image/svg+xml" and RULE in svg and 'failing' in svg
    lines = (results / attachments["message trace (JSON lines)"]["source"]).read_text().splitlines()
    frames = [json.loads(line) for line in lines]
    assert {"direction", "at", "monotonic", "step", "checks"} <= set(frames[0])
    categories = json.loads((results / "categories.json").read_text())
    assert [(c["name"], c["matchedStatuses"]) for c in categories] == [
        ("SUT violated a rule", ["failed"]), ("harness or environment broken", ["broken"])]
    environment = (results / "environment.properties").read_text()
    assert f"suite.version = ocpp-conformance {suite_version()}" in environment
    assert "sut.charge-point.sut.charge_point_id = " in environment
    assert "sut.charge-point.security.password = \"(not shown)\"" in environment


def test_a_run_refused_before_its_first_case_says_so_on_its_page(tmp_path: Path):
    """A set-up mistake (exit 2): plain pytest writes no verdict of cases that never began, only
    that the run did not start, and why."""
    import subprocess
    import sys

    from conformance.sut.local import free_port, write_toml
    from tests.conftest import ROOT, TESTCASES

    sut = write_toml(tmp_path / "csms.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_1", "url": f"ws://127.0.0.1:{free_port()}/ocpp"}})
    result = subprocess.run([sys.executable, "-m", "pytest", str(TESTCASES), "-p", "no:cacheprovider", "-q",
                             "--sut", str(sut), "--reports", str(tmp_path / "r")], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 2, result.stdout + result.stderr
    page = (tmp_path / "r" / "index.html").read_text()
    assert "the run did not start" in page and "connection refused" in page
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert summary["cases"] == [] and "connection refused" in summary["not_started"]
