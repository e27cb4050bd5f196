"""Loopback control channel for the reference systems.

A test run needs to make a reference system do things no OCPP message can ask for (plug
in a cable, present a card, cut the power). When the reference runs in another process,
these actions travel over a deliberately tiny HTTP/1.1 protocol: one POST per action,
a JSON object in, a JSON object out. It is written on asyncio streams so that it needs
no extra packages and keeps every read bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote, unquote, urlsplit

log = logging.getLogger("conformance.reference.control")

MAX_BODY = 64 * 1024
READ_TIMEOUT = 5.0
_MAX_LINE = 8 * 1024
_MAX_HEADERS = 100

_REASONS = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    413: "Content Too Large",
    500: "Internal Server Error",
}

class ControlError(Exception):
    """The control server could not be reached or did not carry out the action."""


class _BadRequest(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


async def _read_head(reader: asyncio.StreamReader) -> tuple[str, str, dict[str, str]]:
    try:
        line = await reader.readline()
    except (asyncio.LimitOverrunError, ValueError):
        raise _BadRequest(400, "request line too long") from None
    parts = line.decode("latin-1").strip().split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise _BadRequest(400, "malformed request line")
    method, target, _ = parts
    headers: dict[str, str] = {}
    for _ in range(_MAX_HEADERS + 1):
        try:
            raw = await reader.readline()
        except (asyncio.LimitOverrunError, ValueError):
            raise _BadRequest(400, "header line too long") from None
        if raw in (b"\r\n", b"\n"):
            return method, target, headers
        if not raw:
            raise _BadRequest(400, "connection closed inside the headers")
        name, sep, value = raw.decode("latin-1").partition(":")
        if not sep:
            raise _BadRequest(400, "malformed header line")
        headers[name.strip().lower()] = value.strip()
    raise _BadRequest(400, "too many header lines")


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, dict]:
    """The action name and parameters of one request, or _BadRequest."""
    method, target, headers = await _read_head(reader)
    if "transfer-encoding" in headers:
        raise _BadRequest(400, "only bodies with Content-Length are accepted")
    try:
        length = int(headers.get("content-length", "0"))
    except ValueError:
        raise _BadRequest(400, "Content-Length is not a number") from None
    if length < 0:
        raise _BadRequest(400, "Content-Length is negative")
    if length > MAX_BODY:
        raise _BadRequest(413, f"body larger than {MAX_BODY} bytes")
    body = await reader.readexactly(length) if length else b""
    path = target.split("?", 1)[0]
    prefix = "/action/"
    if not path.startswith(prefix) or len(path) == len(prefix) or "/" in path[len(prefix):]:
        raise _BadRequest(404, f"no such resource {path!r}; use POST /action/NAME")
    if method != "POST":
        raise _BadRequest(405, f"{method} is not allowed; use POST")
    name = unquote(path[len(prefix):])
    if not body.strip():
        return name, {}
    try:
        params = json.loads(body)
    except ValueError:
        raise _BadRequest(400, "body is not JSON") from None
    if not isinstance(params, dict):
        raise _BadRequest(400, "body must be a JSON object")
    return name, params


async def _answer(writer: asyncio.StreamWriter, status: int, document: dict) -> None:
    body = json.dumps(document).encode()
    head = (
        f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode("latin-1")
    writer.write(head + body)
    await writer.drain()


async def start_control_server(
    host: str, port: int, dispatch: Callable[[str, dict], Awaitable[Any]]
) -> asyncio.AbstractServer:
    """Serve POST /action/{name} on host:port, carrying each action out with dispatch.

    dispatch raising KeyError means "no such action" (404); ValueError or TypeError
    means "bad parameters" (400). Port 0 picks a free port (see server.sockets).
    """

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            try:
                async with asyncio.timeout(READ_TIMEOUT):
                    name, params = await _read_request(reader)
            except TimeoutError:
                await _answer(writer, 408, {"ok": False, "error": f"request not received within {READ_TIMEOUT:g} s"})
                return
            except asyncio.IncompleteReadError:
                await _answer(writer, 400, {"ok": False, "error": "body shorter than Content-Length"})
                return
            except _BadRequest as bad:
                await _answer(writer, bad.status, {"ok": False, "error": str(bad)})
                return
            try:
                result = await dispatch(name, params)
                document = {"ok": True, "result": result}
                json.dumps(document)  # fail here, not halfway through the answer
            except KeyError as exc:
                missing = exc.args[0] if exc.args else name
                await _answer(writer, 404, {"ok": False, "error": f"unknown action {missing}"})
                return
            except (ValueError, TypeError) as exc:
                await _answer(writer, 400, {"ok": False, "error": f"{name}: {exc}"})
                return
            except Exception as exc:
                log.exception("control action %s failed", name)
                await _answer(writer, 500, {"ok": False, "error": f"{name} failed: {exc!r}"})
                return
            await _answer(writer, 200, document)
        except (ConnectionError, OSError):
            pass  # the client went away; nothing to tell it
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    return await asyncio.start_server(handle, host, port, limit=_MAX_LINE)


async def _read_to_end(reader: asyncio.StreamReader, limit: int) -> bytes:
    chunks, size = [], 0
    while chunk := await reader.read(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise ControlError(f"answer larger than {limit} bytes")
    return b"".join(chunks)


async def send_action(base_url: str, action: str, params: dict, timeout: float = 10.0) -> Any:
    """Ask the control server at base_url to carry out action; returns its result."""
    try:
        parts = urlsplit(base_url)
        host, port = parts.hostname, parts.port or 80
    except ValueError:
        host = port = None
        parts = None
    if parts is None or parts.scheme != "http" or not host:
        raise ControlError(f"control URL must look like http://127.0.0.1:9100, not {base_url!r}")
    body = json.dumps(params).encode()
    path = parts.path.rstrip("/") + "/action/" + quote(action, safe="")
    request = (
        f"POST {path} HTTP/1.1\r\n"
        f"Host: {parts.netloc}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode("latin-1") + body
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(host, port)
            try:
                writer.write(request)
                await writer.drain()
                raw = await _read_to_end(reader, MAX_BODY + _MAX_LINE * 4)
            finally:
                writer.close()
                with contextlib.suppress(Exception):
                    await writer.wait_closed()
    except TimeoutError:
        raise ControlError(f"{action}: no answer from {base_url} within {timeout:g} s") from None
    except OSError as exc:
        raise ControlError(f"{action}: cannot reach control server at {base_url}: {exc.strerror or exc}") from None
    head, _, payload = raw.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    fields = status_line.split(" ", 2)
    if len(fields) < 2 or not fields[0].startswith("HTTP/") or not fields[1].isdigit():
        raise ControlError(f"{action}: {base_url} did not answer with HTTP")
    status = int(fields[1])
    try:
        document = json.loads(payload)
    except ValueError:
        document = None
    if status != 200 or not isinstance(document, dict) or document.get("ok") is not True:
        error = document.get("error") if isinstance(document, dict) else None
        raise ControlError(f"{action}: {base_url} answered {status}: {error or 'no explanation'}")
    return document.get("result")


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """Reports a bad argument as one line rather than usage text and SystemExit."""

    def error(self, message: str):  # type: ignore[override]
        raise _ArgumentError(message)


def main(argv: list[str]) -> int:
    """`ocpp-conformance reference control --to URL ACTION [ARGS_JSON]`."""
    prog = "ocpp-conformance reference control"
    parser = _Parser(prog=prog, description="Send one action to a reference system's control server.")
    parser.add_argument("--to", required=True, metavar="URL", help="control server, e.g. http://127.0.0.1:9100")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the answer")
    parser.add_argument("action", help="action name, e.g. plug_in")
    parser.add_argument("args", nargs="?", default="{}", metavar="ARGS_JSON", help='JSON object, e.g. \'{"connector": 1}\'')
    try:
        args = parser.parse_args(argv)
        try:
            params = json.loads(args.args)
        except ValueError:
            raise _ArgumentError(f"ARGS_JSON is not JSON: {args.args!r}") from None
        if not isinstance(params, dict):
            raise _ArgumentError("ARGS_JSON must be a JSON object")
        if not args.timeout > 0:
            raise _ArgumentError("--timeout must be positive")
    except _ArgumentError as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 1
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    try:
        result = asyncio.run(send_action(args.to, args.action, params, args.timeout))
    except ControlError as exc:
        print(f"{prog}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    return 0
