"""WebSocket transport for OCPP-J 1.6: subprotocol `ocpp1.6`, the URL rules, basic auth.

The server side judges the SUT's handshake (path, subprotocol, credentials) itself, so that
a refused charge point is a named failure in the case instead of a silent timeout.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import ssl as ssl_module
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import Server, ServerConnection, serve

SUBPROTOCOL = "ocpp1.6"
MAX_FRAME = 2**20   # bytes; a larger frame is closed with 1009 and reported as the SUT's finding


def basic_auth_header(user: str, password: str) -> str:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return f"Basic {token}"


def _credentials(header: str | None) -> tuple[str, str] | None:
    if not header or not header.startswith("Basic "):
        return None
    token = header[6:]
    try:
        user, _, password = base64.b64decode(token + "=" * (-len(token) % 4), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return user, password


@dataclass(frozen=True)
class BasicAuthFacts:
    """What a handshake's Authorization header showed, without the password itself.

    OCPP 1.6 Security Whitepaper, "Unsecured Transport with Basic Authentication": the
    header is `Basic <base64(<ChargePointId>:<AuthorizationKey>)>` (RFC 7617, padded base64).
    """

    present: bool
    well_formed: bool          # exactly "Basic " and padded base64 of "user:password"
    user: str | None
    key_length: int | None
    key_matches: bool | None = None   # the key is the one the harness expects now

    @classmethod
    def of(cls, header: str | None, expected: str | None = None) -> BasicAuthFacts:
        if header is None:
            return cls(False, False, None, None)
        credentials = _credentials(header)
        if credentials is None:
            return cls(True, False, None, None)
        token = header[6:]
        padded = len(token) % 4 == 0 and base64.b64encode(base64.b64decode(token)).decode() == token
        user, password = credentials
        matches = None if expected is None else hmac.compare_digest(password.encode(), expected.encode())
        return cls(True, padded and ":" in base64.b64decode(token).decode(), user, len(password), matches)


def handshake_problem(request: Any, *, path: str, charge_point_id: str, password: str | None) -> tuple[int, str] | None:
    """Why the harness, as central system, refuses this handshake (HTTP status, reason), or None."""
    if request.path.split("?")[0].rstrip("/") != path:
        return HTTPStatus.NOT_FOUND, f"connected to {request.path!r}; the charge point must use {path!r}"
    offered = [p.strip() for value in request.headers.get_all("Sec-WebSocket-Protocol") for p in value.split(",")]
    if SUBPROTOCOL not in offered:
        return HTTPStatus.BAD_REQUEST, f"the handshake offers subprotocols {offered or 'none'}, not {SUBPROTOCOL!r}"
    if password is not None:
        credentials = _credentials(request.headers.get("Authorization"))
        if credentials is None:
            return HTTPStatus.UNAUTHORIZED, "no HTTP basic auth credentials (security profile 1)"
        user, given = credentials
        if user != charge_point_id or not hmac.compare_digest(given.encode(), password.encode()):
            return HTTPStatus.UNAUTHORIZED, f"basic auth credentials of user {user!r} are not the configured ones"
    return None


async def listen(
    host: str,
    port: int,
    handler: Callable[[ServerConnection], Awaitable[None]],
    *,
    path: str,
    charge_point_id: str,
    password: str | None | Callable[[], str | None],
    on_refused: Callable[[str, bool], None],
    ssl: ssl_module.SSLContext | None = None,
    inspect: Callable[[Any, Any], tuple[int, str] | None] | None = None,
    unavailable: Callable[[], str | None] | None = None,
) -> Server:
    """Serve charge points; `on_refused(reason, sut_fault)` hears of every refused handshake.

    A handshake without the ocpp1.6 subprotocol is the charge point's fault; a wrong path or
    wrong credentials are a set-up mistake (the SUT file and the charger disagree).
    `password` may be a function: the password a charge point must use can change in a run
    (AuthorizationKey). `inspect(ssl_object, request)` hears of every handshake first (the TLS session, if any);
    a refusal it returns is the charge point's fault. While `unavailable()` gives a reason, every
    handshake is answered 503 Service Unavailable (a central system that is down, for the offline
    test cases).
    """
    def process_request(connection: ServerConnection, request: Any) -> Any:
        down = unavailable() if unavailable is not None else None
        if down is not None:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, down + "\n")
        problem = None
        if inspect is not None:
            problem = inspect(connection.transport.get_extra_info("ssl_object"), request)
            if problem is not None:
                status, reason = problem
                on_refused(reason, True)
                return connection.respond(status, reason + "\n")
        expected = password() if callable(password) else password
        problem = handshake_problem(request, path=path, charge_point_id=charge_point_id, password=expected)
        if problem is None:
            return None
        status, reason = problem
        on_refused(reason, status == HTTPStatus.BAD_REQUEST)
        response = connection.respond(status, reason + "\n")
        if status == HTTPStatus.UNAUTHORIZED:
            response.headers["WWW-Authenticate"] = 'Basic realm="OCPP"'
        return response

    return await serve(handler, host, port, subprotocols=[SUBPROTOCOL], process_request=process_request,
                       ping_interval=None, compression=None, max_size=MAX_FRAME, ssl=ssl)


async def open_connection(url: str, *, charge_point_id: str, password: str | None, timeout: float,
                          ssl: ssl_module.SSLContext | None = None, subprotocols: list[str] | None = None
                          ) -> ClientConnection:
    """Connect as a charge point. A wss:// URL needs `ssl`: there is no fallback to ws://."""
    if url.startswith("wss://") and ssl is None:
        raise ValueError("a wss:// connection needs a TLS context")
    headers = {"Authorization": basic_auth_header(charge_point_id, password)} if password else None
    return await connect(url, subprotocols=subprotocols or [SUBPROTOCOL], additional_headers=headers,  # type: ignore[arg-type]
                         open_timeout=timeout, proxy=None, ping_interval=None, compression=None,
                         ssl=ssl if url.startswith("wss://") else None)
