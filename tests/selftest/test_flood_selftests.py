"""Peers that flood the harness: every verdict within its bound, the frames it names in the trace,
the case's connection closed when it ends, the reports capped, pipelining a finding."""

from __future__ import annotations

import json

from conformance.sut.local import reference_sut
from tests.conftest import run_case

REPORTS_PER_CASE = 6_000_000   # bytes: the trace's budget, twice (text and JSON lines), and the page


def size_of(directory):
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def frames(pytester, case_id):
    path = pytester.path / f"reports-{case_id}" / "traces" / f"{case_id}.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_boot_flood_fails_tc_001_cs_within_its_bound_naming_pipelining(pytester):
    """500 BootNotifications at once on every boot: the retry interval is broken (failed, step 3)
    within the case's bounds, the summary lists the pipelining, the reports stay small."""
    sut = reference_sut(pytester.path, "charge-point", faults=("boot_flood",), message_timeout_s=2)
    case = run_case(pytester, "TC_001_CS", sut)
    assert case["verdict"] == "failed" and case["rule"] == "timing" and "step 3" in case["message"]
    assert case["duration_s"] < 10 + 1 + 2   # reboot_timeout_s + boot retry + message_timeout_s
    (finding,) = case["findings"]
    assert finding.startswith("pipelining: ") and "one_outstanding_call" in finding
    trace = frames(pytester, "TC_001_CS")
    judged = [f for f in trace if f["direction"] == "SUT -> harness" and f["step"] == "3"]
    assert judged, "the frame the verdict names is in the trace"
    assert size_of(pytester.path / "reports-TC_001_CS") < REPORTS_PER_CASE
    summary = (pytester.path / "reports-TC_001_CS" / "summary.md").read_text()
    assert "## Findings besides the verdicts" in summary and "TC_001_CS: pipelining" in summary


def test_a_central_system_stacking_requests_is_answered_and_the_connection_closed(pytester):
    """300 GetConfiguration at once: each is answered, the case stays within its bound, the
    pipelining is a finding, the harness's own requests stay in the trace, the connection is
    closed when the case ends."""
    sut = reference_sut(pytester.path, "central-system", faults=("stacked_requests",))
    case = run_case(pytester, "TC_001_CSMS", sut)
    assert case["verdict"] == "passed with warnings", case["message"]
    assert case["duration_s"] < 2 * 3   # two messages of message_timeout_s
    assert case["findings"] and case["findings"][0].startswith("pipelining: ")
    trace = frames(pytester, "TC_001_CSMS")
    own = [f for f in trace if f["direction"] == "harness -> SUT" and f["text"].startswith("[2,")]
    assert any('"BootNotification"' in f["text"] for f in own)
    assert any("closed (the harness closed it" in f["text"] for f in trace if f["direction"] == "event")
    assert size_of(pytester.path / "reports-TC_001_CSMS") < REPORTS_PER_CASE
