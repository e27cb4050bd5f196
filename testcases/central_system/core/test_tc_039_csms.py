"""TC_039_CSMS Offline Transaction.

SUT: Central System; while the charge point is offline a whole transaction happens: the EV
driver starts it with the valid idTag, stops it, unplugs. When the connection is back (no new
boot) the queued StartTransaction.req and StopTransaction.req (reason Local) arrive late, each
with the timestamp of its moment; the StopTransaction gets its transactionId from the answer to
the start (OCPP 1.6 §4.8, §4.10). The start must be Accepted and the stop answered.
Plan: OCPP 1.6 test case document, TC_039_CSMS.
"""

from conformance import ACCEPTED, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_039_CSMS")
async def test_tc_039_csms(charge_point, central_system, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    await reusable.booted(charge_point, test_data)

    # [Remove connectivity between charge point and central system]
    await charge_point.go_offline()
    # [EV driver starts offline a transaction], [... stops it], [... unplugs the cable]: all queued
    queued_start = charge_point.start_transaction(tag, connector)
    queued_stop = charge_point.stop_transaction(0, "Local", id_tag=tag)
    # [Restore connectivity between charge point and central system]
    await charge_point.come_back_online()

    conf = await charge_point.send(1, "StartTransaction", **queued_start)
    charge_point.check(2, "StartTransaction.conf", conf, idTagInfo=ACCEPTED)

    await charge_point.send(3, "StopTransaction", **{**queued_stop, "transactionId": conf["transactionId"]})
