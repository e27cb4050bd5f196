"""Local Auth List Management charge point cases (`_CS`): each passes on the correct reference
charge point (for TC_042_1_CS and TC_043_1_CS also on one without the profile, in both ways
the plan allows it to answer) and fails, naming the rule its own checks enforce, on a matching
fault.
"""

from __future__ import annotations

import tomllib

import pytest

from conformance.sut.local import reference_sut, write_toml
from tests.conftest import run_case, run_cases

CHARGE_POINT = "charge-point"
QUICK = {"message_timeout_s": 2}

# The reference charge point without the profile: its SUT description declares it absent, and
# none of the profile's capabilities.
ABSENT = ("no_local_auth_list",)
LAL_CAPABILITIES = ("local_auth_list_max_length", "send_local_list_max_length", "local_list_failure",
                    "local_list_can_be_disabled")

# case, modes of the reference charge point
PASSES = [
    ("TC_008_1_CS", ()),
    ("TC_008_2_CS", ()),
    ("TC_042_1_CS", ()),                                  # the profile, with LocalAuthListEnabled false
    ("TC_042_1_CS", ABSENT),                              # no profile: listVersion -1
    ("TC_042_1_CS", (*ABSENT, "local_list_callerror")),   # no profile: CALLERROR NotSupported
    ("TC_042_2_CS", ()),
    ("TC_043_CS", ()),
    ("TC_043_1_CS", ABSENT),                              # status NotSupported
    ("TC_043_1_CS", (*ABSENT, "local_list_callerror")),   # CALLERROR NotSupported
    ("TC_043_2_CS", ()),
    ("TC_043_3_CS", ()),
]

# case, fault switch of the reference charge point, rule the verdict must name, text the message must contain
FAULTS = [
    ("TC_008_1_CS", "local_list_ignored", "transaction_as_planned", "Authorize"),
    ("TC_008_2_CS", "local_list_ignored", "transaction_as_planned", "Authorize"),
    ("TC_042_1_CS", "local_list_version_instead_of_minus_one", "payload_matches_expectation", "step 2"),
    ("TC_042_2_CS", "empty_list_reports_its_version", "payload_matches_expectation", "step 4"),
    ("TC_043_CS", "differential_list_fails", "payload_matches_expectation", "step 4"),
    ("TC_043_1_CS", "local_list_accepted_without_profile", "payload_matches_expectation", "step 2"),
    ("TC_043_2_CS", "differential_ignores_version", "payload_matches_expectation", "step 10"),
    ("TC_043_3_CS", "local_list_failure_ignored", "payload_matches_expectation", "step 2"),
]

# Faults that show on a charge point without the profile only.
FAULT_MODES = {"TC_043_1_CS": ABSENT}


def sut_for(directory, *, faults=(), modes=(), **data):
    """The reference charge point, declaring the profile unless it runs without it."""
    path = reference_sut(directory, CHARGE_POINT, faults=faults, modes=modes, **{**QUICK, **data})
    if set(ABSENT) <= set(modes):
        tables = tomllib.loads(path.read_text())
        caps = tables["capabilities"]
        caps["profiles"] = [p for p in caps["profiles"] if p != "LocalAuthListManagement"]
        for name in LAL_CAPABILITIES:
            caps.pop(name, None)
        write_toml(path, tables)
    return path


def _ids(rows):
    return ["-".join([r[0], *r[1]]) for r in rows]


@pytest.mark.parametrize(("case_id", "modes"), PASSES, ids=_ids(PASSES))
def test_passes_on_the_correct_reference_charge_point(pytester, case_id, modes):
    case = run_case(pytester, case_id, sut_for(pytester.path, modes=modes))
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert case["exit_code"] == 0


@pytest.mark.parametrize(("case_id", "fault", "rule", "detail"), FAULTS, ids=[f"{c}-{f}" for c, f, *_ in FAULTS])
def test_fails_on_the_matching_fault(pytester, case_id, fault, rule, detail):
    case = run_case(pytester, case_id, sut_for(pytester.path, faults=(fault,), modes=FAULT_MODES.get(case_id, ())))
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]
    assert case["exit_code"] == 1


def test_every_case_has_a_passing_and_a_fault_selftest():
    assert {c for c, *_ in FAULTS} == {c for c, *_ in PASSES}


@pytest.mark.parametrize("case_id", ["TC_042_2_CS", "TC_043_CS", "TC_043_2_CS", "TC_008_1_CS"])
def test_a_case_for_the_profile_is_not_applicable_without_it(pytester, case_id):
    (case,) = run_cases(pytester, [case_id], sut_for(pytester.path, modes=ABSENT)).values()
    assert case["verdict"] == "not applicable", case["message"]
    assert "LocalAuthListManagement" in case["message"]


def test_a_case_for_a_missing_profile_is_not_applicable_with_it(pytester):
    (case,) = run_cases(pytester, ["TC_043_1_CS"], sut_for(pytester.path)).values()
    assert case["verdict"] == "not applicable", case["message"]
    assert "for SUTs without it" in case["message"]


def test_a_list_longer_than_the_charge_point_takes_is_not_applicable(pytester):
    """TC_043_CS needs room for two idTags: a SUT declaring a list of one is not asked for more."""
    path = sut_for(pytester.path)
    tables = tomllib.loads(path.read_text())
    tables["capabilities"]["local_auth_list_max_length"] = 1
    tables["capabilities"]["send_local_list_max_length"] = 1
    write_toml(path, tables)
    (case,) = run_cases(pytester, ["TC_043_CS"], path).values()
    assert case["verdict"] == "not applicable", case["message"]
    assert "local_auth_list_max_length = 1" in case["message"] and "at least 2" in case["message"]


def test_an_offline_start_from_the_local_list_is_tested_without_unknown_id_tags(pytester):
    """TC_037_3_CS applies to a charge point that starts offline from its local list only: the
    memory state IdTagLocalAuthList puts the invalid idTag in the list, and the case passes."""
    path = sut_for(pytester.path)
    tables = tomllib.loads(path.read_text())
    tables["capabilities"].update(offline_unknown_id=False, local_authorize_offline=True)
    write_toml(path, tables)
    case = run_case(pytester, "TC_037_3_CS", path)
    assert case["verdict"] == "passed", case["message"] + "\n" + case["trace"]
    assert "[step IdTagLocalAuthList 1]" in case["trace"] and "INVALID_TAG" in case["trace"]


def test_a_legacy_id_selects_its_split_cases(pytester):
    """TC_008_CS of the FINAL 2024-04 plan runs TC_008_1_CS and TC_008_2_CS."""
    cases = run_cases(pytester, ["TC_008_CS"], sut_for(pytester.path))
    assert {c: case["verdict"] for c, case in cases.items()} == {"TC_008_1_CS": "passed", "TC_008_2_CS": "passed"}


def test_an_unanswered_send_local_list_fails_in_time_and_the_run_goes_on(pytester):
    """A SendLocalList that gets no answer fails its step within message_timeout_s, saying what was
    sent; the baseline empties the list, and the next case starts from an empty list."""
    cases = run_cases(pytester, ["TC_042_2_CS", "TC_043_CS"],
                      sut_for(pytester.path, faults=("first_send_local_list_unanswered",)))
    first, second = cases["TC_042_2_CS"], cases["TC_043_CS"]   # in plan order
    assert first["verdict"] == "failed" and first["rule"] == "message_within_deadline", first["message"]
    assert "no answer to SendLocalList.req within 2 s" in first["message"], first["message"]
    assert "updateType='Full'" in first["message"], first["message"]
    assert "baseline: empty the local list" in first["trace"], first["trace"]
    assert second["verdict"] == "passed", second["message"] + "\n" + second["trace"]


def test_the_baseline_makes_storing_work_again_and_empties_the_list(pytester):
    """After TC_043_3_CS the operator's failure is cleared, and a list a case sent is removed."""
    cases = run_cases(pytester, ["TC_043_3_CS", "TC_043_2_CS"], sut_for(pytester.path))
    assert {c: case["verdict"] for c, case in cases.items()} == {"TC_043_3_CS": "passed", "TC_043_2_CS": "passed"}
    trace = cases["TC_043_3_CS"]["trace"]
    assert "set_local_list_failure" in trace and "failing=False" in trace, trace
    assert '"SendLocalList",{"listVersion":1,"updateType":"Full"}' in cases["TC_043_2_CS"]["trace"]
