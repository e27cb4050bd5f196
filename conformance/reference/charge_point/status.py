"""Connector statuses and StatusNotification, hardware faults, and availability (ChangeAvailability)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from .faults import Fault
from .settings import log


@dataclass
class _PendingReport:
    """A status change waiting to have held for MinimumStatusDuration before it is reported."""

    timestamp: str  # when the status changed: the timestamp the report carries
    since: float  # the same moment on the loop's clock
    timer: asyncio.TimerHandle | None = None


class StatusMixin:
    """Owns self._status, what the central system was told (self._reported), the reports that wait
    for MinimumStatusDuration (self._pending_reports), faults and availability."""

    async def _set_status(self, c: int, status: str, *, notify: bool = True) -> None:
        """notify=False is for faults that keep a status to themselves: it counts as told."""
        if self._status[c] == status:
            return
        self._status[c] = status
        log.info("%s: connector %d is %s", self.settings.charge_point_id, c, status)
        self._drop_pending_report(c)
        if notify and self._minimum_status_duration() > 0:
            self._delay_report(c)
        elif notify:
            await self._notify_status(c)
        elif c in self._reported:
            self._reported[c] = status

    async def _notify_status(self, c: int, *, allow_pending: bool = False, timestamp: str | None = None) -> None:
        status = self._status[c]
        error_code = self._error_code(c) if status == "Faulted" else "NoError"
        payload = {"connectorId": c, "errorCode": error_code, "status": status, "timestamp": timestamp or self._now()}
        if await self._send("StatusNotification", payload, allow_pending=allow_pending) is not None:
            self._reported[c] = status

    # OCPP 1.6 §4.9 and §9.1 MinimumStatusDuration: a charge point may leave out a status that held for
    # less than that many seconds. Only status changes wait for it. The StatusNotifications that follow
    # an Accepted boot are no change but the report of every connector to a central system that has
    # just registered it (§4.2; the plan's TC_001_CS expects them right after the BootNotification.conf),
    # and a triggered one is sent at once with the current status (§5.17: TriggerMessage asks for
    # current information, sent right after its answer). Both go out through _notify_status directly.

    def _minimum_status_duration(self) -> int:
        key = self._config.get("MinimumStatusDuration")  # absent with no_minimum_status_duration
        seconds = int(key.value) if key is not None else 0
        return seconds * 2 if self.faults.active(Fault.STATUS_HELD_TWICE_AS_LONG) else seconds

    def _delay_report(self, c: int) -> None:
        """Report the connector's new status once it has held for MinimumStatusDuration; none if it is
        back at the status last reported."""
        if self._reported.get(c) == self._status[c]:
            return
        pending = _PendingReport(self._now(), asyncio.get_running_loop().time())
        self._pending_reports[c] = pending
        self._arm_report(c, pending)

    def _arm_report(self, c: int, pending: _PendingReport) -> None:
        loop = asyncio.get_running_loop()
        left = max(0.0, self._minimum_status_duration() - (loop.time() - pending.since))
        pending.timer = loop.call_later(left, self._enqueue, lambda: self._report_stable(c, pending))

    async def _report_stable(self, c: int, pending: _PendingReport) -> None:
        if self._pending_reports.get(c) is not pending:
            return  # the status changed again meanwhile
        del self._pending_reports[c]
        if self._reported.get(c) != self._status[c]:  # a triggered report may have told it already
            await self._notify_status(c, timestamp=pending.timestamp)

    def _drop_pending_report(self, c: int) -> None:
        pending = self._pending_reports.pop(c, None)
        if pending is not None and pending.timer is not None:
            pending.timer.cancel()

    def _reschedule_status_reports(self) -> None:
        """MinimumStatusDuration changed: each waiting report goes out once its status has held for
        the new value (at once if it already has, or for 0)."""
        for c, pending in self._pending_reports.items():
            if pending.timer is not None:
                pending.timer.cancel()
            self._arm_report(c, pending)

    def _cancel_status_reports(self) -> None:
        for c in list(self._pending_reports):
            self._drop_pending_report(c)

    def _idle_status(self, c: int) -> str:
        """The status of a connector without cable, session or pending authorization."""
        if self._is_faulted(c):
            return "Faulted"
        if self._is_inoperative(c):
            return "Unavailable"
        if c > 0 and self._reservation_on(c) is not None:
            return "Reserved"
        return "Available"

    def _is_inoperative(self, c: int) -> bool:
        return c in self._inoperative or 0 in self._inoperative

    def _is_faulted(self, c: int) -> bool:
        return c in self._errors or 0 in self._errors

    def _error_code(self, c: int) -> str:
        """A connector's own fault comes first; a fault of the charge point covers every connector."""
        return self._errors.get(c) or self._errors.get(0) or "NoError"

    def _fault_scope(self, c: int) -> list[int]:
        return [0, *self._connectors] if c == 0 else [c]

    async def _on_fault(self, c: int, error_code: str) -> None:
        """A fault ends what the connector was doing (OCPP 1.6 leaves how to the charge point)."""
        shown = {x: self._error_code(x) for x in self._fault_scope(c)}
        self._errors[c] = error_code
        log.info("%s: %s faulted: %s", self.settings.charge_point_id,
                 "the charge point" if c == 0 else f"connector {c}", error_code)
        if c == 0:
            self._clear_authorization()
        for x in self._fault_scope(c):
            if x == 0:
                continue
            reservation = self._reservation_on(x)
            if reservation is not None:
                self._drop_reservation(reservation, "connector faulted")  # OCPP 1.6 §5.13
            auth = self._authorization
            if auth is not None and x in (auth.connector, auth.preparing_on):
                self._clear_authorization()
            self._cancel_preparing_timer(x)
            await self._stop_transaction(x, "Other", settle=False)
        for x in self._fault_scope(c):
            if self._status[x] != "Faulted":
                await self._set_status(x, "Faulted")
            elif shown[x] != self._error_code(x):
                await self._notify_status(x)
        await self._apply_availability()

    async def _on_fault_cleared(self, c: int) -> None:
        if c not in self._errors:
            log.info("%s: no fault to clear on connector %d", self.settings.charge_point_id, c)
            return
        shown = {x: self._error_code(x) for x in self._fault_scope(c)}
        del self._errors[c]
        log.info("%s: fault on %s cleared", self.settings.charge_point_id,
                 "the charge point" if c == 0 else f"connector {c}")
        for x in self._fault_scope(c):
            if self._is_faulted(x):
                if shown[x] != self._error_code(x):
                    await self._notify_status(x)  # still faulted, for another reason
                continue
            if x > 0 and self._connectors[x].plugged and not self._is_inoperative(x):
                await self._set_status(x, "Preparing")
                self._arm_preparing_timer(x)
            else:
                await self._set_status(x, self._idle_status(x))
        await self._apply_availability()

    async def _apply_availability(self) -> None:
        """Bring idle connectors (and connector 0) in line with the requested availability."""
        for c, conn in self._connectors.items():
            if conn.transaction_id is not None or self._is_faulted(c):
                continue  # Faulted outranks Unavailable; it is settled when the fault clears
            if self._is_inoperative(c) and self._status[c] != "Unavailable":
                if self._authorization is not None and self._authorization.preparing_on == c:
                    self._clear_authorization()
                reservation = self._reservation_on(c)
                if reservation is not None:
                    self._drop_reservation(reservation, "connector unavailable")  # OCPP 1.6 §5.13
                self._cancel_preparing_timer(c)
                await self._set_status(c, "Unavailable")
            elif not self._is_inoperative(c) and self._status[c] == "Unavailable":
                await self._set_status(c, self._idle_status(c))
        busy = any(conn.transaction_id is not None for conn in self._connectors.values())
        if self._is_faulted(0):
            return
        if 0 in self._inoperative and not busy:
            await self._set_status(0, "Unavailable")
        elif 0 not in self._inoperative and self._status[0] == "Unavailable":
            await self._set_status(0, "Available")
