"""TC_047_CS Reservation of a Connector - Expire.

SUT: Charge Point; the harness is the central system. The configured connector is reserved until
now plus reservation_expiry_s and shows Reserved; nobody comes, so once the expiryDate has passed
it must report Available again (not earlier than the expiryDate, which is given in whole seconds,
less the timing tolerance; at the latest message_timeout_s after it). A transaction of another
valid idTag (valid_id_tag_2) then shows that the reservation is gone.
Before: the connectors not under test are made Unavailable (made Operative after the case).
Plan: OCPP 1.6 test case document, TC_047_CS.
"""

import time

from conformance import Reply, conformance_case
from conformance.checks.failures import TimingViolation
from conformance.steps.charge_point import reservation, reusable


@conformance_case("TC_047_CS")
async def test_tc_047_cs(central_system, charge_point, test_data):
    # Before: SetConnectorUnavailable for all unused connectors.
    await reusable.other_connectors_occupied(central_system, charge_point, test_data)

    # Steps 1 to 4: ReserveNow with expiryDate now + the configured offset; Accepted; Reserved.
    sent_at = time.monotonic()
    reserved = await reservation.reserved(central_system, test_data, label=None)
    connector = reserved["connector"]

    # Steps 5 and 6: the driver does not come: Available once the expiryDate has passed.
    expiry = test_data.reservation_expiry_s
    available = await central_system.expect(5, "StatusNotification", connectorId=connector, status="Available",
                                            reply=Reply(6), timeout=expiry + test_data.message_timeout_s)
    earliest = expiry - 1 - test_data.timing_tolerance_s   # the expiryDate is cut to whole seconds
    if available.received_at - sent_at < earliest:
        raise TimingViolation(f"Available came {available.received_at - sent_at:.2f} s after the ReserveNow.req, "
                              f"before its expiryDate ({expiry:g} s)", step=5)

    # Step 7: Charging with another valid idTag: the reservation no longer holds the connector.
    await reusable.charging(central_system, charge_point, test_data, id_tag=test_data.valid_id_tag_2)
