"""The plan's reusable states of the `_CSMS` cases: the harness plays the charge point.

Steps inside a reusable state are numbered "<State> <n>" so that a failure names both.
"""

from __future__ import annotations

from typing import Any

from ...checks.matchers import ACCEPTED
from ...checks.verdicts import TestDataMissing
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


def id_tag_known(charge_point: ChargePointHarness, step: int | str, conf: dict[str, Any], key: str,
                 holds_as: str) -> None:
    """The central system knows the SUT file's idTag `key` at all, as the plan's prerequisites
    assume. Authorize answered Invalid means "identifier is unknown" (OCPP 1.6 §7.2
    AuthorizationStatus): the test data are missing in the central system, which is the set-up's
    mistake, not the SUT's, so the case is broken, naming the key. Not for a case whose point is
    the answer for an unknown idTag (TC_023_1_CSMS), nor for a StartTransaction that was not
    preceded by an Authorize, where Invalid can be a central system insisting on one (TC_007_CSMS).
    """
    info = conf.get("idTagInfo")
    if isinstance(info, dict) and info.get("status") == "Invalid":
        tag = getattr(charge_point.data, key)
        raise TestDataMissing(
            f"step {step}: the central system does not know idTag {tag!r} at all (Authorize.conf idTagInfo.status "
            f"Invalid: unknown, OCPP 1.6 §7.2); the case needs it {holds_as}. Check [test_data] {key} in "
            f"{charge_point.profile.path}: register {tag!r} in the central system as {holds_as}, or give {key} "
            "an idTag it holds so")


async def authorized(charge_point: ChargePointHarness, data: TestData) -> None:
    """Authorized: the EV driver identifies with the valid idTag and the central system accepts it."""
    conf = await charge_point.send("Authorized 1", "Authorize", idTag=data.valid_id_tag)
    id_tag_known(charge_point, "Authorized 2", conf, "valid_id_tag", "valid (Accepted)")
    charge_point.check("Authorized 2", "Authorize.conf", conf, idTagInfo=ACCEPTED)


async def charging(charge_point: ChargePointHarness, data: TestData, reservation_id: int | None = None
                   ) -> dict[str, Any]:
    """Charging (from Authorized): Preparing, an accepted StartTransaction, then Charging. On a
    reserved connector the StartTransaction names the reservation it ends (OCPP 1.6 §5.13)."""
    connector = data.connector_id
    await charge_point.send("Charging 1", "StatusNotification", **charge_point.status_notification(connector, "Preparing"))
    reserved = {} if reservation_id is None else {"reservationId": reservation_id}
    conf = await charge_point.send("Charging 3", "StartTransaction", connectorId=connector, idTag=data.valid_id_tag,
                                   meterStart=0, timestamp=utc_now(), **reserved)
    charge_point.check("Charging 4", "StartTransaction.conf", conf, idTagInfo=ACCEPTED)
    await charge_point.send("Charging 5", "StatusNotification", **charge_point.status_notification(connector, "Charging"))
    return conf
