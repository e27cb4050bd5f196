"""The plan's checks of sampled and clock-aligned MeterValues, on payloads made here."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conformance.checks.failures import PayloadMismatch, TimingViolation
from conformance.checks.meter_values import (
    DEFAULT_MEASURAND,
    check_clock_aligned,
    check_content,
    check_follows,
    check_queued,
    check_spacing,
    configured_measurands,
    periodic_or_clock,
    readings,
    taken_while_offline,
    timestamps,
)


def meter_values(*stamps: str, **sampled: str) -> dict:
    return {"connectorId": 1, "meterValue": [{"timestamp": t, "sampledValue": [{"value": "1", **sampled}]}
                                             for t in stamps]}


def test_configured_measurands_default_to_the_energy_register():
    assert configured_measurands(None) == configured_measurands(" , ") == [DEFAULT_MEASURAND]
    assert configured_measurands("Energy.Active.Import.Register, Power.Active.Import") == [
        "Energy.Active.Import.Register", "Power.Active.Import"]


def test_timestamps_that_cannot_be_read_are_left_out():
    payloads = [meter_values("2024-05-01T10:00:00Z", "yesterday"), {"meterValue": None}, {}]
    assert [text for text, _ in timestamps(payloads)] == ["2024-05-01T10:00:00Z"]
    assert timestamps([{"meterValue": [{"sampledValue": []}]}]) == []
    assert timestamps([{"meterValue": [{"timestamp": 5, "sampledValue": []}]}]) == []


def test_content_needs_the_context_and_every_configured_measurand():
    periodic = [meter_values("2024-05-01T10:00:00Z")]   # no context, no measurand: the defaults
    check_content(3, periodic, context="Sample.Periodic", measurands=[DEFAULT_MEASURAND])
    check_content(3, [{"meterValue": None}], context="Sample.Clock", measurands=[DEFAULT_MEASURAND])
    with pytest.raises(PayloadMismatch, match="context is Sample.Periodic, expected Sample.Clock"):
        check_content(3, periodic, context="Sample.Clock", measurands=[DEFAULT_MEASURAND])
    with pytest.raises(PayloadMismatch, match="lacks a sampledValue for the configured measurand.* Voltage"):
        check_content(3, periodic, context="Sample.Periodic", measurands=[DEFAULT_MEASURAND, "Voltage"])


def test_spacing_allows_a_second_more_for_whole_second_timestamps():
    whole = [meter_values("2024-05-01T10:00:00Z", "2024-05-01T10:00:11Z")]
    check_spacing(1, whole, interval=10, tolerance=0.5)
    fractions = [meter_values("2024-05-01T10:00:00.000Z", "2024-05-01T10:00:11.000Z")]
    with pytest.raises(TimingViolation, match=r"are 11 s apart, expected 10 s ± 0.5 s"):
        check_spacing(1, fractions, interval=10, tolerance=0.5)
    check_spacing(1, [meter_values("2024-05-01T10:00:00Z")], interval=10, tolerance=0.5)


def test_clock_aligned_timestamps_are_multiples_of_the_interval_since_midnight():
    check_clock_aligned(3, [meter_values("2024-05-01T10:15:00Z", "2024-05-01T10:29:59.5Z")], interval=900,
                        tolerance=1)
    with pytest.raises(TimingViolation, match="is 7 s off the clock-aligned interval of 900 s"):
        check_clock_aligned(3, [meter_values("2024-05-01T10:15:07Z")], interval=900, tolerance=1)


def test_queued_values_carry_no_timestamp_after_the_reconnect():
    back = datetime(2024, 5, 1, 10, 0, 30, tzinfo=UTC)
    check_queued(1, [meter_values("2024-05-01T10:00:10Z", "2024-05-01T10:00:31Z")], before=back, tolerance=0.5)
    with pytest.raises(PayloadMismatch, match="2024-05-01T10:00:40Z, 10.0 s after the reconnect"):
        check_queued(1, [meter_values("2024-05-01T10:00:40Z")], before=back, tolerance=0.5)


def split(stamp: str, *measurands: str, context: str = "Sample.Periodic") -> dict:
    """One reading with each measurand in a meterValue entry of its own."""
    return {"connectorId": 1, "meterValue": [{"timestamp": stamp, "sampledValue": [
        {"value": "1", "measurand": m, "context": context}]} for m in measurands]}


def test_entries_of_one_timestamp_are_one_reading():
    energy, power = DEFAULT_MEASURAND, "Power.Active.Import"
    payloads = [split("2024-05-01T10:00:00Z", energy, power), split("2024-05-01T10:00:10Z", energy, power)]
    assert [len(r.sampled) for r in readings(payloads)] == [2, 2]
    check_content(3, payloads, context="Sample.Periodic", measurands=[energy, power])
    check_spacing(3, payloads, interval=10, tolerance=0.5)
    with pytest.raises(PayloadMismatch, match="lacks a sampledValue for the configured measurand.* Voltage"):
        check_content(3, payloads, context="Sample.Periodic", measurands=[energy, "Voltage"])


def test_readings_of_another_kind_are_passed_over():
    begin = meter_values("2024-05-01T10:00:00Z", context="Transaction.Begin")
    assert periodic_or_clock(begin) is None
    assert periodic_or_clock(meter_values("2024-05-01T10:00:00Z", context="Trigger")) is None
    periodic = meter_values("2024-05-01T10:00:10Z")
    assert periodic_or_clock(periodic) == periodic
    mixed = {"connectorId": 1, "meterValue": begin["meterValue"] + periodic["meterValue"]}
    assert periodic_or_clock(mixed)["meterValue"] == periodic["meterValue"]
    empty = {"connectorId": 1, "meterValue": [{"timestamp": "2024-05-01T10:00:00Z", "sampledValue": []}]}
    assert periodic_or_clock(empty) == empty   # judged, and found lacking
    assert periodic_or_clock({"connectorId": 1}) is None
    # A clock-aligned reading in a sampled case is the wrong context, not another kind: judged.
    clock = meter_values("2024-05-01T10:00:00Z", context="Sample.Clock")
    assert periodic_or_clock(clock) == clock


def test_clock_alignment_counts_from_midnight_utc_whatever_the_offset():
    # 10:30 at +05:30 is 05:00 UTC: on the hour; 10:00 at +05:30 is 04:30 UTC: half an hour off it.
    check_clock_aligned(3, [meter_values("2024-05-01T10:30:00+05:30")], interval=3600, tolerance=1)
    with pytest.raises(TimingViolation, match="is 1800 s off the clock-aligned interval of 3600 s"):
        check_clock_aligned(3, [meter_values("2024-05-01T10:00:00+05:30")], interval=3600, tolerance=1)


def test_the_offline_period_holds_a_reading_per_interval_due_before_its_end():
    assert taken_while_offline(6.9, interval=2, tolerance=0.8) == 3
    assert taken_while_offline(6.7, interval=2, tolerance=0.8) == 2
    assert taken_while_offline(0.5, interval=2, tolerance=0.8) == 0


def test_only_the_first_readings_must_be_queued():
    back = datetime(2024, 5, 1, 10, 0, 30, tzinfo=UTC)
    payloads = [meter_values("2024-05-01T10:00:28Z", "2024-05-01T10:00:40Z")]
    check_queued(1, payloads, before=back, tolerance=0.5, count=1)
    with pytest.raises(PayloadMismatch, match="10:00:40Z, 10.0 s after the reconnect"):
        check_queued(1, payloads, before=back, tolerance=0.5, count=2)


def test_the_first_value_after_the_reconnect_follows_the_last_before_the_cut():
    last = meter_values("2024-05-01T10:00:00Z")
    check_follows(1, last, [meter_values("2024-05-01T10:00:10Z", "2024-05-01T10:00:20Z")], interval=10,
                  tolerance=0.5)
    check_follows(1, last, [], interval=10, tolerance=0.5)
    # A spacing that is off but loses no reading is check_spacing's to judge.
    check_follows(1, last, [meter_values("2024-05-01T10:00:13Z")], interval=10, tolerance=0.5)
    with pytest.raises(PayloadMismatch, match=r"\(2024-05-01T10:00:20Z\) is 20 s after the last one before the "
                                              r"connection was lost \(2024-05-01T10:00:00Z\): 1 value\(s\)"):
        check_follows(1, last, [meter_values("2024-05-01T10:00:20Z")], interval=10, tolerance=0.5)
