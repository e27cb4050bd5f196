"""TC_021_CSMS Change/set Configuration.

SUT: Central System; the operator makes the central system set MeterValueSampleInterval to 60
on the charge point. The ChangeConfiguration.req must carry that key and the value "60" (a
string on the wire, OCPP 1.6 §6.9); the harness, as any charge point would, keeps a valid value
and answers Accepted.
Plan: OCPP 1.6 test case document, TC_021_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_021_CSMS")
async def test_tc_021_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="ChangeConfiguration", payload={"key": "MeterValueSampleInterval", "value": "60"})
    await charge_point.expect(1, "ChangeConfiguration", key="MeterValueSampleInterval", value="60", reply=Reply(2))
