"""The checks beyond the plan: each passes on the correct reference SUT and fails, naming its rule,
on a reference fault that the plan's own cases pass."""

from __future__ import annotations

import pytest

from conformance.beyond import BEYOND
from conformance.ocpp.actions import Role
from conformance.sut.local import reference_sut
from tests.conftest import run_beyond

# check, fault of the reference SUT, rule the verdict must name, text the failure must contain
FAULTS = [
    ("BEYOND_READ_ONLY_KEY_CS", "read_only_key_writable", "read_only_key_rejected", "step 4"),
    ("BEYOND_UNKNOWN_KEY_CS", "unknown_key_omitted", "unknown_key_reported", "unknownKey is missing"),
    ("BEYOND_INOPERATIVE_DURING_TRANSACTION_CS", "inoperative_during_transaction_accepted", "inoperative_scheduled",
     "status is 'Accepted', expected 'Scheduled'"),
    ("BEYOND_STOP_WITH_BLOCKED_TAG_CSMS", "stop_transaction_accepts_any", "stop_id_tag_status",
     "idTagInfo.status is 'Accepted', expected 'Blocked'"),
    ("BEYOND_CONCURRENT_TRANSACTIONS_CSMS", "reused_transaction_id", "transaction_id_unique",
     "transactionId 1, already given to a transaction that is still open"),
]


def _sut(path, check_id, faults=()):
    role = "charge-point" if BEYOND[check_id].sut_role is Role.CHARGE_POINT else "central-system"
    return reference_sut(path, role, faults=faults)


@pytest.mark.parametrize("check_id", list(BEYOND))
def test_passes_on_the_correct_reference_sut(pytester, check_id):
    check = run_beyond(pytester, check_id, _sut(pytester.path, check_id))
    assert check["verdict"] == "passed", f"{check['verdict']}: {check['message']}\n{check['trace']}"
    assert check["exit_code"] == 0 and check["section"].startswith("OCPP 1.6 §")


@pytest.mark.parametrize(("check_id", "fault", "rule", "detail"), FAULTS, ids=[c for c, *_ in FAULTS])
def test_fails_on_the_matching_fault(pytester, check_id, fault, rule, detail):
    check = run_beyond(pytester, check_id, _sut(pytester.path, check_id, (fault,)))
    assert check["verdict"] == "failed", f"{check['verdict']}: {check['message']}\n{check['trace']}"
    assert check["rule"] == rule, check["message"]
    assert detail in check["message"], check["message"]
    assert check["exit_code"] == 1


def test_every_check_has_a_fault_selftest():
    assert [c for c, *_ in FAULTS] == list(BEYOND)


def test_a_stop_answered_without_id_tag_info_passes_with_a_warning(pytester):
    """idTagInfo is optional in StopTransaction.conf: leaving it out is flagged, not failed."""
    check_id = "BEYOND_STOP_WITH_BLOCKED_TAG_CSMS"
    check = run_beyond(pytester, check_id, _sut(pytester.path, check_id, ("stop_transaction_no_id_tag_info",)))
    assert check["verdict"] == "passed with warnings", f"{check['verdict']}: {check['message']}"
    assert "carries no idTagInfo" in check["message"] and check["exit_code"] == 0
