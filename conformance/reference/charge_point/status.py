"""Connector statuses and StatusNotification, hardware faults, and availability (ChangeAvailability)."""

from __future__ import annotations

import asyncio

from .faults import Fault, Mode
from .settings import log
from .state import PendingReport


class StatusMixin:
    """Tells the central system the statuses self.connectors holds, at once or once they have held
    for MinimumStatusDuration; the consequences of hardware faults and of availability."""

    async def _set_status(self, c: int, status: str, *, notify: bool = True) -> None:
        """notify=False is for faults that keep a status to themselves: it counts as told."""
        if status == "Charging" and notify and self.modes.active(Mode.SUSPENDED_EVSE_BEFORE_CHARGING) \
                and self.connectors.status(c) not in ("Charging", "SuspendedEVSE"):
            await self._set_status(c, "SuspendedEVSE")
        if not self.connectors.show(c, status):
            return
        log.info("%s: connector %d is %s", self.settings.charge_point_id, c, status)
        self.connectors.release(c)
        if notify and self._minimum_status_duration() > 0:
            self._delay_report(c)
        elif notify:
            await self._notify_status(c)
            if status == "Preparing" and self.modes.active(Mode.PREPARING_TWICE):
                await self._notify_status(c)
            if status == "Charging":
                await self._unplanned_after_charging(c)
        else:
            self.connectors.told_if_known(c)

    async def _unplanned_after_charging(self, c: int) -> None:
        """Faults: a status no transition leads to, a moment after Charging (the transaction goes on)."""
        statuses: tuple[str, ...] = ()
        if self.faults.active(Fault.AVAILABLE_DURING_TRANSACTION):
            statuses = ("Available",)
        elif self.faults.active(Fault.PREPARING_AFTER_CHARGING):
            statuses = ("Preparing", "Charging")
        for status in statuses:
            await self._send("StatusNotification", {"connectorId": c, "errorCode": "NoError", "status": status,
                                                    "timestamp": self._now()})

    async def _notify_status(self, c: int, *, allow_pending: bool = False, timestamp: str | None = None) -> None:
        status = self.connectors.status(c)
        error_code = self.connectors.error_code(c) if status == "Faulted" else "NoError"
        payload = {"connectorId": c, "errorCode": error_code, "status": status, "timestamp": timestamp or self._now()}
        if await self._send("StatusNotification", payload, allow_pending=allow_pending) is not None:
            self.connectors.told(c)

    # OCPP 1.6 §4.9 and §9.1 MinimumStatusDuration: a charge point may leave out a status that held for
    # less than that many seconds. Only status changes wait for it. The StatusNotifications that follow
    # an Accepted boot are no change but the report of every connector to a central system that has
    # just registered it (§4.2; the plan's TC_001_CS expects them right after the BootNotification.conf),
    # and a triggered one is sent at once with the current status (§5.17: TriggerMessage asks for
    # current information, sent right after its answer). Both go out through _notify_status directly.

    def _minimum_status_duration(self) -> int:
        key = self.config.get("MinimumStatusDuration")  # absent with no_minimum_status_duration
        seconds = int(key.value) if key is not None else 0
        return seconds * 2 if self.faults.active(Fault.STATUS_HELD_TWICE_AS_LONG) else seconds

    def _delay_report(self, c: int) -> None:
        """Report the connector's new status once it has held for MinimumStatusDuration; none if it is
        back at the status last reported."""
        if self.connectors.up_to_date(c):
            return
        pending = PendingReport(self._now(), asyncio.get_running_loop().time())
        self.connectors.hold(c, pending)
        self._arm_report(c, pending)

    def _arm_report(self, c: int, pending: PendingReport) -> None:
        loop = asyncio.get_running_loop()
        left = max(0.0, self._minimum_status_duration() - (loop.time() - pending.since))
        pending.timer = loop.call_later(left, self._enqueue, lambda: self._report_stable(c, pending))

    async def _report_stable(self, c: int, pending: PendingReport) -> None:
        if self.connectors.pending(c) is not pending:
            return  # the status changed again meanwhile
        self.connectors.release(c)
        if not self.connectors.up_to_date(c):  # a triggered report may have told it already
            await self._notify_status(c, timestamp=pending.timestamp)

    def _reschedule_status_reports(self) -> None:
        """MinimumStatusDuration changed: each waiting report goes out once its status has held for
        the new value (at once if it already has, or for 0)."""
        for c, pending in self.connectors.pending_reports().items():
            if pending.timer is not None:
                pending.timer.cancel()
            self._arm_report(c, pending)

    def _cancel_status_reports(self) -> None:
        for c in self.connectors.pending_reports():
            self.connectors.release(c)

    def _idle_status(self, c: int) -> str:
        """The status of a connector without cable, session or pending authorization."""
        return self.connectors.idle_status(c, reserved=c > 0 and self.bookings.on(c) is not None)

    async def _on_fault(self, c: int, error_code: str) -> None:
        """A fault ends what the connector was doing (OCPP 1.6 leaves how to the charge point)."""
        scope = self.connectors.scope(c)
        shown = {x: self.connectors.error_code(x) for x in scope}
        self.connectors.fault(c, error_code)
        log.info("%s: %s faulted: %s", self.settings.charge_point_id,
                 "the charge point" if c == 0 else f"connector {c}", error_code)
        if c == 0:
            self.auth.release()
        for x in scope:
            if x == 0:
                continue
            reservation = self.bookings.on(x)
            if reservation is not None:
                self._drop_reservation(reservation, "connector faulted")  # OCPP 1.6 §5.13
            auth = self.auth.held
            if auth is not None and x in (auth.connector, auth.preparing_on):
                self.auth.release()
            self.connectors[x].cancel_preparing_timer()
            await self._stop_transaction(x, "Other", settle=False)
        for x in scope:
            if self.connectors.status(x) != "Faulted":
                await self._set_status(x, "Faulted")
            elif shown[x] != self.connectors.error_code(x):
                await self._notify_status(x)
        await self._apply_availability()

    async def _on_fault_cleared(self, c: int) -> None:
        scope = self.connectors.scope(c)
        shown = {x: self.connectors.error_code(x) for x in scope}
        if not self.connectors.repair(c):
            log.info("%s: no fault to clear on connector %d", self.settings.charge_point_id, c)
            return
        log.info("%s: fault on %s cleared", self.settings.charge_point_id,
                 "the charge point" if c == 0 else f"connector {c}")
        for x in scope:
            if self.connectors.is_faulted(x):
                if shown[x] != self.connectors.error_code(x):
                    await self._notify_status(x)  # still faulted, for another reason
                continue
            if x > 0 and self.connectors[x].plugged and not self.connectors.is_inoperative(x):
                await self._set_status(x, "Preparing")
                self._arm_preparing_timer(x)
            else:
                await self._set_status(x, self._idle_status(x))
        await self._apply_availability()

    async def _apply_availability(self) -> None:
        """Bring idle connectors (and connector 0) in line with the requested availability."""
        for c in self.connectors:
            if self.tx.on(c) is not None or self.connectors.is_faulted(c):
                continue  # Faulted outranks Unavailable; it is settled when the fault clears
            if self.connectors.is_inoperative(c) and self.connectors.status(c) != "Unavailable":
                if self.auth.preparing_on() == c:
                    self.auth.release()
                reservation = self.bookings.on(c)
                if reservation is not None:
                    self._drop_reservation(reservation, "connector unavailable")  # OCPP 1.6 §5.13
                self.connectors[c].cancel_preparing_timer()
                await self._set_status(c, "Unavailable")
            elif not self.connectors.is_inoperative(c) and self.connectors.status(c) == "Unavailable":
                await self._set_status(c, self._idle_status(c))
        if self.connectors.is_faulted(0):
            return
        if self.connectors.charge_point_inoperative() and not self.tx.running():
            await self._set_status(0, "Unavailable")
        elif not self.connectors.charge_point_inoperative() and self.connectors.status(0) == "Unavailable":
            await self._set_status(0, "Available")
