"""TriggerMessage with the harness as charge point (OCPP 1.6 §5.17): whether it sends what is
asked for, and what it then sends.

The harness implements every requestedMessage of 1.6. A connectorId it does not have is
Rejected; StatusNotification and MeterValues without a connectorId are sent for every
connector (§5.17: "for all allowed connectorId values"). A case that scripts its own answer
sends the requested message itself, as its numbered step.
"""

from __future__ import annotations

from typing import Any

from ..ocpp.datetime import utc_now

IMPLEMENTED = frozenset({"BootNotification", "DiagnosticsStatusNotification", "FirmwareStatusNotification",
                         "Heartbeat", "MeterValues", "StatusNotification"})
PER_CONNECTOR = frozenset({"MeterValues", "StatusNotification"})


def answer(payload: dict[str, Any], connectors: int) -> dict[str, Any]:
    requested, connector = payload.get("requestedMessage"), payload.get("connectorId")
    if requested not in IMPLEMENTED:
        return {"status": "NotImplemented"}
    if connector is not None and not (isinstance(connector, int) and 0 <= connector <= connectors):
        return {"status": "Rejected"}
    return {"status": "Accepted"}


def meter_values(connector: int, transaction_id: int | None = None, wh: int = 0) -> dict[str, Any]:
    """A MeterValues.req with the energy register, of the connector's transaction if one runs."""
    return {"connectorId": connector, **({"transactionId": transaction_id} if transaction_id is not None else {}),
            "meterValue": [{"timestamp": utc_now(), "sampledValue": [
                {"value": str(wh), "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}]}


def messages(payload: dict[str, Any], harness: Any) -> list[tuple[str, dict[str, Any]]]:
    """What the harness sends after answering Accepted: (action, payload), in order."""
    requested, connector = payload.get("requestedMessage"), payload.get("connectorId")
    if requested in PER_CONNECTOR:
        targets = [connector] if connector is not None else list(range(0 if requested == "StatusNotification" else 1,
                                                                        harness.connectors + 1))
        if requested == "StatusNotification":
            return [(requested, harness.status_notification(c, harness.statuses.get(c, "Available")))
                    for c in targets]
        return [(requested, meter_values(c, harness.transaction_on(c))) for c in targets]
    if requested == "BootNotification":
        return [(requested, harness.boot_notification())]
    if requested in ("DiagnosticsStatusNotification", "FirmwareStatusNotification"):
        return [(requested, {"status": "Idle"})]
    return [("Heartbeat", {})]
