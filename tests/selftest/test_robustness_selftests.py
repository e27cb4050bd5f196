"""The robustness suites pass on the correct reference SUTs and find each robustness fault, naming it."""

from __future__ import annotations

import pytest

from conformance.sut.local import reference_sut
from tests.conftest import ROOT

ROBUSTNESS = ROOT / "testcases" / "robustness"


def run_robustness(pytester: pytest.Pytester, sut, *args: str) -> pytest.RunResult:
    return pytester.runpytest_inprocess(
        str(ROBUSTNESS), *args, "--sut", str(sut), "--reports", str(pytester.path / "reports"), "-p", "no:cacheprovider",
        "-p", "no:allure_pytest", "-p", "no:randomly", "-W", "ignore::conformance.robustness.runner.RobustnessWarning")


@pytest.mark.parametrize("role", ["charge-point", "central-system"])
def test_the_correct_reference_suts_pass(pytester, tmp_path, role):
    result = run_robustness(pytester, reference_sut(tmp_path, role))
    outcomes = result.parseoutcomes()
    assert result.ret == 0, result.stdout.str()[-3000:]
    assert outcomes["passed"] >= 4


def test_a_charge_point_that_refuses_a_negative_connector_id_passes(pytester, tmp_path):
    """A negative connectorId is no valid request (the specification's text), so refusing it is no failure."""
    sut = reference_sut(tmp_path, "charge-point", modes=("refuses_negative_connector_id",),
                        profiles=["Core", "RemoteTrigger", "Reservation"])
    result = run_robustness(pytester, sut, "-k", "not malformed")
    assert result.ret == 0, result.stdout.str()[-3000:]


# role, fault, the rule the failure names, text it must contain (the payload properties)
FAULTS = [
    # 2.0.1 spellings (OccurrenceConstraintViolation, FormatViolation) for an invalid request
    ("charge-point", "wrong_callerror_code", "callerror_code_is_ocpp16", "is not one of OCPP-J 1.6's"),
    ("central-system", "wrong_callerror_code", "callerror_code_is_ocpp16", "is not one of OCPP-J 1.6's"),
    ("central-system", "generic_error_on_type", "robustness_invalid_request", "GenericError is not acceptable"),
    ("central-system", "accepts_missing_required", "robustness_invalid_request", "was accepted with a CALLRESULT"),
    ("central-system", "naive_timestamps", "datetime_is_utc_rfc3339", "no zone designator"),
    ("central-system", "crash_on_long_id_tag", "robustness_connection_kept", "1011"),
    ("charge-point", "rejects_unusual_timestamps", "robustness_valid_timestamp", "did not accept"),
    ("central-system", "rejects_unusual_timestamps", "robustness_valid_timestamp", "did not accept"),
]


# the frame property: 2.0.1 spellings in the CALLERROR for a malformed frame
FRAME_FAULTS = [
    ("charge-point", "wrong_callerror_code", "robustness_frame", "not an OCPP-J 1.6 one"),
    ("central-system", "wrong_callerror_code", "robustness_frame", "not an OCPP-J 1.6 one"),
]


@pytest.mark.parametrize(("role", "fault", "rule", "text"), FRAME_FAULTS, ids=[f"{r}-{f}" for r, f, _, _ in FRAME_FAULTS])
def test_each_frame_fault_is_found(pytester, tmp_path, role, fault, rule, text):
    result = run_robustness(pytester, reference_sut(tmp_path, role, faults=(fault,)), "-k", "malformed")
    out = result.stdout.str()
    assert result.ret == 1, out[-3000:]
    assert f"[{rule}]" in out and text in out, out[-3000:]


@pytest.mark.parametrize(("role", "fault", "rule", "text"), FAULTS, ids=[f"{r}-{f}" for r, f, _, _ in FAULTS])
def test_each_robustness_fault_is_found(pytester, tmp_path, role, fault, rule, text):
    # -x: the first failure, shrunk, is the proof; the others would only repeat it. The Core
    # profile's actions are enough to find each fault; the security extension's would only add
    # the answers these faults swap (NotSupported/NotImplemented) under another rule.
    sut = reference_sut(tmp_path, role, faults=(fault,), profiles=["Core", "RemoteTrigger", "Reservation"])
    result = run_robustness(pytester, sut, "-x", "-k", "not malformed")
    out = result.stdout.str()
    assert result.ret == 1, out[-3000:]
    assert f"[{rule}]" in out and text in out, out[-3000:]
    assert "@reproduce_failure" in out or "Falsifying example" in out or "Failing test case" in out
