"""The reference central system: its lifecycle, the connections of charge points, and what its
operator asks of them."""

from __future__ import annotations

import asyncio
import contextlib
import http
import json
from typing import Any
from urllib.parse import unquote

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from conformance.reference.peer import Peer, PeerFaults
from conformance.reference.switches import FAULT, MODE

from .certificates import CertificateOperations
from .control_actions import dispatch_control
from .faults import SWITCHES, Fault, Mode
from .local_lists import LocalLists
from .messages import Backlog, IdTags, TransactionRecords, handlers_for
from .operator_requests import as_sent
from .reservations import Reservations
from .security import Admission
from .settings import BOOT_STATUSES, CentralSystemSettings, check_settings, log, parse_listen
from .smart_charging import request as smart_charging_request


class ReferenceCentralSystem(CertificateOperations):
    """A correct OCPP 1.6J central system with switchable faults.

    Attributes:
        transactions: transactionId -> what is known of it: charge_point_id, connector_id,
            id_tag, meter_start, start_timestamp, reservation_id, active, and once
            stopped meter_stop, stop_timestamp, reason.
    """

    def __init__(self, settings: CentralSystemSettings | None = None):
        self.settings = settings or CentralSystemSettings()
        check_settings(self.settings)
        self.faults = SWITCHES.select(FAULT, self.settings.faults)
        self.modes = SWITCHES.select(MODE, self.settings.modes)
        self._host, self._port, self._prefix = parse_listen(self.settings.listen)
        self._boot_status = self.settings.boot_status
        self._admission = Admission(self.settings, self.faults)
        self._id_tags = IdTags(self.settings, self.faults)
        self._records = TransactionRecords(self.faults)
        self.reservations = Reservations(self.faults, self._id_tags)
        self.transactions: dict[int, dict[str, Any]] = self._records.records
        self._backlog = Backlog()
        self._peers: dict[str, Peer] = {}
        self._local_lists = LocalLists(self.settings.valid_id_tags)
        self._changed: asyncio.Condition | None = None
        self._server: Server | None = None
        self._tasks: set[asyncio.Task] = set()

    # ----------------------------------------------------------------- lifecycle

    async def start(self) -> None:
        """Bind and begin accepting charge points; OSError if the address is taken."""
        if self._server is not None:
            return
        self._changed = asyncio.Condition()
        self._server = await serve(
            self._serve_connection,
            self._host,
            self._port,
            subprotocols=["ocpp1.6"],
            process_request=self._process_request,
            ssl=self._admission.tls_context() if self.settings.listen.startswith("wss://") else None,
            **self._subprotocol_choice(),
        )

    def _subprotocol_choice(self) -> dict[str, Any]:
        """How the handshake's subprotocol is chosen: by default ocpp1.6 or a refusal with HTTP 400."""
        if self.faults.active(Fault.SELECTS_OTHER_SUBPROTOCOL):
            return {"select_subprotocol": lambda connection, offered: "ocpp2.0.1"}
        if self.faults.active(Fault.NO_SUBPROTOCOL_KEEPS_OPEN):
            return {"select_subprotocol": lambda connection, offered: None}
        if self.faults.active(Fault.ACCEPTS_UNKNOWN_SUBPROTOCOL) or self.modes.active(Mode.CLOSES_WITHOUT_SUBPROTOCOL):
            return {"select_subprotocol": lambda connection, offered: "ocpp1.6" if "ocpp1.6" in offered else None}
        return {}

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
        sent = self.reservations.as_sent(charge_point_id, action, sent)
        if self.modes.active(Mode.CONFIGURES_ON_ITS_OWN):
            await self._configure_on_its_own(peer, limit)
        if action == "SendLocalList" and sent.get("updateType") == "Differential" \
                and self.modes.active(Mode.LOCAL_LIST_VERSION_FIRST):
            self._local_lists.answered(charge_point_id, "GetLocalListVersion", {},
                                       await peer.call("GetLocalListVersion", {}, timeout=limit))
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
            answer = call.result()
        except ConnectionClosed:
            raise LookupError(f"charge point {charge_point_id!r} disconnected before answering {action}") from None
        await self._after_local_list_answer(charge_point_id, peer, action, sent, answer, limit)
        self.reservations.answered(action, sent, answer)
        return answer

    async def _after_local_list_answer(self, charge_point_id: str, peer: Peer, action: str, sent: dict,
                                       answer: Any, limit: float) -> None:
        """What a GetLocalListVersion or SendLocalList answer sets off (local_lists.py)."""
        if action not in ("GetLocalListVersion", "SendLocalList"):
            return
        if LocalLists.unwelcome(action, answer, self.faults):
            log.info("central system: %s answer %r; closing %s's connection", action, answer, charge_point_id)
            await peer.ws.close(1011, "unexpected local list answer")
            return
        retry = self._local_lists.answered(charge_point_id, action, sent, answer)
        if retry is not None:
            log.info("central system: differential list refused by %s; sending the full list", charge_point_id)
            with contextlib.suppress(Exception):
                self._local_lists.answered(charge_point_id, "SendLocalList", retry,
                                           await peer.call("SendLocalList", retry, timeout=limit))

    async def reserve_now(self, charge_point_id: str, connector_id: int, id_tag: str, expiry_date: str,
                          timeout: float | None = None) -> dict:
        """An operator reserves a connector (0: the charge point) for an idTag until expiry_date:
        the central system hands out the reservationId and adds the idTag's parentIdTag."""
        payload = self.reservations.reserve_now(charge_point_id, connector_id, id_tag, expiry_date)
        return await self.send(charge_point_id, "ReserveNow", payload, timeout)

    async def _configure_on_its_own(self, peer: Peer, limit: float) -> None:
        """What a back-end sends a charge point besides what its operator asks for; the answers change nothing."""
        for action, payload in (
                ("GetConfiguration", {"key": ["HeartbeatInterval"]}),
                ("ChangeConfiguration", {"key": "HeartbeatInterval", "value": str(self.settings.heartbeat_interval)}),
                ("TriggerMessage", {"requestedMessage": "Heartbeat"}),
                ("ClearCache", {}),
                ("DataTransfer", {"vendorId": "org.example.reference"})):
            with contextlib.suppress(Exception):
                await peer.call(action, payload, timeout=limit)

    async def change_password(self, charge_point_id: str, password: str, timeout: float | None = None) -> dict:
        """An operator gives a charge point a new basic auth password: ChangeConfiguration
        AuthorizationKey, hex encoded (Security Whitepaper, profiles 1 and 2); once Accepted,
        only the new password opens a connection."""
        answer = await self.send(charge_point_id, "ChangeConfiguration",
                                 {"key": "AuthorizationKey", "value": password.encode().hex()}, timeout)
        if answer.get("status") == "Accepted" and not self.faults.active(Fault.PASSWORD_CHANGE_NOT_APPLIED):
            self.settings.passwords[charge_point_id] = password
        return answer

    async def set_security_profile(self, charge_point_id: str, profile: int, timeout: float | None = None) -> dict:
        """An operator sets a charge point's security profile. Raising it, the central system sends
        ChangeConfiguration SecurityProfile and, once Accepted or RebootRequired, Reset (Hard):
        from then on only the new profile opens a connection. Lowering it is a local change."""
        if profile <= self._admission.profile_of(charge_point_id):
            self._admission.lower_to(charge_point_id, profile)
            return {"status": "Accepted"}
        answer = await self.send(charge_point_id, "ChangeConfiguration",
                                 {"key": "SecurityProfile", "value": str(profile)}, timeout)
        if answer.get("status") not in ("Accepted", "RebootRequired"):
            return answer
        self._admission.raise_to(charge_point_id, profile)
        return await self.send(charge_point_id, "Reset", {"type": "Hard"}, timeout)

    async def smart_charging(self, action: str, params: dict, timeout: float | None = None) -> dict:
        """An operator's smart charging request (conformance.reference.central_system.smart_charging)."""
        cp_id = str(params["charge_point_id"])
        ocpp_action, payload = smart_charging_request(action, params, self.faults, self.active_transactions(cp_id))
        return await self.send(cp_id, ocpp_action, payload, timeout)

    def transaction_start(self, transaction_id: int) -> str:
        """What its operator sees as the start of a transaction; LookupError for an unknown one."""
        return self._records.start_time(transaction_id)

    def active_transactions(self, charge_point_id: str | None = None) -> list[int]:
        """Ids of transactions started and not yet stopped, oldest first."""
        return self._records.running(charge_point_id)

    async def dispatch_control(self, name: str, params: dict) -> Any:
        """Answer a control-port action; KeyError for an unknown one, ValueError for bad input."""
        return await dispatch_control(self, name, params)

    # ---------------------------------------------------------------- connections

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
        return self._admission.refusal(cp_id, connection, request)

    async def _serve_connection(self, ws: ServerConnection) -> None:
        cp_id = self._charge_point_id(ws.request.path)
        assert cp_id is not None and self._changed is not None
        if ws.subprotocol is None and self.modes.active(Mode.CLOSES_WITHOUT_SUBPROTOCOL):
            # OCPP-J 1.6 §3.1.2: no subprotocol agreed, so the upgrade is closed straight away.
            log.info("central system: %s offered no subprotocol it speaks; closing", cp_id)
            await ws.close(1002, "no supported subprotocol")
            return

        async def crash() -> None:
            await self._peers[cp_id].ws.close(1011, "internal error")

        handlers = self.reservations.handlers(cp_id, handlers_for(
            cp_id, settings=self.settings, faults=self.faults, boot_status=lambda: self._boot_status,
            id_tags=self._id_tags, transactions=self._records, crash=crash, backlog=self._backlog))
        handlers["SignCertificate"] = self.sign_certificate_handler(cp_id)
        peer = Peer(
            ws,
            handlers,
            call_timeout=self.settings.call_timeout,
            faults=PeerFaults(
                wrong_callerror_code=self.faults.active(Fault.WRONG_CALLERROR_CODE),
                reused_message_id=self.faults.active(Fault.REUSED_MESSAGE_ID),
                ids_per_connection=self.modes.active(Mode.MESSAGE_IDS_PER_CONNECTION),
                generic_error_on_type=self.faults.active(Fault.GENERIC_ERROR_ON_TYPE),
                accepts_missing_required=self.faults.active(Fault.ACCEPTS_MISSING_REQUIRED),
            ),
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
        if self.faults.active(Fault.STACKED_REQUESTS):
            self._background(self._stack_requests(peer))
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

    async def _stack_requests(self, peer: Peer) -> None:
        with contextlib.suppress(ConnectionClosed):
            for n in range(300):
                await peer.send_raw(json.dumps([2, f"stacked-{n}", "GetConfiguration", {}]))

    def _background(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
