"""TC_048_1_CSMS Reservation of a Connector - Faulted.

SUT: Central System. Its operator reserves the configured connector for the valid idTag: the
ReserveNow.req must name that connector and idTag. The harness answers Faulted: no reservation
is made, an answer the central system must take (OCPP 1.6 §5.13).
Plan: OCPP 1.6 test case document, TC_048_1_CSMS.
"""

from conformance import conformance_case
from conformance.steps.central_system import reservation, reusable


@conformance_case("TC_048_1_CSMS")
async def test_tc_048_1_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    await reservation.refused(charge_point, central_system, test_data, step=1, status="Faulted",
                              connector=test_data.connector_id)
