"""Interoperability: the Core `_CSMS` cases against `ocpp-csms` 0.1.0 (PyPI), a central system
built on the `ocpp` library, started on loopback through tests/interop/ocpp_csms_rig.py.

The verdicts asserted here are the ones docs/compatibility.md documents. A change
in them is a finding about the suite or about ocpp-csms, never a reason to weaken a check.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conformance.sut.local import free_port, write_toml
from tests.conftest import ROOT

pytest.importorskip("ocpp_csms", reason="ocpp-csms is not installed: pip install -e '.[interop]'")

RIG = Path(__file__).with_name("ocpp_csms_rig.py")

# What ocpp-csms 0.1.0 gets, case by case (docs/compatibility.md).
EXPECTED = {case: "passed" for case in (
    "TC_001_CSMS", "TC_003_CSMS", "TC_004_1_CSMS", "TC_004_2_CSMS", "TC_005_1_CSMS", "TC_007_CSMS", "TC_010_CSMS",
    "TC_011_1_CSMS", "TC_011_2_CSMS", "TC_012_CSMS", "TC_013_CSMS", "TC_014_CSMS", "TC_017_1_CSMS", "TC_017_2_CSMS",
    "TC_018_1_CSMS", "TC_019_1_CSMS", "TC_019_2_CSMS", "TC_021_CSMS", "TC_023_1_CSMS", "TC_023_2_CSMS",
    "TC_023_3_CSMS", "TC_024_CSMS", "TC_026_CSMS", "TC_028_CSMS", "TC_030_CSMS", "TC_031_CSMS", "TC_032_1_CSMS",
    "TC_037_1_CSMS", "TC_037_3_CSMS", "TC_039_CSMS", "TC_040_1_CSMS", "TC_040_2_CSMS", "TC_061_CSMS",
    "TC_064_CSMS")}


@pytest.fixture
def ocpp_csms(tmp_path):
    port, control = free_port(), free_port()
    rig = subprocess.Popen(
        [sys.executable, str(RIG), "--port", str(port), "--control", str(control),
         "--tag", "VALID_TAG=Accepted", "--tag", "BLOCKED_TAG=Blocked", "--tag", "EXPIRED_TAG=Expired"],
        cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    try:
        assert rig.stdout is not None
        line = rig.stdout.readline()   # printed once it listens
        assert "control on" in line, line + rig.stdout.read()
        yield write_toml(tmp_path / "ocpp-csms.toml", {
            "sut": {"name": "ocpp-csms 0.1.0", "role": "central-system", "charge_point_id": "CONF_CP",
                    "url": f"ws://127.0.0.1:{port}/ocpp"},
            "capabilities": {"profiles": ["Core"], "connectors": 2},
            "test_data": {"message_timeout_s": 5, "connect_timeout_s": 10, "action_timeout_s": 15,
                          "heartbeat_interval_s": 300, "connection_timeout_s": 1},
            "actions": {"driver": "command", "command": f"{sys.executable} -m conformance.cli reference control "
                                                        f"--to http://127.0.0.1:{control} {{action}} {{args_json}}"},
        })
    finally:
        rig.terminate()
        try:
            rig.wait(10)
        except subprocess.TimeoutExpired:
            rig.kill()
            rig.wait()


def test_core_csms_cases_against_ocpp_csms(ocpp_csms, tmp_path):
    reports = tmp_path / "reports"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "conformance.cli", "run", "--sut", str(ocpp_csms), "--profile", "Core",
                           "--reports", str(reports)], cwd=ROOT, capture_output=True, text=True, timeout=240)
    cases = {c["id"]: c for c in json.loads((reports / "summary.json").read_text())["cases"]}
    got = {case: cases[case]["verdict"] for case in EXPECTED if case in cases}
    assert got == EXPECTED, "\n".join(f"{c}: {cases[c]['verdict']} {cases[c]['message'][:300]}"
                                      for c in EXPECTED if c in cases and got[c] != EXPECTED[c])
    assert done.returncode == 0 and time.monotonic() - started < 240
