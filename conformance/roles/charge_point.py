"""The harness as charge point, for test cases whose SUT is a central system (`_CSMS`).

Each case opens its own connection, as a charge point that boots for the case, and closes
it at the end. Requests the central system sends that the case does not steer get the
answers of a plain, idle charge point.
"""

from __future__ import annotations

from typing import Any

from ..ocpp.actions import Role
from ..ocpp.datetime import utc_now
from ..ocpp.rpc import Call, CallError
from ..sut.profile import SutProfile
from ..sut.preflight import HandshakeProblem, open_to_central_system
from ..verdicts import ConnectionRefused, SetupError, SutUnreachable
from .endpoint import Endpoint

# What the harness reports when the central system reads its configuration.
CONFIGURATION = {
    "HeartbeatInterval": ("300", False),
    "ConnectionTimeOut": ("60", False),
    "MeterValueSampleInterval": ("0", False),
    "NumberOfConnectors": (None, True),
    "SupportedFeatureProfiles": ("Core", True),
}


class ChargePointHarness(Endpoint):
    background = frozenset(Endpoint.background | {"GetConfiguration", "ChangeConfiguration", "TriggerMessage",
                                                    "ClearCache", "DataTransfer"})

    def __init__(self, profile: SutProfile):
        super().__init__(profile, sut_role=Role.CENTRAL_SYSTEM, defaults=self.default_answer, fail_on_close=True)
        self.connectors = profile.connectors
        self.open_transactions: dict[int, int] = {}   # transactionId -> connectorId

    async def send(self, step: int | str, action: str, *, timeout: float | None = None, **payload: Any) -> dict[str, Any]:
        result = await super().send(step, action, timeout=timeout, **payload)
        if action == "StartTransaction" and isinstance(result.get("transactionId"), int):
            self.open_transactions[result["transactionId"]] = payload.get("connectorId", 0)
        return result

    async def return_to_idle(self) -> None:
        """After a case: end the transactions it left open, so the central system is left clean.

        Best effort and not judged: the case's verdict is already decided.
        """
        for transaction_id, connector in list(self.open_transactions.items()):
            self.trace.event(f"returning to idle: stop transaction {transaction_id}")
            try:
                await self.call("StatusNotification", self.status_notification(connector, "Finishing"))
                await self.call("StopTransaction", {"transactionId": transaction_id, "meterStop": 0,
                                                    "timestamp": utc_now(), "reason": "Local"})
                await self.call("StatusNotification", self.status_notification(connector, "Available"))
            except Exception as exc:  # the SUT may be gone already
                self.trace.event(f"could not stop transaction {transaction_id}: {exc}")
                break
            self.open_transactions.pop(transaction_id, None)

    async def connect(self) -> None:
        """Open the case's connection; a set-up mistake (URL, credentials) is broken, not failed."""
        try:
            ws = await open_to_central_system(self.profile)
        except HandshakeProblem as problem:
            self.trace.event(problem.event)
            failure = {"sut": ConnectionRefused, "unreachable": SutUnreachable, "setup": SetupError}[problem.cause]
            raise failure(problem.line) from None
        self.attach(ws)

    def default_answer(self, call: Call) -> dict[str, Any] | CallError:
        action, payload = call.action, call.payload
        if action == "GetConfiguration":
            wanted = payload.get("key")
            keys, unknown = [], []
            for key in wanted or CONFIGURATION:
                if key not in CONFIGURATION:
                    unknown.append(key)
                    continue
                value, readonly = CONFIGURATION[key]
                value = str(self.connectors) if key == "NumberOfConnectors" else value
                keys.append({"key": key, "readonly": readonly, "value": value})
            return {"configurationKey": keys, **({"unknownKey": unknown} if unknown else {})}
        if action == "ChangeConfiguration":
            known = CONFIGURATION.get(payload.get("key", ""))
            return {"status": "NotSupported" if known is None else "Rejected" if known[1] else "Accepted"}
        if action in ("ClearCache", "ChangeAvailability"):
            return {"status": "Accepted"}
        if action in ("TriggerMessage", "RemoteStartTransaction", "RemoteStopTransaction", "Reset"):
            return {"status": "Rejected"}
        if action == "UnlockConnector":
            return {"status": "NotSupported"}
        if action == "DataTransfer":
            return {"status": "UnknownVendorId"}
        return CallError(call.unique_id, "NotSupported", f"the harness does not support {action}", {})

    def boot_notification(self) -> dict[str, Any]:
        return {"chargePointVendor": self.data.vendor, "chargePointModel": self.data.model}

    def status_notification(self, connector: int, status: str) -> dict[str, Any]:
        return {"connectorId": connector, "errorCode": "NoError", "status": status, "timestamp": utc_now()}
