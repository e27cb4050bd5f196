"""What the reference charge point knows of idTags: the authorization cache (OCPP 1.6 §3.5.2),
the local authorization list (§3.5.3), and an idTag accepted before a cable came.

Cache: every idTagInfo the central system returns (Authorize, StartTransaction, StopTransaction) is
kept while AuthorizationCacheEnabled is true; ClearCache empties it; it survives reboots. With
LocalPreAuthorize true an idTag the cache holds as Accepted (and not expired) starts at once,
without Authorize.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


class AuthorizationCache:
    def __init__(self) -> None:
        self._entries: dict[str, dict[str, Any]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def remember(self, id_tag: str, id_tag_info: dict[str, Any]) -> None:
        self._entries[id_tag] = dict(id_tag_info)

    def clear(self) -> None:
        self._entries.clear()

    def knows(self, id_tag: str) -> bool:
        return id_tag in self._entries

    def accepted(self, id_tag: str) -> dict[str, Any] | None:
        """The idTagInfo of an idTag the cache holds as Accepted and unexpired, else None."""
        info = self._entries.get(id_tag)
        if info is None or info.get("status") != "Accepted":
            return None
        expiry = info.get("expiryDate")
        if isinstance(expiry, str):
            try:
                if datetime.fromisoformat(expiry.replace("Z", "+00:00")) <= datetime.now(UTC):
                    return None
            except ValueError:
                return None
        return info


def _unexpired(info: dict[str, Any]) -> bool:
    expiry = info.get("expiryDate")
    if not isinstance(expiry, str):
        return True
    try:
        return datetime.fromisoformat(expiry.replace("Z", "+00:00")) > datetime.now(UTC)
    except ValueError:
        return False


@dataclass
class LocalList:
    """The local authorization list (OCPP 1.6 §3.5.3, §5.15): a version and idTag -> idTagInfo.

    Empty until the charge point takes SendLocalList. GetLocalListVersion reports 0 for an empty
    list whatever version its last update carried (§5.10); a differential update must carry a
    version above the list's own.
    """

    version: int = 0
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def lookup(self, id_tag: str) -> dict[str, Any] | None:
        return self.entries.get(id_tag)

    def accepted(self, id_tag: str) -> dict[str, Any] | None:
        """The idTagInfo of a listed idTag that is Accepted and unexpired, else None."""
        info = self.entries.get(id_tag)
        return info if info is not None and info.get("status") == "Accepted" and _unexpired(info) else None

    def reported_version(self) -> int:
        return self.version if self.entries else 0

    def updated(self, update_type: str, version: int, items: list[dict[str, Any]]) -> dict[str, dict[str, Any]] | None:
        """The entries after the update (a Full one replaces, a Differential one adds, changes
        and, for an entry without idTagInfo, removes), or None when an idTag comes twice or a
        Full entry has no idTagInfo."""
        tags = [item.get("idTag") for item in items]
        if len(set(tags)) != len(tags):
            return None
        if update_type == "Full":
            if any("idTagInfo" not in item for item in items):
                return None
            return {item["idTag"]: dict(item["idTagInfo"]) for item in items}
        entries = dict(self.entries)
        for item in items:
            if "idTagInfo" in item:
                entries[item["idTag"]] = dict(item["idTagInfo"])
            else:
                entries.pop(item["idTag"], None)
        return entries

    def replace(self, version: int, entries: dict[str, dict[str, Any]]) -> None:
        self.version, self.entries = version, entries


@dataclass
class HeldAuthorization:
    """An idTag accepted before a cable was plugged in, valid for ConnectionTimeOut."""

    id_tag: str
    connector: int | None  # None: any connector
    preparing_on: int | None  # the connector shown as Preparing meanwhile
    parent_id_tag: str | None = None  # from Authorize.conf; it may open a reservation
    timer: asyncio.TimerHandle | None = None


class Authorizations:
    """The cache and the local list survive a reboot; an idTag held for a cable does not."""

    def __init__(self) -> None:
        self.cache = AuthorizationCache()
        self.local_list = LocalList()
        self._held: HeldAuthorization | None = None

    @property
    def held(self) -> HeldAuthorization | None:
        return self._held

    def hold(self, auth: HeldAuthorization) -> None:
        self.release()
        self._held = auth

    def release(self) -> HeldAuthorization | None:
        """Stop holding the idTag (its timer cancelled); the one that was held."""
        auth, self._held = self._held, None
        if auth is not None and auth.timer is not None:
            auth.timer.cancel()
        return auth

    def holds(self, auth: HeldAuthorization) -> bool:
        return self._held is auth

    def preparing_on(self) -> int | None:
        """The connector shown Preparing for the held idTag."""
        return self._held.preparing_on if self._held is not None else None
