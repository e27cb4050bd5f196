"""The plan's reusable states, written once and used by the cases that start from them.

Steps inside a reusable state are numbered "<State> <n>" so that a failure names both.
"""

from __future__ import annotations

from typing import Any

from ..ocpp.datetime import utc_now
from ..roles.charge_point import ChargePointHarness
from ..roles.endpoint import Endpoint, Reply, expect
from ..sut.profile import TestData

ACCEPTED = {"status": "Accepted"}


# -- the harness plays the charge point (SUT: central system) ---------------------------------------

async def booted(charge_point: ChargePointHarness, data: TestData) -> dict[str, Any]:
    """Booted: BootNotification accepted, then every connector and connector 0 reported Available."""
    conf = await charge_point.send("Booted 1", "BootNotification", **charge_point.boot_notification())
    charge_point.check("Booted 2", "BootNotification.conf", conf, status="Accepted")
    for connector in range(0, charge_point.connectors + 1):
        await charge_point.send("Booted 3", "StatusNotification", **charge_point.status_notification(connector, "Available"))
    return conf


async def authorized(charge_point: ChargePointHarness, data: TestData) -> None:
    """Authorized: the EV driver identifies with the valid idTag and the central system accepts it."""
    conf = await charge_point.send("Authorized 1", "Authorize", idTag=data.valid_id_tag)
    charge_point.check("Authorized 2", "Authorize.conf", conf, idTagInfo=ACCEPTED)


async def charging(charge_point: ChargePointHarness, data: TestData) -> dict[str, Any]:
    """Charging (from Authorized): Preparing, an accepted StartTransaction, then Charging."""
    connector = data.connector_id
    await charge_point.send("Charging 1", "StatusNotification", **charge_point.status_notification(connector, "Preparing"))
    conf = await charge_point.send("Charging 3", "StartTransaction", connectorId=connector, idTag=data.valid_id_tag,
                                   meterStart=0, timestamp=utc_now())
    charge_point.check("Charging 4", "StartTransaction.conf", conf, idTagInfo=ACCEPTED)
    await charge_point.send("Charging 5", "StatusNotification", **charge_point.status_notification(connector, "Charging"))
    return conf


# -- the harness plays the central system (SUT: charge point) ---------------------------------------

async def authorized_at_charge_point(central_system: Endpoint, charge_point: Any, data: TestData) -> None:
    """Authorized: the EV driver presents the valid idTag before plugging in; the harness accepts it."""
    await charge_point.manual("present_id_tag", id_tag=data.valid_id_tag)
    await central_system.expect("Authorized 1", "Authorize", idTag=data.valid_id_tag,
                                reply=Reply("Authorized 2", {"idTagInfo": ACCEPTED}))


def status_available_per_connector(step: int, reply_step: int, connectors: int) -> list:
    """One StatusNotification(Available) for connector 0 and for each connector, in any order."""
    return [expect(step, "StatusNotification", connectorId=c, status="Available", reply=Reply(reply_step))
            for c in range(0, connectors + 1)]
