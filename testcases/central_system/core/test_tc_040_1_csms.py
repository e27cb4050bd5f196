"""TC_040_1_CSMS Configuration keys - NotSupported.

SUT: Central System; the operator makes the central system set a configuration key the charge
point does not know (UnknownConfigurationKey = 1). The ChangeConfiguration.req must carry that
key and value; the harness answers NotSupported (OCPP 1.6 §5.3), an answer the central system
must take. Plan: OCPP 1.6 test case document, TC_040_1_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable

UNKNOWN_KEY = "UnknownConfigurationKey"


@conformance_case("TC_040_1_CSMS")
async def test_tc_040_1_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    charge_point.will_answer(2, "ChangeConfiguration", when={"key": UNKNOWN_KEY}, status="NotSupported")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="ChangeConfiguration", payload={"key": UNKNOWN_KEY, "value": "1"})
    await charge_point.expect(1, "ChangeConfiguration", key=UNKNOWN_KEY, value="1", reply=Reply(2))
