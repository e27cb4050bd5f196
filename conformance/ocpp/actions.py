"""Which side of OCPP 1.6 may start which action (OCPP 1.6 §4, §5 and the security whitepaper)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CHARGE_POINT = "charge-point"
    CENTRAL_SYSTEM = "central-system"

    @property
    def other(self) -> Role:
        return Role.CENTRAL_SYSTEM if self is Role.CHARGE_POINT else Role.CHARGE_POINT

    @property
    def display_name(self) -> str:
        return "Charge Point" if self is Role.CHARGE_POINT else "Central System"


FROM_CHARGE_POINT = frozenset({
    "Authorize", "BootNotification", "DataTransfer", "DiagnosticsStatusNotification",
    "FirmwareStatusNotification", "Heartbeat", "MeterValues", "StartTransaction",
    "StatusNotification", "StopTransaction",
    # security whitepaper
    "LogStatusNotification", "SecurityEventNotification", "SignCertificate",
    "SignedFirmwareStatusNotification",
})

FROM_CENTRAL_SYSTEM = frozenset({
    "CancelReservation", "ChangeAvailability", "ChangeConfiguration", "ClearCache",
    "ClearChargingProfile", "DataTransfer", "GetCompositeSchedule", "GetConfiguration",
    "GetDiagnostics", "GetLocalListVersion", "RemoteStartTransaction", "RemoteStopTransaction",
    "ReserveNow", "Reset", "SendLocalList", "SetChargingProfile", "TriggerMessage",
    "UnlockConnector", "UpdateFirmware",
    # security whitepaper
    "CertificateSigned", "DeleteCertificate", "ExtendedTriggerMessage", "GetInstalledCertificateIds",
    "GetLog", "InstallCertificate", "SignedUpdateFirmware",
})

ALL_ACTIONS = FROM_CHARGE_POINT | FROM_CENTRAL_SYSTEM


def may_send(role: Role, action: str) -> bool:
    return action in (FROM_CHARGE_POINT if role is Role.CHARGE_POINT else FROM_CENTRAL_SYSTEM)
