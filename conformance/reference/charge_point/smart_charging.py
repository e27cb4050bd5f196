"""Smart Charging (OCPP 1.6 §3.13, §5.7, §5.5, §5.16): SetChargingProfile, ClearChargingProfile,
GetCompositeSchedule, and the TxProfile a RemoteStartTransaction carries."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from conformance.reference.peer import CallErrorReply

from .faults import Fault, Mode
from .state.charging_profiles import MAX_COMPOSITE_S, MAX_PERIODS, MAX_PROFILES, MAX_STACK_LEVEL, readable


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class SmartChargingMixin:
    """The charging profiles in self.charging_profiles and the answers that come from them."""

    def _smart_charging_handlers(self) -> dict[str, Any]:
        return {"SetChargingProfile": self._handle_set_charging_profile,
                "ClearChargingProfile": self._handle_clear_charging_profile,
                "GetCompositeSchedule": self._handle_get_composite_schedule}

    def _acceptable_profile(self, c: int, profile: dict[str, Any]) -> bool:
        """What this charge point can hold: its limits of count, periods and stack level."""
        periods = profile["chargingSchedule"]["chargingSchedulePeriod"]
        return (len(periods) <= MAX_PERIODS and profile["stackLevel"] <= MAX_STACK_LEVEL
                and (self.charging_profiles.count() < MAX_PROFILES
                     or profile["chargingProfileId"] in {p["chargingProfileId"] for i in range(self.settings.connectors + 1)
                                                          for p in self.charging_profiles.for_connector(i)}))

    def _handle_set_charging_profile(self, payload: dict) -> dict:
        c, profile = payload["connectorId"], dict(payload["csChargingProfiles"])
        purpose = profile["chargingProfilePurpose"]
        if not 0 <= c <= self.settings.connectors or not self._acceptable_profile(c, profile) or not readable(profile):
            return {"status": "Rejected"}
        if purpose == "ChargePointMaxProfile" and c != 0:
            return {"status": "Rejected"}
        if purpose == "TxDefaultProfile" and self.faults.active(Fault.TX_DEFAULT_PROFILE_REJECTED):
            return {"status": "Rejected"}
        if purpose == "TxProfile":
            running = self.tx.on(c) if c > 0 else None
            if running is None and not self.faults.active(Fault.TX_PROFILE_WITHOUT_TRANSACTION_ACCEPTED):
                if self.modes.active(Mode.TX_PROFILE_CALLERROR):
                    raise CallErrorReply("PropertyConstraintViolation", "no transaction runs on the connector")
                return {"status": "Rejected"}   # §3.13.2: a TxProfile only for a transaction
            wanted = profile.get("transactionId")
            if (running is not None and wanted is not None and wanted != running.transaction_id
                    and not self.faults.active(Fault.TX_PROFILE_OTHER_TRANSACTION_ACCEPTED)):
                return {"status": "Rejected"}
            if running is not None and wanted is None:
                profile["transactionId"] = running.transaction_id
        self.charging_profiles.install(c, profile)
        return {"status": "Accepted"}

    def _handle_clear_charging_profile(self, payload: dict) -> dict:
        if "id" in payload:
            gone = self.charging_profiles.remove(lambda _c, p: p["chargingProfileId"] == payload["id"])
            if self.faults.active(Fault.CLEAR_BY_ID_UNKNOWN):
                gone = 0
        else:
            c, purpose, level = payload.get("connectorId"), payload.get("chargingProfilePurpose"), payload.get("stackLevel")
            if (c is not None or purpose is not None or level is not None) \
                    and self.faults.active(Fault.CLEAR_BY_CRITERIA_KEEPS_PROFILES):
                return {"status": "Accepted"}
            gone = self.charging_profiles.remove(
                lambda c2, p: (c is None or c2 == c) and (purpose is None or p["chargingProfilePurpose"] == purpose)
                and (level is None or p["stackLevel"] == level))
        return {"status": "Accepted" if gone else "Unknown"}

    def _handle_get_composite_schedule(self, payload: dict) -> dict:
        c = payload["connectorId"]
        if not 0 <= c <= self.settings.connectors or not 0 < payload["duration"] <= MAX_COMPOSITE_S:
            return {"status": "Rejected"}
        now = time.time() - (60 if self.faults.active(Fault.COMPOSITE_STALE_START) else 0)
        unit = payload.get("chargingRateUnit", "A")
        if self.faults.active(Fault.COMPOSITE_OTHER_UNIT):
            unit = "A" if unit == "W" else "W"
        duration = payload["duration"] // (2 if self.faults.active(Fault.COMPOSITE_SHORT_DURATION) else 1)
        running = self.tx.on(c) if c > 0 else None
        meta = self.transaction_started.get(c) if running is not None else None
        periods = self.charging_profiles.composite(
            c, now, duration, unit, transaction_id=None if running is None else running.transaction_id,
            transaction_start=meta, skip=self._skipped_by_fault(c, running))
        start = _iso(now)
        return {"status": "Accepted", "connectorId": c, "scheduleStart": start,
                "chargingSchedule": {"duration": duration, "startSchedule": start, "chargingRateUnit": unit,
                                     "chargingSchedulePeriod": periods}}

    def _skipped_by_fault(self, c: int, running: Any) -> Any:
        """The profiles a faulty composite leaves out."""
        faults = self.faults
        started = self.transaction_started.get(c)
        lowest = min((i.level for i in self.charging_profiles.installed() if i.purpose == "TxDefaultProfile"), default=0)

        def skip(i: Any) -> bool:
            if i.purpose == "ChargePointMaxProfile":
                return faults.active(Fault.COMPOSITE_ABOVE_CHARGE_POINT_MAX)
            if i.purpose == "TxProfile":
                return faults.active(Fault.COMPOSITE_WITHOUT_TX_PROFILE)
            if running is None and faults.active(Fault.COMPOSITE_IDLE_WITHOUT_TX_DEFAULT):
                return True
            if (running is not None and started is not None and i.installed_at > started
                    and faults.active(Fault.TX_DEFAULT_NOT_FOR_RUNNING_TRANSACTION)):
                return True
            return faults.active(Fault.COMPOSITE_LOWEST_STACK_LEVEL) and i.level != lowest
        return skip

    # -- RemoteStartTransaction with a chargingProfile (§5.11) ---------------------------------------

    def _remote_start_profile(self, c: int | None, payload: dict) -> bool:
        """Whether the remote start's chargingProfile is acceptable; it is installed when the transaction begins."""
        profile = payload.get("chargingProfile")
        if profile is None:
            return True
        if profile["chargingProfilePurpose"] != "TxProfile" and not self.faults.active(Fault.REMOTE_START_ANY_PURPOSE):
            if self.modes.active(Mode.REMOTE_START_PROFILE_CALLERROR):
                raise CallErrorReply("PropertyConstraintViolation", "chargingProfilePurpose must be TxProfile")
            return False
        if c is not None and not self.faults.active(Fault.REMOTE_START_PROFILE_DROPPED):
            self.charging_profiles.pending_remote[c] = dict(profile)
        return True

    def _transaction_began(self, c: int, transaction_id: int) -> None:
        self.transaction_started[c] = time.time()
        profile = self.charging_profiles.pending_remote.pop(c, None)
        if profile is not None:
            self.charging_profiles.install(c, {**profile, "transactionId": transaction_id})

    def _transaction_ended(self, c: int) -> None:
        self.transaction_started.pop(c, None)
        self.charging_profiles.end_transaction(c)
