"""Timing rules between two moments the harness observed (monotonic seconds).

The harness measures from its own send to its own receive, so network latency can only make
an interval look longer than the SUT waited: a lower bound needs no slack beyond clock jitter.
"""

from __future__ import annotations

from .failures import TimingViolation

JITTER = 0.05


def not_before(step: int | str, what: str, *, since: float | None, at: float, seconds: float) -> None:
    """`what` must come no earlier than `seconds` after `since`."""
    if since is None:
        return
    elapsed = at - since
    if elapsed < seconds - JITTER:
        raise TimingViolation(f"{what} came {elapsed:.2f} s after the previous answer; "
                              f"the interval was {seconds:g} s", step=step)


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
    identification next to it instead. `started` holds both moments as the harness saw them:
    the lower bound counts from the earlier, the upper bound (with tolerance) from the later.
    """
    not_before(step, what, since=min(started), at=at, seconds=seconds)
    within(step, what, since=max(started), at=at, seconds=seconds, tolerance=tolerance, early_ok=True)

