"""Firmware Management charge point cases (`_CS`): each passes on the correct reference charge
point, in every order the plan allows, and fails, naming the rule its own checks enforce, on a
matching fault. The reference charge point really downloads from and uploads to the harness's
file server on loopback.
"""

from __future__ import annotations

import pytest

from conformance.sut.local import reference_sut
from tests.conftest import run_case

CHARGE_POINT = "charge-point"

# The reference charge point transfers and "installs" on loopback within a second: short bounds
# keep the faults that send nothing short.
QUICK = {"message_timeout_s": 2, "firmware_timeout_s": 4, "diagnostics_timeout_s": 4}

# case, modes of the reference charge point
PASSES = [
    ("TC_044_1_CS", ()),
    ("TC_044_1_CS", ("installed_before_reboot",)),
    ("TC_044_1_CS", ("unavailable_during_update",)),
    ("TC_044_2_CS", ()),
    ("TC_044_2_CS", ("fails_without_progress",)),
    ("TC_044_2_CS", ("unavailable_during_update",)),
    ("TC_044_3_CS", ()),
    ("TC_044_3_CS", ("reboot_after_failed_install",)),
    ("TC_044_3_CS", ("fails_without_progress",)),
    ("TC_044_3_CS", ("unavailable_during_update",)),
    ("TC_044_3_CS", ("unavailable_during_update", "reboot_after_failed_install")),
    ("TC_045_1_CS", ()),
    ("TC_045_2_CS", ()),
]

FAULTS = [
    ("TC_044_1_CS", "firmware_never_fetched", "message_within_deadline", "saw no download of /firmware/firmware.bin"),
    ("TC_044_1_CS", "firmware_reported_unfetched", "file_transfer_as_reported", "step 5"),
    ("TC_044_1_CS", "installed_without_reboot", "message_within_deadline", "step 9"),
    ("TC_044_1_CS", "refuses_valid_firmware", "payload_matches_expectation", "status is 'InstallationFailed'"),
    ("TC_044_2_CS", "download_failure_reported_downloaded", "payload_matches_expectation", "step 5"),
    ("TC_044_2_CS", "transfer_retries_ignored", "file_transfer_retries", "2 download attempts"),
    ("TC_044_2_CS", "failure_reported_untried", "file_transfer_as_reported", "never tried the location"),
    ("TC_044_3_CS", "installs_any_firmware", "payload_matches_expectation", "step 11"),
    ("TC_044_3_CS", "firmware_reported_unfetched", "file_transfer_as_reported", "step 5"),
    ("TC_045_1_CS", "diagnostics_reported_unsent", "file_transfer_as_reported", "step 5"),
    ("TC_045_2_CS", "upload_failure_reported_uploaded", "payload_matches_expectation", "step 5"),
    ("TC_045_2_CS", "transfer_retries_ignored", "file_transfer_retries", "2 upload attempts"),
    ("TC_045_2_CS", "failure_reported_untried", "file_transfer_as_reported", "never tried the location"),
]


def sut_for(directory, *, faults=(), modes=()):
    return reference_sut(directory, CHARGE_POINT, faults=faults, modes=modes, **QUICK)


@pytest.mark.parametrize(("case_id", "modes"), PASSES, ids=["-".join([c, *m]) for c, m in PASSES])
def test_passes_on_the_correct_reference_charge_point(pytester, case_id, modes):
    case = run_case(pytester, case_id, sut_for(pytester.path, modes=modes))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert case["exit_code"] == 0


@pytest.mark.parametrize(("case_id", "fault", "rule", "detail"), FAULTS, ids=[f"{c}-{f}" for c, f, *_ in FAULTS])
def test_fails_on_the_matching_fault(pytester, case_id, fault, rule, detail):
    case = run_case(pytester, case_id, sut_for(pytester.path, faults=(fault,)))
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]
    assert case["exit_code"] == 1


def test_every_case_has_a_passing_and_a_fault_selftest():
    assert {c for c, *_ in FAULTS} == {c for c, *_ in PASSES}


def test_the_uploaded_diagnostics_are_kept_beside_the_case(pytester):
    """TC_045_1_CS: the file the charge point sent is in the reports and listed with the case."""
    case = run_case(pytester, "TC_045_1_CS", sut_for(pytester.path))
    (kept,) = case["files"]
    assert "/uploads/TC_045_1_CS/" in kept and kept.endswith(".json")
    assert b"REF_CP_1" in open(kept, "rb").read()
