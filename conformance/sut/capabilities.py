"""What a SUT declares beyond its feature profiles, and what makes a conditional case applicable.

Each capability is a yes/no statement of the SUT description's `[capabilities]` table, with
a default chosen so that of an exclusive pair of cases (a fixed cable or a socket) exactly
one applies to a SUT that declares nothing. A case names the values it needs; "not
applicable" then comes from the SUT description alone, naming the capability
(conformance.sut.applicability).
"""

from __future__ import annotations

from dataclasses import dataclass


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
