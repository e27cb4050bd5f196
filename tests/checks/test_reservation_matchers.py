"""The matchers the Reservation cases judge with: a value other than one, a dateTime near a moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conformance.checks.matchers import mismatches, moment_near, other_than

NOON = datetime(2030, 1, 1, 12, 0, 0, tzinfo=UTC)


def test_other_than_takes_any_value_but_the_one_named():
    assert mismatches({"connectorId": 1}, {"connectorId": other_than(0)}) == []
    assert mismatches({"reservationId": 7}, {"reservationId": other_than(7)}) == [
        "reservationId is 7, expected anything but 7"]
    assert mismatches({"connectorId": True}, {"connectorId": other_than(1)}) == []


def test_moment_near_takes_a_zoned_datetime_within_the_window():
    near = moment_near(NOON, 2)
    assert near.test("2030-01-01T12:00:01Z") and near.test("2030-01-01T13:59:59+02:00")
    assert not near.test("2030-01-01T12:00:03Z")
    assert not near.test("2030-01-01T12:00:00")          # no zone designator
    assert not near.test("noon") and not near.test(12)
    assert near.description == "a dateTime within 2 s of 2030-01-01T12:00:00Z"
    assert moment_near(NOON + timedelta(hours=1), 1).test("2030-01-01T13:00:00.500Z")
