"""The configuration keys a charge point must report, by feature profile, with their accessibility.

Core: the list TC_019_CS validates. Local Auth List Management and Smart Charging: the
required keys of OCPP 1.6 §9.2 and §9.4, which the plan leaves to a manual check; Reservation,
Remote Trigger and Firmware Management require none.
"""

from __future__ import annotations

from typing import Any

from ...checks.failures import PayloadMismatch

R, RW, EITHER = "R", "RW", "R or RW"

REQUIRED_KEYS: dict[str, dict[str, str]] = {
    "Core": {
        "AuthorizeRemoteTxRequests": EITHER, "ClockAlignedDataInterval": RW, "ConnectionTimeOut": RW,
        "ConnectorPhaseRotation": RW, "GetConfigurationMaxKeys": R, "HeartbeatInterval": RW,
        "LocalAuthorizeOffline": RW, "LocalPreAuthorize": RW, "MeterValuesAlignedData": RW,
        "MeterValuesSampledData": RW, "MeterValueSampleInterval": RW, "NumberOfConnectors": R,
        "ResetRetries": RW, "StopTransactionOnInvalidId": RW, "StopTxnAlignedData": RW, "StopTxnSampledData": RW,
        "SupportedFeatureProfiles": R, "TransactionMessageAttempts": RW, "TransactionMessageRetryInterval": RW,
        "UnlockConnectorOnEVSideDisconnect": EITHER,
    },
    "LocalAuthListManagement": {"LocalAuthListEnabled": RW, "LocalAuthListMaxLength": R, "SendLocalListMaxLength": R},
    "SmartCharging": {"ChargeProfileMaxStackLevel": R, "ChargingScheduleAllowedChargingRateUnit": R,
                      "ChargingScheduleMaxPeriods": R, "MaxChargingProfilesInstalled": R},
}


def reported_keys(conf: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The configurationKey entries of a GetConfiguration.conf, by key."""
    return {item["key"]: item for item in conf.get("configurationKey") or []
            if isinstance(item, dict) and isinstance(item.get("key"), str)}


def check_required_keys(step: int | str, conf: dict[str, Any], profiles: list[str]) -> None:
    """Every required key of the profiles the charge point supports is reported, with its accessibility."""
    reported = reported_keys(conf)
    problems = []
    for profile in profiles:
        for key, access in REQUIRED_KEYS.get(profile, {}).items():
            if key not in reported:
                problems.append(f"{key} ({profile}) is missing")
                continue
            readonly = reported[key].get("readonly")
            if (access == R and readonly is not True) or (access == RW and readonly is not False):
                problems.append(f"{key} is {'read-only' if readonly else 'read-write'}, expected {access}")
    if problems:
        raise PayloadMismatch("GetConfiguration.conf (no key): " + "; ".join(problems), step=step)


def check_all_reported(step: int | str, conf: dict[str, Any], requested: list[str]) -> None:
    """No unknownKey, and a configurationKey entry for every requested key."""
    problems = []
    if conf.get("unknownKey"):
        problems.append(f"unknownKey is {conf['unknownKey']!r}, expected empty")
    missing = [key for key in requested if key not in reported_keys(conf)]
    if missing:
        problems.append(f"configurationKey lacks {', '.join(missing)}")
    if problems:
        raise PayloadMismatch("GetConfiguration.conf: " + "; ".join(problems), step=step)
