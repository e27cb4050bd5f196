"""TriggerMessage asked of a central system, with the harness as the charge point it triggers."""

from __future__ import annotations

from typing import Any

from ...checks.expectations import Reply
from ...roles.charge_point import ChargePointHarness


async def triggered(charge_point: ChargePointHarness, central_system: Any, step: int, requested: str, *,
                    connector: int | None = None, status: str = "Accepted") -> dict[str, Any]:
    """The operator asks for `requested` (of `connector`): the TriggerMessage.req of step `step`
    must name them, and the harness answers `status` (the next step). With Accepted the case
    sends the requested message itself, as its next numbered step."""
    where = {} if connector is None else {"connectorId": connector}
    charge_point.will_answer(step + 1, "TriggerMessage", status=status)
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="TriggerMessage", payload={"requestedMessage": requested, **where})
    request = await charge_point.expect(step, "TriggerMessage", requestedMessage=requested, reply=Reply(step + 1),
                                        **where)
    return request.payload
