"""TC_059_CSMS Remote Start Transaction with Charging Profile.

SUT: Central System; the harness is a booted charge point. The operator makes the central
system start a transaction remotely with a charging profile. Its RemoteStartTransaction.req
must name the configured valid idTag and connector and carry a TxProfile without a
transactionId (the transaction does not exist yet), Relative, its first period from 0 s. The
harness accepts, authorizes the idTag (Accepted), reports Preparing once the cable is in,
starts the transaction (Accepted) and reports Charging; each must be answered. Plan: OCPP 1.6
test case document, TC_059_CSMS.
"""

from conformance import ACCEPTED, Reply, conformance_case
from conformance.checks.matchers import absent, first_item
from conformance.ocpp.datetime import utc_now
from conformance.steps.central_system import reusable, smart_charging


@conformance_case("TC_059_CSMS")
async def test_tc_059_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)
    connector, tag = test_data.connector_id, test_data.valid_id_tag

    # Steps 1 and 2: RemoteStartTransaction with a TxProfile, Accepted.
    charge_point.will_answer(2, "RemoteStartTransaction", status="Accepted")
    await smart_charging.operator(central_system, charge_point, "csms_remote_start_with_profile", connector=connector,
                                  id_tag=tag, unit=test_data.charging_rate_unit,
                                  limit=smart_charging.plan_limit(test_data, 6),
                                  duration=test_data.charging_schedule_duration_s, number_phases=test_data.number_phases)
    await charge_point.expect(1, "RemoteStartTransaction", reply=Reply(2), idTag=tag, connectorId=connector,
                              chargingProfile={"chargingProfilePurpose": "TxProfile", "transactionId": absent(),
                                               "chargingProfileKind": "Relative",
                                               "chargingSchedule": {"chargingSchedulePeriod": first_item(startPeriod=0)}})

    # Steps 3 and 4: Authorize, Accepted.
    conf = await charge_point.send(3, "Authorize", idTag=tag)
    charge_point.check(4, "Authorize.conf", conf, idTagInfo=ACCEPTED)
    # Steps 5 and 6: [the cable is plugged in] Preparing.
    await charge_point.send(5, "StatusNotification", **charge_point.status_notification(connector, "Preparing"))
    # Steps 7 and 8: StartTransaction, Accepted.
    conf = await charge_point.send(7, "StartTransaction", connectorId=connector, idTag=tag, meterStart=0,
                                   timestamp=utc_now())
    charge_point.check(8, "StartTransaction.conf", conf, idTagInfo=ACCEPTED)
    # Steps 9 and 10: Charging.
    await charge_point.send(9, "StatusNotification", **charge_point.status_notification(connector, "Charging"))
