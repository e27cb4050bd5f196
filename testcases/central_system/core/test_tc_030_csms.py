"""TC_030_CSMS Unlock Connector - Unlock Failure.

SUT: Central System; the operator makes the central system unlock the configured connector.
The UnlockConnector.req must name that connector; the harness answers UnlockFailed (its lock did
not open), an answer the central system must take.
Plan: OCPP 1.6 test case document, TC_030_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_030_CSMS")
async def test_tc_030_csms(charge_point, central_system, test_data):
    connector = test_data.connector_id
    await reusable.booted(charge_point, test_data)

    charge_point.will_answer(2, "UnlockConnector", status="UnlockFailed")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="UnlockConnector", payload={"connectorId": connector})
    await charge_point.expect(1, "UnlockConnector", connectorId=connector, reply=Reply(2))
