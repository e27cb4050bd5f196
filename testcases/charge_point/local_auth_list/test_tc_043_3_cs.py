"""TC_043_3_CS Send Local Authorization List - Failed.

SUT: Charge Point with the Local Auth List Management profile whose operator can make storing a
list fail (capability local_list_failure, operator action set_local_list_failure); the harness
is the central system. With LocalAuthListEnabled true and the charge point in that state, a
Full update (version 2, the valid idTag) is answered Failed. The baseline makes storing work
again after the case. Plan: OCPP 1.6 test case document, TC_043_3_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import local_list, reusable


@conformance_case("TC_043_3_CS", requires={"local_list_failure": True, "send_local_list_max_length": 1})
async def test_tc_043_3_cs(central_system, charge_point, test_data):
    await reusable.configuration_state(central_system, "LocalAuthListEnabled", "true")
    # Prerequisite: the charge point is in a state in which storing a local list fails.
    await charge_point.manual("set_local_list_failure", failing=True)

    # Steps 1 and 2: a Full update of version 2; Failed.
    conf = await central_system.send(1, "SendLocalList", listVersion=2, updateType="Full",
                                     localAuthorizationList=[local_list.entry(test_data.valid_id_tag)])
    central_system.check(2, "SendLocalList.conf", conf, status="Failed")
