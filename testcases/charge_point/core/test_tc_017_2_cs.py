"""TC_017_2_CS Unlock connector - no charging session running (Fixed cable).

SUT: Charge Point with a fixed cable; the harness is the central system. There is nothing to
unlock: an UnlockConnector for the idle configured connector must be answered NotSupported.
Plan: OCPP 1.6 test case document, TC_017_2_CS.
"""

from conformance import conformance_case


@conformance_case("TC_017_2_CS", requires={"fixed_cable": True})
async def test_tc_017_2_cs(central_system, charge_point, test_data):
    # Steps 1 and 2: UnlockConnector, NotSupported.
    conf = await central_system.send(1, "UnlockConnector", connectorId=test_data.connector_id)
    central_system.check(2, "UnlockConnector.conf", conf, status="NotSupported")
