"""Whether a case of the plan applies to a SUT: its profiles, its security profile, its capabilities.

Decided from the SUT description alone, so `ocpp-conformance list` and a run say the same,
and the reason names what decided it.
"""

from __future__ import annotations

from ..catalog import PlanEntry
from .capabilities import CAPABILITIES
from .profile import SutProfile

# Security cases -> the security profiles ([security] profile) the plan entry is for (its prerequisite).
SECURITY_PROFILES: dict[str, frozenset[int]] = {
    "TC_073_CS": frozenset({1, 2}), "TC_073_CSMS": frozenset({1, 2}),
    "TC_083_CS": frozenset({1, 2}), "TC_083_CSMS": frozenset({1, 2}),   # the harness raises 2 to 3 only
    "TC_084_CS": frozenset({2, 3}),
    "TC_085_CS": frozenset({1, 2}), "TC_085_CSMS": frozenset({1, 2}),
    "TC_086_CS": frozenset({2, 3}), "TC_086_CSMS": frozenset({2, 3}),
    "TC_087_CS": frozenset({3}), "TC_087_CSMS": frozenset({3}),
}


def applicability(entry: PlanEntry, sut: SutProfile, requires: dict[str, bool] | None = None) -> str | None:
    """Why the case does not apply to this SUT ("not applicable: ..."), or None if it does."""
    if entry.profile not in sut.profiles:
        return f"not applicable: {sut.label} does not declare the {entry.profile} profile ([capabilities] profiles)"
    wanted = SECURITY_PROFILES.get(entry.id)
    if wanted and sut.security_profile not in wanted:
        return (f"not applicable: {sut.label} uses security profile {sut.security_profile} ([security] profile); "
                f"this case is for security profile {' or '.join(map(str, sorted(wanted)))}")
    for name, wanted in (requires or {}).items():
        declared = sut.capability(name)
        if declared != wanted:
            how = "declares" if name in sut.capabilities else "leaves at its default"
            return (f"not applicable: {sut.label} {how} {name} = {str(declared).lower()} ([capabilities]); "
                    f"this case is for SUTs where it is {str(wanted).lower()} ({CAPABILITIES[name].meaning})")
    return None
