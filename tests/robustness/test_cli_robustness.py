"""`ocpp-conformance run --robustness` runs the suites; a plain run (certification-style) never does."""

from __future__ import annotations

import json
import subprocess
import sys

from conformance.sut.local import reference_sut
from tests.conftest import ROOT


def run(*args: str) -> tuple[int, dict]:
    reports = args[args.index("--reports") + 1]
    done = subprocess.run([sys.executable, "-m", "conformance.cli", "run", *args, "--", "-p", "no:randomly"],
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    return done.returncode, json.loads((ROOT / reports / "summary.json").read_text())


def test_run_robustness_with_a_case_runs_both_and_passes(tmp_path):
    sut = reference_sut(tmp_path, "central-system")
    code, summary = run("--robustness", "--case", "TC_001_CSMS", "--sut", str(sut), "--reports", str(tmp_path / "r"))
    ids = [p["id"] for p in summary["robustness"]["properties"]]
    assert code == 0, summary
    assert [c["id"] for c in summary["cases"]] == ["TC_001_CSMS"] and summary["totals"] == {"passed": 1}
    assert any(i.startswith("robustness CSMS test_invalid_requests_get_the_right_callerror[") for i in ids)
    assert summary["robustness"]["totals"].get("failed", 0) == 0


def test_a_plain_run_leaves_the_robustness_suites_out(tmp_path):
    sut = reference_sut(tmp_path, "central-system")
    code, summary = run("--case", "TC_001_CSMS", "--sut", str(sut), "--reports", str(tmp_path / "r"))
    assert code == 0
    assert [c["id"] for c in summary["cases"]] == ["TC_001_CSMS"]
    assert summary["robustness"] == {"totals": {}, "properties": []}   # nor the TLS checks
