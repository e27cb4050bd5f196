"""TC_031_CS Unlock Connector - Unknown Connector.

SUT: Charge Point; the harness is the central system. An UnlockConnector for a connectorId
the charge point does not have (one above its number of connectors) must be answered
NotSupported. Plan: OCPP 1.6 test case document, TC_031_CS.
"""

from conformance import conformance_case


@conformance_case("TC_031_CS")
async def test_tc_031_cs(central_system, charge_point, test_data):
    # Steps 1 and 2: UnlockConnector for an unknown connectorId, NotSupported.
    conf = await central_system.send(1, "UnlockConnector", connectorId=charge_point.profile.connectors + 1)
    central_system.check(2, "UnlockConnector.conf", conf, status="NotSupported")
