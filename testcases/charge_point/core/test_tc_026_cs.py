"""TC_026_CS Remote Start Charging Session - Rejected.

SUT: Charge Point; the harness is the central system. A remote start for a connector that
already has a transaction must be Rejected. LocalPreAuthorize is false beforehand.
Plan: OCPP 1.6 test case document, TC_026_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_026_CS")
async def test_tc_026_cs(central_system, charge_point, test_data):
    # Configuration state: LocalPreAuthorize is false; reusable state Charging.
    await reusable.configuration_state(central_system, "LocalPreAuthorize", "false")
    charging = await reusable.charging(central_system, charge_point, test_data)

    # Steps 1 and 2: RemoteStartTransaction for the connector that is charging, Rejected.
    conf = await central_system.send(1, "RemoteStartTransaction", connectorId=charging["connector"],
                                     idTag=test_data.valid_id_tag)
    central_system.check(2, "RemoteStartTransaction.conf", conf, status="Rejected")
