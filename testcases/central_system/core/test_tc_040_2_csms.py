"""TC_040_2_CSMS Configuration keys - Invalid value.

SUT: Central System; the operator makes the central system set MeterValueSampleInterval to -1,
a value the charge point cannot take. The ChangeConfiguration.req must carry that key and the
value "-1"; the harness answers Rejected (OCPP 1.6 §5.3), an answer the central system must take.
Plan: OCPP 1.6 test case document, TC_040_2_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_040_2_CSMS")
async def test_tc_040_2_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    charge_point.will_answer(2, "ChangeConfiguration", when={"key": "MeterValueSampleInterval"}, status="Rejected")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="ChangeConfiguration", payload={"key": "MeterValueSampleInterval", "value": "-1"})
    await charge_point.expect(1, "ChangeConfiguration", key="MeterValueSampleInterval", value="-1", reply=Reply(2))
