"""`run --robustness` as its reports show it: a section of its own, per property, with a replay that works."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import types

import pytest

from conformance import events
from conformance.robustness import runner
from conformance.sut.local import reference_sut
from tests.conftest import ROOT

FAULT = "generic_error_on_type"   # the reference central system answers a wrong type with GenericError


@pytest.fixture(scope="module")
def robustness_run(tmp_path_factory: pytest.TempPathFactory):
    directory = tmp_path_factory.mktemp("robustness-run")
    sut = reference_sut(directory, "central-system", faults=(FAULT,), profiles=["Core"])
    reports = directory / "reports"
    done = subprocess.run([sys.executable, "-m", "conformance.cli", "run", "--robustness", "--sut", str(sut),
                           "--reports", str(reports), "--", "-k", "invalid and (Authorize or Heartbeat) or hostile"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr
    return done, reports


def test_summary_json_has_a_robustness_section_per_property(robustness_run):
    _, reports = robustness_run
    summary = json.loads((reports / "summary.json").read_text())
    assert summary["cases"] == [] and summary["totals"] == {}
    assert summary["matrix"] == []   # no plan case ran: none is "not run"
    section = summary["robustness"]
    by_id = {p["id"]: p for p in section["properties"]}
    failed = by_id["robustness CSMS test_invalid_requests_get_the_right_callerror[Authorize]"]
    passed = by_id["robustness CSMS test_invalid_requests_get_the_right_callerror[Heartbeat]"]
    tls = by_id["robustness CSMS test_central_system_refuses_hostile_client_certificates"]
    assert section["totals"] == {"passed": 1, "failed": 1, "not applicable": 1}
    assert passed["verdict"] == "passed" and passed["examples"] >= 1 and not passed["failures"]
    assert failed["verdict"] == "failed" and failed["examples"] >= 1
    (failure,) = failed["failures"]
    assert failure["rule"] == "robustness_invalid_request" and "GenericError" in failure["message"]
    assert '"Authorize"' in failure["example"] and "Draw 1" in failure["example"]
    assert failed["replay"].startswith(".venv/bin/python") or failed["replay"].startswith("/")
    assert "--robustness" in failed["replay"] and "@reproduce_failure(" in failed["reproduce"]
    assert tls["verdict"] == "not applicable" and "security profile 3" in tls["reason"]


def test_the_replay_command_works_pasted_in_the_projects_root(robustness_run):
    _, reports = robustness_run
    summary = json.loads((reports / "summary.json").read_text())
    (failed,) = [p for p in summary["robustness"]["properties"] if p["verdict"] == "failed"]
    # The replay writes its own reports where the example database is: here into a copy of them.
    copy = reports.parent / "replayed"
    shutil.copytree(reports, copy)
    command = failed["replay"].replace(str(reports), str(copy))
    assert command != failed["replay"]
    replay = subprocess.run(command, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=240,
                            stdin=subprocess.DEVNULL)
    assert replay.returncode == 1, replay.stdout[-3000:] + replay.stderr
    assert "1 failed" in replay.stdout and "[robustness_invalid_request]" in replay.stdout


def test_summary_md_index_html_and_the_terminal_show_it(robustness_run):
    done, reports = robustness_run
    markdown = (reports / "summary.md").read_text()
    assert "## Robustness (1 passed, 1 failed, 1 not applicable)" in markdown
    assert "shrunk example:" in markdown and "replay (from the project's root; its reports replace these):" in markdown
    page = (reports / "index.html").read_text()
    assert 'id="robustness"' in page and "Shrunk example" in page and "Replay, from the project" in page
    assert "<td class=\"verdict\">not run" not in page
    assert "robustness (--robustness)" in done.stdout and "replay: " in done.stdout


def test_a_property_under_way_says_how_far_it_is(monkeypatch):
    """Progress: examples sent and findings so far, published while the property runs."""
    monkeypatch.setattr(runner, "PROGRESS_EVERY_S", 0)
    closed = types.SimpleNamespace(is_set=lambda: False)
    harness = types.SimpleNamespace(connection=types.SimpleNamespace(closed=closed), errors=[],
                                    trace=types.SimpleNamespace(entries=[]))
    fuzzer = runner.Fuzzer(harness)   # type: ignore[arg-type]
    bus = events.Bus()
    seen: list[events.Event] = []
    bus.subscribe(seen.append)
    events.activate(bus)
    try:
        import asyncio

        fuzzer.begin("test_valid_requests_are_answered[Reset]", 25)
        fuzzer.findings.append("a warning")
        for _ in range(3):
            asyncio.run(fuzzer.ready())
    finally:
        events.deactivate(bus)
    progress = [e for e in seen if isinstance(e, events.RobustnessProgress)]
    assert progress and progress[-1].examples == 3 and progress[-1].findings == 1 and progress[-1].budget == 25
    assert progress[-1].property == "test_valid_requests_are_answered[Reset]"


def test_the_terminal_shows_the_progress_as_one_line():
    from conformance.reporting.terminal import TerminalReporter

    written: list[str] = []
    terminal = types.SimpleNamespace(ensure_newline=lambda: None, write_line=written.append)
    plugins = {"terminalreporter": terminal, "capturemanager": None}
    config = types.SimpleNamespace(pluginmanager=types.SimpleNamespace(get_plugin=plugins.get))
    reporter = TerminalReporter(config, events.Bus())   # type: ignore[arg-type]
    reporter(events.RobustnessProgress(property="test_valid_requests_are_answered[Reset]", examples=120, budget=500,
                                       findings=1, seconds=31.4))
    assert written == ["... robustness test_valid_requests_are_answered[Reset]: 120 examples sent (budget 500, and "
                       "the shrinking of a failure), 1 finding so far, 31 s"]
