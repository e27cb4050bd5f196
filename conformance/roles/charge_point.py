"""The harness as charge point, for test cases whose SUT is a central system (`_CSMS`).

Each case opens its own connection and closes it at the end. Whatever a case does not test,
the harness does as a correct charge point: it answers every request the central system may
send at once with a valid answer (a case scripts another with `will_answer`), keeps its
heartbeat going at the interval the boot was accepted with, keeps the configuration the
central system reads and writes, and can go offline and come back without a new boot.
"""

from __future__ import annotations

import asyncio
import math
import time
from datetime import UTC, datetime
from typing import Any

from ..checks import rules
from ..checks.failures import ConnectionRefused, TransportViolation
from ..checks.run_rules import RunRules
from ..checks.verdicts import SetupError, SutUnreachable
from ..ocpp.actions import Role
from ..ocpp.datetime import utc_now
from ..ocpp.rpc import Call, CallError, CallResult
from ..ocpp.validation import Problem
from ..sut.driver import describe as describe_action
from ..sut.preflight import HandshakeProblem, open_to_central_system
from ..sut.profile import SutProfile
from . import triggers
from .answers import Incoming
from .certificate_store import ACTIONS as CERTIFICATE_ACTIONS
from .certificate_store import CertificateStore
from .charging_profiles import PROFILE_LIMITS, ChargingProfileStore
from .endpoint import Endpoint
from .local_list import MAX_LENGTH, SEND_MAX_LENGTH, HarnessLocalList
from .reservations import Reservations

# The Core configuration keys (OCPP 1.6 §9.1) the harness holds: name -> (value, readonly, kind).
# kind decides which values ChangeConfiguration accepts: "int" a whole number >= 0, "bool"
# true/false, "text" anything. ConnectionTimeOut and NumberOfConnectors come from the SUT description.
CORE_CONFIGURATION: dict[str, tuple[str, bool, str]] = {
    "AuthorizeRemoteTxRequests": ("true", False, "bool"),
    "ClockAlignedDataInterval": ("0", False, "int"),
    "ConnectionTimeOut": ("", False, "int"),
    "ConnectorPhaseRotation": ("NotApplicable", False, "text"),
    "GetConfigurationMaxKeys": ("50", True, "int"),
    "HeartbeatInterval": ("300", False, "int"),
    "LocalAuthorizeOffline": ("true", False, "bool"),
    "LocalPreAuthorize": ("false", False, "bool"),
    "MeterValuesAlignedData": ("Energy.Active.Import.Register", False, "text"),
    "MeterValuesSampledData": ("Energy.Active.Import.Register", False, "text"),
    "MeterValueSampleInterval": ("0", False, "int"),
    "NumberOfConnectors": ("", True, "int"),
    "ResetRetries": ("1", False, "int"),
    "StopTransactionOnEVSideDisconnect": ("true", False, "bool"),
    "StopTransactionOnInvalidId": ("true", False, "bool"),
    "StopTxnAlignedData": ("", False, "text"),
    "StopTxnSampledData": ("", False, "text"),
    "SupportedFeatureProfiles": ("Core", True, "text"),
    "TransactionMessageAttempts": ("3", False, "int"),
    "TransactionMessageRetryInterval": ("10", False, "int"),
    "UnlockConnectorOnEVSideDisconnect": ("true", False, "bool"),
    # SmartCharging (OCPP 1.6 §9.4): what its store of charging profiles holds at most.
    "ChargingScheduleAllowedChargingRateUnit": ("Current,Power", True, "text"),
    **{key: (str(value), True, "int") for key, value in PROFILE_LIMITS.items()},
}


def _valid(kind: str, value: str) -> bool:
    if kind == "int":
        return value.isdigit()
    if kind == "bool":
        return value.lower() in ("true", "false")
    return True


class ChargePointHarness(Endpoint):
    # A central system configures and asks its charge points besides what a case provokes (a back-end
    # reads the configuration after a boot, sets its own keys): answered as a correct charge point
    # answers them, listed for review, also when a step expects another request of the same action.
    tolerated = frozenset({"GetConfiguration", "ChangeConfiguration", "TriggerMessage", "ClearCache", "DataTransfer",
                           "ChangeAvailability"})

    def __init__(self, profile: SutProfile, run_rules: RunRules | None = None):
        super().__init__(profile, sut_role=Role.CENTRAL_SYSTEM, defaults=self.default_answer, fail_on_close=True,
                         run_rules=run_rules)
        self.connectors = profile.connectors
        self.open_transactions: dict[int, int] = {}   # transactionId -> connectorId
        self.configuration = {key: [value, readonly, kind] for key, (value, readonly, kind) in CORE_CONFIGURATION.items()}
        # Whole seconds on the wire (OCPP 1.6 §9.1.5), rounded up; the harness waits the exact value.
        self.configuration["ConnectionTimeOut"][0] = str(math.ceil(self.data.connection_timeout_s))
        self.configuration["NumberOfConnectors"][0] = str(self.connectors)
        # With the Local Auth List Management profile: a real list, empty at the start of a case
        # (a case may give it one first), and the keys of OCPP 1.6 §9.3.
        self.local_list: HarnessLocalList | None = None
        if "LocalAuthListManagement" in profile.profiles:
            self.local_list = HarnessLocalList()
            self.configuration["LocalAuthListEnabled"] = ["true", False, "bool"]
            self.configuration["LocalAuthListMaxLength"] = [str(MAX_LENGTH), True, "int"]
            self.configuration["SendLocalListMaxLength"] = [str(SEND_MAX_LENGTH), True, "int"]
        self._optional_profiles(profile)
        self.statuses: dict[int, str] = {}   # connector -> the status it last reported
        self.reservations = Reservations(self.connectors, zero_supported=True)
        self.operator_asked = ""             # the operator action a case asked for last
        self._triggered: set[asyncio.Task] = set()
        self._calling = asyncio.Lock()
        self._last_call = time.monotonic()
        self._heartbeat: asyncio.Task | None = None
        self.certificates = CertificateStore(self.data.certificate_hash_algorithm)
        self.own_tls: Any = None   # TLS material a case gave it (a certificate the central system signed)
        self.charging_profiles = ChargingProfileStore(self.connectors, self.data.local_charging_limit,
                                                      self.data.supply_voltage_v)

    def _optional_profiles(self, profile: SutProfile) -> None:
        """The optional profiles the harness implements and the SUT declares: the harness says it
        supports them (SupportedFeatureProfiles, OCPP 1.6 §9.1) and holds their keys (§9.3)."""
        implemented = [name for name in ("FirmwareManagement", "LocalAuthListManagement", "Reservation",
                                         "SmartCharging", "RemoteTrigger") if name in profile.profiles]
        self.configuration["SupportedFeatureProfiles"][0] = ",".join(["Core", *implemented])
        if "Reservation" in implemented:
            self.configuration["ReserveConnectorZeroSupported"] = ["true", True, "bool"]

    # -- sending ------------------------------------------------------------------------------------

    async def call(self, action: str, payload: dict[str, Any], **kwargs: Any) -> CallResult | CallError:
        """One CALL at a time (OCPP-J §4.1.1), whether a case or the heartbeat sends it."""
        async with self._calling:
            try:
                return await super().call(action, payload, **kwargs)
            finally:
                self._last_call = time.monotonic()

    async def send(self, step: int | str, action: str, *, timeout: float | None = None, **payload: Any) -> dict[str, Any]:
        result = await super().send(step, action, timeout=timeout, **payload)
        if action == "StatusNotification":
            self.statuses[payload.get("connectorId", 0)] = payload.get("status", "")
        if action == "StartTransaction":
            self.reservations.used(payload.get("reservationId"))
        if action == "StartTransaction" and isinstance(result.get("transactionId"), int):
            self.open_transactions[result["transactionId"]] = payload.get("connectorId", 0)
            self.charging_profiles.transaction_started(payload.get("connectorId", 0), result["transactionId"])
        elif action == "StopTransaction":
            connector = self.open_transactions.pop(payload.get("transactionId"), None)  # type: ignore[arg-type]
            if connector is not None:
                self.charging_profiles.end_transaction(connector)
        elif action == "BootNotification" and result.get("status") == "Accepted":
            self._beat(result.get("interval"))
        return result

    def _beat(self, interval: Any) -> None:
        """Heartbeat at the accepted interval from now on (OCPP 1.6 §4.6); any CALL restarts the timer."""
        self._stop_heartbeat()
        if not isinstance(interval, int) or isinstance(interval, bool) or interval <= 0:
            return   # an interval that cannot be followed: the case judges it, the harness does not beat
        self.configuration["HeartbeatInterval"][0] = str(interval)
        self._heartbeat = asyncio.create_task(self._heartbeats(interval))

    async def _heartbeats(self, interval: int) -> None:
        while True:
            due = self._last_call + interval
            if time.monotonic() < due:
                await asyncio.sleep(due - time.monotonic())
                continue
            try:
                await self.call("Heartbeat", {})
            except Exception as exc:  # the case's own steps judge the central system; this only keeps time
                self.trace.event(f"heartbeat not answered: {exc}")
                return

    def _stop_heartbeat(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            self._heartbeat = None

    # -- connectivity -------------------------------------------------------------------------------

    async def connect(self) -> None:
        """Open a connection; a set-up mistake (URL, credentials) is broken, not failed."""
        try:
            ws = await open_to_central_system(self.profile, material=self.own_tls)
        except HandshakeProblem as problem:
            self.trace.event(problem.event)
            if problem.certificate is not None:
                # Inside a case: the root of the SUT file is the one the run started with, so a
                # certificate that does not verify against it is the central system's.
                raise TransportViolation(f"the central system's server certificate does not verify against [security] "
                                         f"ca_certificate: {problem.certificate}", rule=rules.SERVER_CERTIFICATE) from None
            failure = {"sut": ConnectionRefused, "unreachable": SutUnreachable, "setup": SetupError}[problem.cause]
            raise failure(problem.line) from None
        self.attach(ws)

    async def go_offline(self) -> None:
        """[Remove connectivity]: the connection is closed; the charge point keeps running."""
        self._stop_heartbeat()
        self.trace.event("the charge point goes offline")
        await self.close()

    async def come_back_online(self) -> None:
        """[Restore connectivity]: a new connection without BootNotification (OCPP 1.6 §4.2:
        a charge point boots when it starts, not when it reconnects); the heartbeat goes on."""
        await self.connect()
        self._beat(int(self.configuration["HeartbeatInterval"][0]))

    async def power_off_and_on(self) -> None:
        """A reboot (Reset, power loss): the connection is lost and a new one opened; the case
        sends the BootNotification, which starts the heartbeat again once accepted."""
        self._stop_heartbeat()
        self.trace.event("the charge point reboots")
        await self.close()
        await self.connect()

    async def wait_connection_timeout(self) -> None:
        """The charge point's own ConnectionTimeOut runs out (the harness's timer, not a wait for the SUT)."""
        seconds = self.data.connection_timeout_s
        self.trace.event(f"ConnectionTimeOut ({seconds:g} s) runs")
        await asyncio.sleep(seconds)

    async def close(self) -> None:
        self._stop_heartbeat()
        await super().close()

    async def return_to_idle(self, operator: Any = None) -> None:
        """After a case: end the transactions it left open, and have the central system's
        `operator` (the SUT handle) cancel the reservations it left, so the central system is
        left clean. Best effort and not judged: the case's verdict is already decided.
        """
        if operator is not None:
            await self._cancel_reservations(operator)
        for transaction_id, connector in list(self.open_transactions.items()):
            self.trace.event(f"returning to idle: stop transaction {transaction_id}")
            try:
                await self.call("StatusNotification", self.status_notification(connector, "Finishing"))
                await self.call("StopTransaction", {"transactionId": transaction_id, "meterStop": 0,
                                                    "timestamp": utc_now(), "reason": "Local"})
                await self.call("StatusNotification", self.status_notification(connector, "Available"))
            except Exception as exc:  # the SUT may be gone already
                self.trace.event(f"could not stop transaction {transaction_id}: {exc}")
                break
            self.open_transactions.pop(transaction_id, None)
            self.statuses[connector] = "Available"
            self.charging_profiles.end_transaction(connector)
        await self._connectors_available()

    async def _cancel_reservations(self, operator: Any) -> None:
        for reservation_id in list(self.reservations.held):
            self.trace.event(f"returning to idle: the central system cancels reservation {reservation_id}")
            try:
                await operator.manual("csms_send", charge_point_id=self.profile.charge_point_id,
                                      action="CancelReservation", payload={"reservationId": reservation_id})
            except Exception as exc:  # the case's verdict stands; the next case's ReserveNow may replace it
                self.trace.event(f"reservation {reservation_id} was not cancelled: {exc}")
                return
            if not await self.wait_for(lambda r=reservation_id: r not in self.reservations.held):
                self.trace.event(f"reservation {reservation_id}: no CancelReservation.req came")
                return

    async def _connectors_available(self) -> None:
        """Reservations the case left end with it, and every connector it left Reserved, Preparing or
        Unavailable is reported Available, so the central system does not keep them for the next case."""
        for task in list(self._triggered):
            task.cancel()
        self.reservations.held.clear()
        busy = set(self.open_transactions.values())
        for connector, status in sorted(self.statuses.items()):
            if status == "Available" or connector in busy:
                continue
            self.trace.event(f"returning to idle: connector {connector} ({status}) is Available again")
            try:
                await self.call("StatusNotification", self.status_notification(connector, "Available"))
            except Exception as exc:  # the SUT may be gone already
                self.trace.event(f"could not report connector {connector} Available: {exc}")
                return
            self.statuses[connector] = "Available"

    def warn(self, rule: str, message: str) -> None:
        """A behaviour the plan allows but flags: the case passes with this warning."""
        self._finding(Problem(rule, message, "warning"), "")

    # -- answering ----------------------------------------------------------------------------------

    def default_answer(self, call: Call) -> dict[str, Any] | CallError:
        """What a correct, idle charge point answers. It never claims to do what it will not do:
        a remote start or stop, a reset or an availability change is Rejected unless the case
        scripts otherwise. A trigger it can follow is Accepted and followed (`answered`); a
        reservation follows what it holds and what its connectors last reported."""
        action, payload = call.action, call.payload
        if action == "GetConfiguration":
            keys, unknown = [], []
            for key in payload.get("key") or self.configuration:
                if key not in self.configuration:
                    unknown.append(key)
                    continue
                value, readonly, _ = self.configuration[key]
                keys.append({"key": key, "readonly": readonly, "value": value})
            return {"configurationKey": keys, **({"unknownKey": unknown} if unknown else {})}
        if action == "ChangeConfiguration":
            entry = self.configuration.get(payload.get("key", ""))
            if entry is None:
                return {"status": "NotSupported"}
            if entry[1] or not _valid(entry[2], str(payload.get("value", ""))):
                return {"status": "Rejected"}
            entry[0] = str(payload["value"])
            return {"status": "Accepted"}
        if action == "ClearCache":
            return {"status": "Accepted"}
        if action == "TriggerMessage":
            return triggers.answer(payload, self.connectors)
        if action == "ReserveNow":
            return self.reservations.answer_reserve_now(payload, self.statuses, set(self.open_transactions.values()))
        if action == "CancelReservation":
            return self.reservations.answer_cancel(payload)
        if action in ("RemoteStartTransaction", "RemoteStopTransaction", "Reset", "ChangeAvailability"):
            return {"status": "Rejected"}
        if action == "UnlockConnector":
            connector = payload.get("connectorId")
            return {"status": "Unlocked" if isinstance(connector, int) and 1 <= connector <= self.connectors
                    else "NotSupported"}
        if action == "DataTransfer":
            return {"status": "UnknownVendorId"}
        if action in CERTIFICATE_ACTIONS:
            return self.certificates.answer(action, payload)
        if action == "UpdateFirmware":
            return {}   # the case fetches the location and reports what became of it
        if action == "GetDiagnostics":
            return {"fileName": self.diagnostics_file_name}
        if action == "GetLog":
            return {"status": "Accepted", "filename": self.security_log_file_name}
        if action == "GetLocalListVersion" and self.local_list is not None:
            return {"listVersion": self.local_list.reported_version()}
        if action == "SendLocalList" and self.local_list is not None:
            return {"status": self.local_list.update(payload)}
        if action == "SetChargingProfile":
            return self.charging_profiles.set(payload, self.open_transactions)
        if action == "ClearChargingProfile":
            return self.charging_profiles.clear(payload)
        if action == "GetCompositeSchedule":
            return self.charging_profiles.composite(payload, self.open_transactions)
        return CallError(call.unique_id, "NotSupported", f"the harness does not support {action}", {})

    @property
    def diagnostics_file_name(self) -> str:
        """The file the harness uploads for GetDiagnostics (its GetDiagnostics.conf names it)."""
        return f"{self.profile.charge_point_id}-diagnostics.txt"

    @property
    def security_log_file_name(self) -> str:
        """The file the harness uploads for GetLog (its GetLog.conf names it)."""
        return f"{self.profile.charge_point_id}-security-log.txt"

    def diagnostics(self) -> bytes:
        """What it uploads: its configuration as a charge point, one key a line."""
        return "".join(f"{key}={value}\n" for key, (value, _, _) in sorted(self.configuration.items())).encode()

    def answered(self, incoming: Incoming) -> None:
        """Keep the reservations as answered; follow a trigger the harness accepted by itself
        (a case that scripts the answer sends the requested message as its own step); a remote
        start it accepted with a TxProfile: the profile is for the transaction it starts."""
        answer = incoming.answer
        if not isinstance(answer, dict):
            return
        if incoming.action == "RemoteStartTransaction" and answer.get("status") == "Accepted" \
                and isinstance(incoming.payload.get("chargingProfile"), dict):
            connector = incoming.payload.get("connectorId", self.data.connector_id)
            self.charging_profiles.pending[connector] = incoming.payload["chargingProfile"]
        self.reservations.answered(incoming.action, incoming.payload, answer)
        if incoming.action == "TriggerMessage" and incoming.scripted is None and answer.get("status") == "Accepted":
            task = asyncio.create_task(self._send_triggered(incoming.payload))
            self._triggered.add(task)
            task.add_done_callback(self._triggered.discard)

    async def _send_triggered(self, payload: dict[str, Any]) -> None:
        for action, message in triggers.messages(payload, self):
            try:
                await self.call(action, message)
            except Exception as exc:  # judged by the waits of the case, if any; this only follows the trigger
                self.trace.event(f"triggered {action}.req not answered: {exc}")
                return

    def operator_action(self, action: str, params: dict[str, Any]) -> None:
        super().operator_action(action, params)
        self.operator_asked = describe_action(action, params)

    def waiting_note(self) -> str:
        """What a wait that ran out says besides: which operator action should have caused the request."""
        return f"; the central system's operator was asked: {self.operator_asked}" if self.operator_asked else ""

    def transaction_on(self, connector: int) -> int | None:
        return next((tid for tid, c in self.open_transactions.items() if c == connector), None)

    async def reservation_expires(self, step: int | str, reservation_id: int) -> None:
        """[The reservation is not used before its expiryDate]: the harness's own timer runs to the
        expiry the central system gave, then the connector is Available again (OCPP 1.6 §5.13).
        Bounded by the expiry the case asked for: a later one failed the case's check already."""
        held = self.reservations.held.get(reservation_id)
        if held is None or held.expiry is None:
            return
        left = (held.expiry - datetime.now(UTC)).total_seconds()
        bound = self.data.reservation_expiry_s + self.data.timing_tolerance_s + 1
        self.trace.event(f"reservation {reservation_id} runs to its expiryDate ({max(left, 0):.1f} s)")
        await asyncio.sleep(min(max(left, 0), bound))
        self.reservations.used(reservation_id)
        await self.send(step, "StatusNotification", **self.status_notification(held.connector or self.data.connector_id,
                                                                               "Available"))

    # -- payloads -----------------------------------------------------------------------------------

    def boot_notification(self) -> dict[str, Any]:
        return {"chargePointVendor": self.data.vendor, "chargePointModel": self.data.model}

    def status_notification(self, connector: int, status: str, error_code: str = "NoError") -> dict[str, Any]:
        return {"connectorId": connector, "errorCode": error_code, "status": status, "timestamp": utc_now()}

    def meter_values(self, connector: int) -> dict[str, Any]:
        """A MeterValues.req of the connector's energy register (and of its transaction, if one runs)."""
        return triggers.meter_values(connector, self.transaction_on(connector))

    def start_transaction(self, id_tag: str, connector: int | None = None) -> dict[str, Any]:
        """A StartTransaction.req as of now (an offline one keeps this timestamp until it is sent)."""
        return {"connectorId": connector or self.data.connector_id, "idTag": id_tag, "meterStart": 0,
                "timestamp": utc_now()}

    def stop_transaction(self, transaction_id: int, reason: str, id_tag: str | None = None,
                         meter_stop: int = 1000) -> dict[str, Any]:
        return {"transactionId": transaction_id, "meterStop": meter_stop, "timestamp": utc_now(), "reason": reason,
                **({"idTag": id_tag} if id_tag else {})}

