"""TC_047_CSMS Reservation of a Connector - Expire.

SUT: Central System. Its operator reserves the configured connector for the valid idTag until
now plus reservation_expiry_s (the Configured Expiry Date Offset): the ReserveNow.req must name
that connector and idTag, and its expiryDate must be that moment (within timing_tolerance_s +
1 s, for a central system that keeps whole seconds). The harness accepts and reports Reserved;
nobody comes, so at the expiryDate the connector is Available again, which the central system
must take (OCPP 1.6 §5.13). Plan: OCPP 1.6 test case document, TC_047_CSMS.
"""

from conformance import conformance_case
from conformance.checks.matchers import moment_near
from conformance.steps.central_system import reservation, reusable


@conformance_case("TC_047_CSMS")
async def test_tc_047_csms(charge_point, central_system, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    await reusable.booted(charge_point, test_data)

    until = reservation.expiry(test_data)
    reserve = await reservation.reserved(charge_point, central_system, test_data, connector=connector, until=until,
                                         connectorId=connector, idTag=tag,
                                         expiryDate=moment_near(until, test_data.timing_tolerance_s + 1))

    # [EV driver does not arrive at the reserved connector before the expiry date]
    await charge_point.reservation_expires(5, reserve["reservationId"])
