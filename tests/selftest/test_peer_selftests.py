"""The charge point cases against reference charge points that behave as real labs see them:
a synchronous control API, a charger that was up before the run or reconnects without a boot,
every order the plan allows, and a charger that sends garbage before it boots."""

from __future__ import annotations

import json

import pytest

from conformance.sut.local import reference_sut
from tests.conftest import run_case

CHARGE_POINT = "charge-point"
CS_CASES = ("TC_001_CS", "TC_002_CS", "TC_003_CS", "TC_004_1_CS")


def frames(pytester, case_id):
    path = pytester.path / f"reports-{case_id}" / "traces" / f"{case_id}.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def assert_passed(case):
    assert case["verdict"] == "passed", f"{case['verdict']}: {case['message']}\n{case['trace']}"
    assert case["exit_code"] == 0


@pytest.mark.parametrize("case_id", ["TC_003_CS", "TC_004_1_CS"])
def test_a_rig_whose_actions_return_after_the_answer_passes(pytester, case_id):
    """sync_actions: plug_in returns only once its StatusNotification was answered, and so on."""
    assert_passed(run_case(pytester, case_id, reference_sut(pytester.path, CHARGE_POINT, modes=("sync_actions",))))


@pytest.mark.parametrize("case_id", CS_CASES)
@pytest.mark.parametrize("mode", ["already_booted", "reconnect_after_boot"])
def test_a_charge_point_that_does_not_boot_on_connecting_passes(pytester, case_id, mode):
    assert_passed(run_case(pytester, case_id, reference_sut(pytester.path, CHARGE_POINT, modes=(mode,))))


def test_without_remote_trigger_the_operator_power_cycles_to_learn_the_state(pytester):
    sut = reference_sut(pytester.path, CHARGE_POINT, modes=("already_booted",), profiles=["Core"])
    case = run_case(pytester, "TC_003_CS", sut)
    assert_passed(case)
    assert "[power_cycle]" in case["trace"] and "TriggerMessage" not in case["trace"]


@pytest.mark.parametrize(("case_id", "mode"), [
    ("TC_004_1_CS", "preparing_before_authorize"),
    ("TC_003_CS", "charging_before_start"),
    ("TC_004_1_CS", "charging_before_start"),
])
def test_every_order_the_plan_allows_passes(pytester, case_id, mode):
    case = run_case(pytester, case_id, reference_sut(pytester.path, CHARGE_POINT, modes=(mode,)))
    assert_passed(case)
    sent = [f["text"] for f in frames(pytester, case_id) if f["direction"] == "SUT -> harness" and f["step"]]
    first, second = {"preparing_before_authorize": ('"Preparing"', '"Authorize"'),
                     "charging_before_start": ('"Charging"', '"StartTransaction"')}[mode]
    order = [n for n, text in enumerate(sent) if first in text or second in text]
    assert first in sent[order[0]], f"the reference did not produce the order {mode}: {sent}"


def test_a_broken_frame_before_the_boot_fails_the_first_case_naming_it(pytester):
    case = run_case(pytester, "TC_003_CS", reference_sut(pytester.path, CHARGE_POINT, faults=("garbage_before_boot",)))
    assert case["verdict"] == "failed", case["message"]
    assert case["rule"] == "frame_is_ocpp_j" and "this is not json" in case["message"]
    assert "before the case" in case["message"]   # not blamed on a step it has nothing to do with


def test_every_answer_leaves_within_milliseconds_and_every_frame_is_labelled_by_its_step(pytester):
    case = run_case(pytester, "TC_004_1_CS", reference_sut(pytester.path, CHARGE_POINT))
    assert_passed(case)
    trace = frames(pytester, "TC_004_1_CS")
    calls = {json.loads(f["text"])[1]: f for f in trace
             if f["direction"] == "SUT -> harness" and f["text"].startswith("[2,")}
    answers = {json.loads(f["text"])[1]: f for f in trace
               if f["direction"] == "harness -> SUT" and f["text"][:3] in ("[3,", "[4,")}
    assert calls and set(calls) <= set(answers)
    delays = [answers[uid]["monotonic"] - call["monotonic"] for uid, call in calls.items()]
    assert max(delays) < 0.05, delays
    charging = [f for f in trace if '"Charging"' in f["text"] and f["direction"] == "SUT -> harness"]
    assert charging[0]["step"] == "5"


def test_tc_002_cs_writes_the_configured_meter_value_interval_and_sets_it_back(pytester):
    case = run_case(pytester, "TC_002_CS", reference_sut(pytester.path, CHARGE_POINT, meter_value_sample_interval_s=17))
    assert_passed(case)
    sent = [json.loads(f["text"]) for f in frames(pytester, "TC_002_CS") if f["direction"] == "harness -> SUT"]
    assert ["GetConfiguration", {}] in [m[2:] for m in sent if m[0] == 2]          # step 3: no key given
    changes = [m[3] for m in sent if m[0] == 2 and m[2] == "ChangeConfiguration"]
    assert changes[0] == {"key": "MeterValueSampleInterval", "value": "17"}
    assert changes[-1]["key"] == "MeterValueSampleInterval" and changes[-1]["value"] != "17"   # set back after
