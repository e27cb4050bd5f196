"""The plan's reusable states of the `_CSMS` cases: the harness plays the charge point.

Steps inside a reusable state are numbered "<State> <n>" so that a failure names both.
"""

from __future__ import annotations

from typing import Any

from ...checks.matchers import ACCEPTED
from ...ocpp.datetime import utc_now
from ...roles.charge_point import ChargePointHarness
from ...sut.profile import TestData


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
