"""TC_008_2_CS Remote Start Charging Session - Id in Local Authorization List.

SUT: Charge Point with the Local Auth List Management profile whose AuthorizeRemoteTxRequests
can be true; the harness is the central system. No table of the FINAL 2024-04 plan has this
split ID; it is TC_008_CS's table as it stands, the start being a remote one as its title says.
The configuration states (LocalPreAuthorize, LocalAuthListEnabled and AuthorizeRemoteTxRequests
true, AuthorizationCacheEnabled false if implemented); GetLocalListVersion and a Full
SendLocalList holding the valid idTag as Accepted (answered Accepted); the plug-in and
Preparing; RemoteStartTransaction for the listed idTag (Accepted); StartTransaction (answered
Accepted) and Charging in either order. With LocalPreAuthorize the charge point authorizes the
remote start from its list, so no Authorize.req comes (none is in the table; one fails the
step). Plan: OCPP 1.6 test case document, TC_008_CS (legacy ID TC_008_CS selects this case and
TC_008_1_CS).
"""

from conformance import ACCEPTED, Reply, conformance_case, expect
from conformance.steps.charge_point import local_list


@conformance_case("TC_008_2_CS", requires={"local_auth_list_max_length": 1, "send_local_list_max_length": 1})
async def test_tc_008_2_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag

    # Configuration states, then steps 1 to 4: the valid idTag is put in the local list.
    await local_list.valid_id_tag_listed(central_system, test_data)

    # Steps 5 and 6: the EV driver plugs in; Preparing.
    await charge_point.manual("plug_in", connector=connector)
    await central_system.expect(5, "StatusNotification", connectorId=connector, status="Preparing", reply=Reply(6))

    # Steps 7 and 8: RemoteStartTransaction for the listed idTag; Accepted.
    central_system.will_answer(10, "StartTransaction",
                               lambda request: {**central_system.start_transaction_conf(request), "idTagInfo": ACCEPTED})
    conf = await central_system.send(7, "RemoteStartTransaction", connectorId=connector, idTag=tag)
    central_system.check(8, "RemoteStartTransaction.conf", conf, status="Accepted")

    # Steps 9 to 12: StartTransaction and Charging in either order, without Authorize.
    await central_system.expect_in_any_order(
        "steps 9 and 11 may be reversed",
        expect(9, "StartTransaction", connectorId=connector, idTag=tag, reply=Reply(10)),
        expect(11, "StatusNotification", connectorId=connector, status="Charging", reply=Reply(12)),
    )
