"""TC_053_CSMS Use a reserved Connector with parentIdTag.

SUT: Central System. Its operator reserves the configured connector for the valid idTag: the
ReserveNow.req must not be for connector 0 and must carry the parentIdTag the central system
holds for that idTag. The harness accepts, reports Reserved, and the idTag charges there
(reusable state Charging, with the reservationId of step 1). Then an EV driver presents
another idTag of the same group (valid_id_tag_2): the Authorize.conf must accept it and carry
the parentIdTag of step 1 (OCPP 1.6 §3.4, §5.13), so the harness stops the transaction for it
and reports Finishing. Plan: OCPP 1.6 test case document, TC_053_CSMS.
"""

from conformance import ACCEPTED, conformance_case, present
from conformance.checks.matchers import other_than
from conformance.steps.central_system import reservation, reusable


@conformance_case("TC_053_CSMS")
async def test_tc_053_csms(charge_point, central_system, test_data):
    connector = test_data.connector_id
    other_tag = reservation.second_id_tag(charge_point, test_data)
    await reusable.booted(charge_point, test_data)

    reserve = await reservation.reserved(charge_point, central_system, test_data, connector=connector,
                                         connectorId=other_than(0), parentIdTag=present())

    # 5. Reusable state Charging, on the reservation of step 1
    await reusable.authorized(charge_point, test_data)
    start = await reusable.charging(charge_point, test_data, reservation_id=reserve["reservationId"])

    # [EV driver presents another idTag of the group of step 1]
    conf = await charge_point.send(6, "Authorize", idTag=other_tag)
    reusable.id_tag_known(charge_point, 7, conf, "valid_id_tag_2", f"valid (Accepted) in group {test_data.parent_id_tag}")
    charge_point.check(7, "Authorize.conf", conf, idTagInfo={**ACCEPTED, "parentIdTag": reserve.get("parentIdTag")})

    await charge_point.send(8, "StopTransaction", **charge_point.stop_transaction(start["transactionId"], "Local",
                                                                                  id_tag=other_tag))
    await charge_point.send(10, "StatusNotification", **charge_point.status_notification(connector, "Finishing"))
