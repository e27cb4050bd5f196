"""The charging profiles the harness, as charge point, holds for a central system SUT.

It keeps what SetChargingProfile installs (OCPP 1.6 §5.16: the same id, or the same
stackLevel and purpose on a connector, is replaced; a TxProfile only for the running
transaction of its connector), removes what ClearChargingProfile names (§5.5: by id, or by
every criterion given), and answers GetCompositeSchedule from its stack with the suite's own
computation (conformance.checks.charging_schedule).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..checks import charging_schedule

PROFILE_LIMITS = {"ChargeProfileMaxStackLevel": 10, "ChargingScheduleMaxPeriods": 10, "MaxChargingProfilesInstalled": 10}


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class ChargingProfileStore:
    def __init__(self, connectors: int, local_limit: float, voltage: float):
        self.connectors, self.local_limit, self.voltage = connectors, local_limit, voltage
        self.profiles: dict[int, tuple[int, dict[str, Any]]] = {}   # chargingProfileId -> connector, profile
        self.pending: dict[int, dict[str, Any]] = {}   # connector -> the TxProfile of a remote start it accepted

    def set(self, payload: dict[str, Any], open_transactions: dict[int, int]) -> dict[str, Any]:
        connector, profile = payload.get("connectorId"), payload.get("csChargingProfiles")
        if not isinstance(connector, int) or not 0 <= connector <= self.connectors or not isinstance(profile, dict) \
                or not isinstance(profile.get("chargingProfileId"), int):
            return {"status": "Rejected"}
        purpose = profile.get("chargingProfilePurpose")
        periods = profile.get("chargingSchedule", {}).get("chargingSchedulePeriod", [])
        if len(periods) > PROFILE_LIMITS["ChargingScheduleMaxPeriods"] \
                or profile.get("stackLevel", 0) > PROFILE_LIMITS["ChargeProfileMaxStackLevel"]:
            return {"status": "Rejected"}
        if purpose == "ChargePointMaxProfile" and connector != 0:
            return {"status": "Rejected"}
        if purpose == "TxProfile":
            running = [t for t, c in open_transactions.items() if c == connector]
            if connector == 0 or not running or profile.get("transactionId", running[0]) != running[0]:
                return {"status": "Rejected"}
            profile = {**profile, "transactionId": running[0]}
        try:
            charging_schedule.Profile.from_payload(connector, profile)
        except (KeyError, TypeError, ValueError):
            return {"status": "Rejected"}   # a schedule it cannot follow (an unreadable dateTime, say)
        self.install(connector, profile)
        return {"status": "Accepted"}

    def install(self, connector: int, profile: dict[str, Any]) -> None:
        for pid in [pid for pid, (c, p) in self.profiles.items()
                    if pid == profile.get("chargingProfileId") or (
                        c == connector and p.get("stackLevel") == profile.get("stackLevel")
                        and p.get("chargingProfilePurpose") == profile.get("chargingProfilePurpose"))]:
            del self.profiles[pid]
        self.profiles[profile["chargingProfileId"]] = (connector, dict(profile))

    def clear(self, payload: dict[str, Any]) -> dict[str, Any]:
        if "id" in payload:
            gone = [pid for pid in self.profiles if pid == payload["id"]]
        else:
            gone = [pid for pid, (c, p) in self.profiles.items()
                    if payload.get("connectorId") in (None, c)
                    and payload.get("chargingProfilePurpose") in (None, p.get("chargingProfilePurpose"))
                    and payload.get("stackLevel") in (None, p.get("stackLevel"))]
        for pid in gone:
            del self.profiles[pid]
        return {"status": "Accepted" if gone else "Unknown"}

    def transaction_started(self, connector: int, transaction_id: int) -> None:
        profile = self.pending.pop(connector, None)
        if isinstance(profile, dict) and isinstance(profile.get("chargingProfileId"), int):
            self.install(connector, {**profile, "transactionId": transaction_id})

    def end_transaction(self, connector: int) -> None:
        for pid in [pid for pid, (c, p) in self.profiles.items()
                    if c == connector and p.get("chargingProfilePurpose") == "TxProfile"]:
            del self.profiles[pid]

    def composite(self, payload: dict[str, Any], open_transactions: dict[int, int]) -> dict[str, Any]:
        connector, duration = payload.get("connectorId"), payload.get("duration")
        if not isinstance(connector, int) or not 0 <= connector <= self.connectors or not isinstance(duration, int):
            return {"status": "Rejected"}
        unit = payload.get("chargingRateUnit", "A")
        now = datetime.now(UTC).replace(microsecond=0)
        transaction = next((t for t, c in open_transactions.items() if c == connector), None)
        situation = charging_schedule.Situation(connector, transaction_id=transaction, local_limit=self.local_limit,
                                                voltage=self.voltage)
        installed = [charging_schedule.Profile.from_payload(c, p) for c, p in self.profiles.values()]
        result = charging_schedule.composite(installed, situation, now, duration, unit)
        return {"status": "Accepted", "connectorId": connector, "scheduleStart": _iso(now),
                "chargingSchedule": {"duration": duration, "startSchedule": _iso(now), "chargingRateUnit": unit,
                                     "chargingSchedulePeriod": [{"startPeriod": int(p.start_period), "limit": p.limit}
                                                                for p in result.periods]}}
