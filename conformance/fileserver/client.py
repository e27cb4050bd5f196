"""A charge point's side of a transfer: fetch a firmware image, send a diagnostics file.

Blocking (ftplib, urllib); callers run it in a thread. Any failure is a TransferFailed with one
line saying what went wrong, which the charge point then reports as DownloadFailed or UploadFailed.
"""

from __future__ import annotations

import ftplib
import io
import urllib.error
import urllib.request
from urllib.parse import unquote, urlsplit


class TransferFailed(Exception):
    pass


def download(url: str, timeout: float) -> bytes:
    parts = urlsplit(url)
    try:
        if parts.scheme == "ftp":
            with _ftp(parts, timeout) as ftp:
                out = io.BytesIO()
                ftp.retrbinary(f"RETR {unquote(parts.path)}", out.write)
                return out.getvalue()
        if parts.scheme in ("http", "https"):
            with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - the URL is the test's
                return response.read()
    except (OSError, ftplib.Error, urllib.error.URLError) as exc:
        raise TransferFailed(f"download of {url} failed: {exc}") from None
    raise TransferFailed(f"download of {url}: scheme {parts.scheme!r} is not supported")


def upload(location: str, name: str, data: bytes, timeout: float) -> None:
    """Send `data` as `name` into the directory `location` (OCPP 1.6 §5.8: the location is a directory)."""
    parts = urlsplit(location)
    path = unquote(parts.path).rstrip("/") + "/" + name
    try:
        if parts.scheme == "ftp":
            with _ftp(parts, timeout) as ftp:
                ftp.storbinary(f"STOR {path}", io.BytesIO(data))
            return
        if parts.scheme in ("http", "https"):
            target = parts._replace(path=path).geturl()
            request = urllib.request.Request(target, data=data, method="PUT",
                                             headers={"Content-Type": "application/octet-stream"})
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                response.read()
            return
    except (OSError, ftplib.Error, urllib.error.URLError) as exc:
        raise TransferFailed(f"upload of {name} to {location} failed: {exc}") from None
    raise TransferFailed(f"upload to {location}: scheme {parts.scheme!r} is not supported")


def _ftp(parts, timeout: float) -> ftplib.FTP:
    ftp = ftplib.FTP(timeout=timeout)
    ftp.connect(parts.hostname or "127.0.0.1", parts.port or 21)
    ftp.login(unquote(parts.username or "anonymous"), unquote(parts.password or "anonymous@"))
    return ftp
