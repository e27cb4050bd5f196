"""TC_056_CSMS Central Smart Charging - TxDefaultProfile.

SUT: Central System; the harness is a booted charge point. The operator makes the central
system set a default schedule for new transactions with the configured values. Its
SetChargingProfile.req must be for the configured connector: a TxDefaultProfile of the
configured stackLevel, Absolute, with validFrom, validTo and startSchedule, in the configured
unit and duration, its first period from 0 s at 6 A (6000 W), with the configured numberPhases
(3 may be left out). The harness holds the profile and answers Accepted. Plan: OCPP 1.6 test
case document, TC_056_CSMS.
"""

from conformance import Reply, conformance_case, present
from conformance.checks.matchers import first_item
from conformance.steps.central_system import reusable, smart_charging


@conformance_case("TC_056_CSMS")
async def test_tc_056_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)
    stack_level = test_data.charging_stack_level

    # Steps 1 and 2: SetChargingProfile (TxDefaultProfile) as configured, Accepted.
    await smart_charging.set_charging_profile(central_system, charge_point, test_data, "TxDefaultProfile",
                                              stack_level=stack_level)
    await charge_point.expect(
        1, "SetChargingProfile", reply=Reply(2), connectorId=test_data.connector_id, csChargingProfiles={
            "stackLevel": stack_level, "chargingProfilePurpose": "TxDefaultProfile", "chargingProfileKind": "Absolute",
            "validFrom": present(), "validTo": present(),
            "chargingSchedule": {
                "startSchedule": present(), "chargingRateUnit": test_data.charging_rate_unit,
                "duration": test_data.charging_schedule_duration_s,
                "chargingSchedulePeriod": first_item(startPeriod=0, limit=smart_charging.limit_matcher(test_data, 6),
                                                     numberPhases=smart_charging.phases_matcher(test_data))}})
