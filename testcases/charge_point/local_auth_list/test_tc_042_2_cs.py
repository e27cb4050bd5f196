"""TC_042_2_CS Get Local List Version (empty).

SUT: Charge Point with the Local Auth List Management profile; the harness is the central
system. With LocalAuthListEnabled true the harness replaces the list by an empty one (a Full
update of version 1 without localAuthorizationList), which the charge point accepts; asked for
the version then, it reports 0, the version of an empty list (OCPP 1.6 §5.10), not the 1 the
update carried. Plan: OCPP 1.6 test case document, TC_042_2_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_042_2_CS")
async def test_tc_042_2_cs(central_system, charge_point, test_data):
    await reusable.configuration_state(central_system, "LocalAuthListEnabled", "true")

    # Steps 1 and 2: a Full update of version 1 with no list; Accepted.
    conf = await central_system.send(1, "SendLocalList", listVersion=1, updateType="Full")
    central_system.check(2, "SendLocalList.conf", conf, status="Accepted")

    # Steps 3 and 4: GetLocalListVersion; the list is empty, so 0.
    conf = await central_system.send(3, "GetLocalListVersion")
    central_system.check(4, "GetLocalListVersion.conf", conf, listVersion=0)
