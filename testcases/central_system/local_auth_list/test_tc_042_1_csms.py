"""TC_042_1_CSMS Get Local List Version (not supported).

SUT: Central System with the Local Auth List Management profile; the harness is a charge point
without a local list in use. The operator makes the central system ask for the list's version,
which the harness answers -1 (OCPP 1.6 §5.10: no local list). The plan asks that the central
system handles that answer; inferred: it keeps the connection and answers the charge point's
next request (a Heartbeat). Plan: OCPP 1.6 test case document, TC_042_1_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import local_list, reusable


@conformance_case("TC_042_1_CSMS")
async def test_tc_042_1_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    # Steps 1 and 2: GetLocalListVersion, answered -1.
    charge_point.will_answer(2, "GetLocalListVersion", listVersion=-1)
    await local_list.operator_sends(central_system, charge_point, "GetLocalListVersion", {})
    await charge_point.expect(1, "GetLocalListVersion", reply=Reply(2))
    await local_list.answer_handled(charge_point, "after 2")
