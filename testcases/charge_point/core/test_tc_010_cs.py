"""TC_010_CS Remote Start Charging Session - Cable Plugged in First.

SUT: Charge Point; the harness is the central system. The plan's scenario is the reusable
state Charging itself: the cable is plugged in, then the central system starts the
transaction remotely on the configured connector for the valid idTag.
Plan: OCPP 1.6 test case document, TC_010_CS.

Judged, each a validation of the reusable state: Preparing after the cable, the
RemoteStartTransaction Accepted, an Authorize for the valid idTag where AuthorizeRemoteTxRequests
(read first) is true and none where it is false, StartTransaction and Charging on the configured
connector in either order.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_010_CS")
async def test_tc_010_cs(central_system, charge_point, test_data):
    # Reusable state Charging, with its tool validations.
    await reusable.charging(central_system, charge_point, test_data)
