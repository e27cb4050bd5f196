"""The configuration keys of the reference charge point (OCPP 1.6 §9.1): their access modes,
validators and values, which survive a reboot."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from conformance.reference.switches import Active

from ..faults import Fault, Mode
from ..local_list import LOCAL_AUTH_LIST_MAX_LENGTH, SEND_LOCAL_LIST_MAX_LENGTH
from ..settings import ChargePointSettings
from .charging_profiles import MAX_PERIODS, MAX_PROFILES, MAX_STACK_LEVEL


def _non_negative_int(value: str) -> str | None:
    value = value.strip()
    if not value.isdigit() or int(value) > 2**31 - 1:
        return None
    return str(int(value))


def _at_most(maximum: int) -> Callable[[str], str | None]:
    """A non-negative integer key with a range limit."""
    def check(value: str) -> str | None:
        number = _non_negative_int(value)
        return number if number is not None and int(number) <= maximum else None
    return check


def _boolean(value: str) -> str | None:
    value = value.strip().lower()
    return value if value in ("true", "false") else None


_MEASURANDS = ("Energy.Active.Import.Register", "Power.Active.Import", "Current.Import", "Current.Offered", "Voltage")


_MEASURAND_LIST_MAX = len(_MEASURANDS)
SAMPLE_INTERVAL_MAXIMUM = 60  # Mode.SAMPLE_INTERVAL_AT_MAXIMUM


def _measurand_list(*, allow_empty: bool) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        items = [item.strip() for item in value.split(",")] if value.strip() else []
        if not items and not allow_empty:
            return None
        if len(items) > _MEASURAND_LIST_MAX or any(item not in _MEASURANDS for item in items):
            return None
        return ",".join(items)

    return check


_PHASE_ITEM = re.compile(r"^\d+\.(RST|RTS|SRT|STR|TRS|TSR|NotApplicable|Unknown)$")


def _phase_rotation(connectors: int) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        items = [item.strip() for item in value.split(",")]
        if not all(_PHASE_ITEM.match(item) for item in items):
            return None
        if any(int(item.split(".")[0]) > connectors for item in items):
            return None
        return ",".join(items)

    return check


@dataclass
class Key:
    value: str
    readonly: bool
    check: Callable[[str], str | None] | None = None  # normalised value, or None if invalid


def _defaults(settings: ChargePointSettings, faults: Active, modes: Active) -> dict[str, Key]:
    n = settings.connectors
    rw_int, rw_bool = _non_negative_int, _boolean
    keys = {
        "AllowOfflineTxForUnknownId": Key("false", False, rw_bool),
        "AuthorizationCacheEnabled": Key("false", False, rw_bool),
        "AuthorizeRemoteTxRequests": Key("true", False, rw_bool),
        "ChargeProfileMaxStackLevel": Key(str(MAX_STACK_LEVEL), True),
        "ChargingScheduleAllowedChargingRateUnit": Key("Current,Power", True),
        "ChargingScheduleMaxPeriods": Key(str(MAX_PERIODS), True),
        "MaxChargingProfilesInstalled": Key(str(MAX_PROFILES), True),
        "ClockAlignedDataInterval": Key("0", False, rw_int),
        "ConnectionTimeOut": Key("30", False, rw_int),
        # The Security extension's operator name, the O of the certificate it asks to be signed.
        "CpoName": Key("", False, lambda value: value if len(value) <= 50 else None),
        "ConnectorPhaseRotation": Key(",".join(f"{c}.RST" for c in range(n + 1)), False, _phase_rotation(n)),
        "GetConfigurationMaxKeys": Key("50", True),
        "HeartbeatInterval": Key(str(settings.heartbeat_interval), False, rw_int),
        "LocalAuthorizeOffline": Key("false", False, rw_bool),
        "LocalPreAuthorize": Key("false", False, rw_bool),
        "MeterValuesAlignedData": Key("Energy.Active.Import.Register", False, _measurand_list(allow_empty=True)),
        "MeterValuesSampledData": Key("Energy.Active.Import.Register", False, _measurand_list(allow_empty=False)),
        "MeterValuesSampledDataMaxLength": Key(str(_MEASURAND_LIST_MAX), True),
        "MeterValueSampleInterval": Key("0", False, rw_int),
        "MinimumStatusDuration": Key("0", False, rw_int),
        "NumberOfConnectors": Key(str(n), True),
        # A reservation of connector 0 holds one free connector for its idTag (OCPP 1.6 §5.13).
        "ReserveConnectorZeroSupported": Key("true", True),
        "ResetRetries": Key("1", False, rw_int),
        "StopTransactionOnEVSideDisconnect": Key("true", False, rw_bool),
        "StopTransactionOnInvalidId": Key("true", False, rw_bool),
        "StopTxnAlignedData": Key("", False, _measurand_list(allow_empty=True)),
        "StopTxnSampledData": Key("", False, _measurand_list(allow_empty=True)),
        "SupportedFeatureProfiles": Key("Core,FirmwareManagement,RemoteTrigger,Reservation,SmartCharging", True),
        "SupportedFileTransferProtocols": Key("FTP,HTTP", True),
        "TransactionMessageAttempts": Key("3", False, rw_int),
        "TransactionMessageRetryInterval": Key("60", False, rw_int),
        "UnlockConnectorOnEVSideDisconnect": Key("true", False, rw_bool),
        "WebSocketPingInterval": Key("0", False, rw_int),
    }
    if not modes.active(Mode.NO_LOCAL_AUTH_LIST):   # OCPP 1.6 §9.3
        keys["LocalAuthListEnabled"] = Key("true", False, rw_bool)
        keys["LocalAuthListMaxLength"] = Key(str(LOCAL_AUTH_LIST_MAX_LENGTH), True)
        keys["SendLocalListMaxLength"] = Key(str(SEND_LOCAL_LIST_MAX_LENGTH), True)
        keys["SupportedFeatureProfiles"].value += ",LocalAuthListManagement"
    if modes.active(Mode.SPLIT_MEASURANDS):
        for name in ("MeterValuesSampledData", "MeterValuesAlignedData"):
            keys[name].value = "Energy.Active.Import.Register,Power.Active.Import"
    if modes.active(Mode.SAMPLE_INTERVAL_AT_MAXIMUM):
        keys["MeterValueSampleInterval"] = Key(str(SAMPLE_INTERVAL_MAXIMUM), False, _at_most(SAMPLE_INTERVAL_MAXIMUM))
    if modes.active(Mode.NO_RESERVATION):
        keys["SupportedFeatureProfiles"].value = ",".join(
            name for name in keys["SupportedFeatureProfiles"].value.split(",") if name != "Reservation")
        del keys["ReserveConnectorZeroSupported"]   # a key of the Reservation profile (§9.3)
    if modes.active(Mode.NO_MINIMUM_STATUS_DURATION):
        del keys["MinimumStatusDuration"]  # optional in OCPP 1.6 §9.1
    elif modes.active(Mode.STATUS_DELAY_CONFIGURED):
        keys["MinimumStatusDuration"].value = "5"
    profile = 0 if settings.password is None else 1
    if settings.url.startswith("wss://"):
        profile = 3 if settings.certificate else 2
    if settings.security_profile is not None:
        profile = settings.security_profile

    def security_profile(value: str) -> str | None:
        # Security Whitepaper, "Security Profiles": a lower profile SHALL be rejected; a higher one
        # is taken when this charge point has what it needs: from 2 to 3 its client certificate
        # (from 1 to 2 it would need a wss:// address, which it is not given).
        value, now = value.strip(), keys["SecurityProfile"].value
        if value not in ("0", "1", "2", "3"):
            return None
        if faults.active(Fault.ACCEPT_SECURITY_PROFILE_DOWNGRADE) and value < now:
            return value
        if (now, value) == ("2", "3") and settings.certificate and settings.private_key:
            return value
        return value if value == now else None

    keys["SecurityProfile"] = Key(str(profile), False, security_profile)
    return keys


class ConfigurationKeys:
    """Key name -> Key; AuthorizationKey is write-only and not among them."""

    def __init__(self, settings: ChargePointSettings, faults: Active, modes: Active):
        self._keys = _defaults(settings, faults, modes)

    def get(self, name: str) -> Key | None:
        return self._keys.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._keys

    def names(self) -> list[str]:
        return list(self._keys)

    def value(self, name: str) -> str:
        return self._keys[name].value

    def number(self, name: str) -> int:
        return int(self._keys[name].value)

    def enabled(self, name: str) -> bool:
        """A boolean key that is true."""
        return self._keys[name].value == "true"

    def set(self, name: str, value: str) -> None:
        """Set without the access and value checks of ChangeConfiguration (the charge point's own doing)."""
        self._keys[name].value = value

    def values(self) -> dict[str, str]:
        return {name: key.value for name, key in self._keys.items()}
