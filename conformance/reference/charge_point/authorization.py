"""Authorization of idTags: online, from the authorization cache (LocalPreAuthorize), offline
(LocalAuthorizeOffline, AllowOfflineTxForUnknownId), and an idTag held until a cable comes."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from .faults import Fault
from .settings import log


@dataclass
class _Authorization:
    """An idTag accepted before a cable was plugged in, valid for ConnectionTimeOut."""

    id_tag: str
    connector: int | None  # None: any connector
    preparing_on: int | None  # the connector shown as Preparing meanwhile
    parent_id_tag: str | None = None  # from Authorize.conf; it may open a reservation
    timer: asyncio.TimerHandle | None = None


class AuthorizationMixin:
    """Owns Authorize and the idTag accepted before plug-in (self._authorization) with its ConnectionTimeOut."""

    def _pre_authorized(self, id_tag: str) -> dict | None:
        """LocalPreAuthorize: an idTag the cache holds as Accepted needs no Authorize (its idTagInfo)."""
        if self.faults.active(Fault.CACHE_IGNORED) or self._config["LocalPreAuthorize"].value != "true" \
                or self._config["AuthorizationCacheEnabled"].value != "true":
            return None
        return self._cache.accepted(id_tag)

    def _out_of_reach(self) -> bool:
        return self._peer is None or self._registration != "Accepted"

    def _offline_authorized(self, id_tag: str) -> dict | None:
        """OCPP 1.6 §3.5: offline, LocalAuthorizeOffline accepts an idTag the cache holds as Accepted,
        AllowOfflineTxForUnknownId one the cache does not know."""
        if self.faults.active(Fault.NO_OFFLINE_START):
            return None
        caching = self._config["AuthorizationCacheEnabled"].value == "true"
        if self._config["LocalAuthorizeOffline"].value == "true" and caching and self._cache.accepted(id_tag):
            return {"idTagInfo": self._cache.accepted(id_tag)}
        if self._config["AllowOfflineTxForUnknownId"].value == "true" and not (caching and self._cache.knows(id_tag)):
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

    def _clear_authorization(self) -> _Authorization | None:
        auth, self._authorization = self._authorization, None
        if auth is not None and auth.timer is not None:
            auth.timer.cancel()
        return auth

    def _connector_to_prepare(self, connector: int | None) -> int | None:
        """Where an idTag accepted before plug-in shows Preparing: the connector it was given,
        else the one an earlier such idTag holds, else the first Available one."""
        if connector is not None:
            return connector
        auth = self._authorization
        if auth is not None and auth.preparing_on is not None and auth.connector is None:
            return auth.preparing_on
        return next((c for c in self._connectors if self._usable(c) and self._status[c] == "Available"), None)

    async def _show_preparing(self, c: int) -> None:
        await self._set_status(c, "Preparing", notify=not self.faults.active(Fault.NO_PREPARING_ON_ID_TAG))

    async def _remember_authorization(self, id_tag: str, connector: int | None, parent_id_tag: str | None = None,
                                      preparing_on: int | None = None) -> None:
        """Identification first: hold an accepted idTag until a cable is plugged in, showing
        Preparing on preparing_on (default: see _connector_to_prepare)."""
        if preparing_on is None:
            preparing_on = self._connector_to_prepare(connector)
        previous = self._clear_authorization()
        if previous is not None and previous.preparing_on not in (None, preparing_on):
            await self._revert_preparing(previous.preparing_on)
        auth = _Authorization(id_tag, connector, preparing_on, parent_id_tag)
        timeout = self._connection_timeout()
        if timeout > 0:
            auth.timer = asyncio.get_running_loop().call_later(
                timeout, self._enqueue, lambda: self._on_authorization_timeout(auth)
            )
        self._authorization = auth
        if preparing_on is not None:
            await self._show_preparing(preparing_on)

    async def _revert_preparing(self, c: int) -> None:
        conn = self._connectors[c]
        if conn.transaction_id is None and not conn.plugged and self._status[c] == "Preparing":
            await self._set_status(c, self._idle_status(c))

    async def _on_authorization_timeout(self, auth: _Authorization) -> None:
        if self._authorization is not auth:
            return
        self._authorization = None
        log.info("%s: no cable within ConnectionTimeOut; authorization of %s dropped",
                 self.settings.charge_point_id, auth.id_tag)
        if auth.preparing_on is not None:
            await self._revert_preparing(auth.preparing_on)

    async def _take_back_preparing(self, c: int | None) -> None:
        """Undo a Preparing shown before Authorize, unless an earlier accepted idTag holds it."""
        held = self._authorization.preparing_on if self._authorization is not None else None
        if c is not None and c != held:
            await self._revert_preparing(c)
