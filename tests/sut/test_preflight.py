"""A central system SUT that turns the harness away: a set-up mistake, named as one.

Before the run (preflight) it is one line and exit code 2; inside a case the same line makes
the case broken, not failed, and the attempt is in the case's trace.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.server import serve

from conformance.checks.failures import ConnectionRefused
from conformance.checks.verdicts import ConfigError, HarnessError, SetupError, SutUnreachable
from conformance.roles.charge_point import ChargePointHarness
from conformance.sut import preflight
from conformance.sut.local import free_port, write_toml
from conformance.sut.profile import load
from conformance.transport.trace import Trace

SECRET = "s3cret-basic-auth"


class FakeCentralSystem:
    """A WebSocket server on a thread of its own that answers handshakes as `answer` says."""

    def __init__(self, answer: Callable[[Any], tuple[int, str] | None], subprotocols: list[str] | None,
                 select: Callable[[Any, Any], str | None] | None = None, close_at_once: bool = False):
        self.answer = answer
        self.subprotocols = subprotocols
        self.select = select
        self.close_at_once = close_at_once
        self.requests: list[Any] = []
        self.messages: list[str] = []
        self.close_codes: list[int | None] = []
        self.port = free_port()

    def _process_request(self, connection: Any, request: Any) -> Any:
        self.requests.append(request)
        refusal = self.answer(request)
        return None if refusal is None else connection.respond(*refusal)

    def _handler(self, ws: Any) -> None:
        if self.close_at_once:
            ws.close(1002)
        with contextlib.suppress(ConnectionClosed):
            for message in ws:
                self.messages.append(message)
        self.close_codes.append(ws.close_code)

    @contextlib.contextmanager
    def running(self) -> Iterator[FakeCentralSystem]:
        extra = {"select_subprotocol": self.select} if self.select else {}
        with serve(self._handler, "127.0.0.1", self.port, process_request=self._process_request,
                   subprotocols=self.subprotocols, **extra) as server:
            thread = threading.Thread(target=server.serve_forever, daemon=True)
            thread.start()
            try:
                yield self
            finally:
                server.shutdown()
                thread.join(5)


@contextlib.contextmanager
def central_system(answer: Callable[[Any], tuple[int, str] | None] = lambda request: None,
                   subprotocols: list[str] | None = ("ocpp1.6",), **behaviour: Any
                   ) -> Iterator[FakeCentralSystem]:  # type: ignore[assignment]
    with FakeCentralSystem(answer, list(subprotocols) if subprotocols else None, **behaviour).running() as fake:
        yield fake


def csms(tmp_path, port: int, *, password: str | None = None, url_path: str = "/ocpp", connect_timeout: float = 2):
    security = {"profile": 1, "password": password} if password else {"profile": 0}
    return load(write_toml(tmp_path / "csms.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_7", "url": f"ws://127.0.0.1:{port}{url_path}"},
        "security": security, "test_data": {"connect_timeout_s": connect_timeout, "message_timeout_s": 1}}))


def refused_by_preflight(profile) -> str:
    with pytest.raises(ConfigError) as info:
        preflight.check(profile)
    line = str(info.value)
    assert "\n" not in line and line.startswith(str(profile.path))
    assert SECRET not in line and "Authorization" not in line and "Basic " not in line
    return line


def test_a_good_handshake_is_made_and_closed_at_once(tmp_path):
    with central_system() as fake:
        preflight.check(csms(tmp_path, fake.port, password=SECRET))
        deadline = time.monotonic() + 5
        while not fake.close_codes and time.monotonic() < deadline:
            time.sleep(0.02)
    (request,) = fake.requests
    assert request.path == "/ocpp/CP_7"
    assert request.headers["Sec-WebSocket-Protocol"] == "ocpp1.6"
    assert request.headers["Authorization"].startswith("Basic ")
    assert fake.messages == [] and fake.close_codes == [1000]


@pytest.mark.parametrize(("status", "body", "expected"), [
    (HTTPStatus.UNAUTHORIZED, "bad credentials",
     ['refused the WebSocket handshake with HTTP 401 Unauthorized (body: "bad credentials")',
      "check [security] profile and password", "'CP_7'"]),
    (HTTPStatus.FORBIDDEN, "", ["HTTP 403 Forbidden (body: empty)", "check [security] profile and password"]),
    (HTTPStatus.NOT_FOUND, "no route\n\nhere", ['HTTP 404 Not Found (body: "no route here")', "check [sut] url",
                                                "trailing slash", "{charge_point_id}"]),
    (HTTPStatus.INTERNAL_SERVER_ERROR, "x" * 500, ["HTTP 500 Internal Server Error", "[sut] url and the server log",
                                                   '"' + "x" * 200 + '")']),
])
def test_a_refused_handshake_names_the_keys_to_check(tmp_path, status, body, expected):
    with central_system(lambda request: (status, body)) as fake:
        line = refused_by_preflight(csms(tmp_path, fake.port, password=SECRET))
    assert f"the central system at ws://127.0.0.1:{fake.port}/ocpp/CP_7 refused" in line
    for fragment in expected:
        assert fragment in line
    assert "x" * 201 not in line


def test_credentials_wanted_but_none_configured(tmp_path):
    with central_system(lambda request: (HTTPStatus.UNAUTHORIZED, "who are you?")) as fake:
        line = refused_by_preflight(csms(tmp_path, fake.port))
    assert "no credentials were sent: set [security] profile = 1 and password" in line


def test_a_closed_port(tmp_path):
    line = refused_by_preflight(csms(tmp_path, free_port()))
    assert "cannot connect to the central system" in line and "connection refused" in line and "[sut] url" in line


def test_a_handshake_without_answer_is_bounded_by_connect_timeout(tmp_path):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        started = time.monotonic()
        line = refused_by_preflight(csms(tmp_path, silent.getsockname()[1], connect_timeout=0.5))
    assert time.monotonic() - started < 3
    assert "gave no WebSocket handshake answer within 0.5 s" in line and "connect_timeout_s" in line


def test_a_central_system_that_does_not_agree_to_ocpp16(tmp_path):
    """No subprotocol and an immediate close: OCPP-J's refusal, so [sut] url is not its 1.6 endpoint."""
    with central_system(subprotocols=None, close_at_once=True) as fake:
        line = refused_by_preflight(csms(tmp_path, fake.port))
    assert "without a subprotocol and closed it at once" in line and "[sut] url" in line


@pytest.mark.parametrize("behaviour", [{"subprotocols": None}, {"select": lambda connection, offered: "ocpp2.0.1"}],
                         ids=["none-and-talks-on", "ocpp2.0.1"])
def test_a_central_system_that_breaks_the_subprotocol_rules_does_not_stop_the_run(tmp_path, behaviour):
    """Its cases fail on it (with reports); it is not a set-up mistake."""
    with central_system(**behaviour) as fake:
        preflight.check(csms(tmp_path, fake.port))


# -- the same inside a case --------------------------------------------------------------------------

async def connect_in_case(profile) -> tuple[BaseException, Trace]:
    harness = ChargePointHarness(profile)
    trace = Trace()
    harness.begin_case(trace)
    with pytest.raises(Exception) as info:
        await harness.connect()
    return info.value, trace


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND,
                                    HTTPStatus.INTERNAL_SERVER_ERROR])
async def test_inside_a_case_a_set_up_mistake_is_broken_with_the_same_line(tmp_path, status):
    with central_system(lambda request: (status, "go away")) as fake:
        profile = csms(tmp_path, fake.port, password=SECRET)
        line = refused_by_preflight(profile)
        error, trace = await connect_in_case(profile)
    assert isinstance(error, SetupError) and isinstance(error, HarnessError)
    assert str(error) == line
    text = trace.as_text()
    assert f"ws://127.0.0.1:{fake.port}/ocpp/CP_7" in text and f"HTTP {int(status)}" in text and '"go away"' in text
    assert SECRET not in text and "Authorization" not in text and "Basic " not in text


@pytest.mark.asyncio
async def test_inside_a_case_no_answer_is_unreachable_not_failed(tmp_path):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        error, trace = await connect_in_case(csms(tmp_path, silent.getsockname()[1], connect_timeout=0.3))
    assert isinstance(error, SutUnreachable) and "within 0.3 s" in str(error)
    assert "no WebSocket handshake answer" in trace.as_text()


@pytest.mark.asyncio
@pytest.mark.parametrize("behaviour, said", [
    ({"subprotocols": None}, "kept the connection open"),
    ({"select": lambda connection, offered: "ocpp2.0.1"}, "unsupported subprotocol: ocpp2.0.1")],
    ids=["none-and-talks-on", "ocpp2.0.1"])
async def test_inside_a_case_breaking_the_subprotocol_rules_is_the_sut_s_failure(tmp_path, behaviour, said):
    with central_system(**behaviour) as fake:
        error, trace = await connect_in_case(csms(tmp_path, fake.port))
    assert isinstance(error, ConnectionRefused) and error.rule == "websocket_handshake"
    assert said in str(error) and said in trace.as_text()


def test_a_password_in_the_url_is_not_shown():
    assert preflight.shown_url("ws://CP_7:hunter2@host:9000/ocpp/CP_7") == "ws://CP_7:***@host:9000/ocpp/CP_7"
    assert preflight.shown_url("ws://host/ocpp/CP_7") == "ws://host/ocpp/CP_7"


def test_preflight_inside_a_running_loop_uses_a_thread_of_its_own(tmp_path):
    async def from_a_coroutine():
        preflight.check(csms(tmp_path, fake.port))

    with central_system() as fake:
        asyncio.run(from_a_coroutine())
    assert len(fake.requests) == 1
