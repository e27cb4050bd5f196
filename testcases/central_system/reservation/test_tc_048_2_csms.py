"""TC_048_2_CSMS Reservation of a Connector - Occupied.

SUT: Central System. An EV driver plugs in at the configured connector (Preparing); then the
operator reserves that connector for the valid idTag: the ReserveNow.req must name the
connector of step 1 and that idTag. The harness answers Occupied: no reservation is made, an
answer the central system must take (OCPP 1.6 §5.13). Plan: OCPP 1.6 test case document,
TC_048_2_CSMS.
"""

from conformance import conformance_case
from conformance.steps.central_system import reservation, reusable


@conformance_case("TC_048_2_CSMS")
async def test_tc_048_2_csms(charge_point, central_system, test_data):
    connector = test_data.connector_id
    await reusable.booted(charge_point, test_data)

    # [EV driver plugs in the cable]
    await charge_point.send(1, "StatusNotification", **charge_point.status_notification(connector, "Preparing"))

    await reservation.refused(charge_point, central_system, test_data, step=3, status="Occupied", connector=connector)
