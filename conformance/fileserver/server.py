"""The file server itself: FTP and HTTP threads over one directory, every transfer recorded."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import errno
import logging
import shutil
import socket
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

with warnings.catch_warnings():   # pyftpdlib 2 still builds on asyncore/asynchat on Python 3.11
    warnings.simplefilter("ignore", DeprecationWarning)
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler
    from pyftpdlib.ioloop import IOLoop
    from pyftpdlib.servers import FTPServer

from .config import FileServerConfig
from .layout import FAILED_UPLOAD, FIRMWARE, INVALID_FIRMWARE, UPLOADS, invalid_image, valid_image

logging.getLogger("pyftpdlib").setLevel(logging.WARNING)


class ServerProblem(Exception):
    """The server cannot start as the SUT description says (one line naming the key)."""


@dataclass
class Transfer:
    """One request that reached the server: a download (RETR, GET) or an upload (STOR, PUT, POST)."""

    scheme: str
    kind: str          # "download" or "upload"
    path: str          # relative to the server's root, no leading '/'
    client: str
    at: float          # monotonic
    ok: bool = False   # the whole file went (downloads) or arrived (uploads)
    size: int = 0
    stored: Path | None = None   # an upload as it arrived

    def __str__(self) -> str:
        outcome = f"complete, {self.size} bytes" if self.ok else "failed"
        return f"{self.scheme.upper()} {self.kind} of /{self.path} from {self.client} ({outcome})"


def check_bindable(config: FileServerConfig, where: str) -> None:
    """Raise ServerProblem when the server could not listen where the SUT description says."""
    for key, port in (("ftp_port", config.ftp_port), ("http_port", config.http_port)):
        with socket.socket() as s:
            try:
                s.bind((config.bind_host, port))
            except socket.gaierror:
                raise ServerProblem(f"{where} {'bind' if config.bind else 'address'} {config.bind_host!r} is not a "
                                    "known host name or address") from None
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise ServerProblem(f"{where} {key} {port} on {config.bind_host} is in use: free it, or give "
                                        "another port (0 picks a free one)") from None
                raise ServerProblem(f"{where} cannot listen on {config.bind_host} ({exc.strerror}): give an address "
                                    "of this machine as bind (the one the SUT reaches it at as address)") from None


class FileServer:
    """Serves the run's files over FTP and HTTP until `stop`; thread-safe records of every transfer."""

    def __init__(self, config: FileServerConfig):
        self.config = config
        self.root = Path(tempfile.mkdtemp(prefix="ocpp-conformance-files-"))
        self.transfers: list[Transfer] = []
        self._lock = threading.Lock()
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._ftp: FTPServer | None = None
        self._http: ThreadingHTTPServer | None = None
        self.ports: dict[str, int] = {}

    # -- life -------------------------------------------------------------------------------------------

    def start(self) -> None:
        atexit.register(self.stop)   # an interrupted run leaves no server and no files behind
        self._lay_out()
        try:
            if "ftp" in self.config.schemes:
                self._start_ftp()
            if "http" in self.config.schemes:
                self._start_http()
        except OSError as exc:
            self.stop()
            raise ServerProblem(f"the file server cannot listen on {self.config.bind_host} ({exc.strerror or exc})") \
                from None

    def stop(self) -> None:
        """Stop both servers and remove the files (uploads were kept by then); harmless twice."""
        self._stopping.set()
        http, self._http = self._http, None
        if http is not None:
            with contextlib.suppress(Exception):
                http.shutdown()
                http.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()
        shutil.rmtree(self.root, ignore_errors=True)
        atexit.unregister(self.stop)

    def _lay_out(self) -> None:
        files = {FIRMWARE: self.config.firmware, INVALID_FIRMWARE: self.config.invalid_firmware}
        builtin = {FIRMWARE: valid_image, INVALID_FIRMWARE: invalid_image}
        for rel, given in files.items():
            target = self.root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if given is not None:
                shutil.copyfile(given, target)
            else:
                target.write_bytes(builtin[rel]())
        (self.root / UPLOADS).mkdir(parents=True, exist_ok=True)
        (self.root / FAILED_UPLOAD).mkdir(parents=True, exist_ok=True)

    def _start_ftp(self) -> None:
        authorizer = DummyAuthorizer()
        authorizer.add_anonymous(str(self.root), perm="elr")
        with warnings.catch_warnings():   # the sink is writable on purpose
            warnings.simplefilter("ignore", RuntimeWarning)
            authorizer.override_perm("anonymous", str(self.root / UPLOADS), perm="elradfmw",
                                     recursive=True)
        handler = type("Handler", (_FtpHandler,), {"authorizer": authorizer, "files": self, "banner": "ocpp-conformance"})
        if self.config.bind and self.config.bind != self.config.address:
            handler.masquerade_address = self.config.address
        # An event loop of its own: pyftpdlib's shared one is not to be polled from two threads.
        self._ftp = FTPServer((self.config.bind_host, self.config.ftp_port), handler, ioloop=IOLoop())
        self.ports["ftp"] = self._ftp.address[1]
        self._spawn(self._serve_ftp, "ftp")

    def _serve_ftp(self) -> None:
        server = self._ftp
        assert server is not None
        try:
            while not self._stopping.is_set():
                server.ioloop.loop(0.1, blocking=False)
        finally:
            server.close_all()

    def _start_http(self) -> None:
        handler = type("Handler", (_HttpHandler,), {"files": self})
        self._http = ThreadingHTTPServer((self.config.bind_host, self.config.http_port), handler)
        self._http.daemon_threads = True
        self.ports["http"] = self._http.server_address[1]
        self._spawn(self._http.serve_forever, "http")

    def _spawn(self, target: Any, name: str) -> None:
        thread = threading.Thread(target=target, name=f"file-server-{name}", daemon=True)
        thread.start()
        self._threads.append(thread)

    # -- what cases use ----------------------------------------------------------------------------------

    def url(self, path: str, scheme: str | None = None) -> str:
        """Where the SUT finds `path` (a file, or a directory to upload to), as the SUT reaches the server."""
        scheme = scheme or self.config.scheme
        return f"{scheme}://{self.config.address}:{self.ports[scheme]}/{path}"

    def path_of(self, url: str) -> str:
        return unquote(urlsplit(url).path).lstrip("/")

    def mark(self) -> int:
        with self._lock:
            return len(self.transfers)

    def since(self, mark: int, kind: str | None = None, under: str | None = None) -> list[Transfer]:
        """The transfers after `mark`, of one kind, to or from one path (a file or a directory)."""
        with self._lock:
            found = list(self.transfers[mark:])
        if kind is not None:
            found = [t for t in found if t.kind == kind]
        if under is not None:
            under = under.strip("/")
            found = [t for t in found if t.path == under or t.path.startswith(under + "/")]
        return found

    async def wait_until(self, condition: Any, timeout: float) -> bool:
        """Wait, at most `timeout` seconds, until `condition()` holds (it is tried on every transfer)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            event = asyncio.Event()
            waiter = (loop, event)
            self._waiters.add(waiter)
            try:
                if condition():
                    return True
                left = deadline - loop.time()
                if left <= 0:
                    return False
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), left)
            finally:
                self._waiters.discard(waiter)

    def keep(self, transfers: list[Transfer], directory: Path) -> list[Path]:
        """Copy the uploads among `transfers` to `directory` (a case's evidence); their new paths."""
        kept = []
        for t in transfers:
            if t.kind == "upload" and t.ok and t.stored is not None and t.stored.exists():
                directory.mkdir(parents=True, exist_ok=True)
                target = directory / t.stored.name
                shutil.copyfile(t.stored, target)
                kept.append(target)
        return kept

    # -- recording (server threads) ---------------------------------------------------------------------

    def record(self, transfer: Transfer) -> Transfer:
        with self._lock:
            self.transfers.append(transfer)
        self._notify()
        return transfer

    def finished(self, transfer: Transfer, ok: bool, size: int = 0, stored: Path | None = None) -> None:
        with self._lock:
            transfer.ok, transfer.size, transfer.stored = ok, size, stored
        self._notify()

    def _notify(self) -> None:
        for loop, event in list(self._waiters):
            with contextlib.suppress(RuntimeError):   # a loop closed meanwhile
                loop.call_soon_threadsafe(event.set)

    def relative(self, absolute: str) -> str:
        with contextlib.suppress(ValueError):
            return Path(absolute).resolve().relative_to(self.root.resolve()).as_posix()
        return absolute.lstrip("/")


class _FtpHandler(FTPHandler):
    files: FileServer
    _open: dict[str, Transfer]

    def on_connect(self) -> None:
        self._open = {}

    def pre_process_command(self, line: str, cmd: str, arg: str) -> None:
        if cmd in ("RETR", "STOR", "APPE"):
            path = self.files.relative(self.fs.ftp2fs(self.fs.ftpnorm(arg or "")))
            kind = "download" if cmd == "RETR" else "upload"
            self._open[path] = self.files.record(Transfer("ftp", kind, path, self.remote_ip, time.monotonic()))
        super().pre_process_command(line, cmd, arg)

    def _done(self, file: str, ok: bool, upload: bool) -> None:
        path = self.files.relative(file)
        transfer = self._open.pop(path, None)
        if transfer is not None:
            size = Path(file).stat().st_size if ok and Path(file).exists() else 0
            self.files.finished(transfer, ok, size, Path(file) if upload and ok else None)

    def on_file_sent(self, file: str) -> None:
        self._done(file, True, False)

    def on_incomplete_file_sent(self, file: str) -> None:
        self._done(file, False, False)

    def on_file_received(self, file: str) -> None:
        self._done(file, True, True)

    def on_incomplete_file_received(self, file: str) -> None:
        self._done(file, False, True)


class _HttpHandler(BaseHTTPRequestHandler):
    files: FileServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        return None

    def _path(self) -> str:
        return unquote(urlsplit(self.path).path).strip("/")

    def _reply(self, code: int, body: bytes = b"", content_type: str = "text/plain") -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self._path()
        transfer = self.files.record(Transfer("http", "download", path, self.client_address[0], time.monotonic()))
        target = (self.files.root / path).resolve()
        if not path or not target.is_file() or self.files.root.resolve() not in target.parents:
            self._reply(404, b"no such file\n")
            return
        data = target.read_bytes()
        try:
            self._reply(200, data, "application/octet-stream")
        except OSError:
            self.files.finished(transfer, False)
            return
        self.files.finished(transfer, True, len(data))

    def do_PUT(self) -> None:
        self._upload()

    def do_POST(self) -> None:
        self._upload()

    def _upload(self) -> None:
        path = self._path()
        transfer = self.files.record(Transfer("http", "upload", path, self.client_address[0], time.monotonic()))
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        if path == FAILED_UPLOAD or path.startswith(FAILED_UPLOAD + "/"):
            self._reply(403, b"uploads are refused here\n")
            return
        if path != UPLOADS and not path.startswith(UPLOADS + "/"):
            self._reply(404, b"no upload location here\n")
            return
        name = path[len(UPLOADS):].strip("/") or self._file_name()
        target = self.files.root / UPLOADS / Path(name).name
        target.write_bytes(data)
        transfer.path = f"{UPLOADS}/{target.name}"
        self.files.finished(transfer, True, len(data), target)
        self._reply(201, b"stored\n")

    def _file_name(self) -> str:
        disposition = self.headers.get("Content-Disposition") or ""
        for part in disposition.split(";"):
            key, _, value = part.strip().partition("=")
            if key == "filename" and value.strip('"'):
                return value.strip('"')
        return f"upload-{int(time.time() * 1000)}.bin"
