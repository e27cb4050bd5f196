"""TC_048_4_CSMS Reservation of a Connector - Rejected.

SUT: Central System. Its operator reserves the configured connector for the valid idTag: the
ReserveNow.req must name that connector and idTag. The harness answers Rejected (a charge point
configured not to accept reservations): no reservation is made, an answer the central system
must take (OCPP 1.6 §5.13). Plan: OCPP 1.6 test case document, TC_048_4_CSMS.
"""

from conformance import conformance_case
from conformance.steps.central_system import reservation, reusable


@conformance_case("TC_048_4_CSMS")
async def test_tc_048_4_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    await reservation.refused(charge_point, central_system, test_data, step=1, status="Rejected",
                              connector=test_data.connector_id)
