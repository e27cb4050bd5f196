"""Interoperability: the Core `_CSMS` cases against `ocpp-csms` 0.1.0 (PyPI), a central system
built on the `ocpp` library, started on loopback by the recipe bench/ocpp_csms/run.py.

The verdicts asserted here are the ones docs/compatibility.md documents. A change
in them is a finding about the suite or about ocpp-csms, never a reason to weaken a check.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT

pytest.importorskip("ocpp_csms", reason="ocpp-csms is not installed: pip install -e '.[interop]'")

RECIPE = ROOT / "bench" / "ocpp_csms" / "run.py"

# What ocpp-csms 0.1.0 gets, case by case (docs/compatibility.md).
EXPECTED = {case: "passed" for case in (
    "TC_001_CSMS", "TC_003_CSMS", "TC_004_1_CSMS", "TC_004_2_CSMS", "TC_005_1_CSMS", "TC_007_CSMS", "TC_010_CSMS",
    "TC_011_1_CSMS", "TC_011_2_CSMS", "TC_012_CSMS", "TC_013_CSMS", "TC_014_CSMS", "TC_017_1_CSMS", "TC_017_2_CSMS",
    "TC_018_1_CSMS", "TC_019_1_CSMS", "TC_019_2_CSMS", "TC_021_CSMS", "TC_023_1_CSMS", "TC_023_2_CSMS",
    "TC_023_3_CSMS", "TC_024_CSMS", "TC_026_CSMS", "TC_028_CSMS", "TC_030_CSMS", "TC_031_CSMS", "TC_032_1_CSMS",
    "TC_037_1_CSMS", "TC_037_3_CSMS", "TC_039_CSMS", "TC_040_1_CSMS", "TC_040_2_CSMS", "TC_061_CSMS",
    "TC_064_CSMS")}


def test_core_csms_cases_against_ocpp_csms(tmp_path):
    """The documented recipe, bench/ocpp_csms/run.py, as a user runs it."""
    reports = tmp_path / "reports"
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(RECIPE), "--reports", str(reports)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    cases = {c["id"]: c for c in json.loads((reports / "summary.json").read_text())["cases"]}
    got = {case: cases[case]["verdict"] for case in EXPECTED if case in cases}
    assert got == EXPECTED, "\n".join(f"{c}: {cases[c]['verdict']} {cases[c]['message'][:300]}"
                                      for c in EXPECTED if c in cases and got[c] != EXPECTED[c])
    assert done.returncode == 0 and time.monotonic() - started < 300, done.stderr[-2000:]
