"""The plan's checks of sampled and clock-aligned MeterValues, on payloads made here."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conformance.checks.failures import PayloadMismatch, TimingViolation
from conformance.checks.meter_values import (
    DEFAULT_MEASURAND,
    check_clock_aligned,
    check_content,
    check_queued,
    check_spacing,
    configured_measurands,
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
