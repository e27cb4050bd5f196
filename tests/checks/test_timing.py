"""Timing windows between two moments the harness saw: lower bounds, ± windows, ConnectionTimeOut."""

from __future__ import annotations

import pytest

from conformance.checks.failures import TimingViolation
from conformance.checks.timing import JITTER, after_connection_timeout, not_before, within


def test_not_before_allows_clock_jitter_and_nothing_more():
    not_before(3, "BootNotification.req", since=10.0, at=20.0, seconds=10)
    not_before(3, "BootNotification.req", since=10.0, at=20.0 - JITTER / 2, seconds=10)
    with pytest.raises(TimingViolation, match=r"step 3: BootNotification.req came 9.00 s after .* interval was 10 s"):
        not_before(3, "BootNotification.req", since=10.0, at=19.0, seconds=10)


def test_without_a_start_there_is_nothing_to_judge():
    not_before(1, "x", since=None, at=0.0, seconds=10)
    within(1, "x", since=None, at=0.0, seconds=10, tolerance=1)


def test_within_holds_both_bounds_unless_early_is_allowed():
    within(2, "Heartbeat.req", since=0.0, at=11.0, seconds=10, tolerance=1)
    within(2, "Heartbeat.req", since=0.0, at=9.0, seconds=10, tolerance=1)
    with pytest.raises(TimingViolation, match=r"Heartbeat.req: 12.00 s, expected 10 s ± 1 s"):
        within(2, "Heartbeat.req", since=0.0, at=12.0, seconds=10, tolerance=1)
    with pytest.raises(TimingViolation, match=r"8.00 s, expected 10 s ± 1 s"):
        within(2, "Heartbeat.req", since=0.0, at=8.0, seconds=10, tolerance=1)
    within(2, "Heartbeat.req", since=0.0, at=1.0, seconds=10, tolerance=1, early_ok=True)
    with pytest.raises(TimingViolation, match=r"12.00 s, expected at most 11 s"):
        within(2, "Heartbeat.req", since=0.0, at=12.0, seconds=10, tolerance=1, early_ok=True)


def test_connection_timeout_counts_from_the_earlier_moment_down_and_the_later_up():
    # Preparing at 0, the accepted identification at 3: 10 s ConnectionTimeOut.
    after_connection_timeout(9, "Available", started=[0.0, 3.0], at=10.0, seconds=10, tolerance=1)
    after_connection_timeout(9, "Available", started=[0.0, 3.0], at=14.0, seconds=10, tolerance=1)
    with pytest.raises(TimingViolation, match="came 9.00 s"):
        after_connection_timeout(9, "Available", started=[0.0, 3.0], at=9.0, seconds=10, tolerance=1)
    with pytest.raises(TimingViolation, match="expected at most 11 s"):
        after_connection_timeout(9, "Available", started=[0.0, 3.0], at=14.5, seconds=10, tolerance=1)
