"""Judging a transfer against the file server's record: what a charge point reports of a download
or an upload must have happened there, and no more often than its retries allow.

A record is anything with `kind` ("download" or "upload"), `path`, `ok` and `__str__`
(conformance.fileserver.Transfer); the checks do no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import rules
from .failures import ConformanceFailure


def _seen(records: Sequence[Any]) -> str:
    return "; ".join(map(str, records)) if records else "nothing"


def matching(records: Sequence[Any], kind: str, path: str) -> list[Any]:
    """The records of `kind` of `path`, or of files inside it where `path` is a directory."""
    path = path.strip("/")
    return [r for r in records if r.kind == kind and (r.path == path or r.path.startswith(path + "/"))]


def transferred(step: int | str, what: str, records: Sequence[Any], kind: str, path: str) -> Any:
    """The charge point reported `what` (Downloaded, Uploaded): a whole transfer of `path` must be recorded."""
    done = [r for r in matching(records, kind, path) if r.ok]
    if not done:
        raise ConformanceFailure(
            f"the charge point reported {what}, but the file server recorded no complete {kind} of /{path.strip('/')} "
            f"(it saw: {_seen(records)})", step=step, rule=rules.FILE_TRANSFER_AS_REPORTED)
    return done[-1]


def attempts_within(step: int | str, what: str, records: Sequence[Any], kind: str, path: str, retries: int) -> int:
    """The charge point reported `what` (DownloadFailed, UploadFailed): it tried, at least once and at most
    `retries` + 1 times. Returns how many attempts there were."""
    attempts = matching(records, kind, path)
    if not attempts:
        raise ConformanceFailure(
            f"the charge point reported {what}, but never tried the location: the file server recorded no {kind} of "
            f"/{path.strip('/')} (it saw: {_seen(records)})", step=step, rule=rules.FILE_TRANSFER_AS_REPORTED)
    if len(attempts) > retries + 1:
        raise ConformanceFailure(
            f"{len(attempts)} {kind} attempts of /{path.strip('/')} with retries {retries} (at most {retries + 1}): "
            f"{_seen(attempts)}", step=step, rule=rules.FILE_TRANSFER_RETRIES)
    return len(attempts)


def never_fetched_note(records: Sequence[Any], kind: str, path: str) -> str:
    """What a failure for a missing notification adds: whether the transfer was even tried."""
    if matching(records, kind, path):
        return ""
    return f"; the file server saw no {kind} of /{path.strip('/')} at all"
