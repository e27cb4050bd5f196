"""TC_023_4_CS Start local Charging Session - Authorize invalid.

SUT: Charge Point; the harness is the central system. Built from the FINAL 2024-04 table of
TC_023_CS, which has no table of its own for this split ID: every step below is that table's
(configuration states, plug-in, Preparing, an invalid idTag presented at the charge point,
Authorize answered Invalid, no transaction). MinimumStatusDuration is optional in OCPP 1.6
§9.1, so NotSupported meets its configuration state; when it is Accepted, step 1 waits the 10 s
the Preparing may then be held back more. "Does NOT start a transaction" is judged as no message
at all for quiet_period_s after the Authorize.
Plan: OCPP 1.6 test case document, TC_023_CS (legacy ID TC_023_CS selects this case).
"""

from conformance import Reply, conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_023_4_CS")
async def test_tc_023_4_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.invalid_id_tag

    # Configuration states.
    status_delay = await reusable.minimum_status_duration_state(central_system, 10)
    await reusable.configuration_state(central_system, "LocalPreAuthorize", "true")

    # Steps 1 and 2: the EV driver plugs in; Preparing, which a charge point that implements
    # MinimumStatusDuration reports only once it has held for 10 s (OCPP 1.6 §4.9).
    await charge_point.manual("plug_in", connector=connector)
    await central_system.expect(1, "StatusNotification", connectorId=connector, status="Preparing", reply=Reply(2),
                                timeout=test_data.message_timeout_s + status_delay)

    # Steps 3 and 4: an invalid idTag is presented; Authorize, answered Invalid.
    central_system.will_answer(4, "Authorize", when={"idTag": tag}, idTagInfo={"status": "Invalid"})
    await charge_point.manual("present_id_tag", id_tag=tag, connector=connector)
    await central_system.expect(3, "Authorize", idTag=tag, reply=Reply(4))

    # Expected result: no transaction.
    await central_system.expect_nothing("after 4", "the charge point does not start a transaction")
