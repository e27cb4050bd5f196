"""TC_043_1_CS Send Local Authorization List - NotSupported.

SUT: Charge Point without the Local Auth List Management profile; the harness is the central
system. The harness sends it a Full local list (version 1, the valid idTag as Accepted): the
charge point answers status NotSupported, or refuses the request with CALLERROR NotSupported.
Plan: OCPP 1.6 test case document, TC_043_1_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import local_list


@conformance_case("TC_043_1_CS", requires={"profile": "absent"})
async def test_tc_043_1_cs(central_system, charge_point, test_data):
    # Steps 1 and 2: a Full update; status NotSupported, or CALLERROR NotSupported.
    conf = await central_system.send_callerror_allowed(
        1, "SendLocalList", codes=("NotSupported",), listVersion=1, updateType="Full",
        localAuthorizationList=[local_list.entry(test_data.valid_id_tag)])
    if conf is not None:
        central_system.check(2, "SendLocalList.conf", conf, status="NotSupported")
