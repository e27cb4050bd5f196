"""TC_048_3_CSMS Reservation of a Connector - Unavailable.

SUT: Central System. Its operator first makes the configured connector Inoperative: the
ChangeAvailability.req must name that connector and type Inoperative; the harness accepts and
reports the connector Unavailable. Then the operator reserves it for the valid idTag: the
ReserveNow.req must name the connector of step 1 and that idTag, and the harness answers
Unavailable: no reservation is made, an answer the central system must take (OCPP 1.6 §5.13).
Plan: OCPP 1.6 test case document, TC_048_3_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reservation, reusable


@conformance_case("TC_048_3_CSMS")
async def test_tc_048_3_csms(charge_point, central_system, test_data):
    connector = test_data.connector_id
    await reusable.booted(charge_point, test_data)

    charge_point.will_answer(2, "ChangeAvailability", status="Accepted")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="ChangeAvailability", payload={"connectorId": connector, "type": "Inoperative"})
    await charge_point.expect(1, "ChangeAvailability", connectorId=connector, type="Inoperative", reply=Reply(2))
    await charge_point.send(3, "StatusNotification", **charge_point.status_notification(connector, "Unavailable"))

    await reservation.refused(charge_point, central_system, test_data, step=5, status="Unavailable",
                              connector=connector)
