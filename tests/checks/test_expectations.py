"""The expectation judge: which expected CALL a received one fulfils, what it passes over, what fails."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from conformance.checks import rules
from conformance.checks.expectations import Expect, Reply, Unplanned, Window, expect, frame_of, judge
from conformance.checks.failures import PayloadMismatch, UnexpectedMessage
from conformance.checks.matchers import any_of
from conformance.ocpp.rpc import Call

BACKGROUND = Window(frozenset({"Heartbeat", "MeterValues"}))


@dataclass
class Opened:
    opened_at: float = 0.0


@dataclass
class Received:
    """What the endpoint hands the judge: a CALL, the connection it came on, when."""

    call: Call
    connection: Opened
    received_at: float = 1.0

    @property
    def action(self) -> str:
        return self.call.action

    @property
    def payload(self) -> dict[str, Any]:
        return self.call.payload


def received(action: str, opened_at: float = 0.0, at: float = 1.0, **payload: Any) -> Received:
    return Received(Call(f"id-{action}", action, payload), Opened(opened_at), at)


def test_an_expectation_reads_as_the_plan_step():
    e = expect(3, "StatusNotification", reply=Reply(4), connectorId=1, status="Charging")
    assert (e.step, e.action, e.reply, e.optional) == (3, "StatusNotification", Reply(4), False)
    assert e.title == "StatusNotification.req (connectorId=1, status='Charging')"
    assert Expect(1, "Heartbeat").title == "Heartbeat.req"


def test_the_call_fulfils_the_expectation_whose_fields_it_matches():
    wanted = (expect(5, "StatusNotification", connectorId=1), expect(5, "StatusNotification", connectorId=2))
    assert judge(received("StatusNotification", connectorId=2), wanted, {}, BACKGROUND) == 1
    found = {1: received("StatusNotification", connectorId=2)}
    assert judge(received("StatusNotification", connectorId=1), wanted, found, BACKGROUND) == 0


def test_a_call_of_the_expected_action_with_other_fields_fails_naming_them():
    wanted = (expect(7, "StatusNotification", status=any_of("Finishing", "Available")),)
    with pytest.raises(PayloadMismatch) as info:
        judge(received("StatusNotification", status="Faulted"), wanted, {}, BACKGROUND)
    assert info.value.step == 7 and "status is 'Faulted', expected one of 'Finishing', 'Available'" in str(info.value)
    assert json.loads(info.value.frame) == [2, "id-StatusNotification", "StatusNotification", {"status": "Faulted"}]


def test_background_calls_are_passed_over_and_others_fail():
    wanted = (expect(1, "Authorize"),)
    assert judge(received("Heartbeat"), wanted, {}, BACKGROUND) is None
    with pytest.raises(UnexpectedMessage, match="step 1: expected Authorize.req, the SUT sent StopTransaction.req"):
        judge(received("StopTransaction"), wanted, {}, BACKGROUND)


def test_after_a_power_cycle_the_old_connection_is_passed_over_and_the_new_one_must_boot_first():
    window = Window(BACKGROUND.background, first_after=10.0)
    wanted = (expect(2, "BootNotification"),)
    assert judge(received("StatusNotification", opened_at=5.0), wanted, {}, window) is None
    assert judge(received("BootNotification", opened_at=11.0), wanted, {}, window) == 0
    with pytest.raises(UnexpectedMessage, match="first message on the new connection .* Heartbeat.req first"):
        judge(received("Heartbeat", opened_at=11.0), wanted, {}, window)


def test_nothing_else_may_come_after_the_moment_not_even_background():
    window = Window(BACKGROUND.background, nothing_else_after=5.0)
    wanted = (expect(3, "BootNotification"),)
    assert judge(received("Heartbeat", at=4.0), wanted, {}, window) is None
    with pytest.raises(UnexpectedMessage, match="expected BootNotification.req and nothing else before it"):
        judge(received("Heartbeat", at=6.0), wanted, {}, window)


def test_the_frame_shown_is_the_call_as_the_sut_sent_it():
    assert frame_of(received("Heartbeat")) == '[2, "id-Heartbeat", "Heartbeat", {}]'


TOLERANT = Window(frozenset({"Heartbeat"}), tolerated=frozenset({"StatusNotification"}),
                  strict={"StartTransaction": rules.TRANSACTION_AS_PLANNED})


def test_a_tolerated_call_no_step_names_is_passed_over_for_review():
    wanted = (expect(3, "Authorize", idTag="TAG"),)
    seen = judge(received("StatusNotification", connectorId=1, status="Preparing"), wanted, {}, TOLERANT)
    assert isinstance(seen, Unplanned) and seen.step == 3 and not seen.instead_of
    assert seen.note == "StatusNotification.req (connectorId=1, status='Preparing') while waiting for " \
                        "Authorize.req (idTag='TAG')"


def test_a_tolerated_call_with_other_fields_than_expected_is_passed_over_naming_the_mismatch():
    wanted = (expect(7, "StatusNotification", status="Charging"),)
    seen = judge(received("StatusNotification", status="SuspendedEVSE"), wanted, {}, TOLERANT)
    assert isinstance(seen, Unplanned) and seen.step == 7
    assert "status" in seen.instead_of and "'Charging'" in seen.instead_of


def test_a_strict_action_no_step_names_fails_with_its_rule():
    with pytest.raises(UnexpectedMessage) as failure:
        judge(received("StartTransaction", connectorId=1), (expect(2, "Authorize"),), {}, TOLERANT)
    assert failure.value.rule == rules.TRANSACTION_AS_PLANNED and failure.value.step == 2
    with pytest.raises(UnexpectedMessage) as failure:
        judge(received("BootNotification"), (expect(2, "Authorize"),), {}, TOLERANT)
    assert failure.value.rule == rules.EXPECTED_MESSAGE


def test_where_nothing_else_may_come_a_tolerated_call_with_other_fields_fails():
    wanted = (expect(2, "StatusNotification", status="Available"),)
    strict = Window(frozenset(), nothing_else_after=0.5, tolerated=frozenset({"StatusNotification"}))
    with pytest.raises(PayloadMismatch):
        judge(received("StatusNotification", status="Preparing"), wanted, {}, strict)
    after_power_cycle = Window(frozenset(), first_after=0.5, tolerated=frozenset({"StatusNotification"}))
    with pytest.raises(PayloadMismatch):
        judge(received("StatusNotification", opened_at=1.0, status="Preparing"), wanted, {}, after_power_cycle)
    earlier = Window(frozenset(), nothing_else_after=2.0, tolerated=frozenset({"StatusNotification"}))
    assert isinstance(judge(received("StatusNotification", status="Preparing"), wanted, {}, earlier), Unplanned)
