"""The charging profiles the reference charge point holds (OCPP 1.6 §3.13, Smart Charging).

Its composite schedule is found by sampling: the limit is worked out afresh for every whole
second of the requested duration and runs of equal seconds become one period. The harness
computes its expectation by merging intervals (conformance.checks.charging_schedule); the two
are written apart on purpose, so that a mistake in one shows against the other.
"""

from __future__ import annotations

import bisect
import functools
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

VOLTAGE_V = 230.0
LOCAL_LIMIT_A = 32.0          # what the charge point draws at most without any profile
MAX_PROFILES = 10             # MaxChargingProfilesInstalled
MAX_PERIODS = 10              # ChargingScheduleMaxPeriods
MAX_STACK_LEVEL = 10          # ChargeProfileMaxStackLevel
MAX_COMPOSITE_S = 86400       # the longest composite schedule it answers (a longer request is Rejected)
_CYCLE_S = {"Daily": 86400.0, "Weekly": 604800.0}


@functools.lru_cache(maxsize=256)
def _epoch(value: str | None) -> float | None:
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


@dataclass
class Installed:
    connector: int
    profile: dict[str, Any]
    installed_at: float = field(default_factory=time.time)

    def __post_init__(self) -> None:
        periods = self.profile["chargingSchedule"]["chargingSchedulePeriod"]
        self._periods = sorted(periods, key=lambda x: x["startPeriod"])
        self._starts = [x["startPeriod"] for x in self._periods]

    @property
    def purpose(self) -> str:
        return self.profile["chargingProfilePurpose"]

    @property
    def level(self) -> int:
        return self.profile["stackLevel"]

    def amps_at(self, t: float, relative_origin: float) -> float | None:
        """What this profile allows at epoch second `t`, in A, or None (not valid, not started, over)."""
        p = self.profile
        valid_from, valid_to = _epoch(p.get("validFrom")), _epoch(p.get("validTo"))
        if (valid_from is not None and t < valid_from) or (valid_to is not None and t >= valid_to):
            return None
        schedule = p["chargingSchedule"]
        origin = _epoch(schedule.get("startSchedule"))
        if p["chargingProfileKind"] == "Relative" or origin is None:
            origin = relative_origin
        elapsed = t - origin
        cycle = _CYCLE_S.get(p.get("recurrencyKind", "")) if p["chargingProfileKind"] == "Recurring" else None
        if cycle:
            elapsed %= cycle
        if elapsed < 0 or ("duration" in schedule and elapsed >= schedule["duration"]):
            return None
        index = bisect.bisect_right(self._starts, elapsed) - 1
        if index < 0:
            return None
        period = self._periods[index]
        limit = float(period["limit"])
        if schedule["chargingRateUnit"] == "W":
            limit /= VOLTAGE_V * period.get("numberPhases", 3)
        return limit


class ChargingProfiles:
    """Connector (0: the charge point) -> chargingProfileId -> what was installed."""

    def __init__(self) -> None:
        self._by_connector: dict[int, dict[int, Installed]] = {}
        self.pending_remote: dict[int, dict[str, Any]] = {}   # connector -> a RemoteStart's TxProfile

    def install(self, c: int, profile: dict[str, Any]) -> None:
        """OCPP 1.6 §5.16: the same id, or the same stackLevel and purpose on the connector, is replaced."""
        self.remove(lambda _c, p: p["chargingProfileId"] == profile["chargingProfileId"])
        self.remove(lambda c2, p: c2 == c and p["stackLevel"] == profile["stackLevel"]
                    and p["chargingProfilePurpose"] == profile["chargingProfilePurpose"])
        self._by_connector.setdefault(c, {})[profile["chargingProfileId"]] = Installed(c, dict(profile))

    def count(self) -> int:
        return sum(len(x) for x in self._by_connector.values())

    def for_connector(self, c: int) -> list[dict[str, Any]]:
        return [i.profile for i in self._by_connector.get(c, {}).values()]

    def installed(self) -> list[Installed]:
        return [i for by_id in self._by_connector.values() for i in by_id.values()]

    def remove(self, match: Any) -> int:
        """Remove every profile for which match(connector, profile) holds; how many went."""
        gone = 0
        for c, by_id in self._by_connector.items():
            for pid in [pid for pid, i in by_id.items() if match(c, i.profile)]:
                del by_id[pid]
                gone += 1
        return gone

    def end_transaction(self, c: int) -> None:
        """A TxProfile lasts as long as its transaction (OCPP 1.6 §3.13.2)."""
        self.remove(lambda c2, p: c2 == c and p["chargingProfilePurpose"] == "TxProfile")

    def clear(self) -> None:
        self._by_connector.clear()
        self.pending_remote.clear()

    # -- the composite schedule, by sampling ----------------------------------------------------------

    def amps_at(self, c: int, t: float, *, transaction_id: int | None, transaction_start: float | None,
                now: float, skip: Any = None) -> float:
        """The limit of connector `c` (0: the whole charge point) at epoch second `t`, in A."""
        origin = transaction_start if transaction_start is not None else now
        candidates = [i for i in self.installed() if i.connector in (0, c) and not (skip and skip(i))]

        def top(group: list[Installed]) -> float | None:
            for i in sorted(group, key=lambda x: x.level, reverse=True):
                amps = i.amps_at(t, origin)
                if amps is not None:
                    return amps
            return None

        ceiling = top([i for i in candidates if i.purpose == "ChargePointMaxProfile"])
        allowed = None
        if c > 0:
            tx = [i for i in candidates if i.purpose == "TxProfile" and i.connector == c and transaction_id is not None
                  and i.profile.get("transactionId") in (None, transaction_id)]
            if any(i.amps_at(t, origin) is not None or _valid(i.profile, t) for i in tx):
                allowed = top(tx)
            else:
                defaults = [i for i in candidates if i.purpose == "TxDefaultProfile"]
                own = [i for i in defaults if i.connector == c and _valid(i.profile, t)]
                allowed = top(own or [i for i in defaults if i.connector == 0])
        return min(x for x in (ceiling, allowed, LOCAL_LIMIT_A) if x is not None)

    def composite(self, c: int, now: float, duration: int, unit: str, **situation: Any) -> list[dict[str, Any]]:
        """The periods from `now` on, one sample per second."""
        periods: list[dict[str, Any]] = []
        for second in range(max(1, int(duration))):
            amps = self.amps_at(c, now + second, now=now, **situation)
            limit = round(amps * VOLTAGE_V * 3, 1) if unit == "W" else round(amps, 1)
            if not periods or periods[-1]["limit"] != limit:
                periods.append({"startPeriod": second, "limit": limit})
        return periods


def readable(profile: dict[str, Any]) -> bool:
    """Whether every dateTime of the profile can be read (one that cannot is not followed but Rejected)."""
    try:
        for value in (profile.get("validFrom"), profile.get("validTo"), profile["chargingSchedule"].get("startSchedule")):
            _epoch(value)
    except ValueError:
        return False
    return True


def _valid(profile: dict[str, Any], t: float) -> bool:
    valid_from, valid_to = _epoch(profile.get("validFrom")), _epoch(profile.get("validTo"))
    return (valid_from is None or valid_from <= t) and (valid_to is None or t < valid_to)
