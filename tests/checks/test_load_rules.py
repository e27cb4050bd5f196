"""The rules of a load run, judged across chargers, without a network."""

from __future__ import annotations

from conformance.checks import rules
from conformance.checks.load_rules import LoadRules


def names(problems) -> list[str]:
    return [p.rule for p in problems]


def test_a_transaction_id_open_at_another_charger_is_a_violation() -> None:
    judge = LoadRules()
    assert judge.transaction_started("CP_1", 7) == []
    problems = judge.transaction_started("CP_2", 7)
    assert names(problems) == [rules.LOAD_TRANSACTION_ID_UNIQUE]
    assert "CP_2" in problems[0].message and "CP_1" in problems[0].message
    assert judge.open_transactions == 1


def test_the_same_charger_given_its_open_id_again_is_a_violation_too() -> None:
    judge = LoadRules()
    judge.transaction_started("CP_1", 7)
    assert "another connector" in judge.transaction_started("CP_1", 7)[0].message


def test_an_id_given_again_after_its_transaction_stopped_is_no_violation_here() -> None:
    judge = LoadRules()
    judge.transaction_started("CP_1", 7)
    judge.transaction_stopped("CP_1", 7)
    assert judge.open_transactions == 0
    assert judge.transaction_started("CP_2", 7) == []


def test_a_stop_from_another_charger_does_not_close_the_transaction() -> None:
    judge = LoadRules()
    judge.transaction_started("CP_1", 7)
    judge.transaction_stopped("CP_2", 7)
    judge.transaction_stopped("CP_2", 8)
    assert judge.open_transactions == 1


def test_an_accepted_boot_needs_a_heartbeat_interval_above_zero() -> None:
    assert LoadRules.boot_answered("CP_1", {"status": "Accepted", "interval": 60}) == []
    for interval in (0, -5, None):
        problems = LoadRules.boot_answered("CP_1", {"status": "Accepted", "interval": interval})
        assert names(problems) == [rules.LOAD_HEARTBEAT_INTERVAL]


def test_a_pending_or_rejected_boot_needs_an_interval_for_the_retry() -> None:
    assert LoadRules.boot_answered("CP_1", {"status": "Pending", "interval": 5}) == []
    problems = LoadRules.boot_answered("CP_1", {"status": "Rejected", "interval": 0})
    assert names(problems) == [rules.LOAD_BOOT_ANSWERED] and "Rejected" in problems[0].message


def test_an_unanswered_boot_is_a_violation() -> None:
    problems = LoadRules.boot_unanswered("CP_1", "no answer within the message timeout")
    assert names(problems) == [rules.LOAD_BOOT_ANSWERED] and "CP_1" in problems[0].message


def test_a_refusal_with_an_http_status_is_no_violation_and_one_without_is() -> None:
    assert LoadRules.connection_lost("CP_1", refused=True, status=503) == []
    problems = LoadRules.connection_lost("CP_1", refused=True, detail="ConnectionResetError")
    assert names(problems) == [rules.LOAD_CONNECTION_KEPT]
    assert "refused (ConnectionResetError) without an HTTP status" in problems[0].message


def test_a_close_with_a_reasoned_code_is_no_violation_and_others_are() -> None:
    for code in (1000, 1001, 1012, 1013):
        assert LoadRules.connection_lost("CP_1", refused=False, close_code=code) == []
    assert "with close code 1011" in LoadRules.connection_lost("CP_1", refused=False, close_code=1011)[0].message
    assert "without a close frame" in LoadRules.connection_lost("CP_1", refused=False)[0].message
