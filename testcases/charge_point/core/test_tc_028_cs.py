"""TC_028_CS Remote Stop Transaction - Rejected.

SUT: Charge Point; the harness is the central system. With a transaction running (reusable
state Charging), a RemoteStopTransaction for a transactionId the charge point does not know
must be Rejected. The unknown id is one above the running one, which the harness never gave
out in this case. Plan: OCPP 1.6 test case document, TC_028_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_028_CS")
async def test_tc_028_cs(central_system, charge_point, test_data):
    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)

    # Steps 1 and 2: RemoteStopTransaction for an unknown transactionId, Rejected.
    conf = await central_system.send(1, "RemoteStopTransaction", transactionId=charging["transaction_id"] + 1)
    central_system.check(2, "RemoteStopTransaction.conf", conf, status="Rejected")
