"""TC_043_3_CSMS Send Local Authorization List - Failed.

SUT: Central System with the Local Auth List Management profile; the harness is a charge point
that fails to store the list. The operator makes the central system send a full list
(updateType Full), which the harness answers Failed. The plan asks that the central system is
able to receive that answer; inferred: it keeps the connection and answers the charge point's
next request (a Heartbeat). Plan: OCPP 1.6 test case document, TC_043_3_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import local_list, reusable


@conformance_case("TC_043_3_CSMS")
async def test_tc_043_3_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    # Steps 1 and 2: SendLocalList with updateType Full, answered Failed.
    charge_point.will_answer(2, "SendLocalList", status="Failed")
    await local_list.operator_sends(central_system, charge_point, "SendLocalList", local_list.full_list(test_data))
    await charge_point.expect(1, "SendLocalList", updateType="Full", reply=Reply(2))
    await local_list.answer_handled(charge_point, "after 2")
