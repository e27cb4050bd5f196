"""The OCPP 1.6 certification test plan catalog: IDs, titles, SUT roles, feature profiles."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .ocpp.actions import Role

# The feature profiles of OCPP 1.6 (§3), and the Security Whitepaper's as the plan adds it.
PROFILES = ("Core", "FirmwareManagement", "LocalAuthListManagement", "Reservation", "SmartCharging",
            "RemoteTrigger", "Security")


@dataclass(frozen=True)
class PlanEntry:
    id: str
    title: str
    sut_role: Role
    profile: str
    requirement: str

    @property
    def sort_key(self) -> tuple:
        return (self.sut_role.value, *(int(n) for n in re.findall(r"\d+", self.id)))


@cache
def catalog() -> dict[str, PlanEntry]:
    text = resources.files("conformance").joinpath("testplan16.csv").read_text(encoding="utf-8")
    entries = {}
    for row in csv.DictReader(text.splitlines()):
        role = Role.CHARGE_POINT if row["sut_role"] == "charge_point" else Role.CENTRAL_SYSTEM
        entries[row["id"]] = PlanEntry(row["id"], row["title"], role, row["profile"], row["requirement"])
    return entries


# IDs of the FINAL 2024-04 plan that later versions split; selecting one selects its parts.
SPLIT: dict[str, tuple[str, ...]] = {
    "TC_007_CS": ("TC_007_1_CS", "TC_007_2_CS"),
    "TC_008_CS": ("TC_008_1_CS", "TC_008_2_CS"),
    "TC_023_CS": ("TC_023_4_CS", "TC_023_5_CS"),
    "TC_061_CS": ("TC_061_1_CS", "TC_061_2_CS"),
    "TC_053_CS": ("TC_053_1_CS", "TC_053_2_CS"),
}


def expand_split(cases: list[str] | set[str]) -> set[str]:
    """The selected IDs, a legacy ID standing for the cases it was split into."""
    return {part for case in cases for part in SPLIT.get(case, (case,))}


def selection_problem(cases: list[str], profiles: list[str]) -> str | None:
    """What is wrong with a --case/--profile selection, in one line, or None."""
    unknown = sorted(set(cases) - set(catalog()))
    if unknown:
        return (f"unknown test case ID {', '.join(unknown)}: IDs are spelled as in the test plan, "
                "e.g. TC_003_CS (see `ocpp-conformance list --all`)")
    unknown = sorted(set(profiles) - set(PROFILES))
    if unknown:
        return f"unknown profile {', '.join(unknown)} (known: {', '.join(PROFILES)})"
    return None


def implemented_cases(testcases: Path) -> frozenset[str]:
    """The plan IDs the case files under `testcases` implement, read without importing them."""
    found: set[str] = set()
    for path in testcases.rglob("test_*.py"):
        found.update(re.findall(r'@conformance_case\("([A-Z0-9_]+)"', path.read_text(encoding="utf-8")))
    return frozenset(found)
