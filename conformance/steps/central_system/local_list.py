"""Steps shared by the Local Auth List Management cases (`_CSMS`): the operator's request for a
local-list message, and whether the central system took the harness's answer in its stride."""

from __future__ import annotations

from typing import Any

from ...checks.matchers import present
from ...roles.charge_point import ChargePointHarness
from ...sut.profile import TestData


def listed(*id_tags: str) -> list[dict[str, Any]]:
    """localAuthorizationList entries holding each idTag as Accepted."""
    return [{"idTag": tag, "idTagInfo": {"status": "Accepted"}} for tag in id_tags]


def full_list(data: TestData) -> dict[str, Any]:
    """What the operator is asked to send as a full list: the valid idTag (the plan asks for at least one)."""
    return {"listVersion": 1, "updateType": "Full", "localAuthorizationList": listed(data.valid_id_tag)}


async def operator_sends(central_system: Any, charge_point: ChargePointHarness, action: str,
                         payload: dict[str, Any]) -> None:
    """The operator makes the central system send `action` to the harness's charge point."""
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id, action=action,
                                payload=payload)


async def answer_handled(charge_point: ChargePointHarness, step: int | str) -> None:
    """The plan's "handled": after the harness's answer the central system keeps the connection and
    answers the charge point's next request (a Heartbeat) as before."""
    conf = await charge_point.send(step, "Heartbeat")
    charge_point.check(step, "Heartbeat.conf", conf, currentTime=present())
