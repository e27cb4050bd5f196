"""TC_043_2_CS Send Local Authorization List - VersionMismatch.

SUT: Charge Point with the Local Auth List Management profile, whose list holds two idTags and
takes one per update; the harness is the central system. With LocalAuthListEnabled true: a
Full update of version 2 (the valid idTag) is accepted and reported as version 2; a
Differential update of version 5 (adding the second valid idTag) is accepted and reported as
version 5; a Differential update of version 4, older than the list, is refused with
VersionMismatch and changes nothing: the version stays 5. Plan: OCPP 1.6 test case document,
TC_043_2_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import local_list, reusable


@conformance_case("TC_043_2_CS", requires={"local_auth_list_max_length": 2, "send_local_list_max_length": 1})
async def test_tc_043_2_cs(central_system, charge_point, test_data):
    await reusable.configuration_state(central_system, "LocalAuthListEnabled", "true")
    first, second = local_list.entry(test_data.valid_id_tag), local_list.entry(test_data.valid_id_tag_2)

    # Steps 1 to 4: Full, version 2; Accepted; the list reports version 2.
    conf = await central_system.send(1, "SendLocalList", listVersion=2, updateType="Full",
                                     localAuthorizationList=[first])
    central_system.check(2, "SendLocalList.conf", conf, status="Accepted")
    conf = await central_system.send(3, "GetLocalListVersion")
    central_system.check(4, "GetLocalListVersion.conf", conf, listVersion=2)

    # Steps 5 to 8: Differential, version 5; Accepted; the list reports version 5.
    conf = await central_system.send(5, "SendLocalList", listVersion=5, updateType="Differential",
                                     localAuthorizationList=[second])
    central_system.check(6, "SendLocalList.conf", conf, status="Accepted")
    conf = await central_system.send(7, "GetLocalListVersion")
    central_system.check(8, "GetLocalListVersion.conf", conf, listVersion=5)

    # Steps 9 to 12: Differential, version 4 (older); VersionMismatch; the list still reports version 5.
    conf = await central_system.send(9, "SendLocalList", listVersion=4, updateType="Differential",
                                     localAuthorizationList=[second])
    central_system.check(10, "SendLocalList.conf", conf, status="VersionMismatch")
    conf = await central_system.send(11, "GetLocalListVersion")
    central_system.check(12, "GetLocalListVersion.conf", conf, listVersion=5)
