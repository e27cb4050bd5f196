"""TC_017_1_CSMS Unlock connector - no charging session running (Not fixed cable).

SUT: Central System; no transaction runs and the operator makes the central system unlock the
configured connector. The UnlockConnector.req must name that connector; the harness, a charge
point with socket outlets, answers Unlocked.
Plan: OCPP 1.6 test case document, TC_017_1_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_017_1_CSMS")
async def test_tc_017_1_csms(charge_point, central_system, test_data):
    connector = test_data.connector_id
    await reusable.booted(charge_point, test_data)

    charge_point.will_answer(2, "UnlockConnector", status="Unlocked")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="UnlockConnector", payload={"connectorId": connector})
    await charge_point.expect(1, "UnlockConnector", connectorId=connector, reply=Reply(2))
