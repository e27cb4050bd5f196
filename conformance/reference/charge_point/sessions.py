"""Sessions at a connector: cable in and out (at the EV side too), idTags presented, and the
ConnectionTimeOut of a connector left Preparing."""

from __future__ import annotations

import asyncio

from .faults import Fault, Mode
from .settings import ID_TAG_HANDLING, WHOLE_SECOND_EARLY, log


class SessionMixin:
    """Owns what the user and the EV do at a connector, up to the start or stop of a transaction."""

    def _usable(self, c: int) -> bool:
        idle = self.tx.on(c) is None and not self.connectors.is_inoperative(c)
        if self.faults.active(Fault.START_WHILE_FAULTED):
            return idle
        return idle and not self.connectors.is_faulted(c) and self.connectors.status(c) not in ("Unavailable", "Faulted")

    def _connection_timeout(self) -> float:
        """ConnectionTimeOut in seconds (OCPP 1.6 §9.1.6), 0 for none."""
        timeout = float(self.config.number("ConnectionTimeOut"))
        if self.faults.active(Fault.IGNORE_CONNECTION_TIMEOUT):
            return 0
        return timeout / 2 if self.faults.active(Fault.EARLY_CONNECTION_TIMEOUT) else timeout

    def _connection_timer(self, presented_at: float | None = None) -> float:
        """Seconds from now until ConnectionTimeOut ends a Preparing connector, 0 for none; with
        Mode.TIMER_FROM_ID_TAG counted from when the idTag was presented (`presented_at`)."""
        timeout = self._connection_timeout()
        if timeout <= 0:
            return 0
        if self.modes.active(Mode.WHOLE_SECOND_TIMER):
            timeout -= WHOLE_SECOND_EARLY
        if presented_at is not None:
            timeout -= asyncio.get_running_loop().time() - presented_at
        return max(timeout, 0.001)

    async def _id_tag_presented(self) -> float | None:
        """Mode.TIMER_FROM_ID_TAG: the moment an idTag was presented, acted on only after a while."""
        if not self.modes.active(Mode.TIMER_FROM_ID_TAG):
            return None
        presented_at = asyncio.get_running_loop().time()
        await asyncio.sleep(ID_TAG_HANDLING)
        return presented_at

    def _arm_preparing_timer(self, c: int) -> None:
        self.connectors[c].cancel_preparing_timer()
        timeout = self._connection_timer()
        if timeout > 0:
            loop = asyncio.get_running_loop()
            self.connectors[c].preparing_timer = loop.call_later(
                timeout, self._enqueue, lambda: self._on_preparing_timeout(c)
            )

    async def _on_preparing_timeout(self, c: int) -> None:
        self.connectors[c].preparing_timer = None
        if self.tx.on(c) is None and self.connectors.status(c) == "Preparing":
            await self._set_status(c, self._idle_status(c))

    async def _on_plug_in(self, c: int) -> None:
        conn = self.connectors[c]
        if conn.plugged:
            return
        conn.plugged = True
        if self.tx.on(c) is not None:
            # The EV came back to a transaction that continued without it.
            if self.connectors.status(c) == "SuspendedEV":
                self.connectors.meter(c).run(True)
                await self._set_status(c, "Charging")
            return
        if not self._usable(c):
            return
        auth = self.auth.held
        if auth is not None and self.faults.active(Fault.FORGET_AUTHORIZATION):
            log.info("%s: authorization of %s forgotten at plug-in (fault)", self.settings.charge_point_id, auth.id_tag)
            return
        if auth is not None and auth.connector in (None, c) and self._admits(c, auth.id_tag, auth.parent_id_tag):
            self.auth.release()
            if auth.preparing_on not in (None, c):
                await self._revert_preparing(auth.preparing_on)
            await self._start_transaction(c, auth.id_tag, auth.parent_id_tag)
            return
        if self.bookings.on(c) is not None:
            # OCPP 1.6 §4.9: a Reserved connector leaves that state when its idTag is presented.
            if auth is not None and auth.preparing_on == c:
                self.auth.release()  # held for an idTag the (replaced) reservation refuses
            log.info("%s: connector %d is reserved; waiting for its idTag", self.settings.charge_point_id, c)
            await self._set_status(c, "Reserved")
            return
        await self._set_status(c, "Preparing", notify=not self.faults.active(Fault.NO_PREPARING))
        self._arm_preparing_timer(c)

    async def _on_ev_side_disconnect(self, c: int) -> None:
        """OCPP 1.6 §9.1 StopTransactionOnEVSideDisconnect: stop (reason EVDisconnected), or suspend."""
        if self.tx.on(c) is None:
            return
        stop = self.config.enabled("StopTransactionOnEVSideDisconnect")
        if stop or self.faults.active(Fault.EV_DISCONNECT_ALWAYS_STOPS):
            reason = "Local" if self.faults.active(Fault.EV_DISCONNECT_REASON_LOCAL) else "EVDisconnected"
            await self._stop_transaction(c, reason)   # the cable stays in the socket: Finishing
        else:
            self.connectors.meter(c).run(False)
            await self._set_status(c, "SuspendedEV")

    async def _on_ev_suspend(self, c: int) -> None:
        """The EV stops drawing energy, connected and in its transaction: SuspendedEV (OCPP 1.6 §4.9)."""
        conn = self.connectors[c]
        if self.tx.on(c) is None or self.connectors.status(c) != "Charging":
            log.info("%s: connector %d is not charging; nothing to suspend", self.settings.charge_point_id, c)
            return
        conn.ev_paused = True
        self.connectors.meter(c).run(False)
        await self._set_status(c, "SuspendedEV")

    async def _on_ev_resume(self, c: int) -> None:
        """The EV that suspended draws energy again: Charging."""
        conn = self.connectors[c]
        if not conn.ev_paused or self.tx.on(c) is None or self.connectors.status(c) != "SuspendedEV":
            log.info("%s: no EV suspended on connector %d", self.settings.charge_point_id, c)
            return
        conn.ev_paused = False
        self.connectors.meter(c).run(True)
        await self._set_status(c, "Charging")

    async def _on_plug_in_halfway(self, c: int) -> None:
        """The charge point cannot lock the cable: it reports ConnectorLockFailure and starts nothing."""
        conn = self.connectors[c]
        if conn.plugged:
            return
        conn.plugged = True
        conn.cancel_preparing_timer()
        await self._on_fault(c, "ConnectorLockFailure")

    async def _on_unplug(self, c: int) -> None:
        conn = self.connectors[c]
        if not conn.plugged:
            return
        conn.plugged = False
        conn.cancel_preparing_timer()
        if self.tx.on(c) is not None:
            if self.config.enabled("StopTransactionOnEVSideDisconnect"):
                await self._stop_transaction(c, "EVDisconnected")
            else:
                self.connectors.meter(c).run(False)
                await self._set_status(c, "SuspendedEV")
            return
        if self.connectors.status(c) in ("Preparing", "Finishing", "SuspendedEV", "SuspendedEVSE", "Charging"):
            if self.auth.preparing_on() == c:
                return  # still waiting for a cable for an authorized idTag
            await self._set_status(c, self._idle_status(c))

    async def _on_id_tag(self, id_tag: str, connector: int | None) -> None:
        for c, tx in self.tx.running().items():
            same = tx.id_tag == id_tag or self.faults.active(Fault.STOP_WITH_ANY_ID_TAG)
            if same and connector in (None, c):
                await self._stop_transaction(c, "Local", id_tag=id_tag)
                return
        if await self._stopped_by_parent(id_tag, connector):
            return
        if connector is None and not any(self._usable(c) for c in self.connectors):
            log.info("%s: no connector can take idTag %s now; ignored", self.settings.charge_point_id, id_tag)
            return
        target = connector
        if target is None:
            candidates = [c for c in self.connectors
                          if self._usable(c) and self._may_admit(c, id_tag)
                          and (self.connectors[c].plugged or self._preference(c, id_tag)[1] == 0
                               or self._needs_parent(c, id_tag))]
            target = min(candidates, key=lambda c: self._preference(c, id_tag), default=None)
        if target is not None and not self._usable(target):
            log.info("%s: connector %d cannot start a transaction now; idTag %s ignored",
                     self.settings.charge_point_id, target, id_tag)
            return
        if target is not None and not self._may_admit(target, id_tag):
            self._log_reserved(target, id_tag)
            return
        presented_at = await self._id_tag_presented()
        # Identification first with preparing_before_authorize: Preparing is shown while the
        # central system is asked, and taken back if it refuses.
        prepared = None
        if (self.modes.active(Mode.PREPARING_BEFORE_AUTHORIZE) and not self.faults.active(Fault.NO_AUTHORIZE)
                and self._registration == "Accepted" and (target is None or not self.connectors[target].plugged)):
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
        if target is not None and self.connectors[target].plugged:
            await self._start_transaction(target, id_tag, parent_id_tag)
            return
        await self._remember_authorization(id_tag, target, parent_id_tag, prepared, presented_at=presented_at)

    async def _stopped_by_parent(self, id_tag: str, connector: int | None) -> bool:
        """OCPP 1.6 §4.10: another idTag stops a transaction whose idTag has the same parentIdTag.

        Only a transaction started with a parentIdTag needs the other idTag authorized to tell.
        """
        if self.faults.active(Fault.PARENT_ID_TAG_IGNORED):
            return False
        held = {c: tx for c, tx in self.tx.running().items() if tx.parent_id_tag and connector in (None, c)}
        if not held:
            return False
        conf = await self._send("Authorize", {"idTag": id_tag})
        if conf is None or conf["idTagInfo"]["status"] != "Accepted":
            return not any(self._usable(c) for c in self.connectors)
        parent = conf["idTagInfo"].get("parentIdTag")
        for c, tx in held.items():
            if parent is not None and parent == tx.parent_id_tag:
                await self._stop_transaction(c, "Local", id_tag=id_tag)
                return True
        return not any(self._usable(c) for c in self.connectors)
