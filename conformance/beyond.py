"""Protocol checks beyond the test plan: what OCPP 1.6 asks that no plan case provokes.

Each check is a case file in testcases/beyond/<SUT role>/, decorated with `@beyond_case(ID)`,
marked `beyond` and run with `--beyond`. They are reported apart from the plan (their own
section of summary.json, summary.md and index.html), never in the plan's counts or matrix, and
never change a plan case's verdict. Each cites the OCPP 1.6 section it checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import PlanEntry, catalog
from .ocpp.actions import Role

MARKER = "beyond"


@dataclass(frozen=True)
class BeyondEntry(PlanEntry):
    """A check beyond the plan; `profile` is the feature profile the SUT needs for it."""

    section: str = ""

    @property
    def sort_key(self) -> tuple:
        return (self.sut_role.value, tuple(BEYOND).index(self.id))


def _entry(case_id: str, title: str, role: Role, section: str) -> tuple[str, BeyondEntry]:
    return case_id, BeyondEntry(case_id, title, role, "Core", "beyond the plan", section)


_CP, _CSMS = Role.CHARGE_POINT, Role.CENTRAL_SYSTEM

BEYOND: dict[str, BeyondEntry] = dict([
    _entry("BEYOND_READ_ONLY_KEY_CS", "ChangeConfiguration of a read-only key is Rejected", _CP,
           "OCPP 1.6 §5.3 (Change Configuration), §9.1 (the keys' accessibility)"),
    _entry("BEYOND_UNKNOWN_KEY_CS", "GetConfiguration names an unknown key in unknownKey", _CP,
           "OCPP 1.6 §5.8 (Get Configuration), §6.24 (GetConfiguration.conf unknownKey)"),
    _entry("BEYOND_INOPERATIVE_DURING_TRANSACTION_CS", "ChangeAvailability Inoperative during a transaction is Scheduled",
           _CP, "OCPP 1.6 §5.2 (Change Availability: Scheduled when a transaction runs), §6.8 (ChangeAvailability.conf)"),
    _entry("BEYOND_STOP_WITH_BLOCKED_TAG_CSMS", "StopTransaction with a blocked idTag gets the tag's status", _CSMS,
           "OCPP 1.6 §4.10 (Stop Transaction), §6.50 (StopTransaction.conf idTagInfo: the idTag's authorization status)"),
    _entry("BEYOND_CONCURRENT_TRANSACTIONS_CSMS", "Two concurrent transactions get different transactionIds", _CSMS,
           "OCPP 1.6 §4.8 (Start Transaction), §6.46 (StartTransaction.conf transactionId)"),
])


def entry_of(case_id: str) -> PlanEntry:
    """The plan's entry of a test case ID, or the check beyond the plan of that ID."""
    return catalog().get(case_id) or BEYOND[case_id]
