"""Sessions at a connector: cable in and out (at the EV side too), idTags presented, and the
ConnectionTimeOut of a connector left Preparing."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from .faults import Fault, Mode
from .settings import log


@dataclass
class _Connector:
    plugged: bool = False
    transaction_id: int | None = None
    id_tag: str | None = None  # the tag that started the transaction (a second presentation stops it)
    parent_id_tag: str | None = None  # its parentIdTag: another idTag with the same parent stops it too
    meter_task: asyncio.Task | None = None
    preparing_timer: asyncio.TimerHandle | None = None
    lock_broken: bool = False  # the lock cannot open or close (set_lock_failure, a cable in halfway)
    ev_paused: bool = False  # the EV stopped drawing energy of its own accord (suspend_ev)


class SessionMixin:
    """Owns what the user and the EV do at a connector, up to the start or stop of a transaction."""

    def _usable(self, c: int) -> bool:
        conn = self._connectors[c]
        if self.faults.active(Fault.START_WHILE_FAULTED):
            return conn.transaction_id is None and not self._is_inoperative(c)
        return (conn.transaction_id is None and not self._is_inoperative(c) and not self._is_faulted(c)
                and self._status[c] not in ("Unavailable", "Faulted"))

    def _cancel_preparing_timer(self, c: int) -> None:
        conn = self._connectors[c]
        if conn.preparing_timer is not None:
            conn.preparing_timer.cancel()
            conn.preparing_timer = None

    def _connection_timeout(self) -> float:
        """ConnectionTimeOut in seconds (OCPP 1.6 §9.1.6), 0 for none."""
        timeout = float(self._config["ConnectionTimeOut"].value)
        if self.faults.active(Fault.IGNORE_CONNECTION_TIMEOUT):
            return 0
        return timeout / 2 if self.faults.active(Fault.EARLY_CONNECTION_TIMEOUT) else timeout

    def _arm_preparing_timer(self, c: int) -> None:
        self._cancel_preparing_timer(c)
        timeout = self._connection_timeout()
        if timeout > 0:
            loop = asyncio.get_running_loop()
            self._connectors[c].preparing_timer = loop.call_later(
                timeout, self._enqueue, lambda: self._on_preparing_timeout(c)
            )

    async def _on_preparing_timeout(self, c: int) -> None:
        conn = self._connectors[c]
        conn.preparing_timer = None
        if conn.transaction_id is None and self._status[c] == "Preparing":
            await self._set_status(c, self._idle_status(c))

    async def _on_plug_in(self, c: int) -> None:
        conn = self._connectors[c]
        if conn.plugged:
            return
        conn.plugged = True
        if conn.transaction_id is not None:
            # The EV came back to a transaction that continued without it.
            if self._status[c] == "SuspendedEV":
                self._meters[c].run(True)
                await self._set_status(c, "Charging")
            return
        if not self._usable(c):
            return
        auth = self._authorization
        if auth is not None and self.faults.active(Fault.FORGET_AUTHORIZATION):
            log.info("%s: authorization of %s forgotten at plug-in (fault)", self.settings.charge_point_id, auth.id_tag)
            return
        if auth is not None and auth.connector in (None, c) and self._admits(c, auth.id_tag, auth.parent_id_tag):
            self._clear_authorization()
            if auth.preparing_on not in (None, c):
                await self._revert_preparing(auth.preparing_on)
            await self._start_transaction(c, auth.id_tag, auth.parent_id_tag)
            return
        if self._reservation_on(c) is not None:
            # OCPP 1.6 §4.9: a Reserved connector leaves that state when its idTag is presented.
            if auth is not None and auth.preparing_on == c:
                self._clear_authorization()  # held for an idTag the (replaced) reservation refuses
            log.info("%s: connector %d is reserved; waiting for its idTag", self.settings.charge_point_id, c)
            await self._set_status(c, "Reserved")
            return
        await self._set_status(c, "Preparing", notify=not self.faults.active(Fault.NO_PREPARING))
        self._arm_preparing_timer(c)

    async def _on_ev_side_disconnect(self, c: int) -> None:
        """OCPP 1.6 §9.1 StopTransactionOnEVSideDisconnect: stop (reason EVDisconnected), or suspend."""
        conn = self._connectors[c]
        if conn.transaction_id is None:
            return
        stop = self._config["StopTransactionOnEVSideDisconnect"].value == "true"
        if stop or self.faults.active(Fault.EV_DISCONNECT_ALWAYS_STOPS):
            reason = "Local" if self.faults.active(Fault.EV_DISCONNECT_REASON_LOCAL) else "EVDisconnected"
            await self._stop_transaction(c, reason)   # the cable stays in the socket: Finishing
        else:
            self._meters[c].run(False)
            await self._set_status(c, "SuspendedEV")

    async def _on_ev_suspend(self, c: int) -> None:
        """The EV stops drawing energy, connected and in its transaction: SuspendedEV (OCPP 1.6 §4.9)."""
        conn = self._connectors[c]
        if conn.transaction_id is None or self._status[c] != "Charging":
            log.info("%s: connector %d is not charging; nothing to suspend", self.settings.charge_point_id, c)
            return
        conn.ev_paused = True
        self._meters[c].run(False)
        await self._set_status(c, "SuspendedEV")

    async def _on_ev_resume(self, c: int) -> None:
        """The EV that suspended draws energy again: Charging."""
        conn = self._connectors[c]
        if not conn.ev_paused or conn.transaction_id is None or self._status[c] != "SuspendedEV":
            log.info("%s: no EV suspended on connector %d", self.settings.charge_point_id, c)
            return
        conn.ev_paused = False
        self._meters[c].run(True)
        await self._set_status(c, "Charging")

    async def _on_plug_in_halfway(self, c: int) -> None:
        """The charge point cannot lock the cable: it reports ConnectorLockFailure and starts nothing."""
        conn = self._connectors[c]
        if conn.plugged:
            return
        conn.plugged = True
        self._cancel_preparing_timer(c)
        await self._on_fault(c, "ConnectorLockFailure")

    async def _on_unplug(self, c: int) -> None:
        conn = self._connectors[c]
        if not conn.plugged:
            return
        conn.plugged = False
        self._cancel_preparing_timer(c)
        if conn.transaction_id is not None:
            if self._config["StopTransactionOnEVSideDisconnect"].value == "true":
                await self._stop_transaction(c, "EVDisconnected")
            else:
                self._meters[c].run(False)
                await self._set_status(c, "SuspendedEV")
            return
        if self._status[c] in ("Preparing", "Finishing", "SuspendedEV", "SuspendedEVSE", "Charging"):
            auth = self._authorization
            if auth is not None and auth.preparing_on == c:
                return  # still waiting for a cable for an authorized idTag
            await self._set_status(c, self._idle_status(c))

    async def _on_id_tag(self, id_tag: str, connector: int | None) -> None:
        for c, conn in self._connectors.items():
            same = conn.id_tag == id_tag or self.faults.active(Fault.STOP_WITH_ANY_ID_TAG)
            if conn.transaction_id is not None and same and connector in (None, c):
                await self._stop_transaction(c, "Local", id_tag=id_tag)
                return
        if await self._stopped_by_parent(id_tag, connector):
            return
        if connector is None and not any(self._usable(c) for c in self._connectors):
            log.info("%s: no connector can take idTag %s now; ignored", self.settings.charge_point_id, id_tag)
            return
        target = connector
        if target is None:
            candidates = [c for c, conn in self._connectors.items()
                          if self._usable(c) and self._may_admit(c, id_tag)
                          and (conn.plugged or self._preference(c, id_tag)[1] == 0)]
            target = min(candidates, key=lambda c: self._preference(c, id_tag), default=None)
        if target is not None and not self._usable(target):
            log.info("%s: connector %d cannot start a transaction now; idTag %s ignored",
                     self.settings.charge_point_id, target, id_tag)
            return
        if target is not None and not self._may_admit(target, id_tag):
            self._log_reserved(target, id_tag)
            return
        # Identification first with preparing_before_authorize: Preparing is shown while the
        # central system is asked, and taken back if it refuses.
        prepared = None
        if (self.modes.active(Mode.PREPARING_BEFORE_AUTHORIZE) and not self.faults.active(Fault.NO_AUTHORIZE)
                and self._registration == "Accepted" and (target is None or not self._connectors[target].plugged)):
            prepared = self._connector_to_prepare(target)
            if prepared is not None:
                await self._show_preparing(prepared)
        parent_id_tag = None
        if not self.faults.active(Fault.NO_AUTHORIZE):
            conf = await self._authorize(id_tag)
            status = None if conf is None else conf["idTagInfo"]["status"]
            if self.faults.active(Fault.START_DESPITE_INVALID):
                status = "Accepted"
            if conf is None or status != "Accepted":
                log.info("%s: idTag %s is %s", self.settings.charge_point_id, id_tag, status or "not authorized")
                await self._take_back_preparing(prepared)
                return
            parent_id_tag = conf["idTagInfo"].get("parentIdTag")
        if target is not None and not self._admits(target, id_tag, parent_id_tag):
            self._log_reserved(target, id_tag)
            await self._take_back_preparing(prepared)
            return
        if target is not None and self._connectors[target].plugged:
            await self._start_transaction(target, id_tag, parent_id_tag)
            return
        await self._remember_authorization(id_tag, target, parent_id_tag, prepared)

    async def _stopped_by_parent(self, id_tag: str, connector: int | None) -> bool:
        """OCPP 1.6 §4.10: another idTag stops a transaction whose idTag has the same parentIdTag.

        Only a transaction started with a parentIdTag needs the other idTag authorized to tell.
        """
        if self.faults.active(Fault.PARENT_ID_TAG_IGNORED):
            return False
        held = [c for c, conn in self._connectors.items()
                if conn.transaction_id is not None and conn.parent_id_tag and connector in (None, c)]
        if not held:
            return False
        conf = await self._send("Authorize", {"idTag": id_tag})
        if conf is None or conf["idTagInfo"]["status"] != "Accepted":
            return not any(self._usable(c) for c in self._connectors)
        parent = conf["idTagInfo"].get("parentIdTag")
        for c in held:
            if parent is not None and parent == self._connectors[c].parent_id_tag:
                await self._stop_transaction(c, "Local", id_tag=id_tag)
                return True
        return not any(self._usable(c) for c in self._connectors)
