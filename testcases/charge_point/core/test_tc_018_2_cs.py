"""TC_018_2_CS Unlock Connector - With Charging Session (Fixed cable).

SUT: Charge Point with a fixed cable; the harness is the central system. During a
transaction, an UnlockConnector must be answered NotSupported; the transaction goes on (the
harness stops it after the case). Plan: OCPP 1.6 test case document, TC_018_2_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_018_2_CS", requires={"fixed_cable": True})
async def test_tc_018_2_cs(central_system, charge_point, test_data):
    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)

    # Steps 1 and 2: UnlockConnector, NotSupported.
    conf = await central_system.send(1, "UnlockConnector", connectorId=charging["connector"])
    central_system.check(2, "UnlockConnector.conf", conf, status="NotSupported")
