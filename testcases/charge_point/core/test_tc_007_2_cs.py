"""TC_007_2_CS Remote Start Charging Session - Cached Id.

SUT: Charge Point with an authorization cache; the harness is the central system. Built from
the FINAL 2024-04 table of TC_007_CS, which is this remote variant: every step below is that
table's. With the valid idTag in the cache and LocalPreAuthorize true, a remote start for it
after plug-in starts the transaction at once: StartTransaction and Charging, and no
Authorize.req (any would fail the step). AuthorizeRemoteTxRequests is NotSupported-tolerant
("if implemented"). Plan: OCPP 1.6 test case document, TC_007_CS (legacy ID TC_007_CS
selects this case and TC_007_1_CS).
"""

from conformance import ACCEPTED, Reply, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_007_2_CS", requires={"authorization_cache": True})
async def test_tc_007_2_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag

    # Configuration states, then memory state IdTagCached for the valid idTag.
    await reusable.configuration_state(central_system, "AuthorizationCacheEnabled", "true")
    await reusable.configuration_state(central_system, "AuthorizeRemoteTxRequests", "true", if_implemented=True)
    await reusable.configuration_state(central_system, "LocalPreAuthorize", "true")
    await reusable.id_tag_cached(central_system, charge_point, test_data)

    # Steps 1 and 2: the EV driver plugs in; Preparing.
    await charge_point.manual("plug_in", connector=connector)
    await central_system.expect(1, "StatusNotification", connectorId=connector, status="Preparing", reply=Reply(2))

    # Steps 3 and 4: RemoteStartTransaction for the cached idTag, Accepted.
    central_system.will_answer(6, "StartTransaction",
                               lambda request: {**central_system.start_transaction_conf(request), "idTagInfo": ACCEPTED})
    conf = await central_system.send(3, "RemoteStartTransaction", connectorId=connector, idTag=tag)
    central_system.check(4, "RemoteStartTransaction.conf", conf, status="Accepted")

    # Steps 5 to 8: StartTransaction and Charging in either order, without Authorize.
    await central_system.expect_in_any_order(
        "steps 5 and 7 may be reversed",
        expect(5, "StartTransaction", connectorId=connector, idTag=tag, reply=Reply(6)),
        expect(7, "StatusNotification", connectorId=connector, status="Charging", reply=Reply(8)),
    )
