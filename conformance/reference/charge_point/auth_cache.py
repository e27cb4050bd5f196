"""The reference charge point's authorization cache (OCPP 1.6 §3.5.2).

Every idTagInfo the central system returns (Authorize, StartTransaction, StopTransaction) is
kept while AuthorizationCacheEnabled is true; ClearCache empties it; it survives reboots. With
LocalPreAuthorize true an idTag the cache holds as Accepted (and not expired) starts at once,
without Authorize.
"""

from __future__ import annotations

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
