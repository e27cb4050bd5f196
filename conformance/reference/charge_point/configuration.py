"""The configuration keys of OCPP 1.6 §9.1 with their access modes and validators, and the
GetConfiguration and ChangeConfiguration requests that read and change them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from conformance.reference.peer import CallErrorReply
from conformance.reference.switches import Active

from .connection import _after_reply
from .faults import Fault, Mode
from .settings import ChargePointSettings, log

# ---------------------------------------------------------------------------
# Configuration keys


def _non_negative_int(value: str) -> str | None:
    value = value.strip()
    if not value.isdigit() or int(value) > 2**31 - 1:
        return None
    return str(int(value))


def _boolean(value: str) -> str | None:
    value = value.strip().lower()
    return value if value in ("true", "false") else None


_MEASURANDS = ("Energy.Active.Import.Register", "Power.Active.Import", "Current.Import", "Current.Offered", "Voltage")


_MEASURAND_LIST_MAX = len(_MEASURANDS)


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
class _Key:
    value: str
    readonly: bool
    check: Callable[[str], str | None] | None = None  # normalised value, or None if invalid


def _default_configuration(settings: ChargePointSettings, faults: Active, modes: Active) -> dict[str, _Key]:
    n = settings.connectors
    rw_int, rw_bool = _non_negative_int, _boolean
    keys = {
        "AllowOfflineTxForUnknownId": _Key("false", False, rw_bool),
        "AuthorizationCacheEnabled": _Key("false", False, rw_bool),
        "AuthorizeRemoteTxRequests": _Key("true", False, rw_bool),
        "ClockAlignedDataInterval": _Key("0", False, rw_int),
        "ConnectionTimeOut": _Key("30", False, rw_int),
        "ConnectorPhaseRotation": _Key(",".join(f"{c}.RST" for c in range(n + 1)), False, _phase_rotation(n)),
        "GetConfigurationMaxKeys": _Key("50", True),
        "HeartbeatInterval": _Key(str(settings.heartbeat_interval), False, rw_int),
        "LocalAuthorizeOffline": _Key("false", False, rw_bool),
        "LocalPreAuthorize": _Key("false", False, rw_bool),
        "MeterValuesAlignedData": _Key("Energy.Active.Import.Register", False, _measurand_list(allow_empty=True)),
        "MeterValuesSampledData": _Key("Energy.Active.Import.Register", False, _measurand_list(allow_empty=False)),
        "MeterValuesSampledDataMaxLength": _Key(str(_MEASURAND_LIST_MAX), True),
        "MeterValueSampleInterval": _Key("0", False, rw_int),
        "MinimumStatusDuration": _Key("0", False, rw_int),
        "NumberOfConnectors": _Key(str(n), True),
        # Reservations of connector 0 (one of any connectors kept free) are not implemented.
        "ReserveConnectorZeroSupported": _Key("false", True),
        "ResetRetries": _Key("1", False, rw_int),
        "StopTransactionOnEVSideDisconnect": _Key("true", False, rw_bool),
        "StopTransactionOnInvalidId": _Key("true", False, rw_bool),
        "StopTxnAlignedData": _Key("", False, _measurand_list(allow_empty=True)),
        "StopTxnSampledData": _Key("", False, _measurand_list(allow_empty=True)),
        "SupportedFeatureProfiles": _Key("Core,RemoteTrigger,Reservation", True),
        "TransactionMessageAttempts": _Key("3", False, rw_int),
        "TransactionMessageRetryInterval": _Key("60", False, rw_int),
        "UnlockConnectorOnEVSideDisconnect": _Key("true", False, rw_bool),
        "WebSocketPingInterval": _Key("0", False, rw_int),
    }
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

    keys["SecurityProfile"] = _Key(str(profile), False, security_profile)
    return keys


class ConfigurationMixin:
    """Owns GetConfiguration and ChangeConfiguration (AuthorizationKey included); the keys live in self._config."""

    def _refuse_config_while_pending(self) -> None:
        if self.faults.active(Fault.REJECT_CONFIG_WHILE_PENDING) and self._registration == "Pending":
            raise CallErrorReply("SecurityError", "not accepted yet")

    def _handle_get_configuration(self, payload: dict) -> dict:
        self._refuse_config_while_pending()
        requested = payload.get("key")
        names = list(self._config) if not requested else requested
        if len(requested or []) > 1 and self.faults.active(Fault.CONFIG_DROPS_LAST_KEY):
            names = names[:-1]
        known = [
            {"key": name, "readonly": self._config[name].readonly, "value": self._config[name].value}
            for name in names
            if name in self._config and not (name == "ResetRetries" and self.faults.active(Fault.CONFIG_KEY_MISSING))
        ]
        if self.faults.active(Fault.CONFIG_READONLY_WRONG):
            for item in known:
                item["readonly"] = item["readonly"] or item["key"] == "HeartbeatInterval"
        answer: dict[str, Any] = {"configurationKey": known}
        unknown = [name for name in names if name not in self._config]
        if unknown:
            answer["unknownKey"] = unknown
        return answer

    def _handle_change_configuration(self, payload: dict) -> dict:
        self._refuse_config_while_pending()
        name, value = payload["key"], payload["value"]
        if self.faults.active(Fault.REJECT_CONFIG_CHANGE):
            return {"status": "Rejected"}
        if name == "AuthorizationKey":
            return self._change_authorization_key(value)
        key = self._config.get(name)
        if key is None:
            return {"status": "Rejected" if self.faults.active(Fault.UNKNOWN_KEY_REJECTED) else "NotSupported"}
        if key.readonly or key.check is None:
            return {"status": "Rejected"}
        normalised = key.check(value)
        if normalised is None:
            if self.modes.active(Mode.INVALID_VALUE_CALLERROR):
                raise CallErrorReply("PropertyConstraintViolation", f"{value!r} is not a valid value of {name}")
            return {"status": "Accepted" if self.faults.active(Fault.ACCEPT_INVALID_CONFIG_VALUE) else "Rejected"}
        if self.faults.active(Fault.CONFIG_CHANGE_NOT_APPLIED):
            return {"status": "Accepted"}
        key.value = normalised
        log.info("%s: %s set to %r", self.settings.charge_point_id, name, normalised)
        if name == "SecurityProfile" and self.modes.active(Mode.SECURITY_PROFILE_REBOOT_REQUIRED):
            return {"status": "RebootRequired"}
        if name == "SecurityProfile" and self._ws is not None:
            ws = self._ws  # the new profile takes effect on a new connection, made at once
            _after_reply(lambda: self._spawn(ws.close(1000, "new security profile")))
        if name == "HeartbeatInterval":
            self._restart_heartbeat()
        elif name == "ClockAlignedDataInterval":
            self._restart_aligned_data()
        elif name == "MinimumStatusDuration":
            _after_reply(self._reschedule_status_reports)
        elif name == "MeterValueSampleInterval":
            for c, conn in self._connectors.items():
                if conn.transaction_id is not None:
                    self._start_meter_task(c)
        return {"status": "Accepted"}

    def _change_authorization_key(self, value: str) -> dict:
        """Security Whitepaper, profiles 1 and 2: the key arrives hex encoded (16 to 20 bytes); the
        charge point reconnects with it at once. Write-only: GetConfiguration never shows it."""
        try:
            key = bytes.fromhex(value).decode()
        except ValueError:
            return {"status": "Rejected"}
        if self.settings.password is None or not 16 <= len(key) <= 20:
            return {"status": "Rejected"}
        if not self.faults.active(Fault.KEEPS_OLD_AUTHORIZATION_KEY):
            self.settings.password = key
        log.info("%s: AuthorizationKey changed; reconnecting", self.settings.charge_point_id)
        ws = self._ws
        if ws is not None:
            _after_reply(lambda: self._spawn(ws.close(1000, "new AuthorizationKey")))
        return {"status": "Accepted"}
