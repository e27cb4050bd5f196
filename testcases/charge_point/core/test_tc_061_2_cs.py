"""TC_061_2_CS Clear Authorization Data in Authorization Cache - Remote.

SUT: Charge Point with an authorization cache; the harness is the central system. No table of
the FINAL 2024-04 plan has this split ID; it is TC_061_CS's table with the last
identification made remote, as its title says. From the table: the configuration states
(AuthorizationCacheEnabled and LocalPreAuthorize true, ConnectionTimeOut), the reusable state
Authorized (its Preparing is step 1), Available after ConnectionTimeOut, ClearCache Accepted,
and the idTag authorized online afterwards. Inferred: AuthorizeRemoteTxRequests true as a
further configuration state and a RemoteStartTransaction for the idTag (configured connector,
Accepted) in place of presenting it: with LocalPreAuthorize true, only an emptied cache
explains the Authorize.req that must follow (OCPP 1.6 §5.11). Plan: OCPP 1.6 test case
document, TC_061_CS (legacy ID TC_061_CS selects this case and TC_061_1_CS).
"""

from conformance import ACCEPTED, Reply, conformance_case
from conformance.steps.charge_point import reusable


@conformance_case("TC_061_2_CS", requires={"authorization_cache": True})
async def test_tc_061_2_cs(central_system, charge_point, test_data):
    tag, timeout = test_data.valid_id_tag, int(test_data.connection_timeout_s)

    # Configuration states; reusable state Authorized (steps 1 and 2: its Preparing).
    await reusable.configuration_state(central_system, "AuthorizationCacheEnabled", "true")
    await reusable.configuration_state(central_system, "LocalPreAuthorize", "true")
    await reusable.configuration_state(central_system, "AuthorizeRemoteTxRequests", "true")
    await reusable.configuration_state(central_system, "ConnectionTimeOut", str(timeout))
    _, preparing = await reusable.authorized(central_system, charge_point, test_data)
    connector = preparing.payload["connectorId"]

    # Steps 3 and 4: after ConnectionTimeOut, the connector is Available again.
    await central_system.expect(3, "StatusNotification", connectorId=connector, status="Available", reply=Reply(4),
                                timeout=timeout + test_data.timing_tolerance_s + test_data.message_timeout_s)

    # Steps 5 and 6: ClearCache, Accepted.
    conf = await central_system.send(5, "ClearCache")
    central_system.check(6, "ClearCache.conf", conf, status="Accepted")

    # Steps 7 and 8 (remote): a remote start for the same idTag; it is authorized online.
    central_system.will_answer(8, "Authorize", when={"idTag": tag}, idTagInfo=ACCEPTED)
    conf = await central_system.send("7 (remote start)", "RemoteStartTransaction", connectorId=connector, idTag=tag)
    central_system.check("7 (remote start)", "RemoteStartTransaction.conf", conf, status="Accepted")
    await central_system.expect(7, "Authorize", idTag=tag, reply=Reply(8))
