"""TC_019_1_CSMS Retrieve all configuration keys.

SUT: Central System; the operator makes the central system read the whole configuration of the
charge point. The GetConfiguration.req must name no key (no list, or an empty one: OCPP 1.6
§6.13 then means all keys); the harness answers with every Core key it holds and its
accessibility. Plan: OCPP 1.6 test case document, TC_019_1_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.checks.matchers import left_out_or
from conformance.steps.central_system import reusable


@conformance_case("TC_019_1_CSMS")
async def test_tc_019_1_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="GetConfiguration", payload={})
    # The key is <Empty>: left out, or an empty list.
    await charge_point.expect(1, "GetConfiguration", key=left_out_or([]), reply=Reply(2))
