"""TC_030_CS Unlock Connector - Unlock Failure.

SUT: Charge Point whose connector lock failure can be provoked (capability lock_failure);
the harness is the central system. With the lock of the configured connector failing (the
prerequisite, operator action set_lock_failure; cleared after the case), an UnlockConnector
must be answered UnlockFailed. Plan: OCPP 1.6 test case document, TC_030_CS.
"""

from conformance import conformance_case


@conformance_case("TC_030_CS", requires={"lock_failure": True})
async def test_tc_030_cs(central_system, charge_point, test_data):
    connector = test_data.connector_id

    # Prerequisite: a connector lock failure can be triggered.
    await charge_point.manual("set_lock_failure", connector=connector)

    # Steps 1 and 2: UnlockConnector, UnlockFailed.
    conf = await central_system.send(1, "UnlockConnector", connectorId=connector)
    central_system.check(2, "UnlockConnector.conf", conf, status="UnlockFailed")
