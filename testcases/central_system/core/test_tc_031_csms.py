"""TC_031_CSMS Unlock Connector - Unknown Connector.

SUT: Central System; the operator makes the central system unlock a connector the charge point
does not have (one past its last). The UnlockConnector.req must name that connector; the harness
answers NotSupported (OCPP 1.6 §5.18), an answer the central system must take.
Plan: OCPP 1.6 test case document, TC_031_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_031_CSMS")
async def test_tc_031_csms(charge_point, central_system, test_data):
    connector = charge_point.connectors + 1
    await reusable.booted(charge_point, test_data)

    charge_point.will_answer(2, "UnlockConnector", status="NotSupported")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="UnlockConnector", payload={"connectorId": connector})
    await charge_point.expect(1, "UnlockConnector", connectorId=connector, reply=Reply(2))
