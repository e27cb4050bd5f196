"""TC_043_5_CSMS Send Local Authorization List - Differential.

SUT: Central System with the Local Auth List Management profile that holds at least one idTag
to add to a list; the harness is a charge point with a real local list. Inferred from the
prerequisite: the harness's list is one a full update gave it before the case (version 1, the
valid idTag), so that there is a list to update. The operator makes the central system add
the second valid idTag by a differential update (version 2 in the operator's request); the
central system may first ask for the list's version (steps 1 and 2, optional, answered 1).
The SendLocalList must be a Differential one with an idTagInfo in every entry; the harness
applies it as a charge point does and its answer must be Accepted (a version not above the
list's is answered VersionMismatch and fails step 4). Plan: OCPP 1.6 test case document,
TC_043_5_CSMS.
"""

from conformance import Reply, conformance_case, expect
from conformance.checks.matchers import every_item, present
from conformance.steps.central_system import local_list, reusable


@conformance_case("TC_043_5_CSMS")
async def test_tc_043_5_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)
    charge_point.local_list.update({"listVersion": 1, "updateType": "Full",
                                    "localAuthorizationList": local_list.listed(test_data.valid_id_tag)})

    # Steps 1 to 4: GetLocalListVersion (optional), then SendLocalList Differential; the harness's list takes it.
    await local_list.operator_sends(central_system, charge_point, "SendLocalList", {
        "listVersion": 2, "updateType": "Differential",
        "localAuthorizationList": local_list.listed(test_data.valid_id_tag_2)})
    _, request = await charge_point.expect_in_any_order(
        "steps 1 and 2 are optional and come first",
        expect(1, "GetLocalListVersion", reply=Reply(2), optional=True),
        expect(3, "SendLocalList", updateType="Differential", localAuthorizationList=every_item(idTagInfo=present()),
               reply=Reply(4)),
    )
    charge_point.check(4, "SendLocalList.conf (the harness's answer)", request.answer, status="Accepted")
