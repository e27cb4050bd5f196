"""TC_067_CSMS Clear Charging Profile.

SUT: Central System; the harness is a booted charge point. The operator makes the central
system set three TxDefaultProfiles on the configured connector (stackLevel as configured, +1
and +2), then clear the first by its id (no other field), then clear by criteria (the
connector, TxDefaultProfile and the second's stackLevel, no id), then clear all that is left
(no field at all). The harness holds the profiles, answers Accepted to each, and checks each
request as the plan lists it. Plan: OCPP 1.6 test case document, TC_067_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.checks.matchers import absent
from conformance.steps.central_system import reusable, smart_charging


@conformance_case("TC_067_CSMS")
async def test_tc_067_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)
    connector, level = test_data.connector_id, test_data.charging_stack_level

    # Steps 1 and 2, three times: the operator sets three charging profiles.
    ids = []
    for n in range(3):
        await smart_charging.set_charging_profile(central_system, charge_point, test_data, "TxDefaultProfile",
                                                  stack_level=level + n)
        request = await charge_point.expect(
            1, "SetChargingProfile", reply=Reply(2), connectorId=connector,
            csChargingProfiles={"chargingProfilePurpose": "TxDefaultProfile", "stackLevel": level + n})
        ids.append(request.payload["csChargingProfiles"]["chargingProfileId"])

    # Steps 3 and 4: clear the first profile by its id, and by nothing else.
    await smart_charging.operator(central_system, charge_point, "csms_clear_charging_profile", id=ids[0])
    await charge_point.expect(3, "ClearChargingProfile", reply=Reply(4), id=ids[0], connectorId=absent(),
                              chargingProfilePurpose=absent(), stackLevel=absent())

    # Steps 5 and 6: clear by criteria: the connector, the purpose and the second profile's stackLevel.
    await smart_charging.operator(central_system, charge_point, "csms_clear_charging_profile", connector=connector,
                                  purpose="TxDefaultProfile", stack_level=level + 1)
    await charge_point.expect(5, "ClearChargingProfile", reply=Reply(6), id=absent(), connectorId=connector,
                              chargingProfilePurpose="TxDefaultProfile", stackLevel=level + 1)

    # Steps 7 and 8: clear every remaining profile: no field at all.
    await smart_charging.operator(central_system, charge_point, "csms_clear_charging_profile")
    await charge_point.expect(7, "ClearChargingProfile", reply=Reply(8), id=absent(), connectorId=absent(),
                              chargingProfilePurpose=absent(), stackLevel=absent())
