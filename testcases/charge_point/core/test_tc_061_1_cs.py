"""TC_061_1_CS Clear Authorization Data in Authorization Cache - Local.

SUT: Charge Point with an authorization cache; the harness is the central system. Built from
the FINAL 2024-04 table of TC_061_CS, whose identification is local like this split ID's;
every step below is that table's. The valid idTag is authorized (reusable state Authorized,
which puts it in the cache; its Preparing is the table's step 1), the connector goes back
to Available once ConnectionTimeOut has run out (the table's other way, presenting the card
again, needs a charge point that deauthorizes on it), the central system clears the cache,
and the same idTag presented again must be authorized online: with LocalPreAuthorize true,
only an emptied cache explains an Authorize.req. Plan: OCPP 1.6 test case document,
TC_061_CS (legacy ID TC_061_CS selects this case and TC_061_2_CS).
"""

from conformance import ACCEPTED, Reply, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_061_1_CS", requires={"authorization_cache": True})
async def test_tc_061_1_cs(central_system, charge_point, test_data):
    tag, timeout = test_data.valid_id_tag, int(test_data.connection_timeout_s)

    # Configuration states; reusable state Authorized (steps 1 and 2: its Preparing).
    await reusable.configuration_state(central_system, "AuthorizationCacheEnabled", "true")
    await reusable.configuration_state(central_system, "LocalPreAuthorize", "true")
    await reusable.configuration_state(central_system, "ConnectionTimeOut", str(timeout))
    _, preparing = await reusable.authorized(central_system, charge_point, test_data)
    connector = preparing.payload["connectorId"]

    # Steps 3 and 4: after ConnectionTimeOut, the connector is Available again.
    await central_system.expect(3, "StatusNotification", connectorId=connector, status="Available", reply=Reply(4),
                                timeout=timeout + test_data.timing_tolerance_s + test_data.message_timeout_s)

    # Steps 5 and 6: ClearCache, Accepted.
    conf = await central_system.send(5, "ClearCache")
    central_system.check(6, "ClearCache.conf", conf, status="Accepted")

    # Steps 7 and 8: the same idTag presented again is authorized online.
    central_system.will_answer(8, "Authorize", when={"idTag": tag}, idTagInfo=ACCEPTED)
    await charge_point.manual("present_id_tag", id_tag=tag)
    await central_system.expect_in_any_order(
        "the connector may show Preparing first, as in the reusable state Authorized",
        expect(7, "Authorize", idTag=tag, reply=Reply(8)),
        expect(7, "StatusNotification", connectorId=connector, status="Preparing", optional=True))
