"""BEYOND_STOP_WITH_BLOCKED_TAG_CSMS StopTransaction with a blocked idTag gets the tag's status.

SUT: Central System; the harness is a booted charge point. A transaction started with the
blocked idTag (a charge point may start one before it learns the status, offline for instance)
is stopped with that idTag: the StopTransaction.conf must give its status, Blocked, not Accepted
(OCPP 1.6 §4.10, §6.50); an answer without idTagInfo at all passes with a warning (the field
is optional, for stops without an idTag). The plan never sends a StopTransaction with an idTag
the central system does not accept.
"""

from conformance import beyond_case, present, utc_now
from conformance.steps import beyond
from conformance.steps.central_system import reusable


@beyond_case("BEYOND_STOP_WITH_BLOCKED_TAG_CSMS")
async def test_stop_with_blocked_tag_csms(charge_point, central_system, test_data):
    connector, tag = test_data.connector_id, test_data.blocked_id_tag
    await reusable.booted(charge_point, test_data)

    await charge_point.send(1, "StatusNotification", **charge_point.status_notification(connector, "Preparing"))
    conf = await charge_point.send(2, "StartTransaction", connectorId=connector, idTag=tag, meterStart=0,
                                   timestamp=utc_now())
    charge_point.check(3, "StartTransaction.conf", conf, transactionId=present())

    stop = await charge_point.send(4, "StopTransaction", transactionId=conf["transactionId"], idTag=tag, meterStop=0,
                                   timestamp=utc_now(), reason="DeAuthorized")
    beyond.check_stop_id_tag_status(charge_point, 5, stop, tag, "Blocked")
    await charge_point.send(6, "StatusNotification", **charge_point.status_notification(connector, "Available"))
