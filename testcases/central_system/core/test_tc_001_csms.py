"""TC_001_CSMS Cold Boot Charge Point.

SUT: Central System; the harness is a charge point that boots. The central system must
accept the boot with a heartbeat interval (a positive integer) and answer the StatusNotifications (connector 0
and each connector) and the Heartbeat. Plan: OCPP 1.6 test case document, TC_001_CSMS.
"""

from conformance import conformance_case, positive_integer


@conformance_case("TC_001_CSMS")
async def test_tc_001_csms(charge_point, central_system, test_data):
    conf = await charge_point.send(1, "BootNotification", **charge_point.boot_notification())
    # The interval is what the charge point will heartbeat at: a number of seconds above 0.
    charge_point.check(2, "BootNotification.conf", conf, status="Accepted", interval=positive_integer())

    for connector in range(0, charge_point.connectors + 1):
        await charge_point.send(3, "StatusNotification", **charge_point.status_notification(connector, "Available"))

    # Steps 5 and 6: the Heartbeat.conf's currentTime is judged by the always-on checks.
    await charge_point.send(5, "Heartbeat")
