"""The plan's baseline between cases (test case document §1.3), in whole runs of several cases:
what one case leaves behind is set back before the next, or names that case broken."""

from __future__ import annotations

from conformance.sut.local import reference_sut
from tests.conftest import run_cases

CHARGE_POINT = "charge-point"
QUICK = {"message_timeout_s": 2}


def verdicts(cases, *case_ids):
    return {c: (cases[c]["verdict"], cases[c]["message"]) for c in case_ids}


def test_every_connector_made_inoperative_is_made_operative_again(pytester):
    """TC_068_CS makes connector 2 Inoperative; a charge point that keeps a connector's own
    Inoperative when connector 0 is made Operative still gets TC_069_CS from the baseline."""
    sut = reference_sut(pytester.path, CHARGE_POINT, modes=("connector_availability_kept",), **QUICK)
    cases = run_cases(pytester, ["TC_068_CS", "TC_069_CS"], sut)
    assert verdicts(cases, "TC_068_CS", "TC_069_CS") == {"TC_068_CS": ("passed", ""), "TC_069_CS": ("passed", "")}
    assert "baseline: make connector 2 Operative again" in cases["TC_068_CS"]["trace"]


def test_a_value_accepted_against_the_rules_is_set_back(pytester):
    """TC_040_2_CS: a charge point that accepts MeterValueSampleInterval -1 fails the case, and
    the baseline gives the key its old value back, so that the cases after it do not inherit -1."""
    sut = reference_sut(pytester.path, CHARGE_POINT, faults=("accept_invalid_config_value",), **QUICK)
    cases = run_cases(pytester, ["TC_040_2_CS"], sut)
    assert cases["TC_040_2_CS"]["verdict"] == "failed"
    trace = cases["TC_040_2_CS"]["trace"]
    assert "reading MeterValueSampleInterval before it is changed" in trace
    assert "baseline: set MeterValueSampleInterval back to '" in trace
    assert "baseline: set MeterValueSampleInterval back to '-1'" not in trace


def test_a_connector_left_preparing_is_cleared_by_stronger_means(pytester):
    """TC_004_2_CS fails on a charge point whose ConnectionTimeOut never ends Preparing; an unplug
    does not end it either (no cable is in). The baseline then resets the charge point, and
    TC_005_1_CS after it starts from Available."""
    sut = reference_sut(pytester.path, CHARGE_POINT, faults=("ignore_connection_timeout",),
                        connection_timeout_s=2, **QUICK)
    cases = run_cases(pytester, ["TC_004_2_CS", "TC_005_1_CS"], sut)
    assert cases["TC_004_2_CS"]["verdict"] == "failed", cases["TC_004_2_CS"]["message"]
    assert cases["TC_005_1_CS"]["verdict"] == "passed", cases["TC_005_1_CS"]["message"]
    trace = cases["TC_004_2_CS"]["trace"]
    assert "still held after the ordinary steps" in trace and "baseline: Reset (Soft)" in trace
