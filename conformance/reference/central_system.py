"""The reference OCPP 1.6J central system.

The suite's central-system test cases play a charge point against it: a run against the
reference must pass, and a run with a fault switch set must fail the cases that look at
the misbehaviour. It is written against the specification only and shares nothing with
the harness but `conformance.reference.peer`, so that a check cannot pass merely because
it agrees with a mistake the system under test also makes.
"""

from __future__ import annotations

import asyncio
import http
import itertools
import logging
import random
import ssl
import sys
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed, InvalidHeader
from websockets.headers import build_www_authenticate_basic, parse_authorization_basic
from websockets.http11 import Request, Response

from conformance.reference.operator_requests import REQUEST_FAULTS, as_sent
from conformance.reference.peer import CallErrorReceived, CallErrorReply, Peer, utc_now

log = logging.getLogger("conformance.reference.central_system")

PROG = "ocpp-conformance reference central-system"

BOOT_STATUSES = ("Accepted", "Pending", "Rejected")

FAULTS: dict[str, str] = {
    "naive_timestamps": "every dateTime it sends lacks a zone designator",
    "local_time_timestamps": "every dateTime it sends is local time at +02:00 instead of UTC",
    "authorize_invalid": "every Authorize is answered Invalid, whatever the idTag",
    "start_transaction_blocked": "every StartTransaction is answered with idTagInfo Blocked",
    "reused_transaction_id": "every StartTransaction gets transactionId 1",
    "status_notification_error": "StatusNotification is answered with CALLERROR InternalError",
    "boot_rejected": "BootNotification is always Rejected, whatever the configured boot status",
    "zero_heartbeat_interval": "BootNotification Accepted with interval 0",
    "negative_heartbeat_interval": "BootNotification Accepted with interval -5 (valid by the schema, not by sense)",
    "heartbeat_error": "Heartbeat is answered with CALLERROR InternalError",
    "wrong_callerror_code": "CALLERRORs use 2.0.1 spellings (FormatViolation, ...) instead of 1.6 codes",
    "reused_message_id": "every CALL it sends has the same message id",
    "invalid_id_tag_accepted": "an invalid or unknown idTag is answered Accepted",
    "expired_id_tag_accepted": "an expired idTag is answered Accepted",
    "blocked_id_tag_invalid": "a blocked idTag is answered Invalid",
    "start_requires_authorize": "a StartTransaction whose idTag was not authorized first on this connection is Invalid",
    "start_transaction_accepts_any": "StartTransaction is Accepted whatever the idTag",
    "stop_transaction_error": "StopTransaction is answered with CALLERROR InternalError",
    "strict_connector_state_machine": "StatusNotification Available straight after Preparing (no transaction) "
                                      "is answered with CALLERROR GenericError",
    "fault_status_error": "a StatusNotification with an errorCode other than NoError is answered with CALLERROR",
    "boot_required_on_reconnect": "on a connection without BootNotification every other CALL is answered with "
                                  "CALLERROR SecurityError",
    "data_transfer_accepted": "DataTransfer is Accepted whatever the vendorId",
    "data_transfer_error": "DataTransfer is answered with CALLERROR NotSupported",
    "basic_auth_not_checked": "a charge point is accepted with any basic auth credentials, or none",
    "tls_missing_cipher_suite": "TLS: TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 is not served",
    "tls_1_0_and_1_1": "TLS: versions 1.0 and 1.1 are served too",
    "client_certificate_optional": "profile 3: a charge point without a client certificate is accepted",
    "client_certificate_cn_not_checked": "profile 3: a client certificate whose CN is another charge point is accepted",
    "accepts_unknown_subprotocol": "a handshake that does not offer ocpp1.6 is accepted, without a subprotocol",
    "password_change_not_applied": "a new basic auth password is sent (AuthorizationKey) but the old one stays valid",
    "lower_profile_accepted": "after raising a charge point's security profile, its old profile is still accepted",
    "generic_error_on_type": "a request with a field of the wrong type is refused with GenericError, not "
                             "TypeConstraintViolation",
    "accepts_missing_required": "a request missing a required field is answered with an empty CALLRESULT",
    "crash_on_long_id_tag": "an Authorize with a maximum-length (20 character) idTag closes the connection with 1011",
    "rejects_unusual_timestamps": "a StatusNotification timestamp with fractional seconds or +00:00 is refused "
                                  "with PropertyConstraintViolation",
    **REQUEST_FAULTS,
}

# Faults that live in the framing layer rather than in this module's handlers.
_PEER_FAULTS = frozenset({"wrong_callerror_code", "reused_message_id", "generic_error_on_type",
                          "accepts_missing_required"})

_LOCAL_OFFSET = timedelta(hours=2)


@dataclass
class CentralSystemSettings:
    """How the reference central system answers; the defaults make it fully correct."""

    listen: str = "ws://127.0.0.1:9000"
    boot_status: str = "Accepted"
    heartbeat_interval: int = 300
    retry_interval: int = 10
    valid_id_tags: tuple[str, ...] = ("VALID_TAG",)
    invalid_id_tags: tuple[str, ...] = ()
    blocked_id_tags: tuple[str, ...] = ()
    expired_id_tags: tuple[str, ...] = ()
    passwords: dict[str, str] = field(default_factory=dict)
    # TLS (a wss:// listen address): the server certificate and key; with a client root
    # (security profile 3) every charge point must present a certificate issued by it whose
    # subject CN is its identity.
    certificate: str | None = None
    private_key: str | None = None
    rsa_certificate: str | None = None   # a second one of the other key type: all four suites
    rsa_private_key: str | None = None
    client_root: str | None = None
    # The security profile charge points connect with; None: 3 with a client root, 2 on wss://,
    # 1 with passwords, else 0. With 2 and a client root, a charge point can be raised to 3.
    security_profile: int | None = None
    faults: frozenset[str] = frozenset()
    call_timeout: float = 10.0


def parse_listen(listen: str) -> tuple[str, int, str]:
    """Split "ws://HOST:PORT[/PREFIX]" into host, port and path prefix (no trailing slash)."""
    hint = "expected ws://HOST:PORT or ws://HOST:PORT/PREFIX (wss:// with a certificate), e.g. ws://127.0.0.1:9000"
    parts = urlsplit(listen)
    if parts.scheme not in ("ws", "wss"):
        raise ValueError(f"listen address {listen!r}: {hint}")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"listen address {listen!r} has an invalid port; {hint}") from None
    if not parts.hostname or port is None:
        raise ValueError(f"listen address {listen!r} needs a host and a port; {hint}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"listen address {listen!r} must not carry credentials, a query or a fragment; {hint}")
    return parts.hostname, port, parts.path.rstrip("/")


def _check_settings(settings: CentralSystemSettings) -> None:
    """Reject contradictory settings up front rather than answering arbitrarily later."""
    parse_listen(settings.listen)
    if settings.listen.startswith("wss://") and not (settings.certificate and settings.private_key):
        raise ValueError("a wss:// listen address needs a server certificate and its private key")
    if settings.boot_status not in BOOT_STATUSES:
        raise ValueError(f"boot status {settings.boot_status!r} is not one of {', '.join(BOOT_STATUSES)}")
    unknown = sorted(set(settings.faults) - FAULTS.keys())
    if unknown:
        raise ValueError(f"unknown fault(s) {', '.join(unknown)}; known faults: {', '.join(FAULTS)}")
    if settings.heartbeat_interval < 0 or settings.retry_interval < 0:
        raise ValueError("heartbeat and retry intervals must not be negative")
    seen: dict[str, str] = {}
    for kind, tags in (
        ("valid", settings.valid_id_tags),
        ("invalid", settings.invalid_id_tags),
        ("blocked", settings.blocked_id_tags),
        ("expired", settings.expired_id_tags),
    ):
        for tag in tags:
            key = tag.casefold()
            if key in seen and seen[key] != kind:
                raise ValueError(f"idTag {tag!r} is listed as both {seen[key]} and {kind}")
            seen[key] = kind


class ReferenceCentralSystem:
    """A correct OCPP 1.6J central system with switchable faults.

    Attributes:
        transactions: transactionId -> what is known of it: charge_point_id, connector_id,
            id_tag, meter_start, start_timestamp, reservation_id, active, and once
            stopped meter_stop, stop_timestamp, reason.
    """

    def __init__(self, settings: CentralSystemSettings | None = None):
        self.settings = settings or CentralSystemSettings()
        _check_settings(self.settings)
        self.faults = frozenset(self.settings.faults)
        self._host, self._port, self._prefix = parse_listen(self.settings.listen)
        self._boot_status = self.settings.boot_status
        s = self.settings
        derived = 3 if s.client_root else 2 if s.listen.startswith("wss://") else 1 if s.passwords else 0
        self._profile = derived if s.security_profile is None else s.security_profile
        self._profiles: dict[str, int] = {}   # charge points raised above self._profile
        self._tags: dict[str, str] = {}
        for kind, tags in (
            ("Accepted", self.settings.valid_id_tags),
            ("Invalid", self.settings.invalid_id_tags),
            ("Blocked", self.settings.blocked_id_tags),
            ("Expired", self.settings.expired_id_tags),
        ):
            # OCPP 1.6 IdToken is case insensitive.
            self._tags.update((tag.casefold(), kind) for tag in tags)
        # A random base keeps ids from one run from looking valid in the next.
        self._transaction_ids = itertools.count(random.randint(10_000, 99_999))
        self.transactions: dict[int, dict[str, Any]] = {}
        self._peers: dict[str, Peer] = {}
        self._changed: asyncio.Condition | None = None
        self._server: Server | None = None
        self._tasks: set[asyncio.Task] = set()

    # ----------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Bind and begin accepting charge points; OSError if the address is taken."""
        if self._server is not None:
            return
        self._changed = asyncio.Condition()
        extra: dict[str, Any] = {}
        if "accepts_unknown_subprotocol" in self.faults:
            extra["select_subprotocol"] = lambda connection, offered: "ocpp1.6" if "ocpp1.6" in offered else None
        self._server = await serve(
            self._serve_connection,
            self._host,
            self._port,
            subprotocols=["ocpp1.6"],
            process_request=self._process_request,
            ssl=self._tls_context() if self.settings.listen.startswith("wss://") else None,
            **extra,
        )

    def _tls_context(self) -> ssl.SSLContext:
        """Security Whitepaper, profiles 2 and 3: TLS 1.2 or higher and its four cipher suites."""
        s = self.settings
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        suites = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "AES128-GCM-SHA256",
                  "AES256-GCM-SHA384"]
        if "tls_missing_cipher_suite" in self.faults:
            suites.remove("ECDHE-ECDSA-AES256-GCM-SHA384")
        if "tls_1_0_and_1_1" in self.faults:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                context.minimum_version = ssl.TLSVersion.TLSv1
            suites.append("ALL:@SECLEVEL=0")
        context.set_ciphers(":".join(suites))
        assert s.certificate and s.private_key
        context.load_cert_chain(s.certificate, s.private_key)
        if s.rsa_certificate and s.rsa_private_key:
            context.load_cert_chain(s.rsa_certificate, s.rsa_private_key)
        if s.client_root:
            context.load_verify_locations(cafile=s.client_root)
            # Below profile 3 a certificate is asked for (and checked) for charge points raised to 3.
            optional = self._profile < 3 or "client_certificate_optional" in self.faults
            context.verify_mode = ssl.CERT_OPTIONAL if optional else ssl.CERT_REQUIRED
        return context

    async def stop(self) -> None:
        """Close the listener and every charge point connection."""
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        try:
            await asyncio.wait_for(server.wait_closed(), 5)
        except TimeoutError:
            log.warning("central system: connections did not close in time")
        for task in list(self._tasks):
            task.cancel()
        self._peers.clear()

    async def __aenter__(self) -> ReferenceCentralSystem:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """The address charge points connect to (append "/<charge point id>")."""
        port = self._port
        if self._server is not None and self._server.sockets:
            port = self._server.sockets[0].getsockname()[1]
        host = f"[{self._host}]" if ":" in self._host else self._host
        scheme = "wss" if self.settings.listen.startswith("wss://") else "ws"
        return f"{scheme}://{host}:{port}{self._prefix}"

    @property
    def connected(self) -> set[str]:
        return set(self._peers)

    @property
    def boot_status(self) -> str:
        return self._boot_status

    def set_boot_status(self, status: str) -> None:
        if status not in BOOT_STATUSES:
            raise ValueError(f"boot status {status!r} is not one of {', '.join(BOOT_STATUSES)}")
        self._boot_status = status

    # ------------------------------------------------------------ operator side

    async def send(
        self, charge_point_id: str, action: str, payload: dict, timeout: float | None = None
    ) -> dict:
        """Send a request to a charge point as an operator would, and return its answer.

        Waits up to `timeout` (default: call_timeout) for the charge point to be connected
        and again for the answer. Raises LookupError if it is not connected or drops the
        connection before answering, CallErrorReceived, or asyncio.TimeoutError.
        """
        if self._changed is None:
            raise LookupError("the central system is not running")
        limit = self.settings.call_timeout if timeout is None else timeout
        try:
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(lambda: charge_point_id in self._peers), limit)
        except TimeoutError:
            raise LookupError(f"charge point {charge_point_id!r} is not connected") from None
        peer = self._peers[charge_point_id]
        sent = as_sent(action, payload, self.faults)
        if sent is None:
            log.info("central system: the operator's %s to %s is not sent (ignore_operator)", action, charge_point_id)
            return {}
        call = asyncio.ensure_future(peer.call(action, sent, timeout=limit))
        closed = asyncio.ensure_future(peer.ws.wait_closed())
        try:
            await asyncio.wait({call, closed}, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            call.cancel()
            raise
        finally:
            closed.cancel()
        if not call.done():
            call.cancel()
            raise LookupError(f"charge point {charge_point_id!r} disconnected before answering {action}")
        try:
            return call.result()
        except ConnectionClosed:
            raise LookupError(f"charge point {charge_point_id!r} disconnected before answering {action}") from None

    async def change_password(self, charge_point_id: str, password: str, timeout: float | None = None) -> dict:
        """An operator gives a charge point a new basic auth password: ChangeConfiguration
        AuthorizationKey, hex encoded (Security Whitepaper, profiles 1 and 2); once Accepted,
        only the new password opens a connection."""
        answer = await self.send(charge_point_id, "ChangeConfiguration",
                                 {"key": "AuthorizationKey", "value": password.encode().hex()}, timeout)
        if answer.get("status") == "Accepted" and "password_change_not_applied" not in self.faults:
            self.settings.passwords[charge_point_id] = password
        return answer

    async def set_security_profile(self, charge_point_id: str, profile: int, timeout: float | None = None) -> dict:
        """An operator sets a charge point's security profile. Raising it, the central system sends
        ChangeConfiguration SecurityProfile and, once Accepted or RebootRequired, Reset (Hard):
        from then on only the new profile opens a connection. Lowering it is a local change."""
        now = self._profiles.get(charge_point_id, self._profile)
        if profile <= now:
            if profile == self._profile:
                self._profiles.pop(charge_point_id, None)
            else:
                self._profiles[charge_point_id] = profile
            return {"status": "Accepted"}
        answer = await self.send(charge_point_id, "ChangeConfiguration",
                                 {"key": "SecurityProfile", "value": str(profile)}, timeout)
        if answer.get("status") not in ("Accepted", "RebootRequired"):
            return answer
        self._profiles[charge_point_id] = profile
        return await self.send(charge_point_id, "Reset", {"type": "Hard"}, timeout)

    def active_transactions(self, charge_point_id: str | None = None) -> list[int]:
        """Ids of transactions started and not yet stopped, oldest first."""
        return [
            tid
            for tid, info in self.transactions.items()
            if info["active"] and charge_point_id in (None, info["charge_point_id"])
        ]

    async def dispatch_control(self, name: str, params: dict) -> Any:
        """Answer a control-port action; KeyError for an unknown one, ValueError for bad input."""
        if name == "status":
            return {
                "connected": sorted(self._peers),
                "boot_status": self._boot_status,
                "active_transactions": self.active_transactions(),
            }
        if name == "set_boot_status":
            self.set_boot_status(_param(params, "status", str))
            return {"boot_status": self._boot_status}
        if name == "csms_set_security_profile":
            cp_id, profile = _param(params, "charge_point_id", str), _param(params, "profile", int)
            try:
                return await self.set_security_profile(cp_id, profile, params.get("timeout"))
            except (TimeoutError, LookupError, CallErrorReceived) as error:
                raise ValueError(f"{cp_id}: the security profile was not raised ({error or type(error).__name__})") from None
        if name == "set_basic_auth_password":
            cp_id, password = _param(params, "charge_point_id", str), _param(params, "password", str)
            try:
                return await self.change_password(cp_id, password, params.get("timeout"))
            except (TimeoutError, LookupError, CallErrorReceived) as error:
                raise ValueError(f"{cp_id}: the new password was not delivered ({error or type(error).__name__})") from None
        if name == "send":
            cp_id = _param(params, "charge_point_id", str)
            action = _param(params, "action", str)
            payload = params.get("payload", {})
            if not isinstance(payload, dict):
                raise ValueError("parameter 'payload' must be a JSON object")
            timeout = params.get("timeout")
            if timeout is not None and not isinstance(timeout, (int, float)):
                raise ValueError("parameter 'timeout' must be a number of seconds")
            try:
                return await self.send(cp_id, action, payload, timeout)
            except CallErrorReceived as error:
                raise ValueError(f"{cp_id} answered {action} with CALLERROR {error.code}: {error.description}") from None
            except LookupError as error:
                raise ValueError(str(error)) from None
            except TimeoutError:
                raise ValueError(f"{cp_id} did not answer {action} in time") from None
        raise KeyError(name)

    # ---------------------------------------------------------------- handshake

    def _charge_point_id(self, path: str) -> str | None:
        path = path.split("?", 1)[0]
        if not path.startswith(self._prefix + "/"):
            return None
        last = path[len(self._prefix) + 1 :].rstrip("/").rsplit("/", 1)[-1]
        return unquote(last) or None

    def _process_request(self, connection: ServerConnection, request: Request) -> Response | None:
        cp_id = self._charge_point_id(request.path)
        if cp_id is None:
            where = f"{self._prefix}/<charge point id>"
            return connection.respond(http.HTTPStatus.NOT_FOUND, f"connect to {where}\n")
        profile = self._profiles.get(cp_id, self._profile)
        if profile == 3 and "client_certificate_optional" not in self.faults:
            ssl_object = connection.transport.get_extra_info("ssl_object")
            subject = dict(x[0] for x in (ssl_object.getpeercert() or {}).get("subject", ()))
            raised_but_old = cp_id in self._profiles and not subject and "lower_profile_accepted" in self.faults
            if subject.get("commonName") != cp_id and "client_certificate_cn_not_checked" not in self.faults \
                    and not raised_but_old:
                return connection.respond(http.HTTPStatus.FORBIDDEN, "the client certificate is not this charge point's\n")
            if not raised_but_old:
                return None   # profile 3: the certificate, not basic auth
        if not self.settings.passwords or "basic_auth_not_checked" in self.faults:
            return None
        try:
            username, password = parse_authorization_basic(request.headers["Authorization"])
        except (KeyError, InvalidHeader):
            return self._unauthorized(connection, "HTTP Basic credentials required\n")
        expected = self.settings.passwords.get(cp_id)
        # Security profile 1: the user name is the charge point's own identity.
        if username != cp_id or expected is None or password != expected:
            return self._unauthorized(connection, "invalid credentials\n")
        return None

    @staticmethod
    def _unauthorized(connection: ServerConnection, text: str) -> Response:
        response = connection.respond(http.HTTPStatus.UNAUTHORIZED, text)
        response.headers["WWW-Authenticate"] = build_www_authenticate_basic("OCPP")
        return response

    async def _serve_connection(self, ws: ServerConnection) -> None:
        cp_id = self._charge_point_id(ws.request.path)
        assert cp_id is not None and self._changed is not None
        peer = Peer(
            ws,
            self._handlers(cp_id),
            call_timeout=self.settings.call_timeout,
            faults=self.faults & _PEER_FAULTS,
            name=f"central-system/{cp_id}",
        )
        old = self._peers.get(cp_id)
        async with self._changed:
            self._peers[cp_id] = peer
            self._changed.notify_all()
        if old is not None:
            # Closing may wait for a dead peer's close frame; the new one must not wait.
            log.info("central system: %s reconnected, closing its previous connection", cp_id)
            self._background(old.ws.close(1000, "replaced by a new connection"))
        log.info("central system: %s connected", cp_id)
        try:
            await peer.run()
        except ConnectionClosed:
            pass
        finally:
            if self._peers.get(cp_id) is peer:
                async with self._changed:
                    del self._peers[cp_id]
                    self._changed.notify_all()
            log.info("central system: %s disconnected", cp_id)

    def _background(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # ---------------------------------------------------------------- messages

    def _timestamp(self, shift: timedelta = timedelta()) -> str:
        if not shift:
            if "naive_timestamps" in self.faults:
                return utc_now(naive=True)
            if "local_time_timestamps" in self.faults:
                return utc_now(_LOCAL_OFFSET)
            return utc_now()
        moment = datetime.now(UTC).replace(microsecond=0) + shift
        if "naive_timestamps" in self.faults:
            return moment.replace(tzinfo=None).isoformat()
        if "local_time_timestamps" in self.faults:
            return moment.astimezone(timezone(_LOCAL_OFFSET)).isoformat()
        return moment.isoformat().replace("+00:00", "Z")

    def _id_tag_info(self, id_tag: str) -> dict[str, Any]:
        status = self._tags.get(id_tag.casefold(), "Invalid")
        if "authorize_invalid" in self.faults:
            status = "Invalid"
        elif status == "Invalid" and "invalid_id_tag_accepted" in self.faults:
            status = "Accepted"
        elif status == "Expired" and "expired_id_tag_accepted" in self.faults:
            status = "Accepted"
        elif status == "Blocked" and "blocked_id_tag_invalid" in self.faults:
            status = "Invalid"
        if status == "Accepted":
            return {"status": "Accepted", "expiryDate": self._timestamp(timedelta(days=1))}
        if status == "Expired":
            return {"status": "Expired", "expiryDate": self._timestamp(-timedelta(days=1))}
        return {"status": status}

    def _handlers(self, cp_id: str) -> dict[str, Any]:
        # What this connection has said so far; only some faults look at it.
        seen: dict[str, Any] = {"booted": False, "authorized": set(), "status": {}}

        def boot_notification(payload: dict) -> dict:
            seen["booted"] = True
            status = "Rejected" if "boot_rejected" in self.faults else self._boot_status
            interval = self.settings.heartbeat_interval if status == "Accepted" else self.settings.retry_interval
            if status == "Accepted" and "zero_heartbeat_interval" in self.faults:
                interval = 0
            elif status == "Accepted" and "negative_heartbeat_interval" in self.faults:
                interval = -5
            return {"status": status, "currentTime": self._timestamp(), "interval": interval}

        def heartbeat(payload: dict) -> dict:
            if "heartbeat_error" in self.faults:
                raise CallErrorReply("InternalError", "heartbeat could not be processed")
            return {"currentTime": self._timestamp()}

        def status_notification(payload: dict) -> dict:
            stamp = payload.get("timestamp", "")
            if "rejects_unusual_timestamps" in self.faults and ("." in stamp or stamp.endswith("+00:00")):
                raise CallErrorReply("PropertyConstraintViolation", "timestamp must be YYYY-MM-DDThh:mm:ssZ")
            if "status_notification_error" in self.faults:
                raise CallErrorReply("InternalError", "status could not be recorded")
            connector, status = payload["connectorId"], payload["status"]
            before, seen["status"][connector] = seen["status"].get(connector), status
            if "strict_connector_state_machine" in self.faults and before == "Preparing" and status == "Available":
                raise CallErrorReply("GenericError", "Preparing may only end in a transaction")
            if "fault_status_error" in self.faults and payload["errorCode"] != "NoError":
                raise CallErrorReply("InternalError", f"error code {payload['errorCode']} could not be recorded")
            return {}

        def empty(payload: dict) -> dict:
            return {}

        def data_transfer(payload: dict) -> dict:
            if "data_transfer_error" in self.faults:
                raise CallErrorReply("NotSupported", "DataTransfer is not supported")
            # No vendor extension is known here, so no vendorId is (OCPP 1.6 §4.3).
            return {"status": "Accepted" if "data_transfer_accepted" in self.faults else "UnknownVendorId"}

        async def crash(payload: dict) -> dict:
            await self._peers[cp_id].ws.close(1011, "internal error")
            raise CallErrorReply("InternalError", "closed")

        def authorize(payload: dict) -> Any:
            if "crash_on_long_id_tag" in self.faults and len(payload["idTag"]) == 20:
                return crash(payload)
            info = self._id_tag_info(payload["idTag"])
            if info["status"] == "Accepted":
                seen["authorized"].add(payload["idTag"].casefold())
            return {"idTagInfo": info}

        def start_transaction(payload: dict) -> dict:
            info = self._id_tag_info(payload["idTag"])
            if "start_transaction_blocked" in self.faults:
                info = {"status": "Blocked"}
            elif "start_transaction_accepts_any" in self.faults:
                info = {"status": "Accepted"}
            elif "start_requires_authorize" in self.faults and payload["idTag"].casefold() not in seen["authorized"]:
                info = {"status": "Invalid"}
            tid = next(self._transaction_ids)
            if "reused_transaction_id" in self.faults:
                tid = 1
            # The CSMS must hand out an id even when it refuses the idTag: the charge
            # point stops such a transaction itself and reports it with that id.
            self.transactions[tid] = {
                "charge_point_id": cp_id,
                "connector_id": payload["connectorId"],
                "id_tag": payload["idTag"],
                "meter_start": payload["meterStart"],
                "start_timestamp": payload["timestamp"],
                "reservation_id": payload.get("reservationId"),
                "active": True,
            }
            return {"transactionId": tid, "idTagInfo": info}

        def stop_transaction(payload: dict) -> dict:
            if "stop_transaction_error" in self.faults:
                raise CallErrorReply("InternalError", "the transaction could not be closed")
            info = self.transactions.get(payload["transactionId"])
            if info is None:
                # 1.6 requires stop messages to be accepted, even for unknown ids.
                log.info("central system: %s stopped unknown transaction %s", cp_id, payload["transactionId"])
            else:
                info.update(
                    active=False,
                    meter_stop=payload["meterStop"],
                    stop_timestamp=payload["timestamp"],
                    reason=payload.get("reason", "Local"),
                )
            if "idTag" in payload:
                return {"idTagInfo": self._id_tag_info(payload["idTag"])}
            return {}

        def booted_first(handler: Any) -> Any:
            def handle(payload: dict) -> dict:
                if not seen["booted"]:
                    raise CallErrorReply("SecurityError", "this connection has not sent a BootNotification")
                return handler(payload)
            return handle

        handlers = {
            "BootNotification": boot_notification,
            "Heartbeat": heartbeat,
            "StatusNotification": status_notification,
            "MeterValues": empty,
            "DiagnosticsStatusNotification": empty,
            "FirmwareStatusNotification": empty,
            "SecurityEventNotification": empty,
            "LogStatusNotification": empty,
            "SignedFirmwareStatusNotification": empty,
            "DataTransfer": data_transfer,
            "Authorize": authorize,
            "StartTransaction": start_transaction,
            "StopTransaction": stop_transaction,
        }
        if "boot_required_on_reconnect" in self.faults:
            handlers = {name: h if name == "BootNotification" else booted_first(h) for name, h in handlers.items()}
        return handlers


def _param(params: dict, name: str, kind: type) -> Any:
    value = params.get(name)
    if not isinstance(value, kind):
        raise ValueError(f"parameter {name!r} is required and must be a {kind.__name__}")
    return value


def main(argv: list[str] | None = None) -> int:
    """Entry point of `ocpp-conformance reference central-system` (see central_system_cli)."""
    from conformance.reference.central_system_cli import main as run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
