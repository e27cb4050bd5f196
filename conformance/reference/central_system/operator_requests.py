"""What the reference central system sends when its operator asks it to (`csms_send`), and how
its request faults make it send something else than was asked.

A real back office turns an operator's click into a request; these faults are the mistakes such
a path makes (a default connector 0, a swapped reset type, a stale transaction id), so that
every `_CSMS` case that judges a request the central system sends has one to catch.
"""

from __future__ import annotations

import copy
from typing import Any

from conformance.reference.switches import Active

from .faults import Fault


def as_sent(action: str, payload: dict[str, Any], faults: Active) -> dict[str, Any] | None:
    """The payload that goes on the wire for an operator's request; None: nothing is sent."""
    if faults.active(Fault.IGNORE_OPERATOR):
        return None
    sent = copy.deepcopy(payload)
    if action == "RemoteStartTransaction" and faults.active(Fault.REMOTE_START_CONNECTOR_ZERO):
        sent["connectorId"] = 0
    elif action == "RemoteStopTransaction" and faults.active(Fault.REMOTE_STOP_OTHER_TRANSACTION):
        sent["transactionId"] = int(sent.get("transactionId", 0)) + 1
    elif action == "Reset" and faults.active(Fault.RESET_TYPE_SWAPPED):
        sent["type"] = "Soft" if sent.get("type") == "Hard" else "Hard"
    elif action == "UnlockConnector" and faults.active(Fault.UNLOCK_OTHER_CONNECTOR):
        sent["connectorId"] = int(sent.get("connectorId", 0)) + 1
    elif action == "GetConfiguration":
        if faults.active(Fault.GET_CONFIGURATION_NAMES_KEYS) and not sent.get("key"):
            sent["key"] = ["HeartbeatInterval"]
        elif faults.active(Fault.GET_CONFIGURATION_DROPS_KEYS):
            sent.pop("key", None)
    elif action == "ExtendedTriggerMessage" and faults.active(Fault.TRIGGER_WITH_CONNECTOR):
        sent["connectorId"] = 1
    elif action == "ChangeConfiguration" and faults.active(Fault.CHANGE_CONFIGURATION_WRONG_VALUE):
        sent["value"] = f"{sent.get('value', '')}0"
    elif action == "UpdateFirmware" and faults.active(Fault.FIRMWARE_LOCATION_CHANGED):
        sent["location"] = str(sent.get("location", "")).rpartition("/")[0] + "/latest.bin"
    elif action == "GetDiagnostics" and faults.active(Fault.DIAGNOSTICS_LOCATION_CHANGED):
        sent["location"] = str(sent.get("location", "")).rstrip("/") + "/logs"
    elif action == "GetLog" and faults.active(Fault.LOG_LOCATION_CHANGED) and isinstance(sent.get("log"), dict):
        sent["log"]["remoteLocation"] = str(sent["log"].get("remoteLocation", "")).rstrip("/") + "/logs"
    elif action == "SendLocalList":
        _local_list_as_sent(sent, faults)
    return sent


def _local_list_as_sent(sent: dict[str, Any], faults: Active) -> None:
    full = sent.get("updateType") == "Full"
    if full and faults.active(Fault.LOCAL_LIST_FULL_AS_DIFFERENTIAL):
        sent["updateType"] = "Differential"
    elif not full and faults.active(Fault.LOCAL_LIST_DIFFERENTIAL_AS_FULL):
        sent["updateType"] = "Full"
    if not full and faults.active(Fault.LOCAL_LIST_VERSION_NOT_RAISED):
        sent["listVersion"] = 1
    if faults.active(Fault.LOCAL_LIST_DUPLICATE_ENTRIES) and sent.get("localAuthorizationList"):
        sent["localAuthorizationList"] = [item for item in sent["localAuthorizationList"] for _ in range(2)]
    if faults.active(Fault.LOCAL_LIST_WITHOUT_ID_TAG_INFO):
        for item in sent.get("localAuthorizationList") or []:
            item.pop("idTagInfo", None)
