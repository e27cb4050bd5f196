"""TC_042_2_CSMS Get Local List Version (empty).

SUT: Central System with the Local Auth List Management profile; the harness is a charge point
whose local list is empty. The operator makes the central system ask for the list's version,
which the harness answers 0 (OCPP 1.6 §5.10: an empty list). The plan asks that the central
system handles that answer; inferred: it keeps the connection and answers the charge point's
next request (a Heartbeat). Plan: OCPP 1.6 test case document, TC_042_2_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import local_list, reusable


@conformance_case("TC_042_2_CSMS")
async def test_tc_042_2_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    # Steps 1 and 2: GetLocalListVersion, answered 0.
    charge_point.will_answer(2, "GetLocalListVersion", listVersion=0)
    await local_list.operator_sends(central_system, charge_point, "GetLocalListVersion", {})
    await charge_point.expect(1, "GetLocalListVersion", reply=Reply(2))
    await local_list.answer_handled(charge_point, "after 2")
