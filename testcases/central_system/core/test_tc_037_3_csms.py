"""TC_037_3_CSMS Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true.

SUT: Central System; offline, the EV driver starts a transaction with the invalid idTag (the
charge point could not check it). When the connection is back (no new boot) the queued
StartTransaction.req arrives: the central system must answer idTagInfo Invalid, and still give a
transactionId (OCPP 1.6 §4.8, schema). The charge point, with StopTransactionOnInvalidId true,
stops it with reason DeAuthorized and goes Finishing; each must be answered.
Plan: OCPP 1.6 test case document, TC_037_3_CSMS.
"""

from conformance import conformance_case, present
from conformance.steps.central_system import reusable


@conformance_case("TC_037_3_CSMS")
async def test_tc_037_3_csms(charge_point, central_system, test_data):
    connector, tag = test_data.connector_id, test_data.invalid_id_tag
    await reusable.booted(charge_point, test_data)

    # [Remove connectivity between charge point and central system]
    await charge_point.go_offline()
    # [EV driver starts offline a transaction with an invalid idTag]: the StartTransaction.req is queued
    queued = charge_point.start_transaction(tag, connector)
    # [Restore connectivity between charge point and central system]
    await charge_point.come_back_online()

    conf = await charge_point.send(1, "StartTransaction", **queued)
    charge_point.check(2, "StartTransaction.conf", conf, idTagInfo={"status": "Invalid"}, transactionId=present())

    await charge_point.send(3, "StatusNotification", **charge_point.status_notification(connector, "Charging"))
    await charge_point.send(5, "StopTransaction", **charge_point.stop_transaction(conf["transactionId"], "DeAuthorized"))
    await charge_point.send(7, "StatusNotification", **charge_point.status_notification(connector, "Finishing"))
