"""TC_003_CSMS Regular Charging Session - Plugin First.

SUT: Central System; the harness is a booted charge point whose EV driver plugs in first,
then identifies with a valid idTag. The central system must accept the idTag and the
transaction. Plan: OCPP 1.6 test case document, TC_003_CSMS.
"""

from conformance import ACCEPTED, conformance_case, present, utc_now
from conformance.steps.central_system import reusable


@conformance_case("TC_003_CSMS")
async def test_tc_003_csms(charge_point, central_system, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    await reusable.booted(charge_point, test_data)

    # [EV driver plugs in]
    await charge_point.send(1, "StatusNotification", **charge_point.status_notification(connector, "Preparing"))

    # [EV driver presents identification]
    conf = await charge_point.send(3, "Authorize", idTag=tag)
    reusable.id_tag_known(charge_point, 4, conf, "valid_id_tag", "valid (Accepted)")
    charge_point.check(4, "Authorize.conf", conf, idTagInfo=ACCEPTED)

    conf = await charge_point.send(5, "StartTransaction", connectorId=connector, idTag=tag, meterStart=0,
                                   timestamp=utc_now())
    charge_point.check(6, "StartTransaction.conf", conf, idTagInfo=ACCEPTED, transactionId=present())

    await charge_point.send(7, "StatusNotification", **charge_point.status_notification(connector, "Charging"))
