"""Steps of the Firmware Management cases (`_CS`): the harness's file server watched for what the
charge point really fetched or sent, and the status notifications judged against it.

The charge point's firmware and diagnostics statuses are waited for as long as the SUT
description's firmware_timeout_s and diagnostics_timeout_s allow (a real download, an
installation and a reboot take minutes); a wait that runs out says whether the file server
saw the transfer at all.
"""

from __future__ import annotations

from typing import Any

from ...checks import file_transfer
from ...checks.expectations import Reply, expect
from ...checks.failures import NoMessageWithinDeadline
from ...roles.answers import Incoming
from ...sut.profile import TestData

FIRMWARE_STATUS = "FirmwareStatusNotification"
DIAGNOSTICS_STATUS = "DiagnosticsStatusNotification"


class Watch:
    """One location of the file server, watched from the moment the case hands it to the charge point."""

    def __init__(self, server: Any, kind: str, path: str):
        self.server, self.kind, self.path = server, kind, path
        self.mark = server.mark()

    @property
    def url(self) -> str:
        return self.server.url(self.path)

    def records(self) -> list[Any]:
        return self.server.since(self.mark)

    def note(self) -> str:
        return file_transfer.never_fetched_note(self.records(), self.kind, self.path)


async def expect_status(central_system: Any, step: int, action: str, status: str, watch: Watch,
                        timeout: float, **fields: Any) -> Incoming:
    """One status notification (answered at step + 1); a wait that runs out tells what the file server saw."""
    try:
        return await central_system.expect(step, action, status=status, reply=Reply(step + 1), timeout=timeout,
                                           **fields)
    except NoMessageWithinDeadline as exc:
        raise NoMessageWithinDeadline(exc.message + watch.note(), step=exc.step) from None


async def expect_statuses(central_system: Any, note: str, *expected: Any, watch: Watch, timeout: float) -> list:
    """Several notifications in the orders `note` names; a wait that runs out tells what the file server saw."""
    try:
        return await central_system.expect_in_any_order(note, *expected, timeout=timeout)
    except NoMessageWithinDeadline as exc:
        raise NoMessageWithinDeadline(exc.message + watch.note(), step=exc.step) from None


async def transferred(step: int, what: str, watch: Watch, data: TestData, path: str | None = None) -> Any:
    """The charge point reported `what`: the file server must have the whole transfer (of `path`, where
    the case knows the file's name). The server's record may trail the last byte the charge point got:
    it is waited for, within message_timeout_s."""
    path = path or watch.path

    def complete() -> bool:
        return any(r.ok for r in file_transfer.matching(watch.records(), watch.kind, path))

    await watch.server.wait_until(complete, data.message_timeout_s)
    return file_transfer.transferred(step, what, watch.records(), watch.kind, path)


def failed_after_attempts(step: int, what: str, watch: Watch, retries: int) -> int:
    """The charge point reported `what` (a failure): it tried the location, no more than retries allow."""
    return file_transfer.attempts_within(step, what, watch.records(), watch.kind, watch.path, retries)


def firmware_status(step: int, status: str, *, optional: bool = False) -> Any:
    return expect(step, FIRMWARE_STATUS, status=status, reply=Reply(step + 1), optional=optional)
