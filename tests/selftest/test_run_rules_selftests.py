"""The rules that span the run, against reference SUTs that break them in ways no plan case looks at.

Each fault passes the plan's own checks: only the rules judged on every frame, across cases and
connections, catch it.
"""

from __future__ import annotations

from conformance.sut.local import reference_sut
from tests.conftest import run_case, run_cases


def assert_failed(case, rule, detail):
    assert case["verdict"] == "failed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["rule"] == rule, case["message"]
    assert detail in case["message"], case["message"]


def test_an_energy_register_that_runs_backwards_fails_the_case_it_happens_in(pytester):
    sut = reference_sut(pytester.path, "charge-point", faults=("energy_register_backwards",))
    assert_failed(run_case(pytester, "TC_070_CS", sut), "meter_register_not_decreasing", "energy register went down")


def test_sampled_meter_values_without_their_transaction_id_pass_with_a_warning(pytester):
    sut = reference_sut(pytester.path, "charge-point", faults=("meter_values_without_transaction_id",))
    case = run_case(pytester, "TC_070_CS", sut)
    assert case["verdict"] == "passed with warnings", f"{case['verdict']}: {case['message']}"
    assert "carries no transactionId" in case["message"] and case["exit_code"] == 0


def test_a_charge_point_whose_message_ids_restart_on_a_new_connection_passes(pytester):
    """TC_001_CS power-cycles the charge point: its new connection repeats the ids of the old one,
    which OCPP-J 1.6 allows (unique on the same connection); CALL ids reused within one fail."""
    sut = reference_sut(pytester.path, "charge-point", modes=("message_ids_per_connection",))
    case = run_case(pytester, "TC_001_CS", sut)
    assert case["verdict"] == "passed", f"{case['verdict']}: {case['message']}"
    sut = reference_sut(pytester.path, "charge-point", faults=("reused_message_id",))
    assert_failed(run_case(pytester, "TC_001_CS", sut), "unique_id_not_reused", "on this connection")


def test_a_central_system_that_gives_a_transaction_id_again_fails_the_later_case(pytester):
    sut = reference_sut(pytester.path, "central-system", faults=("reused_transaction_id",), connection_timeout_s=0.5)
    cases = run_cases(pytester, ["TC_003_CSMS", "TC_004_1_CSMS"], sut)
    assert cases["TC_003_CSMS"]["verdict"] == "passed", cases["TC_003_CSMS"]["message"]
    assert_failed(cases["TC_004_1_CSMS"], "transaction_id_unique", "transactionId 1, already given")


def test_a_central_system_whose_message_ids_restart_on_each_connection_passes(pytester):
    """Each _CSMS case opens its own connection; OCPP-J 1.6 §4.1.4 asks unique ids per connection only."""
    sut = reference_sut(pytester.path, "central-system", modes=("message_ids_per_connection",))
    cases = run_cases(pytester, ["TC_013_CSMS", "TC_014_CSMS"], sut)
    assert {c["verdict"] for c in cases.values()} == {"passed"}, {k: c["message"] for k, c in cases.items()}


def test_the_correct_reference_central_system_passes_cases_that_share_the_run(pytester):
    sut = reference_sut(pytester.path, "central-system", connection_timeout_s=0.5)
    cases = run_cases(pytester, ["TC_003_CSMS", "TC_004_1_CSMS", "TC_013_CSMS", "TC_014_CSMS"], sut)
    assert {c["verdict"] for c in cases.values()} == {"passed"}, {k: c["message"] for k, c in cases.items()}
