"""Timing windows between two moments the harness saw: lower bounds, ± windows, ConnectionTimeOut."""

from __future__ import annotations

import pytest

from conformance.checks.failures import TimingViolation
from conformance.checks.timing import WHOLE_SECOND, after_connection_timeout, not_before, slack, within


def test_a_sut_timer_may_end_a_tolerance_and_a_whole_second_off():
    assert slack(0.8) == 0.8 + WHOLE_SECOND


def test_not_before_allows_the_tolerance_and_a_whole_second_early_and_nothing_more():
    not_before(3, "BootNotification.req", since=10.0, at=20.0, seconds=10, tolerance=0.5)
    not_before(3, "BootNotification.req", since=10.0, at=18.5, seconds=10, tolerance=0.5)
    with pytest.raises(TimingViolation, match=r"step 3: BootNotification.req came 8.40 s after .* interval was 10 s "
                                              r"\(at least 8.5 s with the tolerance\)"):
        not_before(3, "BootNotification.req", since=10.0, at=18.4, seconds=10, tolerance=0.5)


def test_without_a_start_there_is_nothing_to_judge():
    not_before(1, "x", since=None, at=0.0, seconds=10, tolerance=1)
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
    # Preparing at 0, the accepted identification at 3: 10 s ConnectionTimeOut, 1 s tolerance.
    after_connection_timeout(9, "Available", started=[0.0, 3.0], at=10.0, seconds=10, tolerance=1)
    after_connection_timeout(9, "Available", started=[0.0, 3.0], at=15.0, seconds=10, tolerance=1)
    with pytest.raises(TimingViolation, match=r"step 9: Available came 7.90 s after the earlier .*at least 8 s"):
        after_connection_timeout(9, "Available", started=[0.0, 3.0], at=7.9, seconds=10, tolerance=1)
    with pytest.raises(TimingViolation, match=r"came 12.10 s after the later .*at most 12 s"):
        after_connection_timeout(9, "Available", started=[0.0, 3.0], at=15.1, seconds=10, tolerance=1)


def test_a_whole_second_timer_or_one_started_at_the_id_tag_ends_up_to_a_second_early_and_passes():
    # Preparing and the accepted identification at 0; the timer counted from 0.9 s before them.
    after_connection_timeout(2, "Available", started=[0.0, 0.0], at=9.1, seconds=10, tolerance=0.0)
    with pytest.raises(TimingViolation, match="at least 9 s"):
        after_connection_timeout(2, "Available", started=[0.0, 0.0], at=8.9, seconds=10, tolerance=0.0)
    # ... and one that rounds up ends up to a second late.
    after_connection_timeout(2, "Available", started=[0.0, 0.0], at=10.9, seconds=10, tolerance=0.0)
