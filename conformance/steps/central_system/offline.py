"""The offline cases of the `_CSMS` suite: how long the harness stays offline, and whether the
central system keeps the time a queued message carries.

A message the charge point queued while offline reaches the central system late. Its timestamp
says when the thing happened; a central system that records the time of arrival instead keeps
the wrong start of the transaction. An offline period of milliseconds cannot tell the two apart,
so the harness stays offline long enough that they differ by more than the judging tolerance.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ... import events
from ...checks import rules
from ...checks.failures import ConformanceFailure
from ...checks.verdicts import OperatorActionFailed
from ...roles.charge_point import ChargePointHarness
from ...sut.profile import TestData
from ..timing import pause


def margin_s(data: TestData) -> float:
    """How far a recorded time may be from the message's: the tolerance, + 1 s for whole seconds."""
    return data.timing_tolerance_s + 1


async def stays_offline(charge_point: ChargePointHarness, data: TestData) -> None:
    """[The charge point stays offline]: one second longer than the margin, so that the time of
    arrival and the timestamp of a queued message are told apart."""
    seconds = margin_s(data) + 1
    charge_point.trace.event(f"the charge point stays offline for {seconds:g} s")
    await pause(seconds)


def _moment(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


async def recorded_at_its_timestamp(charge_point: ChargePointHarness, central_system: Any, step: int | str,
                                    transaction_id: Any, timestamp: str, data: TestData) -> None:
    """The central system's operator reads the transaction's start: it must be the queued
    message's timestamp (within the margin), not when the message arrived."""
    with events.step(f"Step {step}: the central system records the transaction at its timestamp", step):
        shown = await central_system.manual("csms_transaction_start",
                                            charge_point_id=charge_point.profile.charge_point_id,
                                            transaction_id=transaction_id)
        recorded, sent = _moment(shown), _moment(timestamp)
        assert sent is not None
        if recorded is None:
            raise OperatorActionFailed(f"csms_transaction_start gave {shown!r}, not a dateTime with a zone "
                                       "(RFC 3339, e.g. 2026-01-31T12:00:00Z)")
        off = abs((recorded - sent).total_seconds())
        charge_point.trace.event(f"the central system records transaction {transaction_id} as started at {shown} "
                                 f"({off:.1f} s from the StartTransaction.req's timestamp {timestamp})")
        if off > margin_s(data):
            raise ConformanceFailure(
                f"the central system records transaction {transaction_id} as started at {shown}, {off:.1f} s from "
                f"the timestamp {timestamp} of the queued StartTransaction.req (at most {margin_s(data):g} s): it "
                "keeps the time the message arrived, not the time it carries", step=step,
                rule=rules.OFFLINE_TIMESTAMP_KEPT)
