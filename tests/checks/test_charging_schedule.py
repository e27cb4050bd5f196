"""The suite's own composite schedule: the plan's worked examples, every branch, and properties
that hold for any stack of profiles and any duration."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.checks.charging_schedule import (
    Composite,
    Profile,
    SchedulePeriod,
    Situation,
    composite,
    convert,
    mismatches,
    parse_time,
    reported_periods,
)

T0 = datetime(2026, 1, 5, 12, 0, 0, tzinfo=UTC)


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def profile(pid, purpose, stack, periods, *, connector=1, duration=None, start=T0, kind="Absolute", unit="A",
            valid_from=None, valid_to=None, recurrency=None, transaction_id=None):
    schedule = {"chargingRateUnit": unit,
                "chargingSchedulePeriod": [{"startPeriod": s, "limit": lim} for s, lim in periods]}
    if duration is not None:
        schedule["duration"] = duration
    if start is not None:
        schedule["startSchedule"] = iso(start)
    payload = {"chargingProfileId": pid, "stackLevel": stack, "chargingProfilePurpose": purpose,
               "chargingProfileKind": kind, "chargingSchedule": schedule}
    for key, value in (("validFrom", valid_from), ("validTo", valid_to)):
        if value is not None:
            payload[key] = iso(value)
    if recurrency:
        payload["recurrencyKind"] = recurrency
    if transaction_id is not None:
        payload["transactionId"] = transaction_id
    return Profile.from_payload(connector, payload)


def limits(result: Composite) -> list[tuple[float, float]]:
    return [(p.start_period, p.limit) for p in result.periods]


def test_tc_072_two_tx_default_profiles_stack_by_level():
    low = profile(1, "TxDefaultProfile", 0, [(0, 6), (100, 8), (200, 10)], duration=400)
    high = profile(2, "TxDefaultProfile", 1, [(0, 7), (100, 9)], duration=150)
    result = composite([low, high], Situation(1, local_limit=32), T0, 350, "A")
    assert limits(result) == [(0, 7), (100, 9), (150, 8), (200, 10)]


def test_tc_066_a_tx_profile_overrides_tx_default_under_the_charge_point_maximum():
    x = 3
    start = T0 - timedelta(seconds=x)
    cp_max = profile(1, "ChargePointMaxProfile", 0, [(0, 10)], connector=0, duration=86400, start=start)
    default = profile(2, "TxDefaultProfile", 0, list(zip([0, 60, 120, 180, 260], [6, 10, 8, 15, 8], strict=True)),
                      duration=300, start=start, valid_from=start, valid_to=start + timedelta(seconds=401))
    tx = profile(3, "TxProfile", 0, list(zip([0, 50, 140, 200, 240], [8, 11, 16, 6, 12], strict=True)),
                 duration=260, start=start, valid_from=start, valid_to=start + timedelta(seconds=401),
                 transaction_id=7)
    result = composite([cp_max, default, tx], Situation(1, transaction_id=7, local_limit=32), T0, 400, "A")
    assert limits(result) == [(0, 8), (50 - x, 10), (200 - x, 6), (240 - x, 10)]
    # Without the transaction, the TxProfile is not the connector's.
    idle = composite([cp_max, default, tx], Situation(1, local_limit=32), T0, 400, "A")
    assert limits(idle)[0] == (0, 6)


def test_tc_067_after_each_clear():
    first = profile(1, "TxDefaultProfile", 1, [(0, 6), (60, 8), (200, 10)], duration=400)
    second = profile(2, "TxDefaultProfile", 0, [(0, 7), (100, 9)], duration=400)
    cp_max = profile(3, "ChargePointMaxProfile", 0, [(0, 11), (200, 12)], connector=0, duration=86400)
    situation = Situation(1, local_limit=16)
    assert limits(composite([second, cp_max], situation, T0, 350, "A")) == [(0, 7), (100, 9)]
    assert limits(composite([cp_max], situation, T0, 350, "A")) == [(0, 11), (200, 12)]
    assert limits(composite([], situation, T0, 350, "A")) == [(0, 16)]
    assert limits(composite([first, second, cp_max], situation, T0, 350, "A")) == [(0, 6), (60, 8), (200, 10)]


def test_a_connector_tx_default_overrides_one_of_connector_zero():
    everywhere = profile(1, "TxDefaultProfile", 5, [(0, 10)], connector=0)
    own = profile(2, "TxDefaultProfile", 0, [(0, 12)], connector=1, valid_to=T0 + timedelta(seconds=60))
    result = composite([everywhere, own], Situation(1), T0, 120, "A")
    assert limits(result) == [(0, 12), (60, 10)]


def test_a_tx_profile_of_another_transaction_does_not_apply():
    other = profile(1, "TxProfile", 0, [(0, 5)], transaction_id=8)
    assert limits(composite([other], Situation(1, transaction_id=7, local_limit=20), T0, 60, "A")) == [(0, 20)]


def test_a_relative_profile_starts_with_the_transaction_or_now():
    relative = profile(1, "TxProfile", 0, [(0, 6), (30, 9)], kind="Relative", start=None)
    started = Situation(1, transaction_id=4, transaction_start=T0 - timedelta(seconds=10), local_limit=32)
    assert limits(composite([relative], started, T0, 60, "A")) == [(0, 6), (20, 9)]
    assert limits(composite([relative], Situation(1, transaction_id=4, local_limit=32), T0, 60, "A")) == \
        [(0, 6), (30, 9)]


def test_a_daily_profile_recurs():
    daily = profile(1, "TxDefaultProfile", 0, [(0, 6), (3600, 10)], kind="Recurring", recurrency="Daily",
                    start=T0 - timedelta(days=3, seconds=100))
    result = composite([daily], Situation(1), T0, 86400, "A")
    assert limits(result) == [(0, 6), (3500, 10), (86300, 6)]
    before = profile(2, "TxDefaultProfile", 0, [(0, 6)], kind="Recurring", recurrency="Weekly",
                     start=T0 + timedelta(seconds=10), duration=5)
    assert limits(composite([before], Situation(1, local_limit=30), T0, 30, "A")) == [(0, 30), (10, 6), (15, 30)]


def test_a_schedule_that_starts_late_limits_from_its_first_period():
    late = profile(1, "TxDefaultProfile", 0, [(20, 6)], start=T0)
    assert limits(composite([late], Situation(1, local_limit=30), T0, 40, "A")) == [(0, 30), (20, 6)]


def test_units_are_converted_with_the_phases_and_the_voltage():
    assert convert(10, "A", "A", None, 230) == 10
    assert convert(10, "A", "W", 1, 230) == 2300
    assert convert(6900, "W", "A", None, 230) == 10
    watts = profile(1, "TxDefaultProfile", 0, [(0, 6900)], unit="W")
    assert limits(composite([watts], Situation(1), T0, 10, "A")) == [(0, 10)]


def test_no_profile_and_no_local_limit_is_unlimited():
    result = composite([], Situation(1), T0, 10, "A")
    assert result.periods == [SchedulePeriod(0, math.inf)]
    problems = mismatches(result, [SchedulePeriod(0, 32)], time_tolerance_s=1, limit_tolerance=0.1)
    assert problems == ["period 0: expected startPeriod 0 limit no limit, reported startPeriod 0 limit 32"]


def test_parse_time():
    assert parse_time(None) is None
    assert parse_time("2026-01-05T12:00:00Z") == T0
    assert parse_time("2026-01-05T12:00:00z") == T0


def test_reported_periods_are_ordered_and_merged():
    schedule = {"chargingSchedulePeriod": [{"startPeriod": 60, "limit": 8}, {"startPeriod": 0, "limit": 6},
                                           {"startPeriod": 30, "limit": 6.0}]}
    assert reported_periods(schedule) == [SchedulePeriod(0, 6), SchedulePeriod(60, 8)]
    assert reported_periods({}) == []


def test_mismatches_name_the_period_the_expected_and_the_reported_limit():
    expected = Composite(T0, 350, "A", [SchedulePeriod(0, 7), SchedulePeriod(100, 9)])
    ok = [SchedulePeriod(0.5, 7.05), SchedulePeriod(99, 9)]
    assert mismatches(expected, ok, time_tolerance_s=1, limit_tolerance=0.1) == []
    wrong = [SchedulePeriod(0, 7), SchedulePeriod(100, 10), SchedulePeriod(200, 12)]
    assert mismatches(expected, wrong, time_tolerance_s=1, limit_tolerance=0.1) == [
        "period 1: expected startPeriod 100 limit 9, reported startPeriod 100 limit 10",
        "period 2: not expected, reported startPeriod 200 limit 12"]
    near_the_end = [SchedulePeriod(0, 7), SchedulePeriod(100, 9), SchedulePeriod(349.5, 32)]
    assert mismatches(expected, near_the_end, time_tolerance_s=1, limit_tolerance=0.1) == []
    assert mismatches(expected, [SchedulePeriod(3, 7)], time_tolerance_s=1, limit_tolerance=0.1) == [
        "period 0: expected startPeriod 0 limit 7, reported startPeriod 3 limit 7",
        "period 1: expected startPeriod 100 limit 9, not reported"]


# -- properties: any stack, any duration ----------------------------------------------------------------

limits_a = st.integers(min_value=0, max_value=64).map(float)


@st.composite
def stacks(draw):
    """Absolute profiles of any purpose, stack level, schedule and validity around T0."""
    result = []
    for pid in range(1, draw(st.integers(0, 10)) + 1):
        purpose = draw(st.sampled_from(["ChargePointMaxProfile", "TxDefaultProfile", "TxProfile"]))
        starts = sorted(draw(st.sets(st.integers(0, 600), min_size=1, max_size=5)) | {0})
        periods = [(s, draw(limits_a)) for s in starts]
        offset = draw(st.integers(-300, 300))
        validity = draw(st.none() | st.tuples(st.integers(-300, 300), st.integers(1, 900)))
        result.append(profile(
            pid, purpose, draw(st.integers(0, 5)), periods,
            connector=0 if purpose == "ChargePointMaxProfile" else draw(st.sampled_from([0, 1])),
            duration=draw(st.none() | st.integers(1, 900)), start=T0 + timedelta(seconds=offset),
            valid_from=None if validity is None else T0 + timedelta(seconds=validity[0]),
            valid_to=None if validity is None else T0 + timedelta(seconds=validity[0] + validity[1]),
            transaction_id=7 if purpose == "TxProfile" else None))
    return result


def per_second_oracle(profiles, situation, duration):
    """The limit at each whole second, found by asking every profile directly (no breakpoints)."""
    from conformance.checks.charging_schedule import limit_at
    return [limit_at(profiles, situation, T0 + timedelta(seconds=s), "A", T0) for s in range(duration)]


@settings(max_examples=60, deadline=None)
@given(stacks(), st.integers(1, 700), st.booleans())
def test_any_stack_agrees_with_the_limit_at_every_second(profiles, duration, in_transaction):
    situation = Situation(1, transaction_id=7 if in_transaction else None, local_limit=32)
    result = composite(profiles, situation, T0, duration, "A")
    starts = [p.start_period for p in result.periods]
    assert starts[0] == 0 and starts == sorted(set(starts)) and starts[-1] < duration
    assert all(a.limit != b.limit for a, b in zip(result.periods, result.periods[1:], strict=False))
    expanded = []
    for index, period in enumerate(result.periods):
        end = result.periods[index + 1].start_period if index + 1 < len(result.periods) else duration
        expanded += [period.limit] * (int(end) - int(period.start_period))
    assert expanded == per_second_oracle(profiles, situation, duration)
    assert mismatches(result, result.periods, time_tolerance_s=0, limit_tolerance=0) == []


@settings(max_examples=40, deadline=None)
@given(stacks(), st.integers(1, 900))
def test_never_above_the_charge_point_maximum_nor_the_local_limit(profiles, duration):
    result = composite(profiles, Situation(1, transaction_id=7, local_limit=32), T0, duration, "A")
    assert all(p.limit <= 32 for p in result.periods)
    maxima = [p for p in profiles if p.purpose == "ChargePointMaxProfile"]
    for period in result.periods:
        t = T0 + timedelta(seconds=period.start_period)
        cap = [m.limit_at(t, T0, "A", 230) for m in maxima]
        cap = [c for c in cap if c is not None]
        if cap:
            assert period.limit <= max(cap)
