"""The central system's requests other than configuration and reservations: remote start and
stop, Reset, UnlockConnector, ChangeAvailability, TriggerMessage, DataTransfer, ClearCache."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from conformance.reference.peer import CallErrorReply

from .faults import Fault, Mode
from .replies import after_reply
from .settings import log

REBOOT_DELAY_S = 4.0   # reboot_delayed_after_reset: longer than the self-tests' message_timeout_s


class RequestMixin:
    """Owns the handler table: each handler decides the answer and queues its follow-up after it."""

    def _handlers(self) -> dict[str, Callable[[dict], Any]]:
        return {
            "CancelReservation": self._handle_cancel_reservation,
            "CertificateSigned": self._handle_certificate_signed,
            "ExtendedTriggerMessage": self._handle_extended_trigger_message,
            "ChangeAvailability": self._handle_change_availability,
            "ChangeConfiguration": self._handle_change_configuration,
            "ClearCache": self._handle_clear_cache,
            "DataTransfer": self._handle_data_transfer,
            "DeleteCertificate": self._handle_delete_certificate,
            "GetInstalledCertificateIds": self._handle_get_installed_certificate_ids,
            "InstallCertificate": self._handle_install_certificate,
            "GetConfiguration": self._handle_get_configuration,
            "GetDiagnostics": self._handle_get_diagnostics,
            "GetLog": self._handle_get_log,
            "GetLocalListVersion": self._handle_get_local_list_version,
            "RemoteStartTransaction": self._handle_remote_start,
            "RemoteStopTransaction": self._handle_remote_stop,
            "ReserveNow": self._handle_reserve_now,
            "Reset": self._handle_reset,
            "SendLocalList": self._handle_send_local_list,
            "TriggerMessage": self._handle_trigger_message,
            "UnlockConnector": self._handle_unlock_connector,
            "UpdateFirmware": self._handle_update_firmware,
            **self._smart_charging_handlers(),
        }

    def _handle_data_transfer(self, payload: dict) -> dict:
        """No vendor extension is implemented, so no vendorId is known (OCPP 1.6 §4.3)."""
        if self.faults.active(Fault.DATA_TRANSFER_ERROR):
            raise CallErrorReply("NotSupported", "DataTransfer is not supported")
        return {"status": "Accepted" if self.faults.active(Fault.DATA_TRANSFER_ACCEPTED) else "UnknownVendorId"}

    def _handle_clear_cache(self, payload: dict) -> dict:
        if not self.faults.active(Fault.CLEAR_CACHE_KEEPS_ENTRIES):
            self.auth.cache.clear()
        return {"status": "Accepted"}

    def _handle_remote_start(self, payload: dict) -> dict:
        if self._registration != "Accepted" or self.faults.active(Fault.REJECT_REMOTE_START):
            return {"status": "Rejected"}
        id_tag, c = payload["idTag"], payload.get("connectorId")
        if c == 0 and self.modes.active(Mode.REMOTE_START_ZERO_CALLERROR):
            raise CallErrorReply("PropertyConstraintViolation", "connectorId must be greater than 0")
        if c == 0 and self.faults.active(Fault.REMOTE_START_ON_CONNECTOR_ZERO):
            c = None
        if (c is not None and self.faults.active(Fault.REMOTE_START_ON_BUSY_CONNECTOR) and 1 <= c <= self.settings.connectors
                and self.tx.on(c) is not None):
            return {"status": "Accepted"}
        if c is not None:
            if not 1 <= c <= self.settings.connectors or not self._usable(c) or not self._may_admit(c, id_tag):
                return {"status": "Rejected"}
        else:
            free = [x for x in self.connectors if self._usable(x) and self._may_admit(x, id_tag)]
            if not free:
                return {"status": "Rejected"}
            c = min(free, key=lambda x: self._preference(x, id_tag))
        if not self._remote_start_profile(c, payload):
            return {"status": "Rejected"}
        after_reply(lambda: self._enqueue(lambda: self._remote_start(c, id_tag)))
        return {"status": "Accepted"}

    async def _remote_start(self, c: int, id_tag: str) -> None:
        presented_at = await self._id_tag_presented()
        if not self._usable(c):
            return
        # OCPP 1.6 §4.9: a Reserved connector with the cable in leaves Reserved once an idTag comes.
        reserved_plugged = self.connectors[c].plugged and self.connectors.status(c) == "Reserved"
        if reserved_plugged:
            await self._set_status(c, "Preparing")
        if not await self._remote_start_authorized(c, id_tag, presented_at) and reserved_plugged \
                and self.tx.on(c) is None and self.bookings.on(c) is not None:
            await self._set_status(c, "Reserved")

    async def _remote_start_authorized(self, c: int, id_tag: str, presented_at: float | None) -> bool:
        """Authorize where configured or where a reservation needs the idTag's parent, then start
        (cable in) or hold the idTag; False when the idTag may not start here."""
        parent_id_tag = None
        authorize = self.config.enabled("AuthorizeRemoteTxRequests") or self._needs_parent(c, id_tag)
        if authorize and not self.faults.active(Fault.REMOTE_START_WITHOUT_AUTHORIZE):
            conf = await self._authorize(id_tag)
            if conf is None or (conf["idTagInfo"]["status"] != "Accepted" and not self.faults.active(Fault.START_DESPITE_INVALID)):
                log.info("%s: remote start for %s not authorized", self.settings.charge_point_id, id_tag)
                return False
            parent_id_tag = conf["idTagInfo"].get("parentIdTag")
        if not self._admits(c, id_tag, parent_id_tag):
            self._log_reserved(c, id_tag)
            return False
        if self.connectors[c].plugged:
            await self._start_transaction(c, id_tag, parent_id_tag)
        else:
            await self._remember_authorization(id_tag, c, parent_id_tag, presented_at=presented_at)
        return True

    def _handle_remote_stop(self, payload: dict) -> dict:
        if self._registration != "Accepted" or self.faults.active(Fault.REJECT_REMOTE_STOP):
            return {"status": "Rejected"}
        reason = "Local" if self.faults.active(Fault.REMOTE_STOP_REASON_LOCAL) else "Remote"
        c = self.tx.connector_of(payload["transactionId"])
        if c is None and self.faults.active(Fault.REMOTE_STOP_UNKNOWN_TRANSACTION):
            c = next(iter(self.tx.running()), None)
        if c is None:
            return {"status": "Rejected"}
        after_reply(lambda: self._enqueue(lambda: self._stop_transaction(c, reason)))
        return {"status": "Accepted"}

    def _handle_reset(self, payload: dict) -> dict:
        if self.faults.active(Fault.REJECT_RESET):
            return {"status": "Rejected"}
        reason = "HardReset" if payload["type"] == "Hard" else "SoftReset"
        after_reply(lambda: self._enqueue(lambda: self._reset(reason)))
        return {"status": "Accepted"}

    async def _reset(self, reason: str) -> None:
        """OCPP 1.6 §5.14: stop every transaction (reason HardReset or SoftReset), then reboot."""
        stop_reason = "Other" if self.faults.active(Fault.RESET_STOP_REASON_OTHER) else reason
        for c in self.connectors:
            if self.tx.on(c) is None:
                continue
            if reason == "HardReset" and self.modes.active(Mode.STOP_AFTER_RESET_BOOT):
                self._queue_stop(c, stop_reason)
                continue
            await self._stop_transaction(c, stop_reason, settle=not self.faults.active(Fault.RESET_WITHOUT_FINISHING))
        if self.faults.active(Fault.RESET_FORGETS_AVAILABILITY):
            self.connectors.forget_availability()
        if reason == "SoftReset" and self.modes.active(Mode.SOFT_RESET_WITHOUT_REBOOT):
            log.info("%s: soft reset without reboot", self.settings.charge_point_id)
            return
        log.info("%s: rebooting (%s)", self.settings.charge_point_id, reason)
        if self._reboot_task is None or self._reboot_task.done():
            self._reboot_task = asyncio.ensure_future(self._reboot())

    async def _reboot(self) -> None:
        try:
            if self.modes.active(Mode.REBOOT_DELAYED_AFTER_RESET):
                await asyncio.sleep(REBOOT_DELAY_S)
            await self._power_cycle()
        except Exception:
            log.exception("%s: reboot failed", self.settings.charge_point_id)

    def _handle_unlock_connector(self, payload: dict) -> dict:
        """OCPP 1.6 §5.18: a transaction on the connector is stopped (UnlockCommand), then it is unlocked."""
        c = payload["connectorId"]
        if self.settings.fixed_cable and not self.faults.active(Fault.FIXED_CABLE_UNLOCKS):
            return {"status": "NotSupported"}
        if not 1 <= c <= self.settings.connectors:
            return {"status": "UnlockFailed" if self.faults.active(Fault.UNLOCK_UNKNOWN_CONNECTOR_FAILED) else "NotSupported"}
        if self.faults.active(Fault.UNLOCK_FAILS) or (self.connectors[c].lock_broken
                                             and not self.faults.active(Fault.UNLOCK_IGNORES_LOCK_FAILURE)):
            return {"status": "UnlockFailed"}
        if self.tx.on(c) is not None and not self.faults.active(Fault.UNLOCK_WITHOUT_STOP):
            after_reply(lambda: self._enqueue(lambda: self._stop_transaction(c, "UnlockCommand")))
        return {"status": "Unlocked"}

    def _handle_change_availability(self, payload: dict) -> dict:
        c, operative = payload["connectorId"], payload["type"] == "Operative"
        if not 0 <= c <= self.settings.connectors:
            return {"status": "Rejected"}
        affected = list(self.connectors) if c == 0 else [c]
        busy = any(self.tx.on(x) is not None for x in affected)
        self.connectors.set_operative(c, operative, connectors_kept=self.modes.active(Mode.CONNECTOR_AVAILABILITY_KEPT))
        after_reply(lambda: self._enqueue(self._apply_availability))
        scheduled = busy and not operative and not self.faults.active(Fault.INOPERATIVE_DURING_TRANSACTION_ACCEPTED)
        return {"status": "Scheduled" if scheduled else "Accepted"}

    def _handle_trigger_message(self, payload: dict) -> dict:
        """OCPP 1.6 §5.17: the requested message follows the answer; a connectorId it does not have is Rejected."""
        message, c = payload["requestedMessage"], payload.get("connectorId")
        if self.faults.active(Fault.TRIGGER_REJECTED):
            return {"status": "Rejected"}
        if c is not None and not 0 <= c <= self.settings.connectors:
            if self.faults.active(Fault.TRIGGER_UNKNOWN_CONNECTOR_ACCEPTED):
                return {"status": "Accepted"}   # and nothing follows: there is no such connector
            if self.modes.active(Mode.TRIGGER_CALLERROR):
                raise CallErrorReply("PropertyConstraintViolation", f"connector {c} does not exist")
            return {"status": "Rejected"}
        implemented = {"BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification", "Heartbeat",
                       "StatusNotification", "MeterValues"}
        if self.modes.active(Mode.NO_FIRMWARE_STATUS_TRIGGER):
            implemented.discard("FirmwareStatusNotification")
        if message not in implemented:
            return {"status": "NotImplemented"}
        if self._registration == "Rejected":
            return {"status": "Rejected"}
        if self.faults.active(Fault.TRIGGER_MESSAGE_UNANSWERED):
            return self._never_answered()
        if not (message == "Heartbeat" and self.faults.active(Fault.TRIGGER_WITHOUT_MESSAGE)):
            after_reply(lambda: self._enqueue(lambda: self._triggered(message, c)))
        return {"status": "Accepted"}

    async def _triggered(self, message: str, c: int | None) -> None:
        if message == "BootNotification":
            if self._peer is not None:
                await self._send_boot(self._peer)
        elif message == "Heartbeat":
            await self._send("Heartbeat", {}, allow_pending=True)
        elif message == "StatusNotification":
            for x in ([c] if c is not None else range(0, self.settings.connectors + 1)):
                await self._notify_status(x, allow_pending=True)
        elif message == "DiagnosticsStatusNotification":
            # No diagnostics upload runs: Idle (OCPP 1.6 §7.24, only in answer to a trigger).
            status = "Uploaded" if self.faults.active(Fault.DIAGNOSTICS_STATUS_UPLOADED) else "Idle"
            await self._send("DiagnosticsStatusNotification", {"status": status}, allow_pending=True)
        elif message == "FirmwareStatusNotification":
            await self._send("FirmwareStatusNotification", {"status": "Idle"}, allow_pending=True)
        else:
            for x in ([c] if c is not None else list(self.connectors)):
                await self._send("MeterValues", self._meter_values(x, "Trigger"), allow_pending=True)
