"""What a SUT declares beyond its feature profiles, and what makes a conditional case applicable.

Each capability is a yes/no statement of the SUT description's `[capabilities]` table, with
a default chosen so that of an exclusive pair of cases (a fixed cable or a socket) exactly
one applies to a SUT that declares nothing. A case names the values it needs; "not
applicable" then comes from the SUT description alone, naming the capability.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..catalog import PlanEntry
    from .profile import SutProfile


@dataclass(frozen=True)
class Capability:
    default: bool
    meaning: str


# name -> default and meaning; `[capabilities] name = true|false` in a SUT description.
CAPABILITIES: dict[str, Capability] = {
    "fixed_cable": Capability(False, "the connectors have a fixed cable (no socket, nothing to unlock)"),
    "authorization_cache": Capability(False, "the charge point keeps an authorization cache (AuthorizationCacheEnabled)"),
    "local_pre_authorize": Capability(False, "LocalPreAuthorize: a cached or listed idTag starts at once, without Authorize"),
    "offline_start": Capability(
        False, "offline, a transaction starts for an idTag authorized locally (LocalAuthorizeOffline with the cache "
               "or the local list, or AllowOfflineTxForUnknownId)"),
    "offline_unknown_id": Capability(False, "AllowOfflineTxForUnknownId: offline, an unknown idTag may start a transaction"),
    "local_authorize_offline": Capability(False, "LocalAuthorizeOffline: offline, a cached or listed idTag is accepted"),
    "backup_power": Capability(False, "the charge point can report a power loss and stop its transactions before it goes down"),
    "lock_failure": Capability(False, "a connector lock failure can be provoked (operator action set_lock_failure)"),
    "writable_stop_on_ev_disconnect": Capability(
        True, "StopTransactionOnEVSideDisconnect can be changed by the central system"),
    "writable_unlock_on_ev_disconnect": Capability(
        True, "UnlockConnectorOnEVSideDisconnect can be changed by the central system"),
}


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
