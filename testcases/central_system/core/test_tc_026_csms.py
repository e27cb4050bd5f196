"""TC_026_CSMS Remote Start Charging Session - Rejected.

SUT: Central System; the CPO makes the central system start a transaction remotely on the
configured connector with the valid idTag, and the harness answers Rejected. The
RemoteStartTransaction.req must name that idTag and connector (never 0, OCPP 1.6 §6.33); the
Rejected answer is one the central system must take. Plan: OCPP 1.6 test case document,
TC_026_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_026_CSMS")
async def test_tc_026_csms(charge_point, central_system, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    await reusable.booted(charge_point, test_data)

    # [The CPO remotely requests a start transaction]
    charge_point.will_answer(2, "RemoteStartTransaction", status="Rejected")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="RemoteStartTransaction", payload={"connectorId": connector, "idTag": tag})
    await charge_point.expect(1, "RemoteStartTransaction", idTag=tag, connectorId=connector, reply=Reply(2))
