"""TC_008_1_CS Regular Start Charging Session - Id in Local Authorization List.

SUT: Charge Point with the Local Auth List Management profile; the harness is the central
system. No table of the FINAL 2024-04 plan has this split ID; it is TC_008_CS's table with the
start made local, as its title says. From the table: the configuration states (LocalPreAuthorize,
LocalAuthListEnabled and AuthorizeRemoteTxRequests true, AuthorizationCacheEnabled false if
implemented), GetLocalListVersion and a Full SendLocalList holding the valid idTag as Accepted
(answered Accepted), the plug-in and Preparing, StartTransaction (answered Accepted) and
Charging in either order. Inferred: instead of the remote start (steps 7 and 8) the EV driver
presents the listed idTag at the connector, and the charge point starts at once from its list,
without Authorize.req (OCPP 1.6 §3.5.3 with LocalPreAuthorize; any Authorize fails the step).
Plan: OCPP 1.6 test case document, TC_008_CS (legacy ID TC_008_CS selects this case and
TC_008_2_CS).
"""

from conformance import ACCEPTED, Reply, conformance_case, expect
from conformance.steps.charge_point import local_list


@conformance_case("TC_008_1_CS", requires={"local_auth_list_max_length": 1, "send_local_list_max_length": 1})
async def test_tc_008_1_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag

    # Configuration states, then steps 1 to 4: the valid idTag is put in the local list.
    await local_list.valid_id_tag_listed(central_system, test_data)

    # Steps 5 and 6: the EV driver plugs in; Preparing.
    await charge_point.manual("plug_in", connector=connector)
    await central_system.expect(5, "StatusNotification", connectorId=connector, status="Preparing", reply=Reply(6))

    # Steps 7 to 12: the listed idTag is presented: StartTransaction and Charging in either order, without Authorize.
    central_system.will_answer(10, "StartTransaction",
                               lambda request: {**central_system.start_transaction_conf(request), "idTagInfo": ACCEPTED})
    await charge_point.manual("present_id_tag", id_tag=tag, connector=connector)
    await central_system.expect_in_any_order(
        "steps 9 and 11 may be reversed",
        expect(9, "StartTransaction", connectorId=connector, idTag=tag, reply=Reply(10)),
        expect(11, "StatusNotification", connectorId=connector, status="Charging", reply=Reply(12)),
    )
