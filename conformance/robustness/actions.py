"""Which actions are fuzzed, per direction, and what keeps a real SUT safe.

A charger or back office under test is real equipment: nothing is fuzzed that the run cannot
set back. Reset, firmware updates, certificates and security keys, configuration changes,
local lists, charging profiles, reservations, diagnostics and log uploads (which make the SUT
reach out to a fuzzed address) and remote starts are never sent. ChangeAvailability is set
back after each example; a transaction a central system starts is stopped after the example
and uses only the test idTags. `[robustness] actions` in the SUT description narrows the list.
"""

from __future__ import annotations

from typing import Any

from ..ocpp.actions import Role

PROFILE_OF = {
    **dict.fromkeys(["Authorize", "BootNotification", "ChangeAvailability", "ChangeConfiguration", "ClearCache",
                     "DataTransfer", "GetConfiguration", "Heartbeat", "MeterValues", "RemoteStartTransaction",
                     "RemoteStopTransaction", "Reset", "StartTransaction", "StatusNotification", "StopTransaction",
                     "UnlockConnector"], "Core"),
    **dict.fromkeys(["GetDiagnostics", "DiagnosticsStatusNotification", "FirmwareStatusNotification",
                     "UpdateFirmware"], "FirmwareManagement"),
    **dict.fromkeys(["GetLocalListVersion", "SendLocalList"], "LocalAuthListManagement"),
    **dict.fromkeys(["CancelReservation", "ReserveNow"], "Reservation"),
    **dict.fromkeys(["ClearChargingProfile", "GetCompositeSchedule", "SetChargingProfile"], "SmartCharging"),
    "TriggerMessage": "RemoteTrigger",
}

# Requests the harness sends a charge point under test (it plays the central system).
TO_CHARGE_POINT = ("CancelReservation", "ChangeAvailability", "ClearCache", "DataTransfer", "GetCompositeSchedule",
                   "GetConfiguration", "GetLocalListVersion", "RemoteStopTransaction", "TriggerMessage",
                   "UnlockConnector", "ExtendedTriggerMessage", "GetInstalledCertificateIds")
# Requests the harness sends a central system under test (it plays a charge point).
TO_CENTRAL_SYSTEM = ("Authorize", "BootNotification", "DataTransfer", "DiagnosticsStatusNotification",
                     "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StartTransaction",
                     "StatusNotification", "StopTransaction", "SecurityEventNotification", "LogStatusNotification",
                     "SignedFirmwareStatusNotification")
NEVER = ("Reset", "UpdateFirmware", "SignedUpdateFirmware", "ChangeConfiguration", "SendLocalList",
         "SetChargingProfile", "ClearChargingProfile", "ReserveNow", "GetDiagnostics", "GetLog",
         "RemoteStartTransaction", "InstallCertificate", "DeleteCertificate", "CertificateSigned", "SignCertificate")


def fuzzed_actions(sut_role: Role, profiles: frozenset[str], narrowed: tuple[str, ...] = (),
                   only_profiles: tuple[str, ...] = ()) -> list[str]:
    """The actions fuzzed against this SUT: of its direction, its declared profiles, never an unsafe one."""
    candidates = TO_CHARGE_POINT if sut_role is Role.CHARGE_POINT else TO_CENTRAL_SYSTEM
    wanted = [a for a in candidates if PROFILE_OF.get(a, "Security") in profiles and a not in NEVER]
    if only_profiles:
        wanted = [a for a in wanted if PROFILE_OF.get(a, "Security") in only_profiles]
    if narrowed:
        wanted = [a for a in wanted if a in narrowed]
    return wanted


def made_safe(action: str, payload: dict[str, Any], test_id_tags: list[str]) -> dict[str, Any]:
    """A valid payload adjusted so that it changes nothing the run cannot set back."""
    if action == "StartTransaction" and "idTag" in payload:
        payload = {**payload, "idTag": test_id_tags[len(payload["idTag"]) % len(test_id_tags)]}
    return payload
