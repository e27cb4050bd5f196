"""What the reference central system sends when its operator asks for smart charging: a
charging profile it builds from the operator's values, a composite schedule, a clear by id or
by criteria, a remote start with a TxProfile (OCPP 1.6 §5.5, §5.7, §5.11, §5.16)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from conformance.reference.switches import Active

from .faults import Fault

_IDS = itertools.count(1)


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _period(params: dict[str, Any]) -> dict[str, Any]:
    period = {"startPeriod": 0, "limit": float(params.get("limit", 6))}
    if params.get("number_phases") is not None:
        period["numberPhases"] = int(params["number_phases"])
    return period


def request(action: str, params: dict[str, Any], faults: Active, running: list[int]) -> tuple[str, dict[str, Any]]:
    """The OCPP request for an operator action; ValueError for parameters it cannot use.

    `running` holds the charge point's transactions, oldest first: a TxProfile is for the last."""
    if action == "csms_set_charging_profile":
        purpose = params.get("purpose", "TxDefaultProfile")
        now = datetime.now(UTC).replace(microsecond=0)
        duration = int(params.get("duration", 300))
        level = int(params.get("stack_level", 0)) + (1 if faults.active(Fault.PROFILE_STACK_LEVEL_OFF) else 0)
        profile: dict[str, Any] = {"chargingProfileId": next(_IDS), "stackLevel": level,
                                   "chargingProfilePurpose": purpose, "chargingProfileKind": "Absolute"}
        if purpose == "TxProfile" and not faults.active(Fault.TX_PROFILE_WITHOUT_TRANSACTION_ID):
            transaction = params.get("transaction_id") or (running[-1] if running else None)
            if transaction is None:
                raise ValueError("a TxProfile needs a running transaction, and the charge point has none")
            profile["transactionId"] = int(transaction)
        if not faults.active(Fault.PROFILE_WITHOUT_VALIDITY):
            profile["validFrom"] = _iso(now)
            profile["validTo"] = _iso(now + timedelta(seconds=duration + 1))
        profile["chargingSchedule"] = {"duration": duration, "startSchedule": _iso(now),
                                       "chargingRateUnit": params.get("unit", "A"),
                                       "chargingSchedulePeriod": [_period(params)]}
        return "SetChargingProfile", {"connectorId": int(params.get("connector", 1)), "csChargingProfiles": profile}
    if action == "csms_get_composite_schedule":
        payload = {"connectorId": int(params.get("connector", 1)), "duration": int(params.get("duration", 300))}
        if not faults.active(Fault.COMPOSITE_SCHEDULE_WITHOUT_UNIT):
            payload["chargingRateUnit"] = params.get("unit", "A")
        return "GetCompositeSchedule", payload
    if action == "csms_clear_charging_profile":
        if params.get("id") is not None:
            payload = {"id": int(params["id"])}
            if faults.active(Fault.CLEAR_BY_ID_WITH_CRITERIA):
                payload["connectorId"] = 1
            return "ClearChargingProfile", payload
        criteria = {"connectorId": params.get("connector"), "chargingProfilePurpose": params.get("purpose"),
                    "stackLevel": None if faults.active(Fault.CLEAR_BY_CRITERIA_WITHOUT_STACK_LEVEL)
                    else params.get("stack_level")}
        return "ClearChargingProfile", {k: v for k, v in criteria.items() if v is not None}
    if action == "csms_remote_start_with_profile":
        profile = {"chargingProfileId": next(_IDS), "stackLevel": 0, "chargingProfilePurpose": "TxProfile",
                   "chargingProfileKind": "Absolute" if faults.active(Fault.REMOTE_START_PROFILE_ABSOLUTE) else "Relative",
                   "chargingSchedule": {"duration": int(params.get("duration", 300)),
                                        "chargingRateUnit": params.get("unit", "A"),
                                        "chargingSchedulePeriod": [_period(params)]}}
        if faults.active(Fault.REMOTE_START_PROFILE_WITH_TRANSACTION_ID):
            profile["transactionId"] = running[-1] if running else 1
        return "RemoteStartTransaction", {"connectorId": int(params.get("connector", 1)),
                                          "idTag": str(params["id_tag"]), "chargingProfile": profile}
    raise ValueError(f"no smart charging action {action!r}")
