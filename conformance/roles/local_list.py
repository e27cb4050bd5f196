"""The local authorization list the harness keeps when it plays a charge point (OCPP 1.6 §3.5.3,
§5.10, §5.15): Full and Differential updates, versions, the length limits of §9.3."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# LocalAuthListMaxLength and SendLocalListMaxLength of the harness as charge point.
MAX_LENGTH = 100
SEND_MAX_LENGTH = 50


@dataclass
class HarnessLocalList:
    version: int = 0
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def reported_version(self) -> int:
        """GetLocalListVersion: 0 for an empty list, whatever version its last update carried."""
        return self.version if self.entries else 0

    def update(self, payload: dict[str, Any]) -> str:
        """Apply a SendLocalList.req as a correct charge point does; the status of its answer.

        A Differential update must carry a version above the list's (VersionMismatch); a Full
        entry needs an idTagInfo, a Differential one without it removes the idTag; an idTag
        twice, or more entries than the limits allow, is Failed and changes nothing.
        """
        items = payload.get("localAuthorizationList") or []
        differential = payload.get("updateType") == "Differential"
        version = payload.get("listVersion")
        if not isinstance(version, int) or isinstance(version, bool):
            return "Failed"
        if differential and version <= self.version:
            return "VersionMismatch"
        tags = [item.get("idTag") for item in items if isinstance(item, dict)]
        if len(tags) != len(items) or len(set(tags)) != len(tags) or len(items) > SEND_MAX_LENGTH:
            return "Failed"
        entries = dict(self.entries) if differential else {}
        for item in items:
            if "idTagInfo" in item:
                entries[item["idTag"]] = dict(item["idTagInfo"])
            elif differential:
                entries.pop(item["idTag"], None)
            else:
                return "Failed"
        if len(entries) > MAX_LENGTH:
            return "Failed"
        self.version, self.entries = version, entries
        return "Accepted"
