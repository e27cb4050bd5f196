"""The charging profiles the reference charge point holds (OCPP 1.6 §3.13, Smart Charging).

The reference does not offer the SmartCharging profile yet, so nothing installs one; the store
is where SetChargingProfile, ClearChargingProfile and GetCompositeSchedule will keep them.
"""

from __future__ import annotations

from typing import Any


class ChargingProfiles:
    """Connector (0: the charge point) -> chargingProfileId -> csChargingProfiles."""

    def __init__(self) -> None:
        self._by_connector: dict[int, dict[int, dict[str, Any]]] = {}

    def install(self, c: int, profile: dict[str, Any]) -> None:
        self._by_connector.setdefault(c, {})[profile["chargingProfileId"]] = dict(profile)

    def for_connector(self, c: int) -> list[dict[str, Any]]:
        return list(self._by_connector.get(c, {}).values())

    def clear(self) -> None:
        self._by_connector.clear()
