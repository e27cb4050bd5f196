"""TC_004_2_CS Regular Charging Session - Identification First - ConnectionTimeOut.

SUT: Charge Point; the harness is the central system. The EV driver identifies but never
plugs in: once ConnectionTimeOut has run out, the connector must be Available again.
ConnectionTimeOut counts from the start of Preparing (OCPP 1.6 §9.1.6), or from the accepted
Authorize next to it; being the charge point's own timer, it is judged with the tolerance
+ 1 s either way (checks/timing.py). Plan: OCPP 1.6 test case document, TC_004_2_CS.

Judged: Available comes no earlier than ConnectionTimeOut - (tolerance + 1 s) after the earlier
of the accepted Authorize and Preparing, and no later than ConnectionTimeOut + tolerance + 1 s
after the later of the two; so a timer that counts whole seconds, or one that starts when the
idTag is presented, passes (a self-test each).
"""

from conformance import Reply, conformance_case, timing
from conformance.steps.charge_point import reusable


@conformance_case("TC_004_2_CS")
async def test_tc_004_2_cs(central_system, charge_point, test_data):
    timeout, tolerance = int(test_data.connection_timeout_s), test_data.timing_tolerance_s

    # Configuration state: ConnectionTimeOut is the configured connection timeout (set back after the case).
    conf = await central_system.send("before", "ChangeConfiguration", key="ConnectionTimeOut", value=str(timeout))
    central_system.check("before", "ChangeConfiguration.conf", conf, status="Accepted")

    # Step 1: reusable state Authorized (no cable follows).
    authorize, preparing = await reusable.authorized(central_system, charge_point, test_data)

    # Step 2: after ConnectionTimeOut the connector that was Preparing is Available again.
    available = await central_system.expect(2, "StatusNotification", connectorId=preparing.payload["connectorId"],
                                            status="Available", reply=Reply(3),
                                            timeout=timeout + tolerance + test_data.message_timeout_s)
    timing.after_connection_timeout(2, "StatusNotification(Available) after Preparing",
                                    started=[authorize.answered_at, preparing.received_at], at=available.received_at,
                                    seconds=timeout, tolerance=tolerance)
