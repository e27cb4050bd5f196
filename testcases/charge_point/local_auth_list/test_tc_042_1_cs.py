"""TC_042_1_CS Get Local List Version (not supported).

SUT: Charge Point without the Local Auth List Management profile, or one whose local list can
be switched off; the harness is the central system. With LocalAuthListEnabled false (where the
key is implemented) the harness asks for the list's version: a charge point that has no list
in use answers -1 (OCPP 1.6 §5.10), or refuses the request with CALLERROR NotSupported.
Plan: OCPP 1.6 test case document, TC_042_1_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_042_1_CS", requires=[{"profile": "absent"}, {"local_list_can_be_disabled": True}])
async def test_tc_042_1_cs(central_system, charge_point, test_data):
    await reusable.configuration_state(central_system, "LocalAuthListEnabled", "false", if_implemented=True)

    # Steps 1 and 2: GetLocalListVersion; listVersion -1, or CALLERROR NotSupported.
    conf = await central_system.send_callerror_allowed(1, "GetLocalListVersion", codes=("NotSupported",))
    if conf is not None:
        central_system.check(2, "GetLocalListVersion.conf", conf, listVersion=-1)
