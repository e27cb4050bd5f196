"""TC_046_1_CS Reservation of a Connector - Local start transaction.

SUT: Charge Point; the harness is the central system. The configured connector is reserved for
the valid idTag and shows Reserved. Another valid card presented at the charge point must not
open it (an Authorize for that card may come; the connector stays Reserved and no transaction
starts). The reserved idTag then may authorize (optional Authorize, before or after Preparing),
and the cable plugged in starts a transaction whose StartTransaction carries the idTag and the
reservationId. Charging and StartTransaction may come in either order, as in the Charging state.
Before: the connectors not under test are made Unavailable (made Operative after the case).
Plan: OCPP 1.6 test case document, TC_046_1_CS.
"""

from conformance import ACCEPTED, Reply, conformance_case, expect
from conformance.steps.charge_point import reservation, reusable


@conformance_case("TC_046_1_CS")
async def test_tc_046_1_cs(central_system, charge_point, test_data):
    tag, other = test_data.valid_id_tag, test_data.valid_id_tag_2

    # Before: SetConnectorUnavailable for all unused connectors.
    await reusable.other_connectors_occupied(central_system, charge_point, test_data)

    # Steps 1 to 4: ReserveNow for the configured connector and valid idTag; Accepted; Reserved.
    reserved = await reservation.reserved(central_system, test_data, label=None)
    connector, reservation_id = reserved["connector"], reserved["reservation_id"]

    # Another card at the reserved connector: no transaction, the connector stays Reserved.
    await charge_point.manual("present_id_tag", id_tag=other)
    await central_system.expect_nothing("5 (another idTag)", "the reserved connector refuses another idTag",
                                        only=("StartTransaction",))
    central_system.check("5 (another idTag)", "the reserved connector's status", {"status": central_system.cp.status(connector)},
                         status="Reserved")

    # Steps 5 to 8: the reserved idTag: an optional Authorize (Accepted) and Preparing.
    central_system.will_answer(6, "Authorize", when={"idTag": tag}, idTagInfo=ACCEPTED)
    await charge_point.manual("present_id_tag", id_tag=tag)
    authorize = expect(5, "Authorize", idTag=tag, reply=Reply(6), optional=True)
    await central_system.expect_in_any_order(
        "the Authorize is optional and may come before or after Preparing",
        authorize, expect(7, "StatusNotification", connectorId=connector, status="Preparing", reply=Reply(8)))

    # Steps 9 to 12: plug-in: StartTransaction with the idTag and reservationId (Accepted), Charging.
    await charge_point.manual("plug_in", connector=connector)
    await central_system.expect_in_any_order(
        "steps 9 and 11 may be reversed",
        expect(9, "StartTransaction", connectorId=connector, idTag=tag, reservationId=reservation_id, reply=Reply(10)),
        expect(11, "StatusNotification", connectorId=connector, status="Charging", reply=Reply(12)),
        authorize)
