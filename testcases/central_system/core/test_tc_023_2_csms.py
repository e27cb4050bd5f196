"""TC_023_2_CSMS Start Charging Session - Authorize expired.

SUT: Central System; it holds `expired_id_tag` of the SUT description as expired. The EV driver
presents that idTag and the harness asks the central system to authorize it: Authorize.conf
must have idTagInfo.status Expired. Plan: OCPP 1.6 test case document, TC_023_2_CSMS.
"""

from conformance import conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_023_2_CSMS")
async def test_tc_023_2_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    # [EV driver presents expired identification]
    conf = await charge_point.send(1, "Authorize", idTag=test_data.expired_id_tag)
    # Invalid is "unknown": the prerequisite (the central system holds the idTag as Expired) does not hold.
    reusable.id_tag_known(charge_point, 2, conf, "expired_id_tag", "expired (Expired)")
    charge_point.check(2, "Authorize.conf", conf, idTagInfo={"status": "Expired"})
