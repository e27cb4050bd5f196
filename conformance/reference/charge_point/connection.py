"""The connection to the central system: security profile and TLS, the boot loop, heartbeats,
sending requests, and the delivery of what waited while offline."""

from __future__ import annotations

import asyncio
import base64
import json
import ssl
import uuid
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect

from conformance.reference.peer import CallErrorReceived, Peer, PeerFaults, payload_error, utc_now

from .faults import Fault, Mode
from .replies import Wire
from .settings import WHOLE_SECOND_EARLY, log

_MAX_BACKOFF = 10.0


class ConnectionMixin:
    """Owns the websocket, registration (BootNotification), heartbeats and every CALL sent."""

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
                if self.faults.active(Fault.BASIC_AUTH_UNPADDED):
                    token = token.rstrip("=")
                headers["Authorization"] = f"Basic {token}"
            ping = self.config.number("WebSocketPingInterval")
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
        return self.config.number("SecurityProfile")

    async def set_security_profile(self, profile: int) -> None:
        """The installer sets the security profile locally (no downgrade rule applies); it reconnects."""
        self.config.set("SecurityProfile", str(profile))
        log.info("%s: security profile set to %d locally", self.settings.charge_point_id, profile)
        await self.drop_connection()

    def _tls_context(self) -> ssl.SSLContext:
        """TLS 1.2 or higher, the whitepaper's suites, the server checked against the root."""
        s = self.settings
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        suites = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384"]
        if self.faults.active(Fault.TLS_MISSING_CIPHER_SUITE):
            suites = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"]
        if self.faults.active(Fault.TLS_1_0_AND_1_1):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                context.minimum_version = ssl.TLSVersion.TLSv1
            suites += ["ECDHE-ECDSA-AES128-SHA", "@SECLEVEL=0"]
        context.set_ciphers(":".join(suites))
        if self.faults.active(Fault.TLS_ANY_SERVER_CERTIFICATE):
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        elif s.ca_certificate:
            context.load_verify_locations(cafile=s.ca_certificate)
        upgraded_badly = (self.faults.active(Fault.UPGRADE_WITHOUT_CERTIFICATE) and s.security_profile != 3) \
            or self.faults.active(Fault.NO_CLIENT_CERTIFICATE)
        if s.certificate and s.private_key and self._security_profile() == 3 and not upgraded_badly:
            certificate = s.certificate
            if self.faults.active(Fault.CERTIFICATE_WRONG_CN):
                certificate = str(Path(s.certificate).with_name("charge-point-wrong-cn.pem"))
            context.load_cert_chain(certificate, s.private_key)
        return context

    async def _serve_connection(self, ws: Any) -> None:
        peer = Peer(
            Wire(ws),
            self._handlers(),
            call_timeout=self.settings.call_timeout,
            faults=PeerFaults(wrong_callerror_code=self.faults.active(Fault.WRONG_CALLERROR_CODE),
                              reused_message_id=self.faults.active(Fault.REUSED_MESSAGE_ID),
                              refuses_negative_connector_id=self.modes.active(Mode.REFUSES_NEGATIVE_CONNECTOR_ID),
                              ids_per_connection=self.modes.active(Mode.MESSAGE_IDS_PER_CONNECTION)),
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
        if self.faults.active(Fault.GARBAGE_BEFORE_BOOT):
            for frame in ("this is not json", json.dumps([2, f"{uuid.uuid4()}x", "Heartbeat", {}]),
                          json.dumps([3, "no-such-call", {}])):
                await peer.send_raw(frame)
        if self.faults.active(Fault.BOOT_FLOOD):
            payload = {"chargePointVendor": self.settings.vendor, "chargePointModel": self.settings.model}
            for n in range(500):
                await peer.send_raw(json.dumps([2, f"flood-{uuid.uuid4().hex[:8]}-{n}", "BootNotification", payload]))
        if self.faults.active(Fault.HEARTBEAT_BEFORE_BOOT):
            try:
                await peer.call("Heartbeat", {})
            except Exception:  # only the fault's own message; the boot follows regardless
                log.info("%s: Heartbeat before boot not answered", self.settings.charge_point_id)
        while True:
            status, interval = await self._send_boot(peer)
            if status == "Accepted":
                return
            delay = interval if interval > 0 else self.settings.default_boot_retry
            if status in ("Pending", "Rejected") and self.faults.active(Fault.IGNORE_BOOT_INTERVAL):
                delay = 0.2
            elif self.modes.active(Mode.WHOLE_SECOND_TIMER):
                delay = max(delay - WHOLE_SECOND_EARLY, 0.001)
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
                self.config.set("HeartbeatInterval", str(interval))
            first = not self._accepted.is_set()
            self._accepted.set()
            self._restart_heartbeat()
            if first and self.modes.active(Mode.RECONNECT_AFTER_BOOT) and not self._dropped_after_boot:
                self._dropped_after_boot = True
                self._spawn(self.drop_connection())
            elif first:
                self._enqueue(self._after_boot)
                self._restart_meter_tasks()
        self._boot_answered.set()
        return status, interval

    async def _after_boot(self) -> None:
        if self.faults.active(Fault.FAULTED_WITH_BROKEN_FRAME):
            self.connectors.fault(1, "OtherError")
            self.connectors.show(1, "Faulted")
        if not self.faults.active(Fault.NO_STATUS_AFTER_BOOT):
            first = 1 if self.faults.active(Fault.NO_CONNECTOR_ZERO_STATUS) else 0
            for c in range(first, self.settings.connectors + 1):
                if self.modes.active(Mode.UNAVAILABLE_WHILE_BOOTING) and self.connectors.status(c) != "Unavailable":
                    # Still starting up: not yet usable, then its status once it is ready.
                    await self._send("StatusNotification", {"connectorId": c, "errorCode": "NoError",
                                                            "status": "Unavailable", "timestamp": self._now()})
                await self._notify_status(c)
        if self.faults.active(Fault.FAULTED_WITH_BROKEN_FRAME) and self._peer is not None:
            await self._peer.send_raw("this is not json")
        await self._report_after_boot()
        await self._deliver_undelivered()

    async def _resume(self) -> None:
        """After a reconnect without reboot: what waited, then the statuses that changed meanwhile."""
        if self._registration == "Accepted" and self.modes.active(Mode.REPLAY_STATUSES_ON_RECONNECT):
            for c in range(0, self.settings.connectors + 1):
                if self.connectors.pending(c) is None:
                    await self._notify_status(c)
        await self._deliver_undelivered()
        for c in self.connectors.told_before():
            # One still waiting for MinimumStatusDuration is reported when it has held for it.
            if self._registration == "Accepted" and not self.connectors.up_to_date(c) \
                    and self.connectors.pending(c) is None:
                await self._notify_status(c)

    def _restart_heartbeat(self) -> None:
        if self._heartbeat_task is not None:
            self._heartbeat_task.cancel()
            self._heartbeat_task = None
        if self._registration == "Accepted" and self._running:
            self._heartbeat_task = self._spawn(self._heartbeat_loop())
        self._restart_aligned_data()

    async def _heartbeat_loop(self) -> None:
        while True:
            interval = self.config.number("HeartbeatInterval")
            if interval <= 0:
                return  # restarted when the interval changes
            if self.faults.active(Fault.HEARTBEAT_IGNORES_INTERVAL):
                interval *= 4
            await asyncio.sleep(interval)
            await self._send("Heartbeat", {})

    def _now(self, at: datetime | None = None) -> str:
        """Now (or `at`) as a dateTime, as the timestamp faults have it."""
        if at is None:
            if self.faults.active(Fault.LOCAL_TIME_TIMESTAMPS):
                return utc_now(timedelta(hours=2))
            if self.faults.active(Fault.NAIVE_TIMESTAMPS):
                return utc_now(naive=True)
            return utc_now()
        at = at.replace(microsecond=0)
        if self.faults.active(Fault.LOCAL_TIME_TIMESTAMPS):
            return at.astimezone(timezone(timedelta(hours=2))).isoformat()
        if self.faults.active(Fault.NAIVE_TIMESTAMPS):
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
        if "idTagInfo" in conf and payload.get("idTag") and self.config.enabled("AuthorizationCacheEnabled"):
            self.auth.cache.remember(payload["idTag"], conf["idTagInfo"])
        return True, conf

    async def _send(self, action: str, payload: dict, *, allow_pending: bool = False) -> dict | None:
        """Send a request if registration allows it: Accepted, or Pending when triggered."""
        peer = self._peer
        allowed = ("Accepted", "Pending") if allow_pending else ("Accepted",)
        if peer is None or self._registration not in allowed:
            log.info("%s: %s not sent: not registered", self.settings.charge_point_id, action)
            return None
        return await self._call(peer, action, payload)
