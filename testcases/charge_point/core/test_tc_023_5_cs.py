"""TC_023_5_CS Start remote Charging Session - Authorize invalid.

SUT: Charge Point; the harness is the central system. No table of the FINAL 2024-04 plan has
this split ID; it is built from TC_023_CS's table with the identification made remote, as its
title says. From the table: the configuration states (MinimumStatusDuration 10, optional in
OCPP 1.6 §9.1 so NotSupported meets it, and when Accepted step 1 waits 10 s more for Preparing;
LocalPreAuthorize true), the plug-in and Preparing, an Authorize answered Invalid, and no
transaction. Inferred: AuthorizeRemoteTxRequests true
as a further configuration state (so the remote idTag is authorized, OCPP 1.6 §5.11) and a
RemoteStartTransaction for the invalid idTag on the configured connector, Accepted, in place
of presenting it. "Does NOT start a transaction" is judged as no message at all for
quiet_period_s after the Authorize. Plan: OCPP 1.6 test case document, TC_023_CS (legacy
ID TC_023_CS selects this case).
"""

from conformance import Reply, conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_023_5_CS")
async def test_tc_023_5_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.invalid_id_tag

    # Configuration states.
    status_delay = await reusable.minimum_status_duration_state(central_system, 10)
    await reusable.configuration_state(central_system, "LocalPreAuthorize", "true")
    await reusable.configuration_state(central_system, "AuthorizeRemoteTxRequests", "true")

    # Steps 1 and 2: the EV driver plugs in; Preparing, which a charge point that implements
    # MinimumStatusDuration reports only once it has held for 10 s (OCPP 1.6 §4.9).
    await charge_point.manual("plug_in", connector=connector)
    await central_system.expect(1, "StatusNotification", connectorId=connector, status="Preparing", reply=Reply(2),
                                timeout=test_data.message_timeout_s + status_delay)

    # Steps 3 and 4 (remote): RemoteStartTransaction for the invalid idTag; Authorize, answered Invalid.
    central_system.will_answer(4, "Authorize", when={"idTag": tag}, idTagInfo={"status": "Invalid"})
    conf = await central_system.send("3 (remote start)", "RemoteStartTransaction", connectorId=connector, idTag=tag)
    central_system.check("3 (remote start)", "RemoteStartTransaction.conf", conf, status="Accepted")
    await central_system.expect(3, "Authorize", idTag=tag, reply=Reply(4))

    # Expected result: no transaction.
    await central_system.expect_nothing("after 4", "the charge point does not start a transaction")
