"""TC_055_CS Trigger Message - Rejected.

SUT: Charge Point; the harness is the central system. The harness asks for MeterValues of a
connector the charge point does not have (NumberOfConnectors + 1): the answer must be Rejected,
or a CALLERROR, which the plan allows, and no MeterValues of it may follow.
Plan: OCPP 1.6 test case document, TC_055_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import trigger


@conformance_case("TC_055_CS", requires={"trigger_messages": ["MeterValues"]})
async def test_tc_055_cs(central_system, charge_point, test_data):
    beyond = charge_point.profile.connectors + 1

    # Steps 1 and 2: TriggerMessage MeterValues for connector NumberOfConnectors + 1; Rejected (or CALLERROR).
    conf = await central_system.send_callerror_allowed(1, "TriggerMessage", requestedMessage="MeterValues",
                                                       connectorId=beyond)
    if conf is not None:
        central_system.check(2, "TriggerMessage.conf", conf, status="Rejected")

    # The requested message is not sent.
    await trigger.not_triggered(central_system, "after 2", "MeterValues")
