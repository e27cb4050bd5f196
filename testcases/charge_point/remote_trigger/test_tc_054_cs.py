"""TC_054_CS Trigger Message.

SUT: Charge Point; the harness is the central system. The harness asks, one after the other, for
MeterValues and StatusNotification of the configured connector, a Heartbeat, a
DiagnosticsStatusNotification and a FirmwareStatusNotification (OCPP 1.6 §5.17). Each of the
first four is Accepted and the requested message follows (the diagnostics status Idle: no upload
runs). FirmwareStatusNotification may be answered NotImplemented; Accepted, it must follow with
status Idle. A SUT that declares it in trigger_messages must accept it.
Plan: OCPP 1.6 test case document, TC_054_CS.
"""

from conformance import Reply, any_of, conformance_case
from conformance.steps.charge_point import trigger

REQUIRED = ["DiagnosticsStatusNotification", "Heartbeat", "MeterValues", "StatusNotification"]


@conformance_case("TC_054_CS", requires={"trigger_messages": REQUIRED})
async def test_tc_054_cs(central_system, charge_point, test_data):
    connector = test_data.connector_id

    # Steps 1 to 4: MeterValues of the configured connector.
    await trigger.triggered(central_system, (1, 2, 3, 4), "MeterValues", connector=connector)
    # Steps 5 to 8: Heartbeat.
    await trigger.triggered(central_system, (5, 6, 7, 8), "Heartbeat")
    # Steps 9 to 12: StatusNotification of the configured connector.
    await trigger.triggered(central_system, (9, 10, 11, 12), "StatusNotification", connector=connector)
    # Steps 13 to 16: DiagnosticsStatusNotification, status Idle.
    await trigger.triggered(central_system, (13, 14, 15, 16), "DiagnosticsStatusNotification", status="Idle")

    # Steps 17 to 20: FirmwareStatusNotification: Accepted (then status Idle) or NotImplemented.
    declared = "FirmwareStatusNotification" in charge_point.profile.capability("trigger_messages")
    conf = await central_system.send(17, "TriggerMessage", requestedMessage="FirmwareStatusNotification")
    central_system.check(18, "TriggerMessage.conf", conf,
                         status="Accepted" if declared else any_of("Accepted", "NotImplemented"))
    if conf["status"] == "Accepted":
        await central_system.expect(19, "FirmwareStatusNotification", status="Idle", reply=Reply(20))
