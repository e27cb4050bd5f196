"""What the reference central system sends when its operator asks it to (`csms_send`), and the
faults that make it send something else than was asked.

A real back office turns an operator's click into a request; these faults are the mistakes such
a path makes (a default connector 0, a swapped reset type, a stale transaction id), so that
every `_CSMS` case that judges a request the central system sends has one to catch.
"""

from __future__ import annotations

import copy
from typing import Any

REQUEST_FAULTS: dict[str, str] = {
    "ignore_operator": "an operator's request is never sent to the charge point",
    "remote_start_connector_zero": "RemoteStartTransaction is sent with connectorId 0",
    "remote_stop_other_transaction": "RemoteStopTransaction names the transactionId after the one asked for",
    "reset_type_swapped": "Reset is sent with the other type (Hard for Soft, Soft for Hard)",
    "unlock_other_connector": "UnlockConnector names the connector after the one asked for",
    "get_configuration_names_keys": "GetConfiguration without keys is sent naming HeartbeatInterval",
    "get_configuration_drops_keys": "GetConfiguration is sent without the keys asked for",
    "change_configuration_wrong_value": "ChangeConfiguration is sent with a 0 appended to the value",
}


def as_sent(action: str, payload: dict[str, Any], faults: frozenset[str]) -> dict[str, Any] | None:
    """The payload that goes on the wire for an operator's request; None: nothing is sent."""
    if "ignore_operator" in faults:
        return None
    sent = copy.deepcopy(payload)
    if action == "RemoteStartTransaction" and "remote_start_connector_zero" in faults:
        sent["connectorId"] = 0
    elif action == "RemoteStopTransaction" and "remote_stop_other_transaction" in faults:
        sent["transactionId"] = int(sent.get("transactionId", 0)) + 1
    elif action == "Reset" and "reset_type_swapped" in faults:
        sent["type"] = "Soft" if sent.get("type") == "Hard" else "Hard"
    elif action == "UnlockConnector" and "unlock_other_connector" in faults:
        sent["connectorId"] = int(sent.get("connectorId", 0)) + 1
    elif action == "GetConfiguration":
        if "get_configuration_names_keys" in faults and not sent.get("key"):
            sent["key"] = ["HeartbeatInterval"]
        elif "get_configuration_drops_keys" in faults:
            sent.pop("key", None)
    elif action == "ChangeConfiguration" and "change_configuration_wrong_value" in faults:
        sent["value"] = f"{sent.get('value', '')}0"
    return sent
