"""TC_043_CS Send Local Authorization List.

SUT: Charge Point with the Local Auth List Management profile, whose list holds two idTags and
takes one per update; the harness is the central system. With LocalAuthListEnabled true the
harness installs a list by a Full update (version 1: the valid idTag, Accepted) and then adds
the second valid idTag by a Differential update (version 2); the charge point accepts both.
That it then authorizes the listed idTags is what TC_008_1_CS and TC_008_2_CS show.
Plan: OCPP 1.6 test case document, TC_043_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import local_list, reusable


@conformance_case("TC_043_CS", requires={"local_auth_list_max_length": 2, "send_local_list_max_length": 1})
async def test_tc_043_cs(central_system, charge_point, test_data):
    await reusable.configuration_state(central_system, "LocalAuthListEnabled", "true")

    # Steps 1 and 2: a Full update; Accepted.
    conf = await central_system.send(1, "SendLocalList", listVersion=1, updateType="Full",
                                     localAuthorizationList=[local_list.entry(test_data.valid_id_tag)])
    central_system.check(2, "SendLocalList.conf", conf, status="Accepted")

    # Steps 3 and 4: a Differential update adding an idTag, with a higher version; Accepted.
    conf = await central_system.send(3, "SendLocalList", listVersion=2, updateType="Differential",
                                     localAuthorizationList=[local_list.entry(test_data.valid_id_tag_2)])
    central_system.check(4, "SendLocalList.conf", conf, status="Accepted")
