"""Whether a case of the plan applies to a SUT: its profiles, its security profile, its capabilities.

Decided from the SUT description alone, so `ocpp-conformance list` and a run say the same,
and the statement names what decided it.

A case's `requires` is a dict of conditions, all of which must hold, or a list of such dicts
of which one must hold (TC_042_1_CS: the profile is absent, or the local list can be
switched off). A condition is a capability and its wanted value: a yes/no must be equal, a
number is a minimum, a list names entries the declared list must contain. The pseudo
capability `profile` is "declared" (the default when a dict does not name it) or "absent":
the few cases written for a SUT without the case's optional profile.
"""

from __future__ import annotations

from typing import Any

from ..catalog import PlanEntry
from .capabilities import CAPABILITIES, describe
from .profile import SutProfile

Requires = dict[str, Any] | list[dict[str, Any]]

# Security cases -> the security profiles ([security] profile) the plan entry is for (its prerequisite).
SECURITY_PROFILES: dict[str, frozenset[int]] = {
    "TC_073_CS": frozenset({1, 2}), "TC_073_CSMS": frozenset({1, 2}),
    "TC_083_CS": frozenset({1, 2}), "TC_083_CSMS": frozenset({1, 2}),   # the harness raises 2 to 3 only
    "TC_084_CS": frozenset({2, 3}),
    "TC_085_CS": frozenset({1, 2}), "TC_085_CSMS": frozenset({1, 2}),
    "TC_086_CS": frozenset({2, 3}), "TC_086_CSMS": frozenset({2, 3}),
    "TC_087_CS": frozenset({3}), "TC_087_CSMS": frozenset({3}),
    # certificate management: the store's roots are for TLS (profiles 2 and 3)
    "TC_075_1_CS": frozenset({2, 3}), "TC_075_1_CSMS": frozenset({2, 3}),
    "TC_075_2_CS": frozenset({2, 3}), "TC_075_2_CSMS": frozenset({2, 3}),
    "TC_076_CS": frozenset({2, 3}),
    # the client certificate's renewal is profile 3's; an invalid root can be refused on TLS
    "TC_074_CS": frozenset({3}), "TC_074_CSMS": frozenset({3}),
    "TC_077_CS": frozenset({3}), "TC_077_CSMS": frozenset({3}),
    "TC_078_CS": frozenset({2, 3}), "TC_078_CSMS": frozenset({2, 3}),
}

PROFILE_STATES = ("declared", "absent")


def check_requires(case_id: str, requires: Requires | None) -> list[dict[str, Any]]:
    """A case's `requires` as a list of alternatives; a mistake in it is the case file's (ValueError)."""
    alternatives = [requires or {}] if isinstance(requires, dict) or requires is None else list(requires)
    if not alternatives:
        raise ValueError(f"{case_id}: requires lists no alternative")
    for conditions in alternatives:
        for name, wanted in conditions.items():
            if name == "profile":
                if wanted not in PROFILE_STATES:
                    raise ValueError(f"{case_id}: requires profile must be one of {', '.join(PROFILE_STATES)}")
                continue
            if name not in CAPABILITIES:
                raise ValueError(f"{case_id}: unknown capability {name}")
            kind = CAPABILITIES[name].kind
            if kind is list and not isinstance(wanted, (list, tuple, set, frozenset)):
                raise ValueError(f"{case_id}: capability {name} is a list; require the entries it must contain")
            if kind is not list and type(wanted) is not kind:
                what = "yes/no" if kind is bool else "number"
                raise ValueError(f"{case_id}: capability {name} is a {what}, got {wanted!r}")
    return alternatives


def _condition(sut: SutProfile, name: str, wanted: Any) -> tuple[bool, str]:
    declared = sut.capability(name)
    how = "declares" if name in sut.capabilities else "leaves at its default"
    said = f"{sut.label} {how} {name} = {describe(name, declared)} ([capabilities])"
    meaning = CAPABILITIES[name].meaning
    kind = CAPABILITIES[name].kind
    if kind is bool:
        return declared == wanted, (said if declared == wanted else
                                    f"{said}; this case is for SUTs where it is {describe(name, wanted)} ({meaning})")
    if kind is int:
        return declared >= wanted, (said if declared >= wanted else
                                    f"{said}; this case needs at least {wanted} ({meaning})")
    missing = sorted(set(wanted) - set(declared))
    return not missing, (said if not missing else
                         f"{said}; this case needs {', '.join(missing)} in it ({meaning})")


def _alternative(entry: PlanEntry, sut: SutProfile, conditions: dict[str, Any]) -> tuple[bool, list[str]]:
    declared = entry.profile in sut.profiles
    if conditions.get("profile", "declared") == "declared":
        if not declared:
            return False, [f"{sut.label} does not declare the {entry.profile} profile ([capabilities] profiles)"]
        said = [f"{sut.label} declares the {entry.profile} profile"]
    else:
        if declared:
            return False, [f"{sut.label} declares the {entry.profile} profile ([capabilities] profiles); "
                           f"this case is for SUTs without it"]
        said = [f"{sut.label} does not declare the {entry.profile} profile"]
    for name, wanted in conditions.items():
        if name == "profile":
            continue
        holds, why = _condition(sut, name, wanted)
        if not holds:
            return False, [why]
        said.append(why)
    return True, said


def statement(entry: PlanEntry, sut: SutProfile, requires: Requires | None = None) -> tuple[bool, str]:
    """Whether the case applies, and the statement of the SUT description that decided it."""
    wanted = SECURITY_PROFILES.get(entry.id)
    if wanted and sut.security_profile not in wanted and entry.profile in sut.profiles:
        return False, (f"not applicable: {sut.label} uses security profile {sut.security_profile} ([security] "
                       f"profile); this case is for security profile {' or '.join(map(str, sorted(wanted)))}")
    failures = []
    for conditions in check_requires(entry.id, requires):
        holds, said = _alternative(entry, sut, conditions)
        if holds:
            return True, "applicable: " + "; ".join(said)
        failures.extend(said)
    return False, "not applicable: " + " and ".join(dict.fromkeys(failures))


def applicability(entry: PlanEntry, sut: SutProfile, requires: Requires | None = None) -> str | None:
    """Why the case does not apply to this SUT ("not applicable: ..."), or None if it does."""
    holds, said = statement(entry, sut, requires)
    return None if holds else said
