"""Field expectations by wire name: subset matching, with the plan's value matchers."""

from __future__ import annotations

from conformance.checks.matchers import (
    ACCEPTED,
    absent,
    any_of,
    describe,
    first_item,
    greater_than,
    has_item,
    integer_text,
    left_out_or,
    mismatches,
    positive_integer,
    present,
)


def test_a_payload_matches_the_fields_it_holds_nested_as_a_subset():
    payload = {"idTagInfo": {"status": "Accepted", "expiryDate": "2030-01-01T00:00:00Z"}, "transactionId": 7}
    assert mismatches(payload, {"idTagInfo": ACCEPTED}) == []
    assert mismatches(payload, {"transactionId": 7, "idTagInfo": {"status": "Accepted"}}) == []


def test_what_differs_is_named_by_its_dotted_path():
    payload = {"idTagInfo": {"status": "Blocked"}, "meterStart": 0}
    assert mismatches(payload, {"idTagInfo": ACCEPTED, "connectorId": 1}) == [
        "idTagInfo.status is 'Blocked', expected 'Accepted'", "connectorId is missing (expected 1)"]
    assert mismatches("not an object", {"status": "Accepted"}) == ["status is missing (expected 'Accepted')"]


def test_equal_values_of_another_type_do_not_match():
    assert mismatches({"connectorId": True}, {"connectorId": 1}) == ["connectorId is True, expected 1"]
    assert mismatches({"value": 1.0}, {"value": 1}) == ["value is 1.0, expected 1"]


def test_matchers_judge_a_value_and_describe_what_they_want():
    assert any_of("Rejected", "UnknownVendorId").test("Rejected") and not any_of("Rejected").test("Accepted")
    assert repr(any_of("Rejected", "UnknownVendorId")) == "one of 'Rejected', 'UnknownVendorId'"
    assert greater_than(0).test(0.5) and not greater_than(0).test(0) and not greater_than(0).test(True)
    assert not greater_than(0).test("1")
    assert positive_integer().test(3) and not positive_integer().test(0) and not positive_integer().test(True)
    assert not positive_integer().test(2.0)
    assert integer_text().test(" 30 ") and not integer_text().test("-1") and not integer_text().test(30)
    assert present().test(None)
    assert mismatches({"interval": 0}, {"interval": positive_integer()}) == [
        "interval is 0, expected a positive integer"]


def test_has_item_finds_an_object_in_a_list():
    keys = [{"key": "HeartbeatInterval", "value": "60"}, {"key": "MeterValueSampleInterval", "value": "0"}]
    matcher = has_item(key="MeterValueSampleInterval", value=integer_text())
    assert matcher.test(keys) and not has_item(key="Other").test(keys) and not matcher.test("HeartbeatInterval")
    assert describe({"key": "A", "readonly": False}) == "key='A', readonly=False"
    assert repr(has_item(key="A")) == "a list with an item key='A'"


def test_contains_finds_a_value_in_a_list():
    from conformance.checks.matchers import contains

    matcher = contains("X")
    assert matcher.test(["A", "X"]) and not matcher.test(["A"]) and not matcher.test("X")
    assert repr(matcher) == "a list holding 'X'"


def test_left_out_or_matches_an_absent_field_or_the_value():
    empty = left_out_or([])
    assert mismatches({}, {"key": empty}) == []
    assert mismatches({"key": []}, {"key": empty}) == []
    assert mismatches({"key": ["HeartbeatInterval"]}, {"key": empty}) == \
        ["key is ['HeartbeatInterval'], expected left out or []"]
    assert mismatches("not an object", {"key": empty}) == ["key is missing (expected left out or [])"]


def test_absent_matches_only_a_left_out_field():
    assert mismatches({}, {"id": absent()}) == []
    assert mismatches({"id": 3}, {"id": absent()}) == ["id is 3, expected left out"]


def test_first_item_judges_the_first_object_of_a_list():
    periods = {"p": [{"startPeriod": 0, "limit": 6.0}, {"startPeriod": 60, "limit": 8.0}]}
    assert mismatches(periods, {"p": first_item(startPeriod=0, limit=any_of(6, 6.0))}) == []
    assert mismatches(periods, {"p": first_item(startPeriod=60)}) != []
    assert mismatches({"p": []}, {"p": first_item(startPeriod=0)}) != []
    assert mismatches({"p": 3}, {"p": first_item(startPeriod=0)}) != []
