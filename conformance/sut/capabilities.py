"""What a SUT declares beyond its feature profiles, and what makes a conditional case applicable.

Each capability is a statement of the SUT description's `[capabilities]` table: a yes/no
(a fixed cable), a number (the local list's maximum length) or a list of names (the messages
TriggerMessage supports). Defaults are chosen so that of an exclusive pair of cases (a fixed
cable or a socket) exactly one applies to a SUT that declares nothing. A capability that
belongs to an optional profile names it, so a SUT file cannot declare the feature of a
profile it declares absent. A case names the values it needs; "not applicable" then comes
from the SUT description alone, naming the capability (conformance.sut.applicability).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Capability:
    default: Any
    meaning: str
    profile: str | None = None   # the optional profile this is a feature of, if any

    @property
    def kind(self) -> type:
        return type(self.default)


# name -> default and meaning; `[capabilities] name = value` in a SUT description.
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
    "local_auth_list_max_length": Capability(
        0, "LocalAuthListMaxLength: the most idTags the local authorization list holds", "LocalAuthListManagement"),
    "send_local_list_max_length": Capability(
        0, "SendLocalListMaxLength: the most idTags one SendLocalList.req may carry", "LocalAuthListManagement"),
    "local_list_can_be_disabled": Capability(
        True, "LocalAuthListEnabled can be set to false by the central system (OCPP 1.6 §9.3 makes it read-write)",
        "LocalAuthListManagement"),
    "local_list_failure": Capability(
        False, "storing a local list can be made to fail (operator action set_local_list_failure)",
        "LocalAuthListManagement"),
    "reserve_connector_zero": Capability(
        False, "ReserveConnectorZeroSupported: the whole charge point can be reserved (connectorId 0)", "Reservation"),
    "max_charging_profiles_installed": Capability(
        0, "MaxChargingProfilesInstalled: the most charging profiles the charge point holds at once", "SmartCharging"),
    "charging_schedule_max_periods": Capability(
        0, "ChargingScheduleMaxPeriods: the most periods a charging schedule may have", "SmartCharging"),
    "trigger_messages": Capability(
        ["BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "Heartbeat",
         "MeterValues", "StatusNotification"],
        "the messages TriggerMessage sends on request (requestedMessage)", "RemoteTrigger"),
}


def describe(name: str, value: Any) -> str:
    """A declared value as the SUT file spells it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple, frozenset, set)):
        return "[" + ", ".join(sorted(map(str, value))) + "]"
    return str(value)
