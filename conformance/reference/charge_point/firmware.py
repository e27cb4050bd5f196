"""Firmware Management: UpdateFirmware and GetDiagnostics, with real transfers.

The firmware is fetched from the location it is given (FTP or HTTP), checked, "installed" and
run after a reboot; the diagnostics file is sent to the location given. Each failed transfer
is tried again `retries` times, `retryInterval` seconds apart (OCPP 1.6 §5.9, §5.19). What an
update reports after its reboot is kept across the reboot and sent once the boot is Accepted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import UTC, datetime
from typing import Any

from conformance.fileserver import is_valid_image
from conformance.fileserver.client import TransferFailed, download, upload

from .faults import Fault, Mode
from .replies import after_reply
from .settings import log

INSTALL_S = 0.2          # how long "installing" takes
TRANSFER_TIMEOUT_S = 30  # one attempt of a transfer


class FirmwareMixin:
    """Owns the firmware update and diagnostics jobs; each runs as a task of its own beside the worker."""

    _firmware_after_boot: str | None = None   # the status to report once the next boot is Accepted

    def _handle_update_firmware(self, payload: dict) -> dict:
        if not self.faults.active(Fault.FIRMWARE_NEVER_FETCHED):
            after_reply(lambda: self._spawn(self._update_firmware(payload)))
        return {}

    def _handle_get_diagnostics(self, payload: dict) -> dict:
        name = f"{self.settings.charge_point_id}-diagnostics-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
        after_reply(lambda: self._spawn(self._upload_diagnostics(payload, name)))
        return {"fileName": name}

    async def _firmware_status(self, status: str) -> None:
        await self._send("FirmwareStatusNotification", {"status": status})

    async def _diagnostics_status(self, status: str) -> None:
        await self._send("DiagnosticsStatusNotification", {"status": status})

    async def _until_retrieve_date(self, payload: dict) -> None:
        with contextlib.suppress(ValueError, KeyError):
            when = datetime.fromisoformat(payload["retrieveDate"].replace("Z", "+00:00"))
            wait = (when - datetime.now(UTC)).total_seconds()
            if wait > 0:
                await asyncio.sleep(wait)

    async def _attempts(self, payload: dict, attempt: Any) -> Any:
        """Run `attempt` until it succeeds or retries are spent; TransferFailed after the last one."""
        retries = payload.get("retries") or 0
        interval = payload.get("retryInterval") or 1
        if self.faults.active(Fault.TRANSFER_RETRIES_IGNORED):
            retries, interval = retries + 1, 0.2
        if self.faults.active(Fault.FAILURE_REPORTED_UNTRIED):
            raise TransferFailed("not tried")
        for n in range(retries + 1):
            try:
                return await asyncio.to_thread(attempt)
            except TransferFailed as exc:
                log.info("%s: %s (attempt %d of %d)", self.settings.charge_point_id, exc, n + 1, retries + 1)
                if n == retries:
                    raise
                await asyncio.sleep(interval)
        raise AssertionError("unreachable")

    async def _all_connectors(self, status: str) -> None:
        """unavailable_during_update: every connector (0 too) reports `status`; its own state is left as it was."""
        if self.modes.active(Mode.UNAVAILABLE_DURING_UPDATE):
            for c in range(0, self.settings.connectors + 1):
                await self._send("StatusNotification", {"connectorId": c, "errorCode": "NoError", "status": status,
                                                        "timestamp": self._now()})

    async def _update_firmware(self, payload: dict) -> None:
        await self._until_retrieve_date(payload)
        location = payload["location"]
        await self._all_connectors("Unavailable")
        if self.faults.active(Fault.FIRMWARE_REPORTED_UNFETCHED):
            await self._firmware_status("Downloading")
            await self._firmware_status("Downloaded")
            await self._install(True)
            return
        # fails_without_progress: Downloading only once the file is coming, none for a download that fails.
        at_once = self.modes.active(Mode.FAILS_WITHOUT_PROGRESS)
        if not at_once:
            await self._firmware_status("Downloading")
        try:
            image = await self._attempts(payload, lambda: download(location, TRANSFER_TIMEOUT_S))
        except TransferFailed:
            await self._firmware_status(
                "Downloaded" if self.faults.active(Fault.DOWNLOAD_FAILURE_REPORTED_DOWNLOADED) else "DownloadFailed")
            await self._all_connectors("Available")
            return
        if at_once:
            await self._firmware_status("Downloading")
        await self._firmware_status("Downloaded")
        valid = is_valid_image(image) and not self.faults.active(Fault.REFUSES_VALID_FIRMWARE)
        if self.faults.active(Fault.REFUSES_VALID_FIRMWARE):
            await self._firmware_status("Installing")
            await self._reboot_reporting("InstallationFailed")
            return
        await self._install(valid or self.faults.active(Fault.INSTALLS_ANY_FIRMWARE))

    async def _install(self, valid: bool) -> None:
        if valid or not self.modes.active(Mode.FAILS_WITHOUT_PROGRESS):
            await self._firmware_status("Installing")
        await asyncio.sleep(INSTALL_S)
        if not valid:
            if self.modes.active(Mode.REBOOT_AFTER_FAILED_INSTALL):
                await self._reboot_reporting("InstallationFailed")
            else:
                await self._firmware_status("InstallationFailed")
                await self._all_connectors("Available")
            return
        if self.faults.active(Fault.INSTALLED_WITHOUT_REBOOT):
            await self._firmware_status("Installed")
            return
        if self.modes.active(Mode.INSTALLED_BEFORE_REBOOT):
            await self._firmware_status("Installed")
            await self._reboot_reporting(None)
            return
        await self._reboot_reporting("Installed")

    async def _reboot_reporting(self, status: str | None) -> None:
        """Reboot (into the new firmware, or the old one) and report `status` after the boot."""
        log.info("%s: rebooting after a firmware update", self.settings.charge_point_id)
        self._firmware_after_boot = status
        await self._power_cycle()

    async def _report_after_boot(self) -> None:
        """Called once a boot is Accepted: the firmware update's outcome, if one waited for it."""
        status, self._firmware_after_boot = self._firmware_after_boot, None
        if status is not None:
            await self._firmware_status(status)

    def _diagnostics(self) -> bytes:
        return json.dumps({"chargePointId": self.settings.charge_point_id, "firmware": self.settings.firmware,
                           "connectors": self.connector_status, "configuration": self.configuration},
                          indent=2).encode()

    def _handle_get_log(self, payload: dict) -> dict:
        """GetLog (Security Whitepaper, security log): the log goes to log.remoteLocation, reported
        in LogStatusNotification with the request's requestId. Only the SecurityLog is kept."""
        if payload.get("logType") != "SecurityLog":
            return {"status": "Rejected"}
        name = f"{self.settings.charge_point_id}-security-log-{datetime.now(UTC):%Y%m%dT%H%M%S}.txt"
        after_reply(lambda: self._spawn(self._upload_security_log(payload, name)))
        return {"status": "Accepted", "filename": name}

    async def _log_status(self, status: str, request_id: Any) -> None:
        message: dict[str, Any] = {"status": status}
        if isinstance(request_id, int):
            message["requestId"] = request_id + 1 if self.faults.active(Fault.LOG_STATUS_OTHER_REQUEST_ID) else request_id
        await self._send("LogStatusNotification", message)

    async def _upload_security_log(self, payload: dict, name: str) -> None:
        location, request_id = payload["log"]["remoteLocation"], payload.get("requestId")
        await self._log_status("Uploading", request_id)
        if self.faults.active(Fault.SECURITY_LOG_REPORTED_UNSENT):
            await self._log_status("Uploaded", request_id)
            return
        data = f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ} {self.settings.charge_point_id}: security log requested\n".encode()
        try:
            await self._attempts(payload, lambda: upload(location, name, data, TRANSFER_TIMEOUT_S))
        except TransferFailed:
            await self._log_status("UploadFailure", request_id)
            return
        await self._log_status("Uploaded", request_id)

    async def _upload_diagnostics(self, payload: dict, name: str) -> None:
        location = payload["location"]
        await self._diagnostics_status("Uploading")
        if self.faults.active(Fault.DIAGNOSTICS_REPORTED_UNSENT):
            await self._diagnostics_status("Uploaded")
            return
        data = self._diagnostics()
        try:
            await self._attempts(payload, lambda: upload(location, name, data, TRANSFER_TIMEOUT_S))
        except TransferFailed:
            failed = "Uploaded" if self.faults.active(Fault.UPLOAD_FAILURE_REPORTED_UPLOADED) else "UploadFailed"
            await self._diagnostics_status(failed)
            return
        await self._diagnostics_status("Uploaded")
