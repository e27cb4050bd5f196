"""TC_046_CSMS Reservation of a Connector - Transaction.

SUT: Central System. Its operator reserves the configured connector for the valid idTag: the
ReserveNow.req must name that connector and idTag. The harness accepts, reports the connector
Reserved, and the reserved idTag then charges there (reusable state Charging): the
StartTransaction.req names the reservationId of step 1, and the central system must accept
the transaction that uses its reservation (OCPP 1.6 §5.13). Plan: OCPP 1.6 test case document,
TC_046_CSMS.
"""

from conformance import conformance_case
from conformance.steps.central_system import reservation, reusable


@conformance_case("TC_046_CSMS")
async def test_tc_046_csms(charge_point, central_system, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    await reusable.booted(charge_point, test_data)

    reserve = await reservation.reserved(charge_point, central_system, test_data, connector=connector,
                                         connectorId=connector, idTag=tag)

    # 5. Reusable state Charging, with the reservationId from step 1
    await reusable.authorized(charge_point, test_data)
    await reusable.charging(charge_point, test_data, reservation_id=reserve["reservationId"])
