import datetime as dt
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.ocpp.datetime import TimestampPolicy, check_datetime, utc_now

UTC, Z, OFFSET = TimestampPolicy.UTC, TimestampPolicy.Z, TimestampPolicy.OFFSET


@pytest.mark.parametrize("value", [
    "2026-11-24T10:00:00Z", "2026-11-24T10:00:00.123Z", "2026-11-24T10:00:00+00:00", "2026-11-24t10:00:00z",
    "2024-02-29T23:59:59.999999Z",
])
def test_utc_values_pass(value):
    assert check_datetime(value, UTC) is None


@pytest.mark.parametrize(("value", "problem"), [
    ("2026-11-24T10:00:00", "no zone designator"),
    ("2026-11-24T11:00:00+01:00", "not in UTC"),
    ("2026-11-24T10:00:00-00:00", "not in UTC"),
    ("2026-11-24 10:00:00Z", "not an RFC 3339 date-time"),
    ("2026-02-30T10:00:00Z", "not a valid date"),
    ("2026-11-24T25:00:00Z", "not a valid date"),
    ("yesterday", "not an RFC 3339"),
    (1732442400, "not a string"),
])
def test_violations_are_errors(value, problem):
    severity, message = check_datetime(value, UTC)
    assert severity == "error" and problem in message


def test_z_policy_wants_z():
    assert check_datetime("2026-11-24T10:00:00+00:00", Z)[0] == "error"
    assert check_datetime("2026-11-24T10:00:00Z", Z) is None


def test_offset_policy_warns_on_non_utc_and_still_needs_a_zone():
    assert check_datetime("2026-11-24T11:00:00+01:00", OFFSET)[0] == "warning"
    assert check_datetime("2026-11-24T10:00:00", OFFSET)[0] == "error"


@given(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(9999, 1, 1), timezones=st.just(dt.UTC)))
def test_any_utc_isoformat_passes(moment):
    assert check_datetime(moment.isoformat(), UTC) is None
    assert check_datetime(moment.isoformat().replace("+00:00", "Z"), Z) is None


@given(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(9999, 1, 1)),
       st.integers(min_value=-14 * 60, max_value=14 * 60).filter(lambda m: m != 0))
def test_any_other_offset_fails_utc(moment, minutes):
    value = moment.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat()
    assert check_datetime(value, UTC)[0] == "error"


def test_the_harness_sends_what_it_demands():
    now = utc_now()
    assert check_datetime(now, Z) is None
    assert abs(datetime.fromisoformat(now.replace("Z", "+00:00")) - datetime.now(dt.UTC)) < timedelta(seconds=5)
