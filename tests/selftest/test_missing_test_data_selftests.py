"""A central system without the idTags the SUT file names: where the case's first Authorize shows it
does not know the idTag at all (Invalid: "unknown", OCPP 1.6 §7.2), the case is broken and names
the key of the SUT file to check; a case whose point is the answer for an unknown idTag, or for a
StartTransaction without Authorize, still judges it."""

from __future__ import annotations

import pytest

from conformance.sut.local import reference_sut
from tests.conftest import run_case

CENTRAL_SYSTEM = "central-system"
QUICK = {"connection_timeout_s": 0.5}

# case, fault that makes the reference central system miss the idTag, the key the message names
MISSING = [
    ("TC_003_CSMS", "authorize_invalid", "valid_id_tag"),
    ("TC_004_1_CSMS", "authorize_invalid", "valid_id_tag"),
    ("TC_011_1_CSMS", "authorize_invalid", "valid_id_tag"),
    ("TC_023_2_CSMS", "authorize_invalid", "expired_id_tag"),
    ("TC_023_3_CSMS", "blocked_id_tag_invalid", "blocked_id_tag"),
]


@pytest.mark.parametrize(("case_id", "fault", "key"), MISSING, ids=[f"{c}-{f}" for c, f, _ in MISSING])
def test_an_idtag_the_central_system_does_not_know_is_a_setup_problem(pytester, case_id, fault, key):
    case = run_case(pytester, case_id, reference_sut(pytester.path, CENTRAL_SYSTEM, faults=(fault,), **QUICK))
    assert case["verdict"] == "broken", f"{case['verdict']}: {case['message']}"
    assert case["rule"] == "TestDataMissing", case["message"]
    assert f"[test_data] {key}" in case["message"] and "does not know idTag" in case["message"]


@pytest.mark.parametrize(("case_id", "fault", "verdict"), [
    ("TC_023_1_CSMS", "authorize_invalid", "passed"),       # Invalid is the right answer for an unknown idTag
    ("TC_007_CSMS", "start_requires_authorize", "failed"),  # Invalid for a start without Authorize is the finding
])
def test_a_case_about_that_very_answer_still_judges_it(pytester, case_id, fault, verdict):
    case = run_case(pytester, case_id, reference_sut(pytester.path, CENTRAL_SYSTEM, faults=(fault,), **QUICK))
    assert case["verdict"] == verdict, case["message"]
