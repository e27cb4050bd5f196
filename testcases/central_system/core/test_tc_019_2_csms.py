"""TC_019_2_CSMS Retrieve specific configuration key.

SUT: Central System; the operator makes the central system read one configuration key of the
charge point, SupportedFeatureProfiles. The GetConfiguration.req must name exactly that key; the
harness answers with its value and no unknown key. Plan: OCPP 1.6 test case document,
TC_019_2_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_019_2_CSMS")
async def test_tc_019_2_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="GetConfiguration", payload={"key": ["SupportedFeatureProfiles"]})
    await charge_point.expect(1, "GetConfiguration", key=["SupportedFeatureProfiles"], reply=Reply(2))
