"""TC_049_CSMS Reservation of a Charge Point - Transaction.

SUT: Central System. Its operator reserves the charge point as a whole (no particular
connector) for the valid idTag: the ReserveNow.req must have connectorId 0, with a
reservationId and that idTag. The harness, whose ReserveConnectorZeroSupported is true, accepts
and keeps its configured connector for the idTag, which it reports Reserved (connector 0 itself
has no Reserved status in OCPP 1.6 §7.7); the central system must take it (OCPP 1.6 §5.13).
Plan: OCPP 1.6 test case document, TC_049_CSMS.
"""

from conformance import conformance_case
from conformance.steps.central_system import reservation, reusable


@conformance_case("TC_049_CSMS")
async def test_tc_049_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    await reservation.reserved(charge_point, central_system, test_data, connector=0, connectorId=0,
                               idTag=test_data.valid_id_tag)
