"""Timing rules between two moments the harness observed (monotonic seconds).

Where a timer of the SUT's own ends the interval (ConnectionTimeOut, the retry interval of a
Rejected or Pending boot), the harness cannot see when that timer started or how finely it
counts: it may start a little before or after the moment the harness takes as the start, and a
timer that counts whole seconds ends up to a second off. Such a window is judged with
`timing_tolerance_s` on both sides, plus that second (as whole-second timestamps are in the
meter value checks).
"""

from __future__ import annotations

from .failures import TimingViolation

WHOLE_SECOND = 1.0


def slack(tolerance: float) -> float:
    """How far a timer of the SUT may end off the configured moment, either way."""
    return tolerance + WHOLE_SECOND


def not_before(step: int | str, what: str, *, since: float | None, at: float, seconds: float,
               tolerance: float) -> None:
    """`what` ends a timer of `seconds` the SUT started at `since`: not before it ran out (± slack)."""
    if since is None:
        return
    elapsed = at - since
    if elapsed < seconds - slack(tolerance):
        raise TimingViolation(f"{what} came {elapsed:.2f} s after the previous answer; the interval was "
                              f"{seconds:g} s (at least {seconds - slack(tolerance):g} s with the tolerance)",
                              step=step)


def within(step: int | str, what: str, *, since: float | None, at: float, seconds: float, tolerance: float,
           early_ok: bool = False) -> None:
    """`what` must come `seconds` (± `tolerance`) after `since`; with `early_ok` only the upper bound holds."""
    if since is None:
        return
    elapsed = at - since
    late = elapsed > seconds + tolerance
    early = not early_ok and elapsed < seconds - tolerance
    if late or early:
        bound = f"{seconds:g} s ± {tolerance:g} s" if not early_ok else f"at most {seconds + tolerance:g} s"
        raise TimingViolation(f"{what}: {elapsed:.2f} s, expected {bound}", step=step)


def after_connection_timeout(step: int | str, what: str, *, started: list[float], at: float, seconds: float,
                             tolerance: float) -> None:
    """`what` ends a Preparing connector once ConnectionTimeOut has run out (OCPP 1.6 §9.1.6).

    The timeout counts from the start of Preparing; a charge point may start it at the accepted
    identification next to it instead, or when the idTag was presented. `started` holds the
    moments the harness saw: the lower bound counts from the earlier, the upper bound from the
    later, each with the slack of a SUT's timer.
    """
    earliest, latest = at - min(started), at - max(started)
    low, high = seconds - slack(tolerance), seconds + slack(tolerance)
    if earliest < low:
        raise TimingViolation(f"{what} came {earliest:.2f} s after the earlier of Preparing and the accepted "
                              f"identification; ConnectionTimeOut is {seconds:g} s (at least {low:g} s with the "
                              "tolerance)", step=step)
    if latest > high:
        raise TimingViolation(f"{what} came {latest:.2f} s after the later of Preparing and the accepted "
                              f"identification; ConnectionTimeOut is {seconds:g} s (at most {high:g} s with the "
                              "tolerance)", step=step)
