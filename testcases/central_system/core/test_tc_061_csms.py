"""TC_061_CSMS Clear Authorization Data in Authorization Cache.

SUT: Central System; its operator makes it clear the charge point's authorization cache. The
central system must send ClearCache.req; the harness clears its cache and answers Accepted.
Plan: OCPP 1.6 test case document, TC_061_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_061_CSMS")
async def test_tc_061_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    charge_point.will_answer(2, "ClearCache", status="Accepted")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="ClearCache", payload={})
    await charge_point.expect(1, "ClearCache", reply=Reply(2))
