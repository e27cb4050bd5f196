"""The load run's plan, its findings and its verdict, without a network or Locust."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.checks.verdicts import ConfigError
from conformance.load.findings import Findings, latency_bin, percentile
from conformance.load.plan import build, parse_duration
from conformance.load.report import verdict, write_report
from conformance.sut import profile as sut_profile
from conformance.sut.local import write_toml


def csms(tmp_path: Path, **load) -> sut_profile.SutProfile:
    tables = {"sut": {"role": "central-system", "charge_point_id": "CP_1", "url": "ws://127.0.0.1:9/ocpp"}}
    if load:
        tables["load"] = load
    return sut_profile.load(write_toml(tmp_path / "csms.toml", tables))


def plan_of(tmp_path: Path, *, scenario: str = "mix", duration_s: float = 60, **load):
    return build(csms(tmp_path, **load), chargers=100, spawn_rate=50, duration_s=duration_s, scenario=scenario,
                 ca_pem=None)


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("90s", 90), ("10m", 600), ("1h30m", 5400), ("1.5s", 1.5)])
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "ten", "10x", "5m10"])
def test_a_duration_that_is_none_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_duration(text)


def test_the_charger_ids_come_from_the_template_and_the_url(tmp_path: Path) -> None:
    plan = plan_of(tmp_path)
    assert plan.charger_id(7) == "LOAD_00007"
    assert plan.url_for(7) == "ws://127.0.0.1:9/ocpp/LOAD_00007"
    plan = plan_of(tmp_path, charge_point_id_template="CP-{n}")
    assert plan.charger_id(12) == "CP-12"


@pytest.mark.parametrize(("load", "words"), [
    ({"charge_point_id_template": "FIXED"}, "its own id"),
    ({"charge_point_id_template": "A/{n}"}, "without '/'"),
    ({"charge_point_id_template": "{m}"}, "use {n}"),
    ({"error_budget": 2.0}, "between 0 and 1"),
    ({"max_connect_attempts": 0}, "at least 1"),
])
def test_a_load_table_that_cannot_work_is_refused(tmp_path: Path, load: dict, words: str) -> None:
    with pytest.raises(ConfigError, match=words.replace("{", r"\{").replace("}", r"\}")):
        plan_of(tmp_path, **load)


def test_a_boot_storm_needs_time_after_the_chargers_connected(tmp_path: Path) -> None:
    assert plan_of(tmp_path, scenario="boot-storm").storm_after_s == pytest.approx(2 + 10)
    with pytest.raises(ConfigError, match="no time for the boot storm"):
        plan_of(tmp_path, scenario="boot-storm", duration_s=5)


def test_the_plan_survives_json(tmp_path: Path) -> None:
    from conformance.load.plan import LoadPlan

    plan = plan_of(tmp_path)
    assert LoadPlan.from_json(json.loads(json.dumps(plan.to_json()))) == plan


def test_percentiles_from_the_histogram_are_within_ten_percent() -> None:
    findings = Findings()
    for ms in range(1, 1001):
        findings.answered("Heartbeat", float(ms), 100.0)
    p99 = percentile(findings.latency["Heartbeat"], 0.99)
    assert 990 <= p99 <= 990 * 1.1
    assert percentile({}, 0.5) is None and latency_bin(0.2) == 0


def test_merging_adds_counts_and_keeps_a_few_examples() -> None:
    total = Findings()
    for worker in range(3):
        part = Findings()
        part.requests, part.attempts = 10, 2
        part.connected(f"worker-{worker}", 5, 100.0)
        part.frames(100.0, sent=3, received=4)
        part.answered("Heartbeat", 12.0, 100.0)
        for i in range(4):
            part.violation("no_callerror", "error", f"CP_{worker}_{i}", "m", "[3]", 100.0)
        part.connection_error("refused", "CP", "HTTP 503", 100.0, reasoned=True)
        part.stormed(800)
        total.merge(json.loads(json.dumps(part.take())))
        assert part.requests == 0 and part.violations == {}
    assert total.requests == 30 and total.attempts == 6 and total.budget_errors == 3
    assert total.violations["no_callerror"]["count"] == 12 and len(total.violations["no_callerror"]["examples"]) == 5
    bucket = total.timeline[100]
    assert sum(bucket["connected"].values()) == 15 and bucket["sent"] == 9 and bucket["received"] == 12
    assert total.boot_storm_chargers == 3 and total.errors == 12
    assert total.budget_share == pytest.approx(3 / 36)


def test_the_verdict_fails_on_a_violated_rule_or_an_exceeded_budget(tmp_path: Path) -> None:
    plan = plan_of(tmp_path)
    findings = Findings()
    findings.requests = 100
    assert verdict(plan, findings).exit_code == 0
    findings.violation("one_outstanding_call", "warning", "CP", "m", None, 1.0)
    assert verdict(plan, findings).exit_code == 0   # a SHOULD passes the run
    findings.connection_error("refused", "CP", "HTTP 503", 1.0, reasoned=True)
    result = verdict(plan, findings)
    assert result.exit_code == 1 and "error budget exceeded" in result.summary
    plan.error_budget = 0.05
    assert verdict(plan, findings).exit_code == 0
    findings.violation("load_transaction_id_unique", "error", "CP", "m", None, 1.0)
    assert "load_transaction_id_unique (1)" in verdict(plan, findings).summary


def test_the_report_is_one_page_that_needs_nothing_else(tmp_path: Path) -> None:
    plan = plan_of(tmp_path)
    findings = Findings()
    findings.connected("local", 3, 1000.0)
    findings.answered("Heartbeat", 5.0, 1000.0)
    findings.violation("load_connection_kept", "error", "LOAD_00001", "dropped <without> a close frame", None, 1000.0)
    result = write_report(tmp_path / "load", plan, findings, 1000.0, 1010.0)
    page = (tmp_path / "load" / "index.html").read_text()
    assert result.exit_code == 1 and "FAILED" in page and "&lt;without&gt;" in page
    assert "<script" not in page and "src=" not in page and "<svg" in page
    summary = json.loads((tmp_path / "load" / "summary.json").read_text())
    assert summary["verdict"] == "failed" and summary["peak_connected"] == 3 and "password" not in summary
