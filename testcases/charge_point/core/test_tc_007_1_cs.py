"""TC_007_1_CS Regular Start Charging Session - Cached Id.

SUT: Charge Point with an authorization cache; the harness is the central system. No table of
the FINAL 2024-04 plan has this split ID; it is TC_007_CS's table with the start made local,
as its title says. From the table: the configuration states AuthorizationCacheEnabled and
LocalPreAuthorize true, the memory state IdTagCached for the valid idTag, the plug-in and
Preparing, StartTransaction (answered Accepted) and Charging in either order. Inferred: the
EV driver presents the cached idTag at the connector instead of the remote start, and the
charge point starts at once, without Authorize.req (OCPP 1.6 §3.5.2 LocalPreAuthorize; any
Authorize fails the step). Plan: OCPP 1.6 test case document, TC_007_CS (legacy ID TC_007_CS
selects this case and TC_007_2_CS).
"""

from conformance import ACCEPTED, Reply, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_007_1_CS", requires={"authorization_cache": True})
async def test_tc_007_1_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag

    # Configuration states, then memory state IdTagCached for the valid idTag.
    await reusable.configuration_state(central_system, "AuthorizationCacheEnabled", "true")
    await reusable.configuration_state(central_system, "LocalPreAuthorize", "true")
    await reusable.id_tag_cached(central_system, charge_point, test_data)

    # Steps 1 and 2: the EV driver plugs in; Preparing.
    await charge_point.manual("plug_in", connector=connector)
    await central_system.expect(1, "StatusNotification", connectorId=connector, status="Preparing", reply=Reply(2))

    # Steps 3 to 8: the cached idTag is presented: StartTransaction and Charging in either order, without Authorize.
    central_system.will_answer(6, "StartTransaction",
                               lambda request: {**central_system.start_transaction_conf(request), "idTagInfo": ACCEPTED})
    await charge_point.manual("present_id_tag", id_tag=tag, connector=connector)
    await central_system.expect_in_any_order(
        "steps 5 and 7 may be reversed",
        expect(5, "StartTransaction", connectorId=connector, idTag=tag, reply=Reply(6)),
        expect(7, "StatusNotification", connectorId=connector, status="Charging", reply=Reply(8)),
    )
