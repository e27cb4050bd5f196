"""Before a run: can the harness serve and reach the SUTs it was given? One clear line if not.

The harness's own connection to a central system SUT goes through `open_to_central_system`
too, so a handshake that fails inside a case is worded exactly like one that stops the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
import ssl
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import InvalidStatus, NegotiationError, WebSocketException

from ..checks.verdicts import ConfigError
from ..fileserver.server import ServerProblem, check_bindable
from ..ocpp.actions import Role
from ..transport.tls import TlsMaterial, client_context
from ..transport.websocket import SUBPROTOCOL, open_connection
from .profile import SutProfile

BODY_EXCERPT = 200


def check(profile: SutProfile) -> None:
    """Raise ConfigError when the run could not even start against this SUT."""
    _ = profile.password  # an unset password_env stops the run here, not inside a case
    profile.check_tls()   # and so do certificate files that cannot work
    if "FirmwareManagement" in profile.profiles:
        _file_server_can_listen(profile)
    if profile.role is Role.CHARGE_POINT:
        host, port = profile.listen_host_port
        _port_free(profile, host, port, "[sut] listen")
        return
    if profile.driver == "reference":
        parts = urlsplit(profile.connect_url)
        _port_free(profile, parts.hostname or "127.0.0.1", parts.port or 80, "[sut] url")
        return
    _run(_handshake_and_close(profile))


async def _handshake_and_close(profile: SutProfile) -> None:
    """A real handshake, as the cases will make it, closed at once without an OCPP message."""
    try:
        ws = await open_to_central_system(profile)
    except HandshakeProblem as problem:
        if problem.upgraded:
            return   # the central system broke OCPP-J's handshake rules: each case fails on it, with a report
        raise ConfigError(problem.line) from None
    with contextlib.suppress(Exception):
        await asyncio.wait_for(ws.close(code=1000), 2)


@dataclass(eq=False)
class HandshakeProblem(Exception):
    """Why the harness, as charge point, got no OCPP 1.6 connection to the central system.

    `line` says what happened and which keys of the SUT description to check. `cause`:
    "unreachable" (no connection, no answer), "setup" (turned away for a reason the set-up
    decides: URL, credentials, a server failing) or "sut" (the central system broke the
    handshake rules). `event` is what the case trace shows, never a credential. `upgraded`:
    the central system completed the upgrade and then broke OCPP-J's subprotocol rules (chose
    one that was not offered, or none and went on talking): its failure, not the set-up's.
    """

    line: str
    cause: Literal["unreachable", "setup", "sut"]
    event: str
    upgraded: bool = False
    certificate: str | None = None   # why the server certificate did not verify, when that was the problem

    def __str__(self) -> str:
        return self.line


_CONFIGURED: Any = object()


async def open_to_central_system(profile: SutProfile, *, password: Any = _CONFIGURED,
                                 material: TlsMaterial | None = None, ciphers: str | None = None,
                                 maximum: ssl.TLSVersion | None = None,
                                 subprotocols: list[str] | None = None) -> ClientConnection:
    """Connect as the SUT description says (subprotocol ocpp1.6, basic auth and TLS per [security]).

    The transport cases vary one thing: another password (None: no credentials), other TLS
    material, one cipher suite or a TLS version ceiling, other subprotocols offered.
    """
    url, timeout = profile.connect_url, profile.test_data.connect_timeout_s
    tls = material or profile.tls
    context = client_context(tls, ciphers=ciphers, maximum=maximum) if tls else None
    try:
        ws = await open_connection(url, charge_point_id=profile.charge_point_id,
                                   password=profile.password if password is _CONFIGURED else password,
                                   timeout=timeout, ssl=context, subprotocols=subprotocols)
    except (OSError, TimeoutError, WebSocketException) as exc:
        raise handshake_problem(profile, exc) from None
    if subprotocols is None and ws.subprotocol != SUBPROTOCOL:
        closed = await closes_at_once(ws, profile.test_data.quiet_period_s)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(ws.close(code=1000), 2)
        raise handshake_problem(profile, None, subprotocol=ws.subprotocol, closed=closed)
    return ws


async def closes_at_once(ws: ClientConnection, within: float) -> bool:
    """Whether the central system closes an upgrade it agreed no subprotocol on within `within`
    seconds: OCPP-J 1.6 §3.1.2's way of refusing every subprotocol offered."""
    try:
        await asyncio.wait_for(ws.wait_closed(), within)
    except TimeoutError:
        return False
    return True


def handshake_problem(profile: SutProfile, exc: BaseException | None, *, subprotocol: str | None = None,
                      closed: bool = False) -> HandshakeProblem:
    """The one wording of every failed handshake with a central system SUT."""
    url = shown_url(profile.connect_url)
    where = f"{profile.path}: the central system at {url}"
    timeout = profile.test_data.connect_timeout_s
    if exc is None and closed:
        what = (f"upgraded the WebSocket handshake without a subprotocol and closed it at once: it does not agree "
                f"to {SUBPROTOCOL}")
        return HandshakeProblem(f"{where} {what}: check that [sut] url is its OCPP 1.6 endpoint", "setup",
                                f"WebSocket handshake to {url}: {what}")
    if exc is None:
        what = (f"upgraded the WebSocket handshake without subprotocol {SUBPROTOCOL} (it chose "
                f"{subprotocol or 'none'}) and kept the connection open for "
                f"{profile.test_data.quiet_period_s:g} s ([test_data] quiet_period_s): OCPP-J 1.6 §3.1.2 asks a "
                "central system that agrees to no offered subprotocol to close at once")
        return HandshakeProblem(f"{where} {what}", "sut", f"WebSocket handshake to {url}: {what}", upgraded=True)
    if isinstance(exc, NegotiationError):
        what = (f"upgraded the WebSocket handshake selecting a subprotocol the harness did not offer ({exc}): "
                "OCPP-J 1.6 §3.1.2 lets it choose only among the offered ones")
        return HandshakeProblem(f"{where} {what}", "sut", f"WebSocket handshake to {url}: {what}", upgraded=True)
    if isinstance(exc, TimeoutError):
        what = f"gave no WebSocket handshake answer within {timeout:g} s"
        return HandshakeProblem(
            f"{where} {what}: check that [sut] url (host, port, path) is its WebSocket endpoint, "
            f"or raise [test_data] connect_timeout_s", "unreachable", f"WebSocket handshake to {url}: {what}")
    if isinstance(exc, ssl.SSLCertVerificationError):
        why = exc.verify_message or exc.reason or str(exc)
        what = f"presented a server certificate that does not verify: {why}"
        return HandshakeProblem(f"{where} {what}: check [security] ca_certificate (the root of its certificate) and "
                                "that the host name in [sut] url is one the certificate names", "setup",
                                f"TLS handshake with {url}: {what}", certificate=why)
    if isinstance(exc, ssl.SSLError):
        what = f"ended the TLS handshake: {exc.reason or exc}"
        return HandshakeProblem(f"{where} {what}: check [security] profile, the certificate files and that [sut] url "
                                "is its TLS endpoint", "setup", f"TLS handshake with {url}: {what}")
    if isinstance(exc, OSError):
        refused = exc.errno == errno.ECONNREFUSED or isinstance(exc, ConnectionRefusedError)
        reason = "connection refused" if refused else (exc.strerror or str(exc) or type(exc).__name__)
        what = f"cannot connect to the central system at {url}: {reason}"
        return HandshakeProblem(f"{profile.path}: {what}: is it running, and are host and port in [sut] url right?",
                                "unreachable", f"WebSocket handshake: {what}")
    if isinstance(exc, InvalidStatus):
        return _refused(profile, where, url, exc)
    what = f"did not answer the WebSocket handshake properly ({exc})"
    return HandshakeProblem(f"{where} {what}: check that [sut] url (host, port, path) is its WebSocket endpoint",
                            "sut", f"WebSocket handshake to {url}: {what}")


def _refused(profile: SutProfile, where: str, url: str, exc: InvalidStatus) -> HandshakeProblem:
    response = exc.response
    status = response.status_code
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = response.reason_phrase or ""
    body = " ".join(bytes(response.body or b"").decode("utf-8", errors="replace").split())
    excerpt = f'"{body[:BODY_EXCERPT]}"' if body else "empty"
    what = f"refused the WebSocket handshake with HTTP {status} {phrase}".rstrip() + f" (body: {excerpt})"
    event = f"WebSocket handshake to {url}: HTTP {status} {phrase}, body: {excerpt}"
    if status in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN):
        if profile.security_profile == 0:
            hint = ("no credentials were sent: set [security] profile = 1 and password "
                    f"(the user name is [sut] charge_point_id {profile.charge_point_id!r})")
        else:
            hint = (f"check [security] profile and password (user name {profile.charge_point_id!r}, "
                    "[sut] charge_point_id) against what the central system has registered")
        return HandshakeProblem(f"{where} {what}: {hint}", "setup", event)
    if status == HTTPStatus.NOT_FOUND:
        raw = shown_url(profile.url or "")
        example = raw if "{charge_point_id}" in raw else raw.rstrip("/") + "/{charge_point_id}/"
        return HandshakeProblem(
            f"{where} {what}: check [sut] url: its path, and for a server that wants a trailing slash or the id "
            f"elsewhere the {{charge_point_id}} template (e.g. url = \"{example}\"); and that charge point "
            f"{profile.charge_point_id!r} is registered", "setup", event)
    if 300 <= status < 400:
        location = response.headers.get("Location", "somewhere not named")
        return HandshakeProblem(f"{where} {what}: it redirects to {location}: point [sut] url there", "setup", event)
    if status >= 500:
        return HandshakeProblem(f"{where} {what}: the server failed: check [sut] url and the server log", "setup", event)
    return HandshakeProblem(f"{where} {what}: check that [sut] url is its OCPP 1.6 endpoint", "sut", event)


def shown_url(url: str) -> str:
    """The URL as reports show it: a password written into it stays out."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _run(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run a preflight check from synchronous code (the command line, a pytest hook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        # A loop of its own that is not made the thread's current one: pytest-asyncio's stay as they are.
        with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
            runner.run(coroutine)
        return
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()


def _file_server_can_listen(profile: SutProfile) -> None:
    """The file server of the firmware and diagnostics cases can listen where [file_server] says."""
    try:
        check_bindable(profile.file_server, "[file_server]")
    except ServerProblem as problem:
        raise ConfigError(f"{profile.path}: {problem}") from None


def _port_free(profile: SutProfile, host: str, port: int, key: str) -> None:
    problem = port_problem(host, port)
    if problem is not None:
        raise ConfigError(f"{profile.path}: cannot listen on {host}:{port} ({problem}): "
                          f"free the port or change {key}")


def port_problem(host: str, port: int) -> str | None:
    """Why nothing could listen on host:port now (another program holds it), or None."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return str(exc.strerror or exc)
    return None


def listen_address(profile: SutProfile) -> tuple[str, int]:
    """Where the run listens for this SUT: the harness for a charge point, a reference central system for itself."""
    if profile.role is Role.CHARGE_POINT:
        return profile.listen_host_port
    parts = urlsplit(profile.connect_url)
    return parts.hostname or "127.0.0.1", parts.port or 80
