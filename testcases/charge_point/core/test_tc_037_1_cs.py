"""TC_037_1_CS Offline Start Transaction.

SUT: Charge Point that can start transactions offline (capability offline_start); the harness
is the central system. With the central system out of reach (the harness closes the
connection and answers handshakes 503), the EV driver plugs in and presents the valid idTag;
the charge point starts on its local authorization and, once the central system is back,
delivers the StartTransaction (answered Accepted) and reports Charging (either order, §1.2 of
the plan). Configuration and memory states: see reusable.offline_authorization_configuration.
Plan: OCPP 1.6 test case document, TC_037_1_CS.
"""

from conformance import ACCEPTED, Reply, conformance_case, expect
from conformance.steps.charge_point import reusable


@conformance_case("TC_037_1_CS", requires={"offline_start": True})
async def test_tc_037_1_cs(central_system, charge_point, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    await reusable.offline_authorization_configuration(central_system, charge_point, test_data)

    # Offline, the EV driver starts a transaction with the valid idTag; then the connectivity is restored.
    central_system.will_answer(2, "StartTransaction",
                               lambda request: {**central_system.start_transaction_conf(request), "idTagInfo": ACCEPTED})
    await central_system.go_offline("offline")
    await charge_point.manual("plug_in", connector=connector)
    await charge_point.manual("present_id_tag", id_tag=tag, connector=connector)
    await central_system.go_online("online")

    # Steps 1 to 4: StartTransaction (answered Accepted) and Charging.
    await central_system.expect_in_any_order(
        "StartTransaction and StatusNotification(Charging) may be reversed",
        expect(1, "StartTransaction", connectorId=connector, idTag=tag, reply=Reply(2)),
        expect(3, "StatusNotification", connectorId=connector, status="Charging", reply=Reply(4)),
    )
