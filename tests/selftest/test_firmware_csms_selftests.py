"""Firmware Management central system cases (`_CSMS`): each passes on the correct reference
central system and fails, naming the rule its own checks enforce, on a matching fault. The
harness, as the charge point, really transfers the files to and from its file server.
"""

from __future__ import annotations

import pytest

from conformance.sut.local import reference_sut
from tests.conftest import run_case

CASES = ["TC_044_1_CSMS", "TC_044_2_CSMS", "TC_044_3_CSMS", "TC_045_1_CSMS", "TC_045_2_CSMS"]
FIRMWARE_CASES = CASES[:3]
DIAGNOSTICS_CASES = CASES[3:]

FAULTS = [
    *[(c, "firmware_location_changed", "payload_matches_expectation", "step 1") for c in FIRMWARE_CASES],
    *[(c, "firmware_status_error", "no_callerror", "step 3") for c in FIRMWARE_CASES],
    *[(c, "diagnostics_location_changed", "payload_matches_expectation", "step 1") for c in DIAGNOSTICS_CASES],
    *[(c, "diagnostics_status_error", "no_callerror", "step 3") for c in DIAGNOSTICS_CASES],
]


@pytest.mark.parametrize("case_id", CASES)
def test_passes_on_the_correct_reference_central_system(pytester, case_id):
    case = run_case(pytester, case_id, reference_sut(pytester.path, "central-system"))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert case["exit_code"] == 0


@pytest.mark.parametrize(("case_id", "fault", "rule", "detail"), FAULTS, ids=[f"{c}-{f}" for c, f, *_ in FAULTS])
def test_fails_on_the_matching_fault(pytester, case_id, fault, rule, detail):
    case = run_case(pytester, case_id, reference_sut(pytester.path, "central-system", faults=(fault,)))
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]
    assert case["exit_code"] == 1


def test_every_case_has_a_fault_selftest():
    assert {c for c, *_ in FAULTS} == set(CASES)


def test_the_harness_really_transfers_the_files(pytester):
    """TC_045_1_CSMS: the diagnostics file the harness uploaded is in the reports; TC_044_1_CSMS: the
    file server saw the whole image fetched."""
    case = run_case(pytester, "TC_045_1_CSMS", reference_sut(pytester.path, "central-system"))
    (kept,) = case["files"]
    assert kept.endswith("REF_CP_2-diagnostics.txt") and b"HeartbeatInterval=" in open(kept, "rb").read()
    case = run_case(pytester, "TC_044_1_CSMS", reference_sut(pytester.path, "central-system"))
    assert "download of /firmware/firmware.bin from 127.0.0.1 (complete" in case["trace"]
