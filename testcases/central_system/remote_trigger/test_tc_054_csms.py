"""TC_054_CSMS Trigger Message.

SUT: Central System. Its operator asks the charge point, one after the other, for MeterValues
and a StatusNotification of the configured connector, a Heartbeat, a
DiagnosticsStatusNotification and a FirmwareStatusNotification: each TriggerMessage.req must
name that message (and the connector where one is asked for). The harness accepts each and
sends the message asked for, which the central system must answer (OCPP 1.6 §5.17). The plan
lets the charge point answer the last one NotImplemented; the harness implements it, so it
accepts and sends FirmwareStatusNotification Idle. Plan: OCPP 1.6 test case document,
TC_054_CSMS.
"""

from conformance import conformance_case
from conformance.steps.central_system import reusable, trigger


@conformance_case("TC_054_CSMS")
async def test_tc_054_csms(charge_point, central_system, test_data):
    connector = test_data.connector_id
    await reusable.booted(charge_point, test_data)

    await trigger.triggered(charge_point, central_system, 1, "MeterValues", connector=connector)
    await charge_point.send(3, "MeterValues", **charge_point.meter_values(connector))

    await trigger.triggered(charge_point, central_system, 5, "Heartbeat")
    await charge_point.send(7, "Heartbeat")

    await trigger.triggered(charge_point, central_system, 9, "StatusNotification", connector=connector)
    await charge_point.send(11, "StatusNotification", **charge_point.status_notification(connector, "Available"))

    await trigger.triggered(charge_point, central_system, 13, "DiagnosticsStatusNotification")
    await charge_point.send(15, "DiagnosticsStatusNotification", status="Idle")

    # The charge point may answer NotImplemented; the harness implements it.
    await trigger.triggered(charge_point, central_system, 17, "FirmwareStatusNotification")
    await charge_point.send(19, "FirmwareStatusNotification", status="Idle")
