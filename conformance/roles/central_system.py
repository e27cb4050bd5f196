"""The harness as central system, for test cases whose SUT is a charge point (`_CS`).

One WebSocket server lives for the whole run, as a real central system would: the charge
point stays connected between cases and comes back after a reboot. Between cases the
harness answers like an ordinary central system (boot accepted, known idTags accepted).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from typing import Any

from ..ocpp.actions import Role
from ..ocpp.datetime import utc_now
from ..ocpp.rpc import Call, CallError
from ..ocpp.validation import Problem
from ..sut.profile import SutProfile
from ..transport.websocket import listen
from ..verdicts import ConfigError, ConnectionRefused, SutUnreachable
from .endpoint import Endpoint, Incoming

class CentralSystemHarness(Endpoint):
    def __init__(self, profile: SutProfile):
        super().__init__(profile, sut_role=Role.CHARGE_POINT, defaults=self.default_answer, fail_on_close=False)
        self.server: Any = None
        self.connector_status: dict[int, str] = {}
        self.open_transactions: dict[int, int] = {}   # transactionId -> connectorId
        self.boot_accepted = asyncio.Event()
        self.refusals: list[str] = []
        self._transaction_ids = itertools.count(int(time.time()) % 100000 * 10 + 1)
        self.observers.append(self._observe)

    # -- server ----------------------------------------------------------------------------------

    async def start(self) -> None:
        host, port = self.profile.listen_host_port
        try:
            self.server = await listen(
                host, port, self._on_connect, path=self.profile.listen_path,
                charge_point_id=self.profile.charge_point_id, password=self.profile.password,
                on_refused=self._refused)
        except OSError as exc:
            raise ConfigError(
                f"{self.profile.path}: cannot listen on {host}:{port} ({exc.strerror or exc}): "
                "free the port or change [sut] listen") from None

    async def stop(self) -> None:
        await self.close()
        if self.server is not None:
            self.server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.server.wait_closed(), 5)

    def _refused(self, reason: str) -> None:
        self.refusals.append(reason)
        self.trace.event(f"handshake refused: {reason}")
        self.errors.append((Problem("websocket_handshake", f"the charge point's handshake was refused: {reason}"), ""))
        self._wake()

    async def _on_connect(self, ws: Any) -> None:
        previous = self.connection
        if previous is not None and not previous.closed.is_set():
            self.trace.event(f"a new connection replaces {previous.label}")
            with contextlib.suppress(Exception):
                await asyncio.wait_for(previous.ws.close(), 2)
        self.boot_accepted.clear()
        self.connector_status.clear()
        self.refusals.clear()
        conn = self.attach(ws)
        await conn.closed.wait()

    async def wait_until_booted(self) -> None:
        """The general precondition: the charge point is connected, accepted, and has reported
        every connector (and connector 0) since, so that no boot traffic spills into the case."""
        bound = self.data.connect_timeout_s
        try:
            if not await self._wait_for(lambda: self.boot_accepted.is_set() or self.refusals, bound):
                raise TimeoutError
            if not self.boot_accepted.is_set():
                raise ConnectionRefused(f"the charge point's WebSocket handshake was refused: {self.refusals[0]}")
            await self._wait_for(lambda: all(c in self.connector_status for c in range(self.profile.connectors + 1)))
        except TimeoutError:
            raise SutUnreachable(
                f"the charge point did not connect to {self.profile.listen.rstrip('/')}/{self.profile.charge_point_id} "
                f"and boot within {bound:g} s: check its central system URL"
                + (", its credentials" if self.profile.password else "")) from None

    # -- what the harness knows of the charge point -------------------------------------------

    def _observe(self, incoming: Incoming) -> None:
        if incoming.action == "StatusNotification":
            self.connector_status[incoming.payload.get("connectorId")] = incoming.payload.get("status")

    def answered(self, incoming: Incoming) -> None:
        answer = incoming.answer
        if incoming.action == "BootNotification" and isinstance(answer, dict) and answer.get("status") == "Accepted":
            self.boot_accepted.set()

    def new_transaction_id(self) -> int:
        return next(self._transaction_ids)

    def id_tag_info(self, id_tag: str) -> dict[str, Any]:
        data = self.data
        status = {data.valid_id_tag: "Accepted", data.blocked_id_tag: "Blocked",
                  data.expired_id_tag: "Expired"}.get(id_tag, "Invalid")
        return {"status": status}

    def start_transaction_conf(self, request: dict[str, Any]) -> dict[str, Any]:
        """The harness's StartTransaction.conf: a fresh transactionId, the idTag judged."""
        transaction_id = self.new_transaction_id()
        info = self.id_tag_info(request.get("idTag", ""))
        if info["status"] == "Accepted":
            self.open_transactions[transaction_id] = request.get("connectorId", 0)
        return {"transactionId": transaction_id, "idTagInfo": info}

    def default_answer(self, call: Call) -> dict[str, Any] | CallError:
        action, payload = call.action, call.payload
        if action == "BootNotification":
            return {"status": "Accepted", "currentTime": utc_now(), "interval": self.data.heartbeat_interval_s}
        if action == "Heartbeat":
            return {"currentTime": utc_now()}
        if action == "Authorize":
            return {"idTagInfo": self.id_tag_info(payload.get("idTag", ""))}
        if action == "StartTransaction":
            return self.start_transaction_conf(payload)
        if action == "StopTransaction":
            self.open_transactions.pop(payload.get("transactionId"), None)
            return {"idTagInfo": self.id_tag_info(payload["idTag"])} if "idTag" in payload else {}
        if action == "DataTransfer":
            return {"status": "UnknownVendorId"}
        if action in ("StatusNotification", "MeterValues", "DiagnosticsStatusNotification",
                      "FirmwareStatusNotification", "SecurityEventNotification", "LogStatusNotification",
                      "SignedFirmwareStatusNotification"):
            return {}
        return CallError(call.unique_id, "NotSupported", f"the harness does not handle {action}", {})

    async def return_to_idle(self, sut: Any) -> None:
        """Between cases: stop what a case left charging and unplug, so the next case starts idle.

        Best effort, bounded: what it cannot restore shows up in the next case's own checks.
        """
        for transaction_id, connector in list(self.open_transactions.items()):
            if self.connection is None or self.connection.closed.is_set():
                break
            self.trace.event(f"returning to idle: stop transaction {transaction_id}")
            with contextlib.suppress(Exception):
                await self.call("RemoteStopTransaction", {"transactionId": transaction_id})
            with contextlib.suppress(Exception):
                await sut.manual("unplug", connector=connector)
            await self._wait_for(lambda t=transaction_id, c=connector: t not in self.open_transactions
                                 and self.connector_status.get(c) == "Available")
            self.open_transactions.pop(transaction_id, None)

    async def _wait_for(self, condition: Any, timeout: float | None = None) -> bool:
        deadline = time.monotonic() + (self.data.message_timeout_s if timeout is None else timeout)
        while not condition():
            if not await self._wait_change(deadline):
                return False
        return True
