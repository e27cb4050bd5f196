"""TC_043_4_CSMS Send Local Authorization List - Full.

SUT: Central System with the Local Auth List Management profile that holds at least one idTag
for the list (the SUT description's valid idTag is what the operator is asked to send); the
harness is a charge point with a real local list. The operator makes the central system send a
full list: updateType Full, at least one entry and an idTagInfo in every entry; the harness
stores it as a charge point does and its answer must be Accepted (a list it cannot take, say an
idTag twice, is answered Failed and fails step 2). Plan: OCPP 1.6 test case document,
TC_043_4_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.checks.matchers import every_item, present
from conformance.steps.central_system import local_list, reusable


@conformance_case("TC_043_4_CSMS")
async def test_tc_043_4_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    # Steps 1 and 2: SendLocalList Full, every entry with an idTagInfo; the harness's list takes it.
    await local_list.operator_sends(central_system, charge_point, "SendLocalList", local_list.full_list(test_data))
    request = await charge_point.expect(1, "SendLocalList", updateType="Full",
                                        localAuthorizationList=every_item(idTagInfo=present()), reply=Reply(2))
    charge_point.check(2, "SendLocalList.conf (the harness's answer)", request.answer, status="Accepted")
