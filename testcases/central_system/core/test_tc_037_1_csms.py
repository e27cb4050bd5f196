"""TC_037_1_CSMS Offline Start Transaction - Valid IdTag.

SUT: Central System; the charge point loses its connection, the EV driver starts a transaction
with the valid idTag while it is offline, and the connection comes back (no new boot: OCPP 1.6
§4.2). The StartTransaction.req it queued arrives late, with the timestamp of the start: the
central system must answer it with idTagInfo Accepted, and answer the Charging status after it.
The offline period lasts long enough that the start and the arrival are seconds apart, and the
central system's operator reports the start it recorded: the queued timestamp, not the arrival
(beyond the table's validations: the case's purpose is the handling of queued messages).
Plan: OCPP 1.6 test case document, TC_037_1_CSMS.

Offline lasts timing_tolerance_s + 2 s; the start the operator reports (csms_transaction_start)
must be the queued timestamp within timing_tolerance_s + 1 s (rule offline_timestamp_kept); an
answer that is no dateTime with a zone makes the case broken. A central system that wants a
BootNotification on every connection fails, as in TC_037_3_CSMS and TC_039_CSMS.
"""

from conformance import ACCEPTED, conformance_case
from conformance.steps.central_system import offline, reusable


@conformance_case("TC_037_1_CSMS")
async def test_tc_037_1_csms(charge_point, central_system, test_data):
    connector, tag = test_data.connector_id, test_data.valid_id_tag
    await reusable.booted(charge_point, test_data)

    # [Remove connectivity between charge point and central system]
    await charge_point.go_offline()
    # [EV driver starts offline a transaction with a valid idTag]: the StartTransaction.req is queued
    queued = charge_point.start_transaction(tag, connector)
    await offline.stays_offline(charge_point, test_data)
    # [Restore connectivity between charge point and central system]
    await charge_point.come_back_online()

    conf = await charge_point.send(1, "StartTransaction", **queued)
    charge_point.check(2, "StartTransaction.conf", conf, idTagInfo=ACCEPTED)
    await offline.recorded_at_its_timestamp(charge_point, central_system, 2, conf.get("transactionId"),
                                            queued["timestamp"], test_data)

    await charge_point.send(3, "StatusNotification", **charge_point.status_notification(connector, "Charging"))
