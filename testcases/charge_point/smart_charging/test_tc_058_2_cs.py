"""TC_058_2_CS Central Smart Charging - Wrong transactionId.

SUT: Charge Point; the harness is the central system. During a transaction (reusable state
Charging) the harness sends a TxProfile for the transaction's connector naming a
transactionId other than the running one: the charge point must answer Rejected. Plan:
OCPP 1.6 test case document, TC_058_2_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import reusable, smart_charging


@conformance_case("TC_058_2_CS")
async def test_tc_058_2_cs(central_system, charge_point, test_data):
    # Before: reusable state Charging.
    charging = await reusable.charging(central_system, charge_point, test_data)

    # Step 1: a TxProfile for the connector of the transaction, with another transactionId.
    profile = smart_charging.profile(test_data, "TxProfile", test_data.charging_stack_level, [(0, 6)],
                                     duration=test_data.charging_schedule_duration_s,
                                     transaction_id=charging["transaction_id"] + 1)
    conf = await central_system.send(1, "SetChargingProfile", connectorId=charging["connector"],
                                     csChargingProfiles=profile)
    # Step 2: Rejected.
    central_system.check(2, "SetChargingProfile.conf", conf, status="Rejected")
