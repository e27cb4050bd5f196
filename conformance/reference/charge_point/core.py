"""The reference charge point assembled from one mixin per concern; its operator and EV actions."""

from __future__ import annotations

import asyncio
from typing import Any

from conformance.reference.peer import Peer
from conformance.reference.switches import FAULT, MODE

from .authorization import AuthorizationMixin
from .certificate_store import CertificateStoreMixin
from .certificates import CertificateMixin
from .configuration import ConfigurationMixin
from .connection import ConnectionMixin
from .faults import SWITCHES, Fault, Mode
from .firmware import FirmwareMixin
from .lifecycle import LifecycleMixin
from .local_list import LocalListMixin
from .metering import MeteringMixin
from .requests import RequestMixin
from .reservations import ReservationMixin
from .sessions import SessionMixin
from .settings import ERROR_CODES, ChargePointSettings
from .smart_charging import SmartChargingMixin
from .state import Authorizations, ChargingProfiles, ConfigurationKeys, Connectors, ReservationBook, Transactions
from .status import StatusMixin
from .transactions import TransactionMixin


class ReferenceChargePoint(LifecycleMixin, ConnectionMixin, ConfigurationMixin, AuthorizationMixin, LocalListMixin,
                           SessionMixin, TransactionMixin, StatusMixin, MeteringMixin, ReservationMixin, RequestMixin,
                           CertificateMixin, CertificateStoreMixin, FirmwareMixin, SmartChargingMixin):
    """An OCPP 1.6J charge point with Core, FirmwareManagement, LocalAuthListManagement, RemoteTrigger,
    Reservation and SmartCharging profiles.

    State lives in one object per concern: `connectors` (status state machine, cables, locks,
    hardware faults, availability, meters), `tx` (transactions and the queue of transaction
    messages), `config` (configuration keys), `auth` (authorization cache, local list, an idTag
    held until plug-in), `bookings` (reservations), `charging_profiles`.

    Read-only views for tests: `connector_status` (connector -> status, 0 included),
    `transactions` (connector -> transactionId), `reservations` (connector -> reservationId),
    `configuration` (key -> value), `registration` (the registration status on the current
    connection: that of its BootNotification, or Accepted when it resumed without one; None
    while disconnected).

    It boots when it is switched on, power cycled or reset, not when it reconnects (OCPP 1.6
    §4.2): once Accepted, a new connection resumes heartbeats and delivers what waited.
    """
    def __init__(self, settings: ChargePointSettings):
        self.faults = SWITCHES.select(FAULT, settings.faults)  # UnknownSwitch, a ValueError
        self.modes = SWITCHES.select(MODE, settings.modes)
        if settings.connectors < 1:
            raise ValueError("a charge point has at least one connector")
        if settings.heartbeat_interval < 0:
            raise ValueError("heartbeat_interval must not be negative")
        self.settings = settings
        self._start_without_certificate()
        # Its state, one object per concern; each knows what a reboot forgets of it.
        self.config = ConfigurationKeys(settings, self.faults, self.modes)
        self.connectors = Connectors(settings.connectors)
        self.tx = Transactions()
        self.auth = Authorizations()
        self.bookings = ReservationBook()
        self.charging_profiles = ChargingProfiles()
        self.transaction_started: dict[int, float] = {}   # connector -> when its transaction began (epoch)
        # Lifecycle.
        self._running = False
        self._tasks: set[asyncio.Task] = set()
        self._reboot_task: asyncio.Task | None = None
        self._accepted = asyncio.Event()
        self._peer: Peer | None = None
        self._ws: Any = None
        self._registration: str | None = None
        self._heartbeat_task: asyncio.Task | None = None
        self._aligned_task: asyncio.Task | None = None
        # Whether a BootNotification was Accepted since the charge point last booted: a
        # reconnect then needs none. With already_booted that boot happened before the run.
        self._boot_accepted = self.modes.active(Mode.ALREADY_BOOTED)
        self._dropped_after_boot = False
        self._boot_answered = asyncio.Event()  # a BootNotification of the current boot was answered
        self._idle = asyncio.Event()  # no job queued or running
        self._offline = asyncio.Event()  # no connection being served
        self._offline.set()
        self._drop_volatile_state()
        # What changed while offline is reported on reconnect. Before an earlier boot the
        # central system was told every status.
        if self._boot_accepted:
            self.connectors.assume_told()

    @property
    def connector_status(self) -> dict[int, str]:
        return self.connectors.statuses()

    @property
    def transactions(self) -> dict[int, int]:
        return {c: tx.transaction_id for c, tx in self.tx.running().items()}

    @property
    def reservations(self) -> dict[int, int]:
        return self.bookings.by_connector()

    @property
    def configuration(self) -> dict[str, str]:
        return self.config.values()

    @property
    def registration(self) -> str | None:
        return self._registration

    def _check_connector(self, connector: Any, *, zero: bool = False) -> int:
        if isinstance(connector, bool) or not isinstance(connector, int):
            raise TypeError(f"connector must be an integer, not {connector!r}")
        first = 0 if zero else 1
        if not first <= connector <= self.settings.connectors:
            raise ValueError(f"connector {connector} does not exist ({first}..{self.settings.connectors})")
        return connector

    async def plug_in(self, connector: int = 1) -> None:
        c = self._check_connector(connector)
        await self._act(lambda: self._on_plug_in(c))

    async def unplug(self, connector: int = 1) -> None:
        c = self._check_connector(connector)
        await self._act(lambda: self._on_unplug(c))

    async def present_id_tag(self, id_tag: str, connector: int | None = None) -> None:
        if not isinstance(id_tag, str) or not 1 <= len(id_tag) <= 20:
            raise ValueError("an idTag is a string of 1 to 20 characters")
        c = None if connector is None else self._check_connector(connector)
        await self._act(lambda: self._on_id_tag(id_tag, c))

    async def set_faulted(self, connector: int = 1, error_code: str = "OtherError") -> None:
        """A hardware fault on the connector, or on the whole charge point for connector 0."""
        c = self._check_connector(connector, zero=True)
        if error_code not in ERROR_CODES:
            raise ValueError(f"error_code must be an OCPP 1.6 ChargePointErrorCode other than NoError "
                             f"({', '.join(ERROR_CODES)}), not {error_code!r}")
        await self._act(lambda: self._on_fault(c, error_code))

    async def clear_fault(self, connector: int = 1) -> None:
        """The fault set on the connector (0: on the charge point) is repaired, its lock too."""
        c = self._check_connector(connector, zero=True)
        if c > 0:
            self.connectors[c].lock_broken = False
        await self._act(lambda: self._on_fault_cleared(c))

    async def set_lock_failure(self, connector: int = 1) -> None:
        """The connector's lock fails from now on (until clear_fault): it can neither open nor close."""
        c = self._check_connector(connector)
        self.connectors[c].lock_broken = True

    async def unplug_ev_side(self, connector: int = 1) -> None:
        """The cable is pulled out of the EV only; a socket keeps its end (a fixed cable is simply unplugged)."""
        c = self._check_connector(connector)
        if self.settings.fixed_cable:
            await self._act(lambda: self._on_unplug(c))
        else:
            await self._act(lambda: self._on_ev_side_disconnect(c))

    async def suspend_ev(self, connector: int = 1) -> None:
        """The EV at the connector stops drawing energy during its transaction (full, or its own timer)."""
        c = self._check_connector(connector)
        await self._act(lambda: self._on_ev_suspend(c))

    async def resume_ev(self, connector: int = 1) -> None:
        """The EV that suspended charging draws energy again."""
        c = self._check_connector(connector)
        await self._act(lambda: self._on_ev_resume(c))

    async def plug_in_halfway(self, connector: int = 1) -> None:
        """A cable pushed in only halfway: the lock cannot close on it (ConnectorLockFailure)."""
        c = self._check_connector(connector)
        if self.faults.active(Fault.START_DESPITE_LOCK_FAILURE):
            await self._act(lambda: self._on_plug_in(c))
            return
        self.connectors[c].lock_broken = True
        await self._act(lambda: self._on_plug_in_halfway(c))
