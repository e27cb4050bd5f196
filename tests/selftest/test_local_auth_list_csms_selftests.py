"""Local Auth List Management `_CSMS` cases: each passes on the correct reference central system
(TC_043_5_CSMS also when it asks for the list's version first, as the plan allows) and fails,
naming the rule, when the reference central system has the fault that breaks what the case checks.
"""

from __future__ import annotations

import pytest

from conformance.sut.local import reference_sut
from tests.conftest import run_case

# case, modes of the reference central system
PASSES = [
    ("TC_042_1_CSMS", ()),
    ("TC_042_2_CSMS", ()),
    ("TC_043_1_CSMS", ()),
    ("TC_043_3_CSMS", ()),
    ("TC_043_4_CSMS", ()),
    ("TC_043_5_CSMS", ()),
    ("TC_043_5_CSMS", ("local_list_version_first",)),
]

# case, fault switch of the reference central system, rule the verdict must name, text the failure must contain
FAULTS = [
    ("TC_042_1_CSMS", "local_list_answer_drops_connection", "connection_kept", "step after 2"),
    ("TC_042_2_CSMS", "local_list_answer_drops_connection", "connection_kept", "step after 2"),
    ("TC_043_1_CSMS", "local_list_answer_drops_connection", "connection_kept", "step after 2"),
    ("TC_043_1_CSMS", "local_list_full_as_differential", "payload_matches_expectation",
     "updateType is 'Differential', expected 'Full'"),
    ("TC_043_3_CSMS", "local_list_answer_drops_connection", "connection_kept", "step after 2"),
    ("TC_043_3_CSMS", "local_list_full_as_differential", "payload_matches_expectation",
     "updateType is 'Differential', expected 'Full'"),
    ("TC_043_4_CSMS", "local_list_without_id_tag_info", "payload_matches_expectation",
     "expected a non-empty list whose every item has idTagInfo=present"),
    ("TC_043_4_CSMS", "local_list_full_as_differential", "payload_matches_expectation", "step 1"),
    ("TC_043_4_CSMS", "local_list_duplicate_entries", "payload_matches_expectation", "status is 'Failed'"),
    ("TC_043_5_CSMS", "local_list_version_not_raised", "payload_matches_expectation", "status is 'VersionMismatch'"),
    ("TC_043_5_CSMS", "local_list_differential_as_full", "payload_matches_expectation",
     "updateType is 'Full', expected 'Differential'"),
    ("TC_043_5_CSMS", "local_list_without_id_tag_info", "payload_matches_expectation", "step 3"),
]


def _sut(path, faults=(), modes=()):
    return reference_sut(path, "central-system", faults=faults, modes=modes, connection_timeout_s=0.5)


@pytest.mark.parametrize(("case_id", "modes"), PASSES, ids=["-".join([c, *m]) for c, m in PASSES])
def test_passes_on_the_correct_reference_central_system(pytester, case_id, modes):
    case = run_case(pytester, case_id, _sut(pytester.path, modes=modes))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert case["exit_code"] == 0


@pytest.mark.parametrize(("case_id", "fault", "rule", "detail"), FAULTS, ids=[f"{c}-{f}" for c, f, *_ in FAULTS])
def test_fails_on_the_matching_fault(pytester, case_id, fault, rule, detail):
    case = run_case(pytester, case_id, _sut(pytester.path, (fault,)))
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]
    assert case["exit_code"] == 1


def test_every_case_has_a_passing_and_a_fault_selftest():
    assert {c for c, *_ in FAULTS} == {c for c, *_ in PASSES}


def test_the_version_asked_first_is_answered_from_the_harness_list(pytester):
    """TC_043_5_CSMS: the harness's list holds version 1 before the differential update."""
    case = run_case(pytester, "TC_043_5_CSMS", _sut(pytester.path, modes=("local_list_version_first",)))
    assert '{"listVersion":1}' in case["trace"].replace(" ", ""), case["trace"]
