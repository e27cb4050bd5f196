"""GetConfiguration and ChangeConfiguration: the requests that read and change the configuration
keys (state/configuration.py holds the keys, their access modes and validators)."""

from __future__ import annotations

from typing import Any

from conformance.reference.peer import CallErrorReply

from .faults import Fault, Mode
from .replies import after_reply
from .settings import log


class ConfigurationMixin:
    """GetConfiguration and ChangeConfiguration (AuthorizationKey included) of the keys in self.config,
    and what a changed key sets off."""

    def _refuse_config_while_pending(self) -> None:
        if self.faults.active(Fault.REJECT_CONFIG_WHILE_PENDING) and self._registration == "Pending":
            raise CallErrorReply("SecurityError", "not accepted yet")

    def _handle_get_configuration(self, payload: dict) -> dict:
        self._refuse_config_while_pending()
        requested = payload.get("key")
        names = self.config.names() if not requested else requested
        if len(requested or []) > 1 and self.faults.active(Fault.CONFIG_DROPS_LAST_KEY):
            names = names[:-1]
        known = [
            {"key": name, "readonly": key.readonly, "value": key.value}
            for name in names
            if (key := self.config.get(name)) is not None and not (name == "ResetRetries" and self.faults.active(Fault.CONFIG_KEY_MISSING))
        ]
        if self.faults.active(Fault.CONFIG_READONLY_WRONG):
            for item in known:
                item["readonly"] = item["readonly"] or item["key"] == "HeartbeatInterval"
        answer: dict[str, Any] = {"configurationKey": known}
        unknown = [name for name in names if name not in self.config]
        if unknown and not self.faults.active(Fault.UNKNOWN_KEY_OMITTED):
            answer["unknownKey"] = unknown
        return answer

    def _handle_change_configuration(self, payload: dict) -> dict:
        self._refuse_config_while_pending()
        name, value = payload["key"], payload["value"]
        if self.faults.active(Fault.REJECT_CONFIG_CHANGE):
            return {"status": "Rejected"}
        if name == "AuthorizationKey":
            return self._change_authorization_key(value)
        key = self.config.get(name)
        if key is None:
            return {"status": "Rejected" if self.faults.active(Fault.UNKNOWN_KEY_REJECTED) else "NotSupported"}
        if key.readonly and self.faults.active(Fault.READ_ONLY_KEY_WRITABLE):
            self.config.set(name, value)
            return {"status": "Accepted"}
        if key.readonly or key.check is None:
            return {"status": "Rejected"}
        normalised = key.check(value)
        if normalised is None:
            if self.modes.active(Mode.INVALID_VALUE_CALLERROR):
                raise CallErrorReply("PropertyConstraintViolation", f"{value!r} is not a valid value of {name}")
            return {"status": "Accepted" if self.faults.active(Fault.ACCEPT_INVALID_CONFIG_VALUE) else "Rejected"}
        if self.faults.active(Fault.CONFIG_CHANGE_NOT_APPLIED):
            return {"status": "Accepted"}
        self.config.set(name, normalised)
        log.info("%s: %s set to %r", self.settings.charge_point_id, name, normalised)
        if name == "SecurityProfile" and self.modes.active(Mode.SECURITY_PROFILE_REBOOT_REQUIRED):
            return {"status": "RebootRequired"}
        if name == "SecurityProfile" and self._ws is not None and not self.modes.active(Mode.SECURITY_PROFILE_AT_RESET):
            ws = self._ws  # the new profile takes effect on a new connection, made at once
            after_reply(lambda: self._spawn(ws.close(1000, "new security profile")))
        if name == "HeartbeatInterval":
            self._restart_heartbeat()
        elif name == "ClockAlignedDataInterval":
            self._restart_aligned_data()
        elif name == "MinimumStatusDuration":
            after_reply(self._reschedule_status_reports)
        elif name == "MeterValueSampleInterval":
            for c in self.tx.running():
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
            after_reply(lambda: self._spawn(ws.close(1000, "new AuthorizationKey")))
        return {"status": "Accepted"}
