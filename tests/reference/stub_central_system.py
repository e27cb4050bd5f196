"""A minimal central system for the reference charge point's tests, on raw OCPP-J frames.

Raw frames on purpose: these tests must not lean on the suite's harness, whose test cases
the reference charge point exists to validate.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

from conformance.reference.charge_point import ChargePointSettings, ReferenceChargePoint


def now() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def in_seconds(seconds: float) -> str:
    """A dateTime this far in the future."""
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def is_utc(timestamp: str) -> bool:
    return timestamp.endswith("Z") or timestamp.endswith("+00:00")


class MiniCentralSystem:
    """Records the charge point's CALLs in order and answers them from a table.

    An answer is a payload or a function of the request payload, which may be async (to
    answer late). `frames` keeps every text frame received, `answered` the action and time
    of every answer sent, `requests` the handshake of every connection.
    """

    def __init__(self, **answers: Any):
        self._transaction_ids = iter(range(100, 1000))
        self.answers: dict[str, Any] = {
            "BootNotification": {"status": "Accepted", "currentTime": now(), "interval": 300},
            "Heartbeat": lambda p: {"currentTime": now()},
            "StatusNotification": {},
            "Authorize": {"idTagInfo": {"status": "Accepted"}},
            "StartTransaction": lambda p: {"transactionId": next(self._transaction_ids), "idTagInfo": {"status": "Accepted"}},
            "StopTransaction": {},
            "MeterValues": {},
        }
        self.answers.update(answers)
        self.received: asyncio.Queue[tuple[float, str, dict]] = asyncio.Queue()
        self.requests: list[Any] = []
        self.frames: list[str] = []
        self.answered: list[tuple[float, str]] = []
        self._ws: Any = None
        self._connected = asyncio.Event()
        self._waiting: dict[str, asyncio.Future] = {}
        self._ids = iter(range(1, 10_000))

    async def __aenter__(self) -> MiniCentralSystem:
        self._server = await serve(self._handle, "127.0.0.1", 0, subprotocols=["ocpp1.6"])
        port = self._server.sockets[0].getsockname()[1]
        self.url = f"ws://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self._server.close()
        await asyncio.wait_for(self._server.wait_closed(), 5)

    async def _handle(self, ws: Any) -> None:
        self._ws = ws
        self.requests.append(ws.request)
        self._connected.set()
        with contextlib.suppress(ConnectionClosed):
            await self._serve(ws)

    async def _serve(self, ws: Any) -> None:
        async for text in ws:
            self.frames.append(text)
            try:
                message = json.loads(text)
            except ValueError:
                continue
            if message[0] == 2:
                _, unique_id, action, payload = message
                await self.received.put((time.monotonic(), action, payload))
                answer = self.answers[action]
                answer = answer(payload) if callable(answer) else answer
                if inspect.isawaitable(answer):
                    answer = await answer
                self.answered.append((time.monotonic(), action))  # before the charge point can see it
                await ws.send(json.dumps([3, unique_id, answer]))
            elif message[1] in self._waiting:
                self._waiting.pop(message[1]).set_result(message)

    async def expect(self, action: str, timeout: float = 3.0, skip: tuple[str, ...] = ("Heartbeat",)) -> dict:
        """The payload of the next CALL, which must be `action` (CALLs in `skip` aside)."""
        return (await self.expect_timed(action, timeout, skip))[1]

    async def expect_timed(self, action: str, timeout: float = 3.0, skip: tuple[str, ...] = ("Heartbeat",)) -> tuple[float, dict]:
        async with asyncio.timeout(timeout):
            while True:
                at, got, payload = await self.received.get()
                if got == action:
                    return at, payload
                assert got in skip, f"expected {action}, got {got} {payload}"

    async def quiet(self, seconds: float, skip: tuple[str, ...] = ()) -> None:
        """Assert that the charge point sends nothing (but `skip`) for a while."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                while True:
                    _, got, payload = await self.received.get()
                    assert got in skip, f"unexpected {got} {payload}"

    async def call(self, action: str, payload: dict, timeout: float = 3.0) -> list:
        """Send a CALL to the charge point; the whole answer frame."""
        await asyncio.wait_for(self._connected.wait(), timeout)
        unique_id = f"cs-{next(self._ids)}"
        future = asyncio.get_running_loop().create_future()
        self._waiting[unique_id] = future
        await self._ws.send(json.dumps([2, unique_id, action, payload]))
        return await asyncio.wait_for(future, timeout)


@contextlib.asynccontextmanager
async def running(cs: MiniCentralSystem, **settings: Any) -> AsyncIterator[ReferenceChargePoint]:
    options: dict[str, Any] = {"reconnect_delay": 0.1, "call_timeout": 3.0}
    options.update(settings)
    cp = ReferenceChargePoint(ChargePointSettings(url=cs.url, **options))
    await cp.start()
    try:
        yield cp
    finally:
        await asyncio.wait_for(cp.stop(), 10)


async def booted(cs: MiniCentralSystem, connectors: int = 2) -> None:
    await cs.expect("BootNotification")
    for c in range(connectors + 1):
        assert (await cs.expect("StatusNotification"))["connectorId"] == c


async def until(predicate: Callable[[], bool], timeout: float = 3.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


async def drain(cs: MiniCentralSystem, quiet_for: float = 0.3) -> list[str]:
    """Consume CALLs until none came for quiet_for seconds; their actions."""
    seen = []
    while True:
        try:
            _, action, _ = await asyncio.wait_for(cs.received.get(), quiet_for)
        except TimeoutError:
            return seen
        seen.append(action)


def late(answer: Any, delay: float) -> Callable[[dict], Any]:
    """An answer sent only after delay seconds."""

    async def respond(payload: dict) -> Any:
        await asyncio.sleep(delay)
        return answer(payload) if callable(answer) else answer

    return respond


def calls_received(cs: MiniCentralSystem) -> int:
    count = 0
    for text in cs.frames:
        with contextlib.suppress(ValueError):
            count += json.loads(text)[0] == 2
    return count
