"""The connectors of the reference charge point and their OCPP 1.6 status (§4.9, §7.7).

Hardware survives a reboot: the energy registers, hardware faults and the availability asked
for (ChangeAvailability); a cable that is plugged in stays so. The rest (locks, an EV's pause,
timers, the status) is rebuilt when the charge point boots.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

CHARGING_POWER_W = 11_000


@dataclass
class Meter:
    """The energy register of one connector; it survives power cycles like real hardware."""

    base_wh: float = 0.0
    charging_since: float | None = None

    def read(self) -> int:
        wh = self.base_wh
        if self.charging_since is not None:
            wh += (time.monotonic() - self.charging_since) * CHARGING_POWER_W / 3600
        return int(wh)

    def run(self, on: bool) -> None:
        if on and self.charging_since is None:
            self.charging_since = time.monotonic()
        elif not on and self.charging_since is not None:
            self.base_wh = float(self.read())
            self.charging_since = None

    @property
    def charging(self) -> bool:
        return self.charging_since is not None


@dataclass
class Connector:
    """What a reboot forgets of a connector, but its cable."""

    plugged: bool = False
    lock_broken: bool = False  # the lock cannot open or close (set_lock_failure, a cable in halfway)
    ev_paused: bool = False  # the EV stopped drawing energy of its own accord (suspend_ev)
    preparing_timer: asyncio.TimerHandle | None = None  # ConnectionTimeOut of a connector left Preparing

    def cancel_preparing_timer(self) -> None:
        if self.preparing_timer is not None:
            self.preparing_timer.cancel()
            self.preparing_timer = None


@dataclass
class PendingReport:
    """A status change waiting to have held for MinimumStatusDuration before it is reported."""

    timestamp: str  # when the status changed: the timestamp the report carries
    since: float  # the same moment on the loop's clock
    timer: asyncio.TimerHandle | None = None


class Connectors:
    """Connectors 1..n (0 is the charge point itself in statuses, faults and availability)."""

    def __init__(self, count: int):
        self.count = count
        self._meters = {c: Meter() for c in self.numbers()}
        self._errors: dict[int, str] = {}  # ChargePointErrorCode; 0: the whole charge point
        self._inoperative: set[int] = set()
        self._connectors = {c: Connector() for c in self.numbers()}
        self._status: dict[int, str] = {}
        self._reported: dict[int, str] = {}  # the status the central system was last told
        self._pending: dict[int, PendingReport] = {}

    def numbers(self) -> range:
        return range(1, self.count + 1)

    def __getitem__(self, c: int) -> Connector:
        return self._connectors[c]

    def __iter__(self) -> Iterator[int]:
        return iter(self.numbers())

    def meter(self, c: int) -> Meter:
        return self._meters[c]

    def reboot(self, status: Callable[[int, bool], str]) -> None:
        """Forget all but the hardware; status(c, plugged) is each connector's status after the boot (0 included)."""
        plugged = {c for c, conn in self._connectors.items() if conn.plugged}
        self._connectors = {c: Connector(plugged=c in plugged) for c in self.numbers()}
        for meter in self._meters.values():
            meter.run(False)
        self._status = {c: status(c, c in plugged) for c in range(0, self.count + 1)}
        self._pending = {}

    # -- status and what the central system was told

    def status(self, c: int) -> str:
        return self._status[c]

    def statuses(self) -> dict[int, str]:
        return dict(self._status)

    def show(self, c: int, status: str) -> bool:
        """Whether the status changed."""
        changed, self._status[c] = self._status[c] != status, status
        return changed

    def told(self, c: int) -> None:
        """The central system now knows the connector's current status."""
        self._reported[c] = self._status[c]

    def told_if_known(self, c: int) -> None:
        """A status kept quiet counts as told, where the central system was told one before."""
        if c in self._reported:
            self._reported[c] = self._status[c]

    def up_to_date(self, c: int) -> bool:
        """The status last reported is the current one."""
        return self._reported.get(c) == self._status[c]

    def told_before(self) -> list[int]:
        """Connectors the central system was told a status of (since it last forgot them)."""
        return sorted(self._reported)

    def assume_told(self) -> None:
        """Registered before the run: the central system was told every status then."""
        self._reported = dict(self._status)

    def forget_told(self) -> None:
        self._reported.clear()

    # -- reports waiting for MinimumStatusDuration

    def pending(self, c: int) -> PendingReport | None:
        return self._pending.get(c)

    def pending_reports(self) -> dict[int, PendingReport]:
        return dict(self._pending)

    def hold(self, c: int, report: PendingReport) -> None:
        self._pending[c] = report

    def release(self, c: int) -> PendingReport | None:
        """Drop the connector's waiting report (its timer cancelled)."""
        report = self._pending.pop(c, None)
        if report is not None and report.timer is not None:
            report.timer.cancel()
        return report

    # -- hardware faults

    def fault(self, c: int, error_code: str) -> None:
        self._errors[c] = error_code

    def repair(self, c: int) -> bool:
        """False when there was no fault of its own to repair."""
        return self._errors.pop(c, None) is not None

    def is_faulted(self, c: int) -> bool:
        return c in self._errors or 0 in self._errors

    def error_code(self, c: int) -> str:
        """A connector's own fault comes first; a fault of the charge point covers every connector."""
        return self._errors.get(c) or self._errors.get(0) or "NoError"

    def scope(self, c: int) -> list[int]:
        """What a fault of c covers: c, or 0 and every connector."""
        return [0, *self.numbers()] if c == 0 else [c]

    # -- availability (ChangeAvailability)

    def set_operative(self, c: int, operative: bool, *, connectors_kept: bool = False) -> None:
        """`connectors_kept`: Operative for connector 0 leaves a connector's own Inoperative as it is."""
        if not operative:
            self._inoperative.add(c)
        elif c == 0 and not connectors_kept:
            self._inoperative.clear()
        else:
            self._inoperative.discard(c)

    def is_inoperative(self, c: int) -> bool:
        return c in self._inoperative or 0 in self._inoperative

    def charge_point_inoperative(self) -> bool:
        return 0 in self._inoperative

    def forget_availability(self) -> None:
        self._inoperative.clear()

    def idle_status(self, c: int, *, reserved: bool) -> str:
        """The status of a connector without cable, session or pending authorization."""
        if self.is_faulted(c):
            return "Faulted"
        if self.is_inoperative(c):
            return "Unavailable"
        return "Reserved" if reserved else "Available"
