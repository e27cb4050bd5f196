"""TC_017_1_CS Unlock connector - no charging session running (Not fixed cable).

SUT: Charge Point with a socket (no fixed cable); the harness is the central system. An
UnlockConnector for the idle configured connector must be answered Unlocked.
Plan: OCPP 1.6 test case document, TC_017_1_CS.
"""

from conformance import conformance_case


@conformance_case("TC_017_1_CS", requires={"fixed_cable": False})
async def test_tc_017_1_cs(central_system, charge_point, test_data):
    # Steps 1 and 2: UnlockConnector, Unlocked.
    conf = await central_system.send(1, "UnlockConnector", connectorId=test_data.connector_id)
    central_system.check(2, "UnlockConnector.conf", conf, status="Unlocked")
