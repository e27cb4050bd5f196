"""TC_004_1_CSMS Regular Charging Session - Identification First.

SUT: Central System; the harness is a booted charge point whose EV driver identifies first
(reusable state Authorized) and then plugs in (reusable state Charging). The central system
must accept the idTag and the transaction. Plan: OCPP 1.6 test case document, TC_004_1_CSMS.
"""

from conformance import conformance_case
from conformance.steps.central_system import reusable


@conformance_case("TC_004_1_CSMS")
async def test_tc_004_1_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)
    await reusable.authorized(charge_point, test_data)
    await reusable.charging(charge_point, test_data)
