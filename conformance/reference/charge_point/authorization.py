"""Authorization of idTags: online, from the local list or the authorization cache
(LocalPreAuthorize), offline (LocalAuthorizeOffline, AllowOfflineTxForUnknownId), and an idTag
held until a cable comes."""

from __future__ import annotations

import asyncio

from .faults import Fault
from .settings import log
from .state import HeldAuthorization


class AuthorizationMixin:
    """Authorize, online or from what self.auth knows, and the idTag it holds until a cable comes."""

    def _pre_authorized(self, id_tag: str) -> dict | None:
        """LocalPreAuthorize: an idTag the local list or the cache holds as Accepted needs no
        Authorize (its idTagInfo); a listed idTag is judged by the list alone (§3.5.3: the list
        takes precedence over the cache)."""
        if not self.config.enabled("LocalPreAuthorize"):
            return None
        if self._listed(id_tag) is not None:
            return self._listed_accepted(id_tag)
        if self.faults.active(Fault.CACHE_IGNORED) or not self.config.enabled("AuthorizationCacheEnabled"):
            return None
        return self.auth.cache.accepted(id_tag)

    def _out_of_reach(self) -> bool:
        return self._peer is None or self._registration != "Accepted"

    def _offline_authorized(self, id_tag: str) -> dict | None:
        """OCPP 1.6 §3.5: offline, LocalAuthorizeOffline accepts an idTag the cache holds as Accepted,
        AllowOfflineTxForUnknownId one the cache does not know."""
        if self.faults.active(Fault.NO_OFFLINE_START):
            return None
        if self._listed(id_tag) is not None:   # known to the list: neither the cache nor "unknown" applies
            accepted = self._listed_accepted(id_tag) if self.config.enabled("LocalAuthorizeOffline") else None
            return {"idTagInfo": accepted} if accepted is not None else None
        caching = self.config.enabled("AuthorizationCacheEnabled")
        if self.config.enabled("LocalAuthorizeOffline") and caching and self.auth.cache.accepted(id_tag):
            return {"idTagInfo": self.auth.cache.accepted(id_tag)}
        if self.config.enabled("AllowOfflineTxForUnknownId") and not (caching and self.auth.cache.knows(id_tag)):
            return {"idTagInfo": {"status": "Accepted"}}
        return None

    async def _authorize(self, id_tag: str) -> dict | None:
        """Authorize.conf for the idTag: offline or from the cache where the configuration allows, else online."""
        if self._out_of_reach():
            return self._offline_authorized(id_tag)
        cached = self._pre_authorized(id_tag)
        if cached is not None:
            log.info("%s: idTag %s is in the authorization cache", self.settings.charge_point_id, id_tag)
            return {"idTagInfo": cached}
        return await self._send("Authorize", {"idTag": id_tag})

    def _connector_to_prepare(self, connector: int | None) -> int | None:
        """Where an idTag accepted before plug-in shows Preparing: the connector it was given,
        else the one an earlier such idTag holds, else the first Available one."""
        if connector is not None:
            return connector
        auth = self.auth.held
        if auth is not None and auth.preparing_on is not None and auth.connector is None:
            return auth.preparing_on
        return next((c for c in self.connectors if self._usable(c) and self.connectors.status(c) == "Available"), None)

    async def _show_preparing(self, c: int) -> None:
        await self._set_status(c, "Preparing", notify=not self.faults.active(Fault.NO_PREPARING_ON_ID_TAG))

    async def _remember_authorization(self, id_tag: str, connector: int | None, parent_id_tag: str | None = None,
                                      preparing_on: int | None = None, *, presented_at: float | None = None) -> None:
        """Identification first: hold an accepted idTag until a cable is plugged in, showing
        Preparing on preparing_on (default: see _connector_to_prepare)."""
        if preparing_on is None:
            preparing_on = self._connector_to_prepare(connector)
        previous = self.auth.release()
        if previous is not None and previous.preparing_on not in (None, preparing_on):
            await self._revert_preparing(previous.preparing_on)
        auth = HeldAuthorization(id_tag, connector, preparing_on, parent_id_tag)
        timeout = self._connection_timer(presented_at)
        if timeout > 0:
            auth.timer = asyncio.get_running_loop().call_later(
                timeout, self._enqueue, lambda: self._on_authorization_timeout(auth)
            )
        self.auth.hold(auth)
        if preparing_on is not None:
            await self._show_preparing(preparing_on)

    async def _revert_preparing(self, c: int) -> None:
        if self.tx.on(c) is None and not self.connectors[c].plugged and self.connectors.status(c) == "Preparing":
            await self._set_status(c, self._idle_status(c))

    async def _on_authorization_timeout(self, auth: HeldAuthorization) -> None:
        if not self.auth.holds(auth):
            return
        self.auth.release()
        log.info("%s: no cable within ConnectionTimeOut; authorization of %s dropped",
                 self.settings.charge_point_id, auth.id_tag)
        if auth.preparing_on is not None:
            await self._revert_preparing(auth.preparing_on)

    async def _take_back_preparing(self, c: int | None) -> None:
        """Undo a Preparing shown before Authorize, unless an earlier accepted idTag holds it."""
        if c is not None and c != self.auth.preparing_on():
            await self._revert_preparing(c)
