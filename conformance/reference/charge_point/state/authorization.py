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


@dataclass
class LocalList:
    """The local authorization list: a version and idTag -> idTagInfo. Empty until the charge point
    takes SendLocalList; a version of 0 is what GetLocalListVersion reports for an empty list."""

    version: int = 0
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def lookup(self, id_tag: str) -> dict[str, Any] | None:
        return self.entries.get(id_tag)


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
