"""The rules that span the run: CALL ids across connections, energy registers, transactionIds."""

from __future__ import annotations

from conformance.checks import rules, run_rules
from conformance.checks.run_rules import RunRules

T0, T1, T2, T3 = (f"2026-01-01T10:00:0{n}Z" for n in range(4))


def register(value, unit=None, **extra):
    sampled = {"value": str(value), **extra}
    if unit:
        sampled["unit"] = unit
    return sampled


def meter_values(tid, *values, connector=1):
    payload = {"connectorId": connector, "meterValue": [{"timestamp": t, "sampledValue": [s]} for t, s in values]}
    if tid is not None:
        payload["transactionId"] = tid
    return payload


def started(run, tid=7, meter_start=1000, connector=1, timestamp=T0):
    request = {"connectorId": connector, "idTag": "TAG", "timestamp": timestamp}
    if meter_start is not None:
        request["meterStart"] = meter_start
    run.transaction_started(request, {"transactionId": tid, "idTagInfo": {"status": "Accepted"}})


def stop(tid=7, meter_stop=1500, timestamp=T3, **extra):
    return {"transactionId": tid, "meterStop": meter_stop, "timestamp": timestamp, **extra}


# -- CALL ids -------------------------------------------------------------------------------------------

def test_a_call_id_used_again_on_its_connection_is_found_and_a_new_connection_may_start_again():
    run = RunRules()
    first, second = run.connection(), run.connection()
    assert (first, second) == (1, 2)
    assert run.call_id("a", "Heartbeat", first) == []
    (same,) = run.call_id("a", "Heartbeat", first)
    assert same.rule == rules.UNIQUE_ID_NOT_REUSED and "on this connection" in same.message
    assert run.call_id("a", "Authorize", second) == []
    (again,) = run.call_id("a", "Authorize", second)
    assert "Authorize.req reuses the message id 'a'" in again.message


def test_the_memory_of_call_ids_is_bounded(monkeypatch):
    monkeypatch.setattr(run_rules, "MAX_IDS", 2)
    run = RunRules()
    for unique_id in "abc":
        assert run.call_id(unique_id, "Heartbeat", 1) == []
    assert run.call_id("a", "Heartbeat", 1) == []      # forgotten: the oldest went first
    assert run.call_id("c", "Heartbeat", 1) != []


# -- the energy register of a charge point -------------------------------------------------------------

def test_a_register_that_only_rises_passes_in_wh_and_kwh():
    run = RunRules()
    started(run)
    assert run.meter_values(meter_values(7, (T1, register(1200)), (T2, register("1.3", "kWh")))) == []
    assert run.transaction_stopped(stop(meter_stop=1400)) == []


def test_a_register_that_goes_down_fails_naming_both_values():
    run = RunRules()
    started(run)
    assert run.meter_values(meter_values(7, (T2, register("1.5", "kWh")))) == []
    (problem,) = run.meter_values(meter_values(7, (T3, register(1400))))
    assert problem.rule == rules.METER_REGISTER_NOT_DECREASING and problem.severity == "error"
    assert "from 1500 Wh" in problem.message and "to 1400 Wh" in problem.message and "transaction 7" in problem.message


def test_values_are_judged_in_timestamp_order_not_arrival_order():
    run = RunRules()
    started(run)
    assert run.meter_values(meter_values(7, (T3, register(1500)))) == []
    assert run.meter_values(meter_values(7, (T1, register(1200)))) == []      # queued, delivered late: fine
    (problem,) = run.meter_values(meter_values(7, (T2, register(1600))))     # above a later value
    assert "from 1600 Wh" in problem.message and "to 1500 Wh" in problem.message


def test_below_meter_start_fails():
    run = RunRules()
    started(run, meter_start=1000)
    (problem,) = run.meter_values(meter_values(7, (T1, register(900))))
    assert "from 1000 Wh" in problem.message


def test_phases_and_locations_are_registers_of_their_own():
    run = RunRules()
    started(run)
    values = meter_values(7, (T1, register(5000, phase="L1")), (T2, register(1100)), (T2, register(10, phase="L2")),
                          (T2, register(20, location="Inlet")))
    assert run.meter_values(values) == []
    (problem,) = run.meter_values(meter_values(7, (T3, register(4000, phase="L1"))))
    assert "(phase L1)" in problem.message


def test_what_is_not_the_energy_register_in_wh_or_kwh_is_left_alone():
    run = RunRules()
    started(run, meter_start=1000)
    ignored = [register(1, measurand="Power.Active.Import"), register(1, format="SignedData"), register(1, "varh"),
               register("abc"), register("NaN"), register("Infinity")]
    assert run.meter_values(meter_values(7, *[(T1, s) for s in ignored])) == []
    assert run.meter_values(meter_values(7, ("not a time", register(1)))) == []
    assert run.meter_values({"transactionId": 7, "meterValue": [{"timestamp": T1}]}) == []
    assert run.meter_values({"transactionId": 7}) == []


def test_a_transaction_the_harness_did_not_see_start_is_judged_among_its_own_values():
    run = RunRules()
    assert run.meter_values(meter_values(99, (T1, register(200)))) == []
    assert run.meter_values(meter_values(99, (T2, register(100)))) != []


def test_the_kept_values_are_bounded(monkeypatch):
    monkeypatch.setattr(run_rules, "MAX_SAMPLES", 1)
    monkeypatch.setattr(run_rules, "MAX_TRANSACTIONS", 1)
    run = RunRules()
    started(run, tid=1)
    started(run, tid=2)                                                   # transaction 1 is forgotten
    assert run.meter_values(meter_values(1, (T1, register(0)))) == []    # no meterStart of 1 left
    assert run.meter_values(meter_values(3, (T1, register(5)))) == []    # and 2 goes too
    assert run.meter_values(meter_values(2, (T1, register(0)))) == []
    assert run.meter_values(meter_values(3, (T2, register(9)))) == []
    assert run.meter_values(meter_values(3, (T3, register(7)))) != []    # only the last value of 3 is kept
    assert run.meter_values(meter_values(3, (T0, register(6)))) == []


def test_meter_stop_below_meter_start_fails():
    run = RunRules()
    started(run, meter_start=1000)
    (problem,) = run.transaction_stopped(stop(meter_stop=999))
    assert problem.rule == rules.METER_REGISTER_NOT_DECREASING
    assert "meterStop 999 Wh is below its meterStart 1000 Wh" in problem.message


def test_meter_stop_below_a_sampled_value_fails():
    run = RunRules()
    started(run)
    assert run.meter_values(meter_values(7, (T2, register(1500)))) == []
    (problem,) = run.transaction_stopped(stop(meter_stop=1400))
    assert "StopTransaction.req meterStop" in problem.message


def test_transaction_data_of_the_stop_is_judged_too():
    run = RunRules()
    started(run)
    data = meter_values(7, (T1, register(1300)), (T2, register(1200)))["meterValue"]
    (problem,) = run.transaction_stopped(stop(meter_stop=1400, transactionData=data))
    assert "transactionData" in problem.message


def test_a_stop_without_what_it_needs_is_judged_as_far_as_it_goes():
    run = RunRules()
    assert run.transaction_stopped(stop(tid=5)) == []                      # never seen to start
    started(run, tid=6, meter_start=None)
    assert run.transaction_stopped(stop(tid=6, meter_stop=0)) == []        # no meterStart to compare with
    started(run, tid=8)
    assert run.transaction_stopped(stop(tid=8, meter_stop="x")) == []
    started(run, tid=9)
    assert run.transaction_stopped(stop(tid=9, timestamp="later")) == []
    started(run, tid=10, timestamp="soon")                                 # a start without a time: no sample
    assert run.transaction_stopped(stop(tid=10, meter_stop=1000)) == []


def test_sampled_values_during_a_transaction_should_name_it():
    run = RunRules()
    assert run.meter_values(meter_values(None, (T1, register(1)))) == []   # no transaction: nothing to name
    started(run, tid=7, connector=1)
    assert run.meter_values(meter_values(None, (T1, register(1)), connector=2)) == []
    assert run.meter_values(meter_values(None, (T1, register(1, context="Sample.Clock")))) == []
    (problem,) = run.meter_values(meter_values(None, (T1, register(1))))
    assert problem.rule == rules.METER_VALUES_NAME_TRANSACTION and problem.severity == "warning"
    assert "connector 1" in problem.message and "transaction 7" in problem.message
    run.transaction_stopped(stop())
    assert run.meter_values(meter_values(None, (T1, register(1)))) == []


# -- the transactionIds of a central system -----------------------------------------------------------------

def test_a_transaction_id_given_twice_fails_while_open_and_after_the_stop():
    run = RunRules()
    request = {"connectorId": 2}
    assert run.transaction_id_given(request, {"transactionId": 1}) == []
    (problem,) = run.transaction_id_given(request, {"transactionId": 1})
    assert problem.rule == rules.TRANSACTION_ID_UNIQUE and "still open" in problem.message
    assert "connector 2" in problem.message
    run.transaction_id_closed({"transactionId": 1})
    run.transaction_id_closed({"transactionId": 404})                      # unknown: nothing to close
    (problem,) = run.transaction_id_given(request, {"transactionId": 1})
    assert "an earlier transaction of this run" in problem.message
    assert run.transaction_id_given(request, {"transactionId": 2}) == []
    assert run.transaction_id_given(request, {}) == []


def test_the_memory_of_transaction_ids_is_bounded(monkeypatch):
    monkeypatch.setattr(run_rules, "MAX_TRANSACTIONS", 1)
    run = RunRules()
    assert run.transaction_id_given({}, {"transactionId": 1}) == []
    assert run.transaction_id_given({}, {"transactionId": 2}) == []
    assert run.transaction_id_given({}, {"transactionId": 1}) == []
