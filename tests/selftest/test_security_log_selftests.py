"""TC_079_CS Get Security Log against the reference charge point, which really uploads its
security log to the harness's file server: it passes on the correct one and fails, naming the
rule, when the log is reported uploaded without being sent or its notifications name another
request."""

from __future__ import annotations

import pytest

from conformance.sut.local import reference_sut
from tests.conftest import run_case

QUICK = {"message_timeout_s": 2, "diagnostics_timeout_s": 4}


def test_passes_on_the_correct_reference_charge_point(pytester):
    case = run_case(pytester, "TC_079_CS", reference_sut(pytester.path, "charge-point", **QUICK))
    assert case["verdict"] == "passed", case
    assert "security-log" in case["trace"]


@pytest.mark.parametrize(("fault", "rule", "fragment"), [
    ("security_log_reported_unsent", "file_transfer_as_reported", "step 5"),
    ("log_status_other_request_id", "payload_matches_expectation", "requestId"),
])
def test_fails_naming_the_rule(pytester, fault, rule, fragment):
    case = run_case(pytester, "TC_079_CS", reference_sut(pytester.path, "charge-point", faults=(fault,), **QUICK))
    assert case["verdict"] == "failed", case
    assert case["rule"] == rule and fragment in case["message"], case


CSMS_QUICK = {"message_timeout_s": 2}


def test_the_central_system_case_passes_on_the_correct_reference(pytester):
    case = run_case(pytester, "TC_079_CSMS", reference_sut(pytester.path, "central-system", **CSMS_QUICK))
    assert case["verdict"] == "passed", case


@pytest.mark.parametrize(("fault", "rule", "fragment"), [
    ("log_location_changed", "payload_matches_expectation", "remoteLocation"),
    ("log_status_error", "no_callerror", "LogStatusNotification"),
])
def test_the_central_system_case_fails_naming_the_rule(pytester, fault, rule, fragment):
    case = run_case(pytester, "TC_079_CSMS",
                    reference_sut(pytester.path, "central-system", faults=(fault,), **CSMS_QUICK))
    assert case["verdict"] == "failed", case
    assert case["rule"] == rule and fragment in case["message"], case
