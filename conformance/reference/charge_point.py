"""The reference charge point: an OCPP 1.6J charge point simulator that follows the spec.

The suite's charge point test cases run against it to show they pass on a correct
implementation, and against it with fault switches turned on to show that each of them
notices the fault it exists to catch. It shares no code with the harness's checks (only
`conformance.reference.peer` for framing), so a misreading of the specification in a
check cannot be cancelled out by the same misreading here.

Concurrency model: everything the charge point does on its own initiative (reacting to a
cable, a card, a timer or the follow-up of a central system request) is a job run one at
a time by a single worker, so the messages of a session go out in the order the
specification prescribes. Handlers for central system requests only read state, decide
the answer, and queue follow-up jobs that start after the answer has been sent.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import contextvars
import ipaddress
import json
import logging
import re
import signal
import ssl
import sys
import time
import uuid
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from websockets.asyncio.client import connect
from websockets.protocol import State

from conformance.reference import metering
from conformance.reference.auth_cache import AuthorizationCache
from conformance.reference.control import start_control_server
from conformance.reference.peer import CallErrorReceived, CallErrorReply, Peer, payload_error, utc_now

log = logging.getLogger("conformance.reference.charge_point")

FAULTS: dict[str, str] = {
    "local_time_timestamps": "every dateTime is sent with a +02:00 offset instead of UTC",
    "naive_timestamps": "every dateTime is sent without a zone designator",
    "no_status_after_boot": "no StatusNotification after an Accepted BootNotification",
    "no_connector_zero_status": "after boot, StatusNotification only for connectors 1..N, not 0",
    "heartbeat_before_boot": "a Heartbeat is sent on every connection that boots, before the BootNotification",
    "garbage_before_boot": "before each BootNotification on a new connection: a non-JSON frame, a Heartbeat CALL "
                           "with a 37-character message id and a CALLRESULT for no CALL",
    "ignore_boot_interval": "after Rejected/Pending, BootNotification is retried after 0.2 s whatever the interval",
    "heartbeat_ignores_interval": "Heartbeat is sent at 4x the accepted interval",
    "reject_config_while_pending": "while Pending, GetConfiguration/ChangeConfiguration get CALLERROR SecurityError",
    "reject_config_change": "ChangeConfiguration always answers Rejected",
    "no_authorize": "a presented idTag starts a transaction without Authorize",
    "no_preparing": "no StatusNotification Preparing when a cable is plugged in",
    "no_preparing_on_id_tag": "an idTag accepted before plug-in (identification first) gives no StatusNotification Preparing",
    "forget_authorization": "an idTag authorized before plug-in (Preparing shown) is forgotten at plug-in: "
                            "no StartTransaction",
    "start_with_other_id_tag": "StartTransaction carries a different idTag than the one authorized",
    "ignore_connection_timeout": "a connector left Preparing (cable or idTag, no transaction) stays so: "
                                 "ConnectionTimeOut never ends it",
    "early_connection_timeout": "ConnectionTimeOut ends a Preparing connector after half the configured time",
    "reject_remote_start": "RemoteStartTransaction is answered Rejected",
    "remote_start_without_authorize": "a remote start sends no Authorize even where AuthorizeRemoteTxRequests is true",
    "remote_start_on_busy_connector": "RemoteStartTransaction for a connector with a transaction is Accepted "
                                      "(and then ignored)",
    "remote_start_on_connector_zero": "RemoteStartTransaction for connectorId 0 is Accepted, on a free connector",
    "remote_stop_unknown_transaction": "RemoteStopTransaction for an unknown transactionId is Accepted "
                                       "(and stops the running transaction)",
    "stop_with_any_id_tag": "any idTag presented during a transaction stops it, not only the one that started it",
    "config_key_missing": "GetConfiguration never reports ResetRetries, a required Core key",
    "config_readonly_wrong": "GetConfiguration reports HeartbeatInterval read-only (it is read-write)",
    "config_drops_last_key": "GetConfiguration with several keys leaves the last requested key out",
    "config_change_not_applied": "ChangeConfiguration answers Accepted but keeps the old value",
    "unknown_key_rejected": "ChangeConfiguration of an unknown key is answered Rejected, not NotSupported",
    "accept_invalid_config_value": "ChangeConfiguration with an invalid value is answered Accepted (the value is not kept)",
    "data_transfer_accepted": "DataTransfer of an unknown vendorId is answered Accepted",
    "data_transfer_error": "DataTransfer is answered with CALLERROR NotSupported instead of a DataTransfer.conf",
    "reject_reset": "Reset is answered Rejected",
    "reset_forgets_availability": "a Reset forgets which connectors were made Inoperative",
    "reset_stop_reason_other": "a transaction stopped by a Reset reports reason Other, not HardReset or SoftReset",
    "reset_without_finishing": "a Reset stops the transaction without StatusNotification(Finishing) before the reboot",
    "unlock_fails": "UnlockConnector is answered UnlockFailed",
    "unlock_without_stop": "UnlockConnector during a transaction answers Unlocked but the transaction goes on",
    "fixed_cable_unlocks": "with a fixed cable, UnlockConnector is answered Unlocked instead of NotSupported",
    "unlock_ignores_lock_failure": "UnlockConnector answers Unlocked even when the connector's lock has failed",
    "unlock_unknown_connector_failed": "UnlockConnector for an unknown connectorId answers UnlockFailed, not NotSupported",
    "start_despite_lock_failure": "a cable plugged in halfway (the lock cannot close) is taken as plugged in: "
                                  "no fault, the transaction starts",
    "ev_disconnect_reason_local": "a transaction stopped by an EV-side disconnect reports reason Local, not EVDisconnected",
    "ev_disconnect_always_stops": "an EV-side disconnect stops the transaction even with StopTransactionOnEVSideDisconnect "
                                  "false",
    "parent_id_tag_ignored": "an idTag presented during a transaction is not checked for the transaction's parentIdTag: "
                             "only the starting idTag stops it",
    "sample_interval_doubled": "sampled meter values come every 2x MeterValueSampleInterval",
    "sampled_context_clock": "sampled (periodic) meter values carry context Sample.Clock",
    "clock_aligned_off_boundary": "clock-aligned meter values come half an interval after each boundary, "
                                  "timestamped when sent",
    "no_clock_aligned_data": "ClockAlignedDataInterval is stored but no clock-aligned meter values are sent",
    "start_despite_invalid": "an idTag answered other than Accepted in Authorize (local or remote start) starts a "
                             "transaction all the same",
    "cache_ignored": "the authorization cache is never used: a cached idTag is always authorized online",
    "clear_cache_keeps_entries": "ClearCache answers Accepted but the cache keeps its entries",
    "start_while_faulted": "a Faulted connector still takes a cable and an idTag and starts a transaction",
    "power_cycle_forgets_availability": "a power cycle forgets which connectors were made Inoperative",
    "offline_transaction_messages_lost": "transaction messages (StopTransaction, sampled MeterValues) made while "
                                         "offline are dropped, not queued",
    "no_offline_start": "offline, no idTag is authorized locally (LocalAuthorizeOffline, AllowOfflineTxForUnknownId "
                        "ignored): nothing starts",
    "offline_invalid_keeps_charging": "a transaction started offline whose idTag the central system then answers "
                                      "Invalid goes on charging",
    "backup_power_unused": "with backup power, a power cut still ends the transactions without StopTransaction "
                           "before going down",
    "no_power_loss_stop": "a transaction cut by a power failure is forgotten: no StopTransaction after the reboot",
    "reject_remote_stop": "RemoteStopTransaction is answered Rejected (the transaction goes on)",
    "remote_stop_reason_local": "a transaction stopped by RemoteStopTransaction reports reason Local, not Remote",
    "wrong_callerror_code": "CALLERRORs use 2.0.1 code spellings (FormatViolation, ...)",
    "reused_message_id": "every CALL uses the same message id",
    "basic_auth_unpadded": "the basic auth credentials are base64 without its = padding",
    "tls_any_server_certificate": "TLS: the central system's certificate is not checked against the root",
    "tls_missing_cipher_suite": "TLS: TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 is not offered",
    "tls_1_0_and_1_1": "TLS: versions 1.0 and 1.1 are offered too",
    "certificate_wrong_cn": "TLS: presents the test PKI's charge-point-wrong-cn.pem (subject CN not its identity)",
    "accept_security_profile_downgrade": "ChangeConfiguration SecurityProfile to a lower profile is Accepted",
    "keeps_old_authorization_key": "a new AuthorizationKey is Accepted, but it reconnects with the old one",
    "upgrade_without_certificate": "SecurityProfile 3 is Accepted, but it reconnects without its client certificate",
    "no_client_certificate": "TLS with security profile 3: connects without presenting its client certificate",
    "rejects_unusual_timestamps": "a ReserveNow expiryDate with fractional seconds or +00:00 is refused with "
                                  "PropertyConstraintViolation",
}
_PEER_FAULTS = frozenset({"wrong_callerror_code", "reused_message_id"})

# Behaviours the specification allows besides the default one; a test case must accept each.
MODES: dict[str, str] = {
    "sync_actions": "operator actions return only once every CALL they provoked is answered (at most call_timeout)",
    "already_booted": "Accepted before the run: no BootNotification on the first connection, just heartbeats",
    "preparing_before_authorize": "identification first: StatusNotification Preparing before Authorize, not after",
    "charging_before_start": "StatusNotification Charging before StartTransaction, not after",
    "finishing_before_stop": "StatusNotification Finishing before StopTransaction, not after",
    "remote_start_zero_callerror": "RemoteStartTransaction for connectorId 0 is answered with CALLERROR "
                                   "PropertyConstraintViolation, not Rejected",
    "invalid_value_callerror": "ChangeConfiguration with an invalid value gets CALLERROR PropertyConstraintViolation, "
                               "not Rejected",
    "soft_reset_without_reboot": "a Soft Reset stops transactions but does not reboot (no new connection, no boot)",
    "stop_after_reset_boot": "a Hard Reset queues the StopTransaction of a running transaction and sends it "
                             "after the new boot",
    "resume_after_power_loss": "a transaction cut by a power failure (cable still in) goes on after the reboot "
                               "instead of ending with reason PowerLoss",
    "reconnect_after_boot": "its first accepted boot is followed by a lost connection and a reconnect without boot, "
                            "before it reports any connector",
    "security_profile_reboot_required": "a higher SecurityProfile is answered RebootRequired and used from the "
                                        "next boot on, not at once",
}

CHARGING_POWER_W = 11_000
_MAX_BACKOFF = 10.0
_RESERVATION_TIMER_STEP = 60.0  # the expiry timer re-reads the wall clock at least this often

# ChargePointErrorCode of OCPP 1.6 §7.7, NoError aside: what a fault can be reported as.
ERROR_CODES = (
    "ConnectorLockFailure", "EVCommunicationError", "GroundFailure", "HighTemperature", "InternalError",
    "LocalListConflict", "OtherError", "OverCurrentFailure", "OverVoltage", "PowerMeterFailure",
    "PowerSwitchFailure", "ReaderFailure", "ResetFailure", "UnderVoltage", "WeakSignal",
)


@dataclass
class ChargePointSettings:
    url: str
    charge_point_id: str = "CP_1"
    connectors: int = 2
    vendor: str = "OCPPConformance"
    model: str = "ReferenceCP"
    serial: str = "REF-0001"
    firmware: str = "1.0.0"
    password: str | None = None
    # TLS (security profiles 2 and 3, a wss:// url): the central system's root, and with
    # profile 3 this charge point's certificate and key (PEM files).
    ca_certificate: str | None = None
    certificate: str | None = None
    private_key: str | None = None
    # The security profile it starts with; None: 3 with a certificate on wss://, 2 on wss://,
    # 1 with a password, else 0. A certificate with profile 2 allows the upgrade to 3.
    security_profile: int | None = None
    faults: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    heartbeat_interval: int = 0  # HeartbeatInterval as an earlier Accepted boot left it
    call_timeout: float = 10.0
    reconnect_delay: float = 1.0
    default_boot_retry: float = 5.0
    fixed_cable: bool = False  # a cable fixed to the charge point: nothing to unlock
    backup_power: bool = False  # enough power to stop transactions when the mains power fails


# ---------------------------------------------------------------------------
# Configuration keys


def _non_negative_int(value: str) -> str | None:
    value = value.strip()
    if not value.isdigit() or int(value) > 2**31 - 1:
        return None
    return str(int(value))


def _boolean(value: str) -> str | None:
    value = value.strip().lower()
    return value if value in ("true", "false") else None


_MEASURANDS = ("Energy.Active.Import.Register", "Power.Active.Import", "Current.Import", "Current.Offered", "Voltage")
_MEASURAND_LIST_MAX = len(_MEASURANDS)


def _measurand_list(*, allow_empty: bool) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        items = [item.strip() for item in value.split(",")] if value.strip() else []
        if not items and not allow_empty:
            return None
        if len(items) > _MEASURAND_LIST_MAX or any(item not in _MEASURANDS for item in items):
            return None
        return ",".join(items)

    return check


_PHASE_ITEM = re.compile(r"^\d+\.(RST|RTS|SRT|STR|TRS|TSR|NotApplicable|Unknown)$")


def _phase_rotation(connectors: int) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        items = [item.strip() for item in value.split(",")]
        if not all(_PHASE_ITEM.match(item) for item in items):
            return None
        if any(int(item.split(".")[0]) > connectors for item in items):
            return None
        return ",".join(items)

    return check


@dataclass
class _Key:
    value: str
    readonly: bool
    check: Callable[[str], str | None] | None = None  # normalised value, or None if invalid


def _default_configuration(settings: ChargePointSettings) -> dict[str, _Key]:
    n = settings.connectors
    rw_int, rw_bool = _non_negative_int, _boolean
    keys = {
        "AllowOfflineTxForUnknownId": _Key("false", False, rw_bool),
        "AuthorizationCacheEnabled": _Key("false", False, rw_bool),
        "AuthorizeRemoteTxRequests": _Key("true", False, rw_bool),
        "ClockAlignedDataInterval": _Key("0", False, rw_int),
        "ConnectionTimeOut": _Key("30", False, rw_int),
        "ConnectorPhaseRotation": _Key(",".join(f"{c}.RST" for c in range(n + 1)), False, _phase_rotation(n)),
        "GetConfigurationMaxKeys": _Key("50", True),
        "HeartbeatInterval": _Key(str(settings.heartbeat_interval), False, rw_int),
        "LocalAuthorizeOffline": _Key("false", False, rw_bool),
        "LocalPreAuthorize": _Key("false", False, rw_bool),
        "MeterValuesAlignedData": _Key("Energy.Active.Import.Register", False, _measurand_list(allow_empty=True)),
        "MeterValuesSampledData": _Key("Energy.Active.Import.Register", False, _measurand_list(allow_empty=False)),
        "MeterValuesSampledDataMaxLength": _Key(str(_MEASURAND_LIST_MAX), True),
        "MeterValueSampleInterval": _Key("0", False, rw_int),
        "MinimumStatusDuration": _Key("0", False, rw_int),
        "NumberOfConnectors": _Key(str(n), True),
        # Reservations of connector 0 (one of any connectors kept free) are not implemented.
        "ReserveConnectorZeroSupported": _Key("false", True),
        "ResetRetries": _Key("1", False, rw_int),
        "StopTransactionOnEVSideDisconnect": _Key("true", False, rw_bool),
        "StopTransactionOnInvalidId": _Key("true", False, rw_bool),
        "StopTxnAlignedData": _Key("", False, _measurand_list(allow_empty=True)),
        "StopTxnSampledData": _Key("", False, _measurand_list(allow_empty=True)),
        "SupportedFeatureProfiles": _Key("Core,RemoteTrigger,Reservation", True),
        "TransactionMessageAttempts": _Key("3", False, rw_int),
        "TransactionMessageRetryInterval": _Key("60", False, rw_int),
        "UnlockConnectorOnEVSideDisconnect": _Key("true", False, rw_bool),
        "WebSocketPingInterval": _Key("0", False, rw_int),
    }
    profile = 0 if settings.password is None else 1
    if settings.url.startswith("wss://"):
        profile = 3 if settings.certificate else 2
    if settings.security_profile is not None:
        profile = settings.security_profile

    def security_profile(value: str) -> str | None:
        # Security Whitepaper, "Security Profiles": a lower profile SHALL be rejected; a higher one
        # is taken when this charge point has what it needs: from 2 to 3 its client certificate
        # (from 1 to 2 it would need a wss:// address, which it is not given).
        value, now = value.strip(), keys["SecurityProfile"].value
        if value not in ("0", "1", "2", "3"):
            return None
        if "accept_security_profile_downgrade" in settings.faults and value < now:
            return value
        if (now, value) == ("2", "3") and settings.certificate and settings.private_key:
            return value
        return value if value == now else None

    keys["SecurityProfile"] = _Key(str(profile), False, security_profile)
    return keys


def _parse_datetime(text: str) -> datetime | None:
    """An OCPP dateTime; one without a zone designator is taken as UTC."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# ---------------------------------------------------------------------------
# Sending follow-ups after the answer


# Peer runs each incoming CALL in its own task and sends the answer from that task, so a
# context variable set by a handler is visible when its answer goes out.
_AFTER_REPLY: contextvars.ContextVar[list[Callable[[], None]] | None] = contextvars.ContextVar(
    "after_reply", default=None
)


class _Wire:
    """Wraps the websocket to run a handler's follow-ups only once its answer is sent."""

    def __init__(self, ws: Any):
        self.ws = ws

    def __aiter__(self):
        return self.ws.__aiter__()

    async def send(self, text: str) -> None:
        await self.ws.send(text)
        hooks = _AFTER_REPLY.get()
        if hooks and text.lstrip("[ ")[:1] in ("3", "4"):
            pending = list(hooks)
            hooks.clear()
            for hook in pending:
                hook()


def _after_reply(hook: Callable[[], None]) -> None:
    hooks = _AFTER_REPLY.get()
    if hooks is None:
        hooks = []
        _AFTER_REPLY.set(hooks)
    hooks.append(hook)


# ---------------------------------------------------------------------------
# The charge point


@dataclass
class _Connector:
    plugged: bool = False
    transaction_id: int | None = None
    id_tag: str | None = None  # the tag that started the transaction (a second presentation stops it)
    parent_id_tag: str | None = None  # its parentIdTag: another idTag with the same parent stops it too
    meter_task: asyncio.Task | None = None
    preparing_timer: asyncio.TimerHandle | None = None
    lock_broken: bool = False  # the lock cannot open or close (set_lock_failure, a cable in halfway)


@dataclass
class _Authorization:
    """An idTag accepted before a cable was plugged in, valid for ConnectionTimeOut."""

    id_tag: str
    connector: int | None  # None: any connector
    preparing_on: int | None  # the connector shown as Preparing meanwhile
    parent_id_tag: str | None = None  # from Authorize.conf; it may open a reservation
    timer: asyncio.TimerHandle | None = None


@dataclass
class _Reservation:
    """A ReserveNow.req accepted for one connector, until expiry, cancellation or its transaction."""

    reservation_id: int
    connector: int
    id_tag: str
    parent_id_tag: str | None
    expiry: datetime
    timer: asyncio.Task | None = None

    def admits(self, id_tag: str, parent_id_tag: str | None) -> bool:
        """OCPP 1.6 §5.13: the incoming idTag or its parent matches the reservation's idTag or parent."""
        offered = {id_tag, parent_id_tag} - {None}
        return bool(offered & ({self.id_tag, self.parent_id_tag} - {None}))

    def may_admit(self, id_tag: str) -> bool:
        """Before Authorize the parent of id_tag is unknown; it can still match a reservation's parent."""
        return self.parent_id_tag is not None or self.admits(id_tag, None)


@dataclass
class _Meter:
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


Job = Callable[[], Awaitable[None]]


class ReferenceChargePoint:
    """An OCPP 1.6J charge point with Core, RemoteTrigger and Reservation profiles.

    Read-only views for tests: `connector_status` (connector -> status, 0 included),
    `transactions` (connector -> transactionId), `reservations` (connector -> reservationId),
    `configuration` (key -> value), `registration` (the registration status on the current
    connection: that of its BootNotification, or Accepted when it resumed without one; None
    while disconnected).

    It boots when it is switched on, power cycled or reset, not when it reconnects (OCPP 1.6
    §4.2): once Accepted, a new connection resumes heartbeats and delivers what waited.
    """

    def __init__(self, settings: ChargePointSettings):
        unknown = set(settings.faults) - FAULTS.keys()
        if unknown:
            raise ValueError(f"unknown fault switch(es): {', '.join(sorted(unknown))}")
        unknown = set(settings.modes) - MODES.keys()
        if unknown:
            raise ValueError(f"unknown mode(s): {', '.join(sorted(unknown))}")
        if settings.connectors < 1:
            raise ValueError("a charge point has at least one connector")
        if settings.heartbeat_interval < 0:
            raise ValueError("heartbeat_interval must not be negative")
        self.settings = settings
        self.faults = frozenset(settings.faults)
        self.modes = frozenset(settings.modes)
        # Kept across power cycles.
        self._config = _default_configuration(settings)
        self._inoperative: set[int] = set()
        # Hardware faults (connector -> ChargePointErrorCode, 0: the whole charge point) last
        # until cleared, reboots included.
        self._errors: dict[int, str] = {}
        self._meters = {c: _Meter() for c in range(1, settings.connectors + 1)}
        self._undelivered: list[tuple[str, dict]] = []  # transaction messages for the next connection
        self._cache = AuthorizationCache()
        self._offline_starts: dict[int, tuple[int, int]] = {}  # id(queued StartTransaction) -> connector, local id
        self._local_ids = 0
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
        self._boot_accepted = "already_booted" in self.modes
        self._dropped_after_boot = False
        self._boot_answered = asyncio.Event()  # a BootNotification of the current boot was answered
        self._idle = asyncio.Event()  # no job queued or running
        self._offline = asyncio.Event()  # no connection being served
        self._offline.set()
        self._drop_volatile_state()
        # The status the central system was last told per connector; what changed while
        # offline is reported on reconnect. Before an earlier boot it was told everything.
        self._reported: dict[int, str] = dict(self._status) if self._boot_accepted else {}

    # -- read-only views -------------------------------------------------------------

    @property
    def connector_status(self) -> dict[int, str]:
        return dict(self._status)

    @property
    def transactions(self) -> dict[int, int]:
        return {c: conn.transaction_id for c, conn in self._connectors.items() if conn.transaction_id is not None}

    @property
    def reservations(self) -> dict[int, int]:
        return {res.connector: res.reservation_id for res in self._reservations.values()}

    @property
    def configuration(self) -> dict[str, str]:
        return {name: key.value for name, key in self._config.items()}

    @property
    def registration(self) -> str | None:
        return self._registration

    # -- lifecycle ---------------------------------------------------------------------

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
        if self.settings.backup_power and "backup_power_unused" not in self.faults:
            deadline = self._deadline()
            for c in list(self._connectors):
                self._enqueue(lambda c=c: self._stop_transaction(c, "PowerLoss"))
            await self._settle(deadline)
        await self._power_down()

    async def power_on(self) -> None:
        """The power comes back: the charge point boots."""
        deadline = self._deadline()
        await self.start()
        if "sync_actions" in self.modes:
            await self._wait_for(self._boot_answered, deadline, "BootNotification answered")
            await self._settle(deadline)

    async def _power_cycle(self) -> None:
        await self._power_down()
        await self.start()

    async def _power_down(self) -> None:
        await self.stop()
        for c, conn in self._connectors.items():
            if conn.transaction_id is not None and "no_power_loss_stop" not in self.faults \
                    and not ("resume_after_power_loss" in self.modes and conn.plugged):
                # A real charge point reports the interrupted transaction after reboot.
                self._meters[c].run(False)
                self._undelivered.append(("StopTransaction", {
                    "transactionId": conn.transaction_id,
                    "meterStop": self._meters[c].read(),
                    "timestamp": self._now(),
                    "reason": "PowerLoss",
                }))
        if "power_cycle_forgets_availability" in self.faults:
            self._inoperative.clear()
        self._boot_accepted = False
        self._boot_answered.clear()
        self._reported.clear()
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
        n = self.settings.connectors
        before = getattr(self, "_connectors", {})
        plugged = {c for c, conn in before.items() if conn.plugged}
        self._connectors = {c: _Connector(plugged=c in plugged) for c in range(1, n + 1)}
        for meter in self._meters.values():
            meter.run(False)
        # resume_after_power_loss: a transaction of a plugged connector goes on after the reboot.
        resumed = {c: conn for c, conn in before.items()
                   if "resume_after_power_loss" in self.modes and conn.transaction_id is not None and conn.plugged}
        for c, conn in resumed.items():
            kept = self._connectors[c]
            kept.transaction_id, kept.id_tag, kept.parent_id_tag = conn.transaction_id, conn.id_tag, conn.parent_id_tag
            self._meters[c].run(True)
        # Reservations are not kept across a reboot: the boot StatusNotifications show them gone.
        self._reservations: dict[int, _Reservation] = {}  # by reservationId
        self._status = {c: self._idle_status(c) for c in range(0, n + 1)}
        for c in plugged:
            if self._status[c] == "Available":
                self._status[c] = "Charging" if c in resumed else "Preparing"
        self._authorization: _Authorization | None = None
        self._jobs: asyncio.Queue[Job] = asyncio.Queue()
        self._unfinished_jobs = 0  # queued or running
        self._idle.set()

    def _spawn(self, coro: Awaitable[None]) -> asyncio.Task:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _cancel_timers(self) -> None:
        for conn in self._connectors.values():
            if conn.preparing_timer is not None:
                conn.preparing_timer.cancel()
                conn.preparing_timer = None
            conn.meter_task = None  # the task itself is in self._tasks
        if self._authorization is not None and self._authorization.timer is not None:
            self._authorization.timer.cancel()
        self._heartbeat_task = None

    # -- actions of the user and the EV ---------------------------------------------------

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
            self._connectors[c].lock_broken = False
        await self._act(lambda: self._on_fault_cleared(c))

    async def set_lock_failure(self, connector: int = 1) -> None:
        """The connector's lock fails from now on (until clear_fault): it can neither open nor close."""
        c = self._check_connector(connector)
        self._connectors[c].lock_broken = True

    async def unplug_ev_side(self, connector: int = 1) -> None:
        """The cable is pulled out of the EV only; a socket keeps its end (a fixed cable is simply unplugged)."""
        c = self._check_connector(connector)
        if self.settings.fixed_cable:
            await self._act(lambda: self._on_unplug(c))
        else:
            await self._act(lambda: self._on_ev_side_disconnect(c))

    async def plug_in_halfway(self, connector: int = 1) -> None:
        """A cable pushed in only halfway: the lock cannot close on it (ConnectorLockFailure)."""
        c = self._check_connector(connector)
        if "start_despite_lock_failure" in self.faults:
            await self._act(lambda: self._on_plug_in(c))
            return
        self._connectors[c].lock_broken = True
        await self._act(lambda: self._on_plug_in_halfway(c))

    async def _act(self, job: Job) -> None:
        """Queue what an operator action sets off; with sync_actions, wait until it is done."""
        deadline = self._deadline()
        self._enqueue(job)
        if "sync_actions" in self.modes:
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

    # -- the job worker ---------------------------------------------------------------------

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

    # -- connection and registration -----------------------------------------------------

    def _url(self) -> str:
        return f"{self.settings.url.rstrip('/')}/{self.settings.charge_point_id}"

    async def _connection_loop(self) -> None:
        delay = self.settings.reconnect_delay
        cap = max(_MAX_BACKOFF, self.settings.reconnect_delay)
        while self._running:
            context = self._tls_context() if self.settings.url.startswith("wss://") else None
            headers = {}
            if self.settings.password is not None and self._security_profile() in (1, 2):
                credentials = f"{self.settings.charge_point_id}:{self.settings.password}"
                token = base64.b64encode(credentials.encode()).decode()
                if "basic_auth_unpadded" in self.faults:
                    token = token.rstrip("=")
                headers["Authorization"] = f"Basic {token}"
            ping = int(self._config["WebSocketPingInterval"].value)
            try:
                async with connect(
                    self._url(),
                    subprotocols=["ocpp1.6"],
                    additional_headers=headers,
                    open_timeout=10,
                    close_timeout=2,
                    ping_interval=ping or None,
                    ssl=context,
                ) as ws:
                    delay = self.settings.reconnect_delay
                    log.info("%s: connected to %s", self.settings.charge_point_id, self._url())
                    await self._serve_connection(ws)
                    log.info("%s: connection closed", self.settings.charge_point_id)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.info("%s: connection to %s failed: %s", self.settings.charge_point_id, self._url(), exc)
            if not self._running:
                return
            await asyncio.sleep(delay)
            delay = min(delay * 2, cap)

    def _security_profile(self) -> int:
        return int(self._config["SecurityProfile"].value)

    async def set_security_profile(self, profile: int) -> None:
        """The installer sets the security profile locally (no downgrade rule applies); it reconnects."""
        self._config["SecurityProfile"].value = str(profile)
        log.info("%s: security profile set to %d locally", self.settings.charge_point_id, profile)
        await self.drop_connection()

    def _tls_context(self) -> ssl.SSLContext:
        """TLS 1.2 or higher, the whitepaper's suites, the server checked against the root."""
        s = self.settings
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        suites = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384"]
        if "tls_missing_cipher_suite" in self.faults:
            suites = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"]
        if "tls_1_0_and_1_1" in self.faults:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                context.minimum_version = ssl.TLSVersion.TLSv1
            suites += ["ECDHE-ECDSA-AES128-SHA", "@SECLEVEL=0"]
        context.set_ciphers(":".join(suites))
        if "tls_any_server_certificate" in self.faults:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        elif s.ca_certificate:
            context.load_verify_locations(cafile=s.ca_certificate)
        upgraded_badly = ("upgrade_without_certificate" in self.faults and s.security_profile != 3) \
            or "no_client_certificate" in self.faults
        if s.certificate and s.private_key and self._security_profile() == 3 and not upgraded_badly:
            certificate = s.certificate
            if "certificate_wrong_cn" in self.faults:
                certificate = str(Path(s.certificate).with_name("charge-point-wrong-cn.pem"))
            context.load_cert_chain(certificate, s.private_key)
        return context

    async def _serve_connection(self, ws: Any) -> None:
        peer = Peer(
            _Wire(ws),
            self._handlers(),
            call_timeout=self.settings.call_timeout,
            faults=self.faults & _PEER_FAULTS,
            name=self.settings.charge_point_id,
        )
        self._peer, self._registration, self._ws = peer, None, ws
        self._accepted.clear()
        self._offline.clear()
        boot = None
        if self._boot_accepted:
            log.info("%s: registered before; resuming without BootNotification", self.settings.charge_point_id)
            self._registration = "Accepted"
            self._accepted.set()
            self._restart_heartbeat()
            self._restart_meter_tasks()
            self._enqueue(self._resume)
        else:
            boot = self._spawn(self._boot_loop(peer))
        try:
            await peer.run()
        finally:
            if boot is not None:
                boot.cancel()
            if self._heartbeat_task is not None:
                self._heartbeat_task.cancel()
                self._heartbeat_task = None
            if self._aligned_task is not None:
                self._aligned_task.cancel()
                self._aligned_task = None
            if self._peer is peer:
                self._peer, self._registration, self._ws = None, None, None
                self._accepted.clear()
                self._offline.set()

    async def _boot_loop(self, peer: Peer) -> None:
        if "garbage_before_boot" in self.faults:
            for frame in ("this is not json", json.dumps([2, f"{uuid.uuid4()}x", "Heartbeat", {}]),
                          json.dumps([3, "no-such-call", {}])):
                await peer.send_raw(frame)
        if "heartbeat_before_boot" in self.faults:
            try:
                await peer.call("Heartbeat", {})
            except Exception:  # only the fault's own message; the boot follows regardless
                log.info("%s: Heartbeat before boot not answered", self.settings.charge_point_id)
        while True:
            status, interval = await self._send_boot(peer)
            if status == "Accepted":
                return
            delay = interval if interval > 0 else self.settings.default_boot_retry
            if status in ("Pending", "Rejected") and "ignore_boot_interval" in self.faults:
                delay = 0.2
            try:
                # A BootNotification triggered by the central system may be accepted meanwhile.
                await asyncio.wait_for(self._accepted.wait(), delay)
                return
            except TimeoutError:
                pass

    async def _send_boot(self, peer: Peer) -> tuple[str | None, int]:
        payload = {
            "chargePointVendor": self.settings.vendor,
            "chargePointModel": self.settings.model,
            "chargePointSerialNumber": self.settings.serial,
            "firmwareVersion": self.settings.firmware,
        }
        answered, conf = await self._call_answered(peer, "BootNotification", payload)
        if conf is None or peer is not self._peer:
            if answered and peer is self._peer:
                self._boot_answered.set()
            return None, 0
        status, interval = conf["status"], conf["interval"]
        self._registration = status
        self._boot_accepted = status == "Accepted"  # a triggered BootNotification may be answered otherwise
        log.info("%s: BootNotification %s (interval %s)", self.settings.charge_point_id, status, interval)
        if status == "Accepted":
            if interval > 0:
                self._config["HeartbeatInterval"].value = str(interval)
            first = not self._accepted.is_set()
            self._accepted.set()
            self._restart_heartbeat()
            if first and "reconnect_after_boot" in self.modes and not self._dropped_after_boot:
                self._dropped_after_boot = True
                self._spawn(self.drop_connection())
            elif first:
                self._enqueue(self._after_boot)
                self._restart_meter_tasks()
        self._boot_answered.set()
        return status, interval

    def _restart_meter_tasks(self) -> None:
        for c, conn in self._connectors.items():
            if conn.transaction_id is not None and conn.meter_task is None:
                self._start_meter_task(c)

    async def _after_boot(self) -> None:
        if "no_status_after_boot" not in self.faults:
            first = 1 if "no_connector_zero_status" in self.faults else 0
            for c in range(first, self.settings.connectors + 1):
                await self._notify_status(c)
        await self._deliver_undelivered()

    async def _resume(self) -> None:
        """After a reconnect without reboot: what waited, then the statuses that changed meanwhile."""
        await self._deliver_undelivered()
        for c in sorted(self._reported):
            if self._registration == "Accepted" and self._reported[c] != self._status[c]:
                await self._notify_status(c)

    async def _deliver_undelivered(self) -> None:
        while self._undelivered and self._registration == "Accepted":
            action, payload = self._undelivered[0]
            conf = await self._send(action, payload)
            if conf is None and self._registration != "Accepted":
                return  # connection lost again: keep it for the next one
            self._undelivered.pop(0)
            if action == "StartTransaction" and conf is not None:
                await self._started_late(payload, conf)

    def _restart_heartbeat(self) -> None:
        if self._heartbeat_task is not None:
            self._heartbeat_task.cancel()
            self._heartbeat_task = None
        if self._registration == "Accepted" and self._running:
            self._heartbeat_task = self._spawn(self._heartbeat_loop())
        self._restart_aligned_data()

    def _restart_aligned_data(self) -> None:
        if self._aligned_task is not None:
            self._aligned_task.cancel()
            self._aligned_task = None
        if self._registration == "Accepted" and self._running and "no_clock_aligned_data" not in self.faults:
            self._aligned_task = self._spawn(self._aligned_data_loop())

    async def _aligned_data_loop(self) -> None:
        """Clock-aligned meter values of every connector with a transaction (OCPP 1.6 §9.1 ClockAlignedDataInterval)."""
        while True:
            interval = int(self._config["ClockAlignedDataInterval"].value)
            if interval <= 0:
                return  # restarted when the interval changes
            off = interval / 2 if "clock_aligned_off_boundary" in self.faults else 0.0
            now = datetime.now(UTC)
            boundary = metering.next_boundary(now, interval, offset=off)
            await asyncio.sleep((boundary - now).total_seconds())
            at = None if off else boundary
            self._enqueue(lambda at=at: self._aligned_meter_values(at))

    async def _aligned_meter_values(self, at: datetime | None) -> None:
        for c, conn in self._connectors.items():
            if conn.transaction_id is not None:
                await self._send("MeterValues", self._meter_values(c, "Sample.Clock", at=at))

    async def _heartbeat_loop(self) -> None:
        while True:
            interval = int(self._config["HeartbeatInterval"].value)
            if interval <= 0:
                return  # restarted when the interval changes
            if "heartbeat_ignores_interval" in self.faults:
                interval *= 4
            await asyncio.sleep(interval)
            await self._send("Heartbeat", {})

    # -- sending -----------------------------------------------------------------------------

    def _now(self, at: datetime | None = None) -> str:
        """Now (or `at`) as a dateTime, as the timestamp faults have it."""
        if at is None:
            if "local_time_timestamps" in self.faults:
                return utc_now(timedelta(hours=2))
            if "naive_timestamps" in self.faults:
                return utc_now(naive=True)
            return utc_now()
        at = at.replace(microsecond=0)
        if "local_time_timestamps" in self.faults:
            return at.astimezone(timezone(timedelta(hours=2))).isoformat()
        if "naive_timestamps" in self.faults:
            return at.replace(tzinfo=None).isoformat()
        return at.isoformat().replace("+00:00", "Z")

    async def _call(self, peer: Peer, action: str, payload: dict) -> dict | None:
        """Send a CALL; None (after logging why) when no valid CALLRESULT came back."""
        return (await self._call_answered(peer, action, payload))[1]

    async def _call_answered(self, peer: Peer, action: str, payload: dict) -> tuple[bool, dict | None]:
        """Whether any answer came back (CALLERROR and invalid payloads included), and the valid one."""
        try:
            conf = await peer.call(action, payload)
        except CallErrorReceived as exc:
            log.info("%s: %s answered with CALLERROR %s", self.settings.charge_point_id, action, exc)
            return True, None
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.info("%s: %s not answered: %r", self.settings.charge_point_id, action, exc)
            return False, None
        problem = payload_error(action, conf, response=True)
        if problem is not None:
            log.info("%s: invalid %s.conf: %s", self.settings.charge_point_id, action, problem)
            return True, None
        if "idTagInfo" in conf and payload.get("idTag") and self._config["AuthorizationCacheEnabled"].value == "true":
            self._cache.remember(payload["idTag"], conf["idTagInfo"])
        return True, conf

    def _pre_authorized(self, id_tag: str) -> dict | None:
        """LocalPreAuthorize: an idTag the cache holds as Accepted needs no Authorize (its idTagInfo)."""
        if "cache_ignored" in self.faults or self._config["LocalPreAuthorize"].value != "true" \
                or self._config["AuthorizationCacheEnabled"].value != "true":
            return None
        return self._cache.accepted(id_tag)

    def _out_of_reach(self) -> bool:
        return self._peer is None or self._registration != "Accepted"

    def _offline_authorized(self, id_tag: str) -> dict | None:
        """OCPP 1.6 §3.5: offline, LocalAuthorizeOffline accepts an idTag the cache holds as Accepted,
        AllowOfflineTxForUnknownId one the cache does not know."""
        if "no_offline_start" in self.faults:
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

    async def _send(self, action: str, payload: dict, *, allow_pending: bool = False) -> dict | None:
        """Send a request if registration allows it: Accepted, or Pending when triggered."""
        peer = self._peer
        allowed = ("Accepted", "Pending") if allow_pending else ("Accepted",)
        if peer is None or self._registration not in allowed:
            log.info("%s: %s not sent: not registered", self.settings.charge_point_id, action)
            return None
        return await self._call(peer, action, payload)

    async def _set_status(self, c: int, status: str, *, notify: bool = True) -> None:
        """notify=False is for faults that keep a status to themselves: it counts as told."""
        if self._status[c] == status:
            return
        self._status[c] = status
        log.info("%s: connector %d is %s", self.settings.charge_point_id, c, status)
        if notify:
            await self._notify_status(c)
        elif c in self._reported:
            self._reported[c] = status

    async def _notify_status(self, c: int, *, allow_pending: bool = False) -> None:
        status = self._status[c]
        error_code = self._error_code(c) if status == "Faulted" else "NoError"
        payload = {"connectorId": c, "errorCode": error_code, "status": status, "timestamp": self._now()}
        if await self._send("StatusNotification", payload, allow_pending=allow_pending) is not None:
            self._reported[c] = status

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

    # -- sessions ------------------------------------------------------------------------------

    def _usable(self, c: int) -> bool:
        conn = self._connectors[c]
        if "start_while_faulted" in self.faults:
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
        if "ignore_connection_timeout" in self.faults:
            return 0
        return timeout / 2 if "early_connection_timeout" in self.faults else timeout

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
        await self._set_status(c, "Preparing", notify="no_preparing_on_id_tag" not in self.faults)

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
        if auth is not None and "forget_authorization" in self.faults:
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
        await self._set_status(c, "Preparing", notify="no_preparing" not in self.faults)
        self._arm_preparing_timer(c)

    async def _on_ev_side_disconnect(self, c: int) -> None:
        """OCPP 1.6 §9.1 StopTransactionOnEVSideDisconnect: stop (reason EVDisconnected), or suspend."""
        conn = self._connectors[c]
        if conn.transaction_id is None:
            return
        stop = self._config["StopTransactionOnEVSideDisconnect"].value == "true"
        if stop or "ev_disconnect_always_stops" in self.faults:
            reason = "Local" if "ev_disconnect_reason_local" in self.faults else "EVDisconnected"
            await self._stop_transaction(c, reason)   # the cable stays in the socket: Finishing
        else:
            self._meters[c].run(False)
            await self._set_status(c, "SuspendedEV")

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
            same = conn.id_tag == id_tag or "stop_with_any_id_tag" in self.faults
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
        if ("preparing_before_authorize" in self.modes and "no_authorize" not in self.faults
                and self._registration == "Accepted" and (target is None or not self._connectors[target].plugged)):
            prepared = self._connector_to_prepare(target)
            if prepared is not None:
                await self._show_preparing(prepared)
        parent_id_tag = None
        if "no_authorize" not in self.faults:
            conf = await self._authorize(id_tag)
            status = None if conf is None else conf["idTagInfo"]["status"]
            if "start_despite_invalid" in self.faults:
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
        if "parent_id_tag_ignored" in self.faults:
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

    async def _take_back_preparing(self, c: int | None) -> None:
        """Undo a Preparing shown before Authorize, unless an earlier accepted idTag holds it."""
        held = self._authorization.preparing_on if self._authorization is not None else None
        if c is not None and c != held:
            await self._revert_preparing(c)

    async def _start_transaction(self, c: int, id_tag: str, parent_id_tag: str | None = None) -> None:
        conn = self._connectors[c]
        if conn.transaction_id is not None:
            return
        reservation = self._reservation_on(c)
        if reservation is not None and not reservation.admits(id_tag, parent_id_tag):
            self._log_reserved(c, id_tag)  # reserved while this idTag was being authorized
            return
        self._cancel_preparing_timer(c)
        if self._out_of_reach():
            await self._start_offline(c, id_tag)
            return
        sent_tag = id_tag
        if "start_with_other_id_tag" in self.faults:
            sent_tag = id_tag[::-1] if id_tag[::-1] != id_tag else (id_tag + "X")[-20:]
        payload: dict[str, Any] = {
            "connectorId": c, "idTag": sent_tag, "meterStart": self._meters[c].read(), "timestamp": self._now(),
        }
        if reservation is not None:
            payload["reservationId"] = reservation.reservation_id
        before = self._status[c]
        if "charging_before_start" in self.modes and self._registration == "Accepted":
            await self._set_status(c, "Charging")
        conf = await self._send("StartTransaction", payload)
        if conf is None:
            log.info("%s: no transaction on connector %d", self.settings.charge_point_id, c)
            await self._set_status(c, before)
            return
        if reservation is not None:
            self._drop_reservation(reservation, "used by its transaction")
        conn.transaction_id, conn.id_tag = conf["transactionId"], id_tag
        conn.parent_id_tag = conf["idTagInfo"].get("parentIdTag") or parent_id_tag
        status = conf["idTagInfo"]["status"]
        if status != "Accepted":
            log.info("%s: StartTransaction idTag %s is %s", self.settings.charge_point_id, id_tag, status)
            if self._config["StopTransactionOnInvalidId"].value == "true":
                await self._stop_transaction(c, "DeAuthorized")
            else:
                await self._set_status(c, "SuspendedEVSE")
                self._start_meter_task(c)
            return
        self._meters[c].run(True)
        await self._set_status(c, "Charging")
        self._start_meter_task(c)

    async def _start_offline(self, c: int, id_tag: str) -> None:
        """A transaction started offline: a local id until the queued StartTransaction is answered."""
        conn = self._connectors[c]
        self._local_ids -= 1
        payload = {"connectorId": c, "idTag": id_tag, "meterStart": self._meters[c].read(), "timestamp": self._now()}
        self._offline_starts[id(payload)] = (c, self._local_ids)
        self._undelivered.append(("StartTransaction", payload))
        conn.transaction_id, conn.id_tag = self._local_ids, id_tag
        self._meters[c].run(True)
        await self._set_status(c, "Charging")
        self._start_meter_task(c)

    async def _started_late(self, payload: dict, conf: dict) -> None:
        """The answer to a StartTransaction queued offline: its transactionId replaces the local id,
        and an idTag the central system does not accept stops or suspends it (StopTransactionOnInvalidId)."""
        c, local = self._offline_starts.pop(id(payload), (None, None))
        if c is None:
            return
        real = conf["transactionId"]
        for _, queued in self._undelivered:
            if queued.get("transactionId") == local:
                queued["transactionId"] = real
        conn = self._connectors[c]
        if conn.transaction_id != local:
            return
        conn.transaction_id = real
        self._start_meter_task(c)
        if conf["idTagInfo"]["status"] == "Accepted" or "offline_invalid_keeps_charging" in self.faults:
            return
        if self._reported.get(c) != self._status[c]:
            await self._notify_status(c)  # the Charging of the offline start comes first
        if self._config["StopTransactionOnInvalidId"].value == "true":
            await self._stop_transaction(c, "DeAuthorized")
        else:
            self._meters[c].run(False)
            await self._set_status(c, "SuspendedEVSE")

    async def _stop_transaction(self, c: int, reason: str, *, id_tag: str | None = None, settle: bool = True) -> None:
        """StopTransaction; with settle, the connector then shows its status after the session."""
        conn = self._connectors[c]
        if conn.transaction_id is None:
            return
        if conn.meter_task is not None:
            conn.meter_task.cancel()
            conn.meter_task = None
        self._meters[c].run(False)
        payload: dict[str, Any] = {
            "transactionId": conn.transaction_id,
            "meterStop": self._meters[c].read(),
            "timestamp": self._now(),
            "reason": reason,
        }
        if id_tag is not None:
            payload["idTag"] = id_tag
        conn.transaction_id = conn.id_tag = conn.parent_id_tag = None
        if "finishing_before_stop" in self.modes and settle and conn.plugged and not self._is_inoperative(c):
            await self._set_status(c, "Finishing")
        await self._send_transaction_message("StopTransaction", payload)
        if not settle:
            return
        if self._is_inoperative(c):
            await self._set_status(c, "Unavailable")  # a Scheduled availability change takes effect
        elif conn.plugged:
            await self._set_status(c, "Finishing")
        else:
            await self._set_status(c, self._idle_status(c))
        await self._apply_availability()

    async def _send_transaction_message(self, action: str, payload: dict) -> None:
        """Transaction messages are not lost: without a connection they wait for the next one, and
        go out in the order they were made (OCPP 1.6 §4.10: queued, delivered in order)."""
        if self._peer is None or self._registration != "Accepted" or self._undelivered:
            if "offline_transaction_messages_lost" in self.faults and self._peer is None:
                return
            self._undelivered.append((action, payload))
            return
        ws = self._ws
        if await self._send(action, payload) is None and (
                self._registration != "Accepted" or self._ws is not ws or ws.state is not State.OPEN):
            self._undelivered.append((action, payload))  # lost with the connection

    # -- meter values -----------------------------------------------------------------------------

    def _start_meter_task(self, c: int) -> None:
        conn = self._connectors[c]
        if conn.meter_task is not None:
            conn.meter_task.cancel()
            conn.meter_task = None
        if conn.transaction_id is not None and self._running:
            conn.meter_task = self._spawn(self._meter_loop(c, conn.transaction_id))

    async def _meter_loop(self, c: int, transaction_id: int) -> None:
        while True:
            interval = int(self._config["MeterValueSampleInterval"].value)
            if interval <= 0:
                return  # restarted when the interval changes
            await asyncio.sleep(interval * (2 if "sample_interval_doubled" in self.faults else 1))
            self._enqueue(lambda: self._periodic_meter_values(c, transaction_id))

    async def _periodic_meter_values(self, c: int, transaction_id: int) -> None:
        if self._connectors[c].transaction_id == transaction_id:
            context = "Sample.Clock" if "sampled_context_clock" in self.faults else "Sample.Periodic"
            await self._send_transaction_message("MeterValues", self._meter_values(c, context, sampled=True))

    def _meter_values(self, c: int, context: str, *, at: datetime | None = None, sampled: bool = False) -> dict:
        """A MeterValues.req for connector c (0: the sum over all connectors), taken now or at `at`.

        Clock-aligned values carry the MeterValuesAlignedData measurands, all others (sampled,
        triggered) MeterValuesSampledData's.
        """
        connectors = [c] if c > 0 else list(self._connectors)
        charging = [x for x in connectors if self._meters[x].charging_since is not None]
        readings = {
            "Energy.Active.Import.Register": (str(sum(self._meters[x].read() for x in connectors)), "Wh"),
            "Power.Active.Import": (str(CHARGING_POWER_W * len(charging)), "W"),
            "Current.Import": (str(16 * len(charging)), "A"),
            "Current.Offered": (str(16 * len(connectors)), "A"),
            "Voltage": ("230", "V"),
        }
        key = "MeterValuesAlignedData" if context == "Sample.Clock" and not sampled else "MeterValuesSampledData"
        values = metering.sampled_values(readings, self._config[key].value.split(","), context)
        payload: dict[str, Any] = {"connectorId": c, "meterValue": [{"timestamp": self._now(at), "sampledValue": values}]}
        if c > 0 and self._connectors[c].transaction_id is not None:
            payload["transactionId"] = self._connectors[c].transaction_id
        return payload

    # -- reservations ------------------------------------------------------------------------------

    def _reservation_on(self, c: int) -> _Reservation | None:
        return next((res for res in self._reservations.values() if res.connector == c), None)

    def _may_admit(self, c: int, id_tag: str) -> bool:
        reservation = self._reservation_on(c)
        return reservation is None or reservation.may_admit(id_tag)

    def _admits(self, c: int, id_tag: str, parent_id_tag: str | None) -> bool:
        reservation = self._reservation_on(c)
        return reservation is None or reservation.admits(id_tag, parent_id_tag)

    def _preference(self, c: int, id_tag: str) -> tuple[bool, int]:
        """Sort key for an idTag given without a connector: plugged-in connectors first; within
        each group the one reserved for it, then unreserved ones, then those it may open only
        through its parent idTag."""
        reservation = self._reservation_on(c)
        rank = 1 if reservation is None else 0 if reservation.admits(id_tag, None) else 2
        return not self._connectors[c].plugged, rank

    def _log_reserved(self, c: int, id_tag: str) -> None:
        log.info("%s: connector %d is reserved for another idTag; %s refused", self.settings.charge_point_id, c, id_tag)

    def _drop_reservation(self, reservation: _Reservation, why: str) -> None:
        if self._reservations.get(reservation.reservation_id) is reservation:
            del self._reservations[reservation.reservation_id]
            log.info("%s: reservation %d on connector %d ended: %s", self.settings.charge_point_id,
                     reservation.reservation_id, reservation.connector, why)
        if reservation.timer is not None and reservation.timer is not asyncio.current_task():
            reservation.timer.cancel()
        reservation.timer = None

    async def _reservation_timer(self, reservation: _Reservation) -> None:
        """Sleeps in bounded steps against the wall clock, since expiryDate is a wall-clock time."""
        while (left := (reservation.expiry - datetime.now(UTC)).total_seconds()) > 0:
            await asyncio.sleep(min(left, _RESERVATION_TIMER_STEP))
        self._enqueue(lambda: self._expire_reservation(reservation))

    async def _expire_reservation(self, reservation: _Reservation) -> None:
        if self._reservations.get(reservation.reservation_id) is not reservation:
            return
        self._drop_reservation(reservation, "expired")
        await self._show_reservation(reservation.connector)

    async def _show_reservation(self, c: int) -> None:
        """An idle connector shows Reserved exactly while a reservation holds it."""
        if self._connectors[c].transaction_id is None and self._status[c] in ("Available", "Reserved"):
            await self._set_status(c, self._idle_status(c))

    # -- faults ------------------------------------------------------------------------------------

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

    # -- availability -------------------------------------------------------------------------------

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

    # -- handlers for central system requests -------------------------------------------------------

    def _handlers(self) -> dict[str, Callable[[dict], Any]]:
        return {
            "CancelReservation": self._handle_cancel_reservation,
            "ChangeAvailability": self._handle_change_availability,
            "ChangeConfiguration": self._handle_change_configuration,
            "ClearCache": self._handle_clear_cache,
            "DataTransfer": self._handle_data_transfer,
            "GetConfiguration": self._handle_get_configuration,
            "RemoteStartTransaction": self._handle_remote_start,
            "RemoteStopTransaction": self._handle_remote_stop,
            "ReserveNow": self._handle_reserve_now,
            "Reset": self._handle_reset,
            "TriggerMessage": self._handle_trigger_message,
            "UnlockConnector": self._handle_unlock_connector,
        }

    def _refuse_config_while_pending(self) -> None:
        if "reject_config_while_pending" in self.faults and self._registration == "Pending":
            raise CallErrorReply("SecurityError", "not accepted yet")

    def _handle_get_configuration(self, payload: dict) -> dict:
        self._refuse_config_while_pending()
        requested = payload.get("key")
        names = list(self._config) if not requested else requested
        if len(requested or []) > 1 and "config_drops_last_key" in self.faults:
            names = names[:-1]
        known = [
            {"key": name, "readonly": self._config[name].readonly, "value": self._config[name].value}
            for name in names
            if name in self._config and not (name == "ResetRetries" and "config_key_missing" in self.faults)
        ]
        if "config_readonly_wrong" in self.faults:
            for item in known:
                item["readonly"] = item["readonly"] or item["key"] == "HeartbeatInterval"
        answer: dict[str, Any] = {"configurationKey": known}
        unknown = [name for name in names if name not in self._config]
        if unknown:
            answer["unknownKey"] = unknown
        return answer

    def _handle_change_configuration(self, payload: dict) -> dict:
        self._refuse_config_while_pending()
        name, value = payload["key"], payload["value"]
        if "reject_config_change" in self.faults:
            return {"status": "Rejected"}
        if name == "AuthorizationKey":
            return self._change_authorization_key(value)
        key = self._config.get(name)
        if key is None:
            return {"status": "Rejected" if "unknown_key_rejected" in self.faults else "NotSupported"}
        if key.readonly or key.check is None:
            return {"status": "Rejected"}
        normalised = key.check(value)
        if normalised is None:
            if "invalid_value_callerror" in self.modes:
                raise CallErrorReply("PropertyConstraintViolation", f"{value!r} is not a valid value of {name}")
            return {"status": "Accepted" if "accept_invalid_config_value" in self.faults else "Rejected"}
        if "config_change_not_applied" in self.faults:
            return {"status": "Accepted"}
        key.value = normalised
        log.info("%s: %s set to %r", self.settings.charge_point_id, name, normalised)
        if name == "SecurityProfile" and "security_profile_reboot_required" in self.modes:
            return {"status": "RebootRequired"}
        if name == "SecurityProfile" and self._ws is not None:
            ws = self._ws  # the new profile takes effect on a new connection, made at once
            _after_reply(lambda: self._spawn(ws.close(1000, "new security profile")))
        if name == "HeartbeatInterval":
            self._restart_heartbeat()
        elif name == "ClockAlignedDataInterval":
            self._restart_aligned_data()
        elif name == "MeterValueSampleInterval":
            for c, conn in self._connectors.items():
                if conn.transaction_id is not None:
                    self._start_meter_task(c)
        return {"status": "Accepted"}

    def _change_authorization_key(self, value: str) -> dict:
        """Security Whitepaper, profiles 1 and 2: the key arrives hex encoded (16 to 20 bytes); the
        charge point reconnects with it at once. Write-only: GetConfiguration never shows it."""
        try:
            key = bytes.fromhex(value).decode()
        except ValueError:
            return {"status": "Rejected"}
        if self.settings.password is None or not 16 <= len(key) <= 20:
            return {"status": "Rejected"}
        if "keeps_old_authorization_key" not in self.faults:
            self.settings.password = key
        log.info("%s: AuthorizationKey changed; reconnecting", self.settings.charge_point_id)
        ws = self._ws
        if ws is not None:
            _after_reply(lambda: self._spawn(ws.close(1000, "new AuthorizationKey")))
        return {"status": "Accepted"}

    def _handle_data_transfer(self, payload: dict) -> dict:
        """No vendor extension is implemented, so no vendorId is known (OCPP 1.6 §4.3)."""
        if "data_transfer_error" in self.faults:
            raise CallErrorReply("NotSupported", "DataTransfer is not supported")
        return {"status": "Accepted" if "data_transfer_accepted" in self.faults else "UnknownVendorId"}

    def _handle_clear_cache(self, payload: dict) -> dict:
        if "clear_cache_keeps_entries" not in self.faults:
            self._cache.clear()
        return {"status": "Accepted"}

    def _handle_remote_start(self, payload: dict) -> dict:
        if self._registration != "Accepted" or "reject_remote_start" in self.faults:
            return {"status": "Rejected"}
        id_tag, c = payload["idTag"], payload.get("connectorId")
        if c == 0 and "remote_start_zero_callerror" in self.modes:
            raise CallErrorReply("PropertyConstraintViolation", "connectorId must be greater than 0")
        if c == 0 and "remote_start_on_connector_zero" in self.faults:
            c = None
        if (c is not None and "remote_start_on_busy_connector" in self.faults and 1 <= c <= self.settings.connectors
                and self._connectors[c].transaction_id is not None):
            return {"status": "Accepted"}
        if c is not None:
            if not 1 <= c <= self.settings.connectors or not self._usable(c) or not self._may_admit(c, id_tag):
                return {"status": "Rejected"}
        else:
            free = [x for x in self._connectors if self._usable(x) and self._may_admit(x, id_tag)]
            if not free:
                return {"status": "Rejected"}
            c = min(free, key=lambda x: self._preference(x, id_tag))
        _after_reply(lambda: self._enqueue(lambda: self._remote_start(c, id_tag)))
        return {"status": "Accepted"}

    async def _remote_start(self, c: int, id_tag: str) -> None:
        if not self._usable(c):
            return
        parent_id_tag = None
        if self._config["AuthorizeRemoteTxRequests"].value == "true" and "remote_start_without_authorize" not in self.faults:
            conf = await self._authorize(id_tag)
            if conf is None or (conf["idTagInfo"]["status"] != "Accepted" and "start_despite_invalid" not in self.faults):
                log.info("%s: remote start for %s not authorized", self.settings.charge_point_id, id_tag)
                return
            parent_id_tag = conf["idTagInfo"].get("parentIdTag")
        if not self._admits(c, id_tag, parent_id_tag):
            self._log_reserved(c, id_tag)
            return
        if self._connectors[c].plugged:
            await self._start_transaction(c, id_tag, parent_id_tag)
        else:
            await self._remember_authorization(id_tag, c, parent_id_tag)

    def _handle_remote_stop(self, payload: dict) -> dict:
        if self._registration != "Accepted" or "reject_remote_stop" in self.faults:
            return {"status": "Rejected"}
        reason = "Local" if "remote_stop_reason_local" in self.faults else "Remote"
        for c, conn in self._connectors.items():
            if conn.transaction_id is not None and conn.transaction_id == payload["transactionId"]:
                _after_reply(lambda c=c: self._enqueue(lambda: self._stop_transaction(c, reason)))
                return {"status": "Accepted"}
        if "remote_stop_unknown_transaction" in self.faults:
            for c, conn in self._connectors.items():
                if conn.transaction_id is not None:
                    _after_reply(lambda c=c: self._enqueue(lambda: self._stop_transaction(c, reason)))
                    return {"status": "Accepted"}
        return {"status": "Rejected"}

    def _handle_reserve_now(self, payload: dict) -> dict:
        """OCPP 1.6 §5.13; the reservation is recorded at once, its Reserved status follows the answer."""
        if self._registration != "Accepted":
            return {"status": "Rejected"}
        c, reservation_id = payload["connectorId"], payload["reservationId"]
        # Connector 0 (ReserveConnectorZeroSupported, read-only "false") and unknown connectors.
        if not 1 <= c <= self.settings.connectors:
            return {"status": "Rejected"}
        stamp = payload["expiryDate"]
        if "rejects_unusual_timestamps" in self.faults and ("." in stamp or stamp.endswith("+00:00")):
            raise CallErrorReply("PropertyConstraintViolation", "expiryDate must be YYYY-MM-DDThh:mm:ssZ")
        expiry = _parse_datetime(payload["expiryDate"])
        if expiry is None:
            raise CallErrorReply("TypeConstraintViolation", f"expiryDate is not a dateTime: {payload['expiryDate']!r}")
        if expiry <= datetime.now(UTC):
            return {"status": "Rejected"}
        if self._is_faulted(c):
            return {"status": "Faulted"}
        if self._is_inoperative(c) or self._status[c] == "Unavailable":
            return {"status": "Unavailable"}
        current = self._reservation_on(c)
        replaces = current is not None and current.reservation_id == reservation_id
        if current is not None and not replaces:
            return {"status": "Occupied"}  # reserved for the same or another idTag
        idle = self._status[c] in ("Available", "Reserved")
        if self._connectors[c].transaction_id is not None or not (idle or replaces):
            return {"status": "Occupied"}
        previous = self._reservations.get(reservation_id)
        if previous is not None:
            self._drop_reservation(previous, "replaced")
        reservation = _Reservation(reservation_id, c, payload["idTag"], payload.get("parentIdTag"), expiry)
        self._reservations[reservation_id] = reservation
        reservation.timer = self._spawn(self._reservation_timer(reservation))
        log.info("%s: connector %d reserved for %s until %s (reservation %d)", self.settings.charge_point_id,
                 c, reservation.id_tag, payload["expiryDate"], reservation_id)
        moved_from = previous.connector if previous is not None and previous.connector != c else None

        def show() -> None:
            if moved_from is not None:
                self._enqueue(lambda: self._show_reservation(moved_from))
            self._enqueue(lambda: self._show_reservation(c))

        _after_reply(show)
        return {"status": "Accepted"}

    def _handle_cancel_reservation(self, payload: dict) -> dict:
        if self._registration != "Accepted":
            return {"status": "Rejected"}
        reservation = self._reservations.get(payload["reservationId"])
        if reservation is None:
            return {"status": "Rejected"}
        self._drop_reservation(reservation, "cancelled")
        _after_reply(lambda: self._enqueue(lambda: self._show_reservation(reservation.connector)))
        return {"status": "Accepted"}

    def _handle_reset(self, payload: dict) -> dict:
        if "reject_reset" in self.faults:
            return {"status": "Rejected"}
        reason = "HardReset" if payload["type"] == "Hard" else "SoftReset"
        _after_reply(lambda: self._enqueue(lambda: self._reset(reason)))
        return {"status": "Accepted"}

    async def _reset(self, reason: str) -> None:
        """OCPP 1.6 §5.14: stop every transaction (reason HardReset or SoftReset), then reboot."""
        stop_reason = "Other" if "reset_stop_reason_other" in self.faults else reason
        for c, conn in self._connectors.items():
            if conn.transaction_id is None:
                continue
            if reason == "HardReset" and "stop_after_reset_boot" in self.modes:
                self._meters[c].run(False)
                self._undelivered.append(("StopTransaction", {
                    "transactionId": conn.transaction_id, "meterStop": self._meters[c].read(),
                    "timestamp": self._now(), "reason": stop_reason}))
                conn.transaction_id = conn.id_tag = None
                continue
            await self._stop_transaction(c, stop_reason, settle="reset_without_finishing" not in self.faults)
        if "reset_forgets_availability" in self.faults:
            self._inoperative.clear()
        if reason == "SoftReset" and "soft_reset_without_reboot" in self.modes:
            log.info("%s: soft reset without reboot", self.settings.charge_point_id)
            return
        log.info("%s: rebooting (%s)", self.settings.charge_point_id, reason)
        if self._reboot_task is None or self._reboot_task.done():
            self._reboot_task = asyncio.ensure_future(self._reboot())

    async def _reboot(self) -> None:
        try:
            await self._power_cycle()
        except Exception:
            log.exception("%s: reboot failed", self.settings.charge_point_id)

    def _handle_unlock_connector(self, payload: dict) -> dict:
        """OCPP 1.6 §5.17: a transaction on the connector is stopped (UnlockCommand), then it is unlocked."""
        c = payload["connectorId"]
        if self.settings.fixed_cable and "fixed_cable_unlocks" not in self.faults:
            return {"status": "NotSupported"}
        if not 1 <= c <= self.settings.connectors:
            return {"status": "UnlockFailed" if "unlock_unknown_connector_failed" in self.faults else "NotSupported"}
        if "unlock_fails" in self.faults or (self._connectors[c].lock_broken
                                             and "unlock_ignores_lock_failure" not in self.faults):
            return {"status": "UnlockFailed"}
        if self._connectors[c].transaction_id is not None and "unlock_without_stop" not in self.faults:
            _after_reply(lambda: self._enqueue(lambda: self._stop_transaction(c, "UnlockCommand")))
        return {"status": "Unlocked"}

    def _handle_change_availability(self, payload: dict) -> dict:
        c, operative = payload["connectorId"], payload["type"] == "Operative"
        if not 0 <= c <= self.settings.connectors:
            return {"status": "Rejected"}
        affected = list(self._connectors) if c == 0 else [c]
        busy = any(self._connectors[x].transaction_id is not None for x in affected)
        if operative:
            if c == 0:
                self._inoperative.clear()
            else:
                self._inoperative.discard(c)
        else:
            self._inoperative.add(c)
        _after_reply(lambda: self._enqueue(self._apply_availability))
        return {"status": "Scheduled" if busy and not operative else "Accepted"}

    def _handle_trigger_message(self, payload: dict) -> dict:
        message, c = payload["requestedMessage"], payload.get("connectorId")
        if c is not None and not 0 <= c <= self.settings.connectors:
            return {"status": "Rejected"}
        if message not in ("BootNotification", "Heartbeat", "StatusNotification", "MeterValues"):
            return {"status": "NotImplemented"}
        if self._registration == "Rejected":
            return {"status": "Rejected"}
        _after_reply(lambda: self._enqueue(lambda: self._triggered(message, c)))
        return {"status": "Accepted"}

    async def _triggered(self, message: str, c: int | None) -> None:
        if message == "BootNotification":
            if self._peer is not None:
                await self._send_boot(self._peer)
        elif message == "Heartbeat":
            await self._send("Heartbeat", {}, allow_pending=True)
        elif message == "StatusNotification":
            for x in ([c] if c is not None else range(0, self.settings.connectors + 1)):
                await self._notify_status(x, allow_pending=True)
        else:
            for x in ([c] if c is not None else list(self._connectors)):
                await self._send("MeterValues", self._meter_values(x, "Trigger"), allow_pending=True)


# ---------------------------------------------------------------------------
# Command line


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """Reports a bad argument as one line rather than usage text and SystemExit."""

    def error(self, message: str):  # type: ignore[override]
        raise _ArgumentError(message)


_PROG = "ocpp-conformance reference charge-point"


def _split_connect_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("ws", "wss") or not parts.netloc:
        raise _ArgumentError(f"--connect must look like ws://127.0.0.1:9000/CP_1, not {url!r}")
    base, _, cp_id = url.rstrip("/").rpartition("/")
    if not cp_id or base.endswith(":/") or base.endswith(":"):
        raise _ArgumentError(f"--connect needs the charge point id as last path segment: {url!r}")
    return base, cp_id


def _split_control(address: str) -> tuple[str, int]:
    host, sep, port = address.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise _ArgumentError(f"--control must be HOST:PORT on loopback, e.g. 127.0.0.1:9101, not {address!r}")
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise _ArgumentError(f"--control must listen on a loopback address, not {host!r}")
    return host, int(port)


def _control_dispatch(cp: ReferenceChargePoint) -> Callable[[str, dict], Awaitable[Any]]:
    def only(params: dict, *allowed: str) -> None:
        extra = set(params) - set(allowed)
        if extra:
            raise ValueError(f"unexpected parameter(s) {', '.join(sorted(extra))}")

    async def dispatch(name: str, params: dict) -> Any:
        if name == "plug_in":
            only(params, "connector")
            await cp.plug_in(params.get("connector", 1))
        elif name == "unplug":
            only(params, "connector")
            await cp.unplug(params.get("connector", 1))
        elif name == "present_id_tag":
            only(params, "id_tag", "connector")
            if "id_tag" not in params:
                raise ValueError("id_tag is required")
            await cp.present_id_tag(params["id_tag"], params.get("connector"))
        elif name == "power_cycle":
            only(params)
            await cp.power_cycle()
        elif name == "power_off":
            only(params)
            await cp.power_off()
        elif name == "power_on":
            only(params)
            await cp.power_on()
        elif name == "drop_connection":
            only(params)
            await cp.drop_connection()
        elif name == "set_faulted":
            only(params, "connector", "error_code")
            await cp.set_faulted(params.get("connector", 1), params.get("error_code", "OtherError"))
        elif name == "clear_fault":
            only(params, "connector")
            await cp.clear_fault(params.get("connector", 1))
        elif name == "set_lock_failure":
            only(params, "connector")
            await cp.set_lock_failure(params.get("connector", 1))
        elif name == "unplug_ev_side":
            only(params, "connector")
            await cp.unplug_ev_side(params.get("connector", 1))
        elif name == "plug_in_halfway":
            only(params, "connector")
            await cp.plug_in_halfway(params.get("connector", 1))
        elif name == "status":
            only(params)
            return {
                "registration": cp.registration,
                "connectors": {str(c): s for c, s in cp.connector_status.items()},
                "transactions": {str(c): t for c, t in cp.transactions.items()},
            }
        else:
            raise KeyError(name)
        return None

    return dispatch


async def _serve(settings: ChargePointSettings, control: tuple[str, int] | None) -> int:
    cp = ReferenceChargePoint(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    server = None
    if control is not None:
        try:
            server = await start_control_server(control[0], control[1], _control_dispatch(cp))
        except OSError as exc:
            print(f"{_PROG}: cannot listen on {control[0]}:{control[1]}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        log.info("control server on http://%s:%d", *control)
    await cp.start()
    try:
        await stop.wait()
    finally:
        await cp.stop()
        if server is not None:
            server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 2)
    return 0


def main(argv: list[str]) -> int:
    """`ocpp-conformance reference charge-point --connect ws://HOST:PORT/ID [...]`."""
    parser = _Parser(prog=_PROG, description="Run the reference OCPP 1.6J charge point until SIGINT/SIGTERM.")
    parser.add_argument("--connect", required=True, metavar="URL", help="central system URL ending in the charge point id")
    parser.add_argument("--connectors", type=int, default=2, help="number of connectors (default 2)")
    parser.add_argument("--password", help="HTTP basic auth password (security profiles 1 and 2)")
    parser.add_argument("--ca-certificate", metavar="PEM", help="wss://: the root the central system's certificate must chain to")
    parser.add_argument("--certificate", metavar="PEM", help="wss:// with profile 3: this charge point's client certificate")
    parser.add_argument("--private-key", metavar="PEM", help="the key of --certificate")
    parser.add_argument("--fault", action="append", default=[], choices=sorted(FAULTS), metavar="NAME",
                        help="turn on a fault switch (repeatable): " + ", ".join(sorted(FAULTS)))
    parser.add_argument("--mode", action="append", default=[], choices=sorted(MODES), metavar="NAME",
                        help="turn on an allowed non-default behaviour (repeatable): " + ", ".join(sorted(MODES)))
    parser.add_argument("--heartbeat-interval", type=int, default=0, metavar="N",
                        help="HeartbeatInterval before the first Accepted boot (default 0: none)")
    parser.add_argument("--control", metavar="HOST:PORT", help="serve the control API on this loopback address")
    parser.add_argument("--vendor", default="OCPPConformance")
    parser.add_argument("--model", default="ReferenceCP")
    parser.add_argument("--serial", default="REF-0001")
    parser.add_argument("--firmware", default="1.0.0")
    parser.add_argument("--call-timeout", type=float, default=10.0, help="seconds to wait for a CALLRESULT")
    parser.add_argument("--fixed-cable", action="store_true", help="the connectors have a fixed cable (nothing to unlock)")
    parser.add_argument("--backup-power", action="store_true",
                        help="a power cut stops the transactions before the charge point goes down")
    try:
        args = parser.parse_args(argv)
        base, cp_id = _split_connect_url(args.connect)
        if args.connectors < 1:
            raise _ArgumentError("--connectors must be at least 1")
        if not args.call_timeout > 0:
            raise _ArgumentError("--call-timeout must be positive")
        if args.heartbeat_interval < 0:
            raise _ArgumentError("--heartbeat-interval must not be negative")
        control = _split_control(args.control) if args.control else None
    except _ArgumentError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    settings = ChargePointSettings(
        url=base,
        charge_point_id=cp_id,
        connectors=args.connectors,
        vendor=args.vendor,
        model=args.model,
        serial=args.serial,
        firmware=args.firmware,
        password=args.password,
        ca_certificate=args.ca_certificate,
        certificate=args.certificate,
        private_key=args.private_key,
        faults=frozenset(args.fault),
        modes=frozenset(args.mode),
        heartbeat_interval=args.heartbeat_interval,
        call_timeout=args.call_timeout,
        fixed_cable=args.fixed_cable,
        backup_power=args.backup_power,
    )
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return asyncio.run(_serve(settings, control))
    except KeyboardInterrupt:
        return 0
