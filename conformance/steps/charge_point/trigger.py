"""The RemoteTrigger steps of the `_CS` cases: a TriggerMessage.req, its answer and the message
it asks for (OCPP 1.6 §5.17)."""

from __future__ import annotations

from typing import Any

from ...checks.expectations import Reply


async def triggered(central_system: Any, steps: tuple[int | str, int | str, int | str, int | str], message: str, *,
                    connector: int | None = None, **fields: Any) -> Any:
    """TriggerMessage for `message` (of `connector`, where given), Accepted, and the requested
    message within message_timeout_s, with `fields` (and that connectorId where the message has one)."""
    request, answer, sent, reply = steps
    payload: dict[str, Any] = {"requestedMessage": message}
    if connector is not None:
        payload["connectorId"] = connector
        fields = {"connectorId": connector, **fields}
    conf = await central_system.send(request, "TriggerMessage", **payload)
    central_system.check(answer, "TriggerMessage.conf", conf, status="Accepted")
    return await central_system.expect(sent, message, reply=Reply(reply), **fields)


async def not_triggered(central_system: Any, step: int | str, message: str) -> None:
    """A refused TriggerMessage: the requested message does not follow (within quiet_period_s)."""
    await central_system.expect_nothing(step, f"no {message}.req after the refused TriggerMessage", only=(message,))
