"""TC_028_CSMS Remote Stop Transaction - Rejected.

SUT: Central System; from Charging, the operator makes the central system stop the running
transaction remotely, and the harness answers Rejected (as a charge point does for a
transactionId it does not know). The RemoteStopTransaction.req must name the transactionId the
central system gave (OCPP 1.6 §5.12); the Rejected answer is one the central system must take.
The transaction goes on and is stopped after the case. Plan: OCPP 1.6 test case document,
TC_028_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_028_CSMS")
async def test_tc_028_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)
    await reusable.authorized(charge_point, test_data)
    transaction_id = (await reusable.charging(charge_point, test_data))["transactionId"]

    charge_point.will_answer(2, "RemoteStopTransaction", status="Rejected")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="RemoteStopTransaction", payload={"transactionId": transaction_id})
    await charge_point.expect(1, "RemoteStopTransaction", transactionId=transaction_id, reply=Reply(2))
