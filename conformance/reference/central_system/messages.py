"""How the reference central system answers what charge points send: idTags, transactions,
timestamps, and the handler table of one connection."""

from __future__ import annotations

import asyncio
import inspect
import itertools
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from conformance.reference.peer import CallErrorReply, utc_now
from conformance.reference.switches import Active

from .faults import Fault
from .settings import CentralSystemSettings, log

RACY_STORE_ROUND_TRIP_S = 0.05   # racy_transaction_ids: the window in which two starts get one id
LATE_ABOVE = 4                   # late_answers_under_load: requests at once beyond which answers come late
WORK_S = 0.02                    # late_answers_under_load: what each request takes it


class Backlog:
    """late_answers_under_load: how many requests of all its charge points it is working on now."""

    def __init__(self) -> None:
        self.working = 0


def _late_under_load(handler: Any, backlog: Backlog, settings: CentralSystemSettings) -> Any:
    async def handle(payload: dict) -> Any:
        backlog.working += 1
        try:
            await asyncio.sleep(WORK_S)
            if backlog.working > LATE_ABOVE:   # swamped: the answer comes after the charge point's timeout
                await asyncio.sleep(settings.call_timeout + 1)
            result = handler(payload)
            return await result if inspect.isawaitable(result) else result
        finally:
            backlog.working -= 1
    return handle

_LOCAL_OFFSET = timedelta(hours=2)


def timestamp(faults: Active, shift: timedelta = timedelta()) -> str:
    """Now plus shift as a dateTime, as the timestamp faults have it."""
    if not shift:
        if faults.active(Fault.NAIVE_TIMESTAMPS):
            return utc_now(naive=True)
        if faults.active(Fault.LOCAL_TIME_TIMESTAMPS):
            return utc_now(_LOCAL_OFFSET)
        return utc_now()
    moment = datetime.now(UTC).replace(microsecond=0) + shift
    if faults.active(Fault.NAIVE_TIMESTAMPS):
        return moment.replace(tzinfo=None).isoformat()
    if faults.active(Fault.LOCAL_TIME_TIMESTAMPS):
        return moment.astimezone(timezone(_LOCAL_OFFSET)).isoformat()
    return moment.isoformat().replace("+00:00", "Z")


class IdTags:
    """What the central system knows of each idTag (OCPP 1.6 IdToken is case insensitive)."""

    def __init__(self, settings: CentralSystemSettings, faults: Active):
        self._faults = faults
        self._status: dict[str, str] = {}
        for kind, tags in (
            ("Accepted", settings.valid_id_tags),
            ("Invalid", settings.invalid_id_tags),
            ("Blocked", settings.blocked_id_tags),
            ("Expired", settings.expired_id_tags),
        ):
            self._status.update((tag.casefold(), kind) for tag in tags)
        self._parents = {tag.casefold(): parent for tag, parent in settings.parent_id_tags.items()}

    def parent_of(self, id_tag: str) -> str | None:
        """The parentIdTag the central system holds for an idTag (its group), if any."""
        return self._parents.get(id_tag.casefold())

    def info(self, id_tag: str) -> dict[str, Any]:
        faults = self._faults
        status = self._status.get(id_tag.casefold(), "Invalid")
        if faults.active(Fault.AUTHORIZE_INVALID):
            status = "Invalid"
        elif status == "Invalid" and faults.active(Fault.INVALID_ID_TAG_ACCEPTED):
            status = "Accepted"
        elif status == "Expired" and faults.active(Fault.EXPIRED_ID_TAG_ACCEPTED):
            status = "Accepted"
        elif status == "Blocked" and faults.active(Fault.BLOCKED_ID_TAG_INVALID):
            status = "Invalid"
        elif status == "Blocked" and faults.active(Fault.BLOCKED_ID_TAG_ACCEPTED):
            status = "Accepted"
        if faults.active(Fault.ID_TAGS_BLOCKED):
            status = "Blocked"
        parent = self.parent_of(id_tag)
        if status == "Accepted" and parent is not None and not faults.active(Fault.PARENT_ID_TAG_OMITTED):
            return {"status": "Accepted", "expiryDate": timestamp(faults, timedelta(days=1)), "parentIdTag": parent}
        if status == "Accepted":
            return {"status": "Accepted", "expiryDate": timestamp(faults, timedelta(days=1))}
        if status == "Expired":
            return {"status": "Expired", "expiryDate": timestamp(faults, -timedelta(days=1))}
        return {"status": status}


class TransactionRecords:
    """transactionId -> what is known of it: charge_point_id, connector_id, id_tag, meter_start,
    start_timestamp, reservation_id, active, and once stopped meter_stop, stop_timestamp, reason."""

    def __init__(self, faults: Active):
        self._faults = faults
        # A random base keeps ids from one run from looking valid in the next.
        base = random.randint(10_000, 99_999)
        self._ids = itertools.count(base)
        self._committed = base - 1   # racy_transaction_ids: the last id its store has written
        self.records: dict[int, dict[str, Any]] = {}

    def start(self, charge_point_id: str, payload: dict) -> int:
        tid = 1 if self._faults.active(Fault.REUSED_TRANSACTION_ID) else next(self._ids)
        self._record(tid, charge_point_id, payload)
        return tid

    async def start_racy(self, charge_point_id: str, payload: dict) -> int:
        """The next id read from the store, then written back after a round trip: two starts in that window get
        the same id. One charge point, whose starts come one after another, never sees it."""
        tid = self._committed + 1
        await asyncio.sleep(RACY_STORE_ROUND_TRIP_S)
        self._committed = max(self._committed, tid)
        self._record(tid, charge_point_id, payload)
        return tid

    def _record(self, tid: int, charge_point_id: str, payload: dict) -> None:
        self.records[tid] = {
            "charge_point_id": charge_point_id,
            "connector_id": payload["connectorId"],
            "id_tag": payload["idTag"],
            "meter_start": payload["meterStart"],
            "start_timestamp": self._recorded_time(payload["timestamp"]),
            "reservation_id": payload.get("reservationId"),
            "active": True,
        }

    def _recorded_time(self, timestamp: str) -> str:
        """When the message says it happened (a queued one: while the charge point was offline)."""
        return utc_now() if self._faults.active(Fault.STORES_RECEPTION_TIME) else timestamp

    def start_time(self, transaction_id: int) -> str:
        """The start of a transaction as recorded; LookupError for one never handed out."""
        info = self.records.get(transaction_id)
        if info is None:
            raise LookupError(f"no transaction {transaction_id}")
        return str(info["start_timestamp"])

    def stop(self, payload: dict) -> bool:
        """Record the stop; False for a transactionId never handed out."""
        info = self.records.get(payload["transactionId"])
        if info is None:
            return False
        info.update(active=False, meter_stop=payload["meterStop"], stop_timestamp=self._recorded_time(payload["timestamp"]),
                    reason=payload.get("reason", "Local"))
        return True

    def running(self, charge_point_id: str | None = None) -> list[int]:
        """Ids of transactions started and not yet stopped, oldest first."""
        return [tid for tid, info in self.records.items()
                if info["active"] and charge_point_id in (None, info["charge_point_id"])]


def handlers_for(cp_id: str, *, settings: CentralSystemSettings, faults: Active, boot_status: Callable[[], str],
                 id_tags: IdTags, transactions: TransactionRecords,
                 crash: Callable[[], Awaitable[None]], backlog: Backlog | None = None) -> dict[str, Any]:
    """The handler table of one connection; crash closes that connection as a failing server would."""
    # What this connection has said so far; only some faults look at it.
    seen: dict[str, Any] = {"booted": False, "authorized": set(), "status": {}}

    def boot_notification(payload: dict) -> dict:
        seen["booted"] = True
        status = "Rejected" if faults.active(Fault.BOOT_REJECTED) else boot_status()
        interval = settings.heartbeat_interval if status == "Accepted" else settings.retry_interval
        if status == "Accepted" and faults.active(Fault.ZERO_HEARTBEAT_INTERVAL):
            interval = 0
        elif status == "Accepted" and faults.active(Fault.NEGATIVE_HEARTBEAT_INTERVAL):
            interval = -5
        return {"status": status, "currentTime": timestamp(faults), "interval": interval}

    def heartbeat(payload: dict) -> dict:
        if faults.active(Fault.HEARTBEAT_ERROR):
            raise CallErrorReply("InternalError", "heartbeat could not be processed")
        return {"currentTime": timestamp(faults)}

    def status_notification(payload: dict) -> dict:
        stamp = payload.get("timestamp", "")
        if faults.active(Fault.REJECTS_UNUSUAL_TIMESTAMPS) and ("." in stamp or stamp.endswith("+00:00")):
            raise CallErrorReply("PropertyConstraintViolation", "timestamp must be YYYY-MM-DDThh:mm:ssZ")
        if faults.active(Fault.STATUS_NOTIFICATION_ERROR):
            raise CallErrorReply("InternalError", "status could not be recorded")
        connector, status = payload["connectorId"], payload["status"]
        before, seen["status"][connector] = seen["status"].get(connector), status
        if faults.active(Fault.STRICT_CONNECTOR_STATE_MACHINE) and before == "Preparing" and status == "Available":
            raise CallErrorReply("GenericError", "Preparing may only end in a transaction")
        if faults.active(Fault.FAULT_STATUS_ERROR) and payload["errorCode"] != "NoError":
            raise CallErrorReply("InternalError", f"error code {payload['errorCode']} could not be recorded")
        return {}

    def empty(payload: dict) -> dict:
        return {}

    def firmware_status(payload: dict) -> dict:
        if faults.active(Fault.FIRMWARE_STATUS_ERROR):
            raise CallErrorReply("InternalError", "the firmware status could not be recorded")
        return {}

    def diagnostics_status(payload: dict) -> dict:
        if faults.active(Fault.DIAGNOSTICS_STATUS_ERROR):
            raise CallErrorReply("InternalError", "the diagnostics status could not be recorded")
        return {}

    def log_status(payload: dict) -> dict:
        if faults.active(Fault.LOG_STATUS_ERROR):
            raise CallErrorReply("InternalError", "the log status could not be recorded")
        return {}

    def data_transfer(payload: dict) -> dict:
        if faults.active(Fault.DATA_TRANSFER_ERROR):
            raise CallErrorReply("NotSupported", "DataTransfer is not supported")
        # No vendor extension is known here, so no vendorId is (OCPP 1.6 §4.3).
        return {"status": "Accepted" if faults.active(Fault.DATA_TRANSFER_ACCEPTED) else "UnknownVendorId"}

    async def crashed() -> dict:
        await crash()
        raise CallErrorReply("InternalError", "closed")

    def authorize(payload: dict) -> Any:
        if faults.active(Fault.CRASH_ON_LONG_ID_TAG) and len(payload["idTag"]) == 20:
            return crashed()
        info = id_tags.info(payload["idTag"])
        if info["status"] == "Accepted":
            seen["authorized"].add(payload["idTag"].casefold())
        return {"idTagInfo": info}

    def start_transaction(payload: dict) -> Any:
        info = id_tags.info(payload["idTag"])
        if faults.active(Fault.START_TRANSACTION_BLOCKED):
            info = {"status": "Blocked"}
        elif faults.active(Fault.START_TRANSACTION_ACCEPTS_ANY):
            info = {"status": "Accepted"}
        elif faults.active(Fault.START_REQUIRES_AUTHORIZE) and payload["idTag"].casefold() not in seen["authorized"]:
            info = {"status": "Invalid"}
        # The CSMS must hand out an id even when it refuses the idTag: the charge
        # point stops such a transaction itself and reports it with that id.
        if faults.active(Fault.RACY_TRANSACTION_IDS):
            async def racy() -> dict:
                return {"transactionId": await transactions.start_racy(cp_id, payload), "idTagInfo": info}
            return racy()
        return {"transactionId": transactions.start(cp_id, payload), "idTagInfo": info}

    def stop_transaction(payload: dict) -> dict:
        if faults.active(Fault.STOP_TRANSACTION_ERROR):
            raise CallErrorReply("InternalError", "the transaction could not be closed")
        if not transactions.stop(payload):
            # 1.6 requires stop messages to be accepted, even for unknown ids.
            log.info("central system: %s stopped unknown transaction %s", cp_id, payload["transactionId"])
        if "idTag" in payload and not faults.active(Fault.STOP_TRANSACTION_NO_ID_TAG_INFO):
            if faults.active(Fault.STOP_TRANSACTION_ACCEPTS_ANY):
                return {"idTagInfo": {"status": "Accepted"}}
            return {"idTagInfo": id_tags.info(payload["idTag"])}
        return {}

    def security_event(payload: dict) -> dict:
        if faults.active(Fault.SECURITY_EVENT_CALLERROR):
            raise CallErrorReply("InternalError", "security events are not stored")
        log.info("central system: %s reports security event %s", cp_id, payload.get("type"))
        return {}

    def booted_first(handler: Any) -> Any:
        def handle(payload: dict) -> dict:
            if not seen["booted"]:
                raise CallErrorReply("SecurityError", "this connection has not sent a BootNotification")
            return handler(payload)
        return handle

    handlers = {
        "BootNotification": boot_notification,
        "Heartbeat": heartbeat,
        "StatusNotification": status_notification,
        "MeterValues": empty,
        "DiagnosticsStatusNotification": diagnostics_status,
        "FirmwareStatusNotification": firmware_status,
        "SecurityEventNotification": security_event,
        "LogStatusNotification": log_status,
        "SignedFirmwareStatusNotification": empty,
        "DataTransfer": data_transfer,
        "Authorize": authorize,
        "StartTransaction": start_transaction,
        "StopTransaction": stop_transaction,
    }
    if faults.active(Fault.BOOT_REQUIRED_ON_RECONNECT):
        handlers = {name: h if name == "BootNotification" else booted_first(h) for name, h in handlers.items()}
    if faults.active(Fault.LATE_ANSWERS_UNDER_LOAD):
        shared = backlog or Backlog()
        handlers = {name: _late_under_load(h, shared, settings) for name, h in handlers.items()}
    return handlers
