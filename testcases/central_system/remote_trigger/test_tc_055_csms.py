"""TC_055_CSMS Trigger Message - Rejected.

SUT: Central System. Its operator asks the charge point for MeterValues of a connector it does
not have (one past its last): the TriggerMessage.req must carry that connectorId, and the
harness answers Rejected (OCPP 1.6 §5.17), an answer the central system must take.
Plan: OCPP 1.6 test case document, TC_055_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_055_CSMS")
async def test_tc_055_csms(charge_point, central_system, test_data):
    connector = charge_point.connectors + 1
    await reusable.booted(charge_point, test_data)

    charge_point.will_answer(2, "TriggerMessage", status="Rejected")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="TriggerMessage", payload={"requestedMessage": "MeterValues",
                                                                  "connectorId": connector})
    await charge_point.expect(1, "TriggerMessage", requestedMessage="MeterValues", connectorId=connector, reply=Reply(2))
