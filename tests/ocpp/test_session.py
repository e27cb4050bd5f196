import json

import pytest

from conformance.ocpp.actions import Role
from conformance.ocpp.rpc import CallError, CallResult
from conformance.ocpp.session import OutstandingCall, Session

BOOT = {"chargePointVendor": "V", "chargePointModel": "M"}


def rules(received):
    return [p.rule for p in received.problems]


def cp_session():
    return Session(Role.CHARGE_POINT)


def test_a_valid_call_has_no_problems():
    received = cp_session().receive(json.dumps([2, "1", "BootNotification", BOOT]))
    assert received.problems == [] and received.message.action == "BootNotification"


def test_reused_call_ids_are_flagged():
    s = cp_session()
    s.receive(json.dumps([2, "1", "Heartbeat", {}]))
    s.result(s.unanswered["1"], {"currentTime": "2026-01-01T00:00:00Z"})
    assert rules(s.receive(json.dumps([2, "1", "Heartbeat", {}]))) == ["unique_id_not_reused"]


def test_a_second_outstanding_call_is_a_warning():
    s = cp_session()
    s.receive(json.dumps([2, "1", "Heartbeat", {}]), now=100.0)
    received = s.receive(json.dumps([2, "2", "Heartbeat", {}]), now=100.01)
    assert [(p.rule, p.severity) for p in received.problems] == [("one_outstanding_call", "warning")]


def test_a_call_after_the_sut_may_have_given_up_waiting_is_not_held_against_it():
    s = cp_session()
    s.receive(json.dumps([2, "1", "StatusNotification", {"connectorId": 1, "errorCode": "NoError",
                                                         "status": "Preparing"}]), now=100.0)
    assert s.receive(json.dumps([2, "2", "Heartbeat", {}]), now=140.0).problems == []


def test_direction_and_unknown_actions():
    s = cp_session()
    assert rules(s.receive(json.dumps([2, "1", "RemoteStartTransaction", {"idTag": "x"}]))) == ["action_direction"]
    assert rules(s.receive(json.dumps([2, "2", "FooBar", {}]))) == ["one_outstanding_call", "action_is_ocpp16"]


def test_schema_and_timestamp_problems_of_calls():
    s = cp_session()
    received = s.receive(json.dumps([2, "1", "StatusNotification", {
        "connectorId": 1, "errorCode": "NoError", "status": "Bogus", "timestamp": "2026-01-01T01:00:00+01:00"}]))
    assert rules(received) == ["payload_matches_schema", "datetime_is_utc_rfc3339"]
    assert "status" in received.problems[0].message


def test_answers_are_correlated_and_checked():
    s = Session(Role.CENTRAL_SYSTEM)
    call, text = s.call("BootNotification", BOOT)
    with pytest.raises(OutstandingCall):
        s.call("Heartbeat", {})
    wrong = s.receive(json.dumps([3, "other", {}]))
    assert rules(wrong) == ["answer_matches_pending_call"]
    ok = s.receive(json.dumps([3, call.unique_id, {"status": "Accepted", "currentTime": "2026-01-01T00:00:00",
                                                     "interval": 10}]))
    assert isinstance(ok.message, CallResult) and ok.answers == call
    assert rules(ok) == ["datetime_is_utc_rfc3339"]
    assert s.pending is None


def test_callerror_codes_are_spelled_as_in_1_6():
    s = Session(Role.CENTRAL_SYSTEM)
    call, _ = s.call("Heartbeat", {})
    received = s.receive(json.dumps([4, call.unique_id, "FormatViolation", "", {}]))
    assert isinstance(received.message, CallError)
    assert rules(received) == ["callerror_code_is_ocpp16"]
    call, _ = s.call("Heartbeat", {})
    assert s.receive(json.dumps([4, call.unique_id, "FormationViolation", "", {}])).problems == []


def test_unparsable_frames_are_problems_not_exceptions():
    received = cp_session().receive("not json")
    assert received.message is None and rules(received) == ["frame_is_ocpp_j"]


def test_a_raw_frame_can_be_correlated():
    s = Session(Role.CHARGE_POINT)
    placeholder = s.expect_answer("raw-1", "Reset")
    received = s.receive(json.dumps([4, "raw-1", "FormationViolation", "bad", {}]))
    assert received.answers == placeholder and received.problems == []


# -- the rules that span the run, fed by every session to the same SUT ------------------------------------

def test_sessions_sharing_the_run_let_a_new_connection_start_its_ids_again():
    """OCPP-J 1.6 §4.1.4: ids differ on one connection; a new connection may use them again."""
    from conformance.checks.run_rules import RunRules

    run = RunRules()
    first, second = Session(Role.CHARGE_POINT, run=run), Session(Role.CHARGE_POINT, run=run)
    first.receive(json.dumps([2, "1", "Heartbeat", {}]))
    assert second.receive(json.dumps([2, "1", "Heartbeat", {}])).problems == []
    problems = second.receive(json.dumps([2, "1", "Heartbeat", {}])).problems
    (problem,) = [p for p in problems if p.severity == "error"]
    assert problem.rule == "unique_id_not_reused" and "on this connection" in problem.message


def test_a_charge_point_session_feeds_its_transactions_to_the_run():
    s = cp_session()
    start = {"connectorId": 1, "idTag": "T", "meterStart": 500, "timestamp": "2026-01-01T00:00:00Z"}
    s.receive(json.dumps([2, "1", "StartTransaction", start]))
    s.result(s.unanswered["1"], {"transactionId": 9, "idTagInfo": {"status": "Accepted"}})
    values = {"connectorId": 1, "transactionId": 9,
              "meterValue": [{"timestamp": "2026-01-01T00:00:05Z", "sampledValue": [{"value": "400"}]}]}
    assert rules(s.receive(json.dumps([2, "2", "MeterValues", values]))) == ["meter_register_not_decreasing"]
    s.result(s.unanswered["2"], {})
    stop = {"transactionId": 9, "meterStop": 450, "timestamp": "2026-01-01T00:00:09Z"}
    assert rules(s.receive(json.dumps([2, "3", "StopTransaction", stop]))) == ["meter_register_not_decreasing"]
    s.result(s.unanswered["3"], {})
    broken = {"connectorId": 1, "transactionId": "x", "meterValue": []}   # against the schema: judged there only
    assert set(rules(s.receive(json.dumps([2, "4", "MeterValues", broken])))) == {"payload_matches_schema"}


def test_a_central_system_session_feeds_the_transaction_ids_it_gives_to_the_run():
    s = Session(Role.CENTRAL_SYSTEM)
    start = {"connectorId": 1, "idTag": "T", "meterStart": 0, "timestamp": "2026-01-01T00:00:00Z"}
    answers = []
    for unique_id in ("a", "b"):
        call, _ = s.call("StartTransaction", start, unique_id)
        answers.append(s.receive(json.dumps([3, unique_id, {"transactionId": 1, "idTagInfo": {"status": "Accepted"}}])))
    assert rules(answers[0]) == [] and rules(answers[1]) == ["transaction_id_unique"]
    s.call("StopTransaction", {"transactionId": 1, "meterStop": 0, "timestamp": "2026-01-01T00:00:01Z"}, "c")
    assert rules(s.receive(json.dumps([3, "c", {}]))) == []
    s.call("StartTransaction", start, "d")
    (problem,) = s.receive(json.dumps([3, "d", {"transactionId": 1, "idTagInfo": {"status": "Accepted"}}])).problems
    assert "an earlier transaction of this run" in problem.message
