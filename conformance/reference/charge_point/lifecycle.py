"""Switching the reference charge point on and off, and the single worker that runs its jobs
one at a time (see the package docstring)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from .faults import Fault, Mode
from .settings import log

Job = Callable[[], Awaitable[None]]


class LifecycleMixin:
    """Owns start, stop, power off/on, the loss of the connection, what a reboot forgets, and the job worker."""

    async def start(self) -> None:
        """Start connecting (and keep reconnecting) in the background."""
        if self._running:
            return
        self._running = True
        self._spawn(self._worker())
        self._spawn(self._connection_loop())

    async def stop(self) -> None:
        """Close the connection and cancel every task; calling it twice is harmless."""
        self._running = False
        current = asyncio.current_task()
        if self._reboot_task is not None and self._reboot_task is not current and not self._reboot_task.done():
            self._reboot_task.cancel()
            await asyncio.wait([self._reboot_task], timeout=5)
        self._cancel_timers()
        ws = self._ws
        if ws is not None:
            # Close with 1000 first: cancelling the connection would close it with 1011.
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(), 3)
        tasks = [t for t in self._tasks if t is not current]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=5)
        self._tasks.clear()
        self._peer = None
        self._registration = None
        self._accepted.clear()

    async def power_cycle(self) -> None:
        """Switch off and on: configuration and availability survive, sessions do not.

        With sync_actions it returns once the first BootNotification is answered and, if
        Accepted, what follows it (StatusNotifications, waiting transaction messages).
        """
        await self._power_down()
        await self.power_on()

    async def power_off(self) -> None:
        """The power is cut. With backup power (settings.backup_power) the charge point first stops
        every transaction (reason PowerLoss) and reports it while still connected; without, the
        transactions end with the power and are reported after the next boot."""
        if self.settings.backup_power and not self.faults.active(Fault.BACKUP_POWER_UNUSED):
            deadline = self._deadline()
            for c in self.connectors:
                self._enqueue(lambda c=c: self._stop_transaction(c, "PowerLoss"))
            await self._settle(deadline)
        await self._power_down()

    async def power_on(self) -> None:
        """The power comes back: the charge point boots."""
        deadline = self._deadline()
        await self.start()
        if self.modes.active(Mode.SYNC_ACTIONS):
            await self._wait_for(self._boot_answered, deadline, "BootNotification answered")
            await self._settle(deadline)

    async def _power_cycle(self) -> None:
        await self._power_down()
        await self.start()

    async def _power_down(self) -> None:
        await self.stop()
        for c in self.tx.running():
            if not self.faults.active(Fault.NO_POWER_LOSS_STOP) \
                    and not (self.modes.active(Mode.RESUME_AFTER_POWER_LOSS) and self.connectors[c].plugged):
                self._queue_stop(c, "PowerLoss")  # a real charge point reports it after the reboot
        if self.faults.active(Fault.POWER_CYCLE_FORGETS_AVAILABILITY):
            self.connectors.forget_availability()
        self._boot_accepted = False
        self._boot_answered.clear()
        self.connectors.forget_told()
        self._drop_volatile_state()

    async def drop_connection(self) -> None:
        """Lose the connection without rebooting; the connection loop reconnects."""
        ws = self._ws
        if ws is None:
            log.info("%s: no connection to drop", self.settings.charge_point_id)
            return
        log.info("%s: dropping the connection", self.settings.charge_point_id)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(ws.close(1001, "connection dropped"), 3)
        # Return offline, so that what happens next happens without a connection.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._offline.wait(), 3)

    async def wait_accepted(self, timeout: float) -> None:
        """Wait until the charge point is registered (Accepted) on the current connection."""
        await asyncio.wait_for(self._accepted.wait(), timeout)

    def _drop_volatile_state(self) -> None:
        """What a reboot forgets; a cable that is plugged in stays so (it shows Preparing after the boot)."""
        # resume_after_power_loss: a transaction of a plugged connector goes on after the reboot.
        resumed = {c for c in self.tx.running()
                   if self.modes.active(Mode.RESUME_AFTER_POWER_LOSS) and self.connectors[c].plugged}
        self.tx.reboot(keep=resumed)
        # Reservations are not kept across a reboot: the boot StatusNotifications show them gone.
        self.bookings.clear()
        self.auth.release()

        def status(c: int, plugged: bool) -> str:
            idle = self._idle_status(c)
            if plugged and idle == "Available":
                return "Charging" if c in resumed else "Preparing"
            return idle

        self.connectors.reboot(status)
        for c in resumed:
            self.connectors.meter(c).run(True)
        self._jobs: asyncio.Queue[Job] = asyncio.Queue()
        self._unfinished_jobs = 0  # queued or running
        self._idle.set()

    def _spawn(self, coro: Awaitable[None]) -> asyncio.Task:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _cancel_timers(self) -> None:
        for c in self.connectors:
            self.connectors[c].cancel_preparing_timer()
        for tx in self.tx.running().values():
            tx.meter_task = None  # the task itself is in self._tasks
        held = self.auth.held
        if held is not None and held.timer is not None:
            held.timer.cancel()
        self._cancel_status_reports()
        self._heartbeat_task = None

    async def _act(self, job: Job) -> None:
        """Queue what an operator action sets off; with sync_actions, wait until it is done."""
        deadline = self._deadline()
        self._enqueue(job)
        if self.modes.active(Mode.SYNC_ACTIONS):
            await self._settle(deadline)

    def _deadline(self) -> float:
        return asyncio.get_running_loop().time() + self.settings.call_timeout

    async def _settle(self, deadline: float) -> None:
        """Wait until the worker has run every queued job; each job awaits the answers to its CALLs."""
        await self._wait_for(self._idle, deadline, "operator action settled")

    async def _wait_for(self, event: asyncio.Event, deadline: float, what: str) -> None:
        if event.is_set():
            return
        left = deadline - asyncio.get_running_loop().time()
        try:
            await asyncio.wait_for(event.wait(), max(left, 0.001))
        except TimeoutError:
            log.info("%s: gave up waiting for: %s", self.settings.charge_point_id, what)

    def _enqueue(self, job: Job) -> None:
        self._unfinished_jobs += 1
        self._idle.clear()
        self._jobs.put_nowait(job)

    async def _worker(self) -> None:
        jobs = self._jobs
        while True:
            job = await jobs.get()
            try:
                await job()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("%s: job failed", self.settings.charge_point_id)
            finally:
                if jobs is self._jobs:
                    self._unfinished_jobs -= 1
                    if self._unfinished_jobs <= 0:
                        self._unfinished_jobs = 0
                        self._idle.set()
