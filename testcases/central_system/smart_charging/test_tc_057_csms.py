"""TC_057_CSMS Central Smart Charging - TxProfile.

SUT: Central System; the harness is a charge point with a transaction (reusable state
Charging). The operator makes the central system set a schedule for that transaction. Its
SetChargingProfile.req must be for the configured connector, a TxProfile naming the
transactionId the central system gave in StartTransaction.conf. The harness holds the profile
for the transaction and answers Accepted. Plan: OCPP 1.6 test case document, TC_057_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import reusable, smart_charging


@conformance_case("TC_057_CSMS")
async def test_tc_057_csms(charge_point, central_system, test_data):
    # Before: reusable state Charging.
    await reusable.booted(charge_point, test_data)
    await reusable.authorized(charge_point, test_data)
    transaction_id = (await reusable.charging(charge_point, test_data))["transactionId"]

    # Steps 1 and 2: SetChargingProfile (TxProfile) for the running transaction, Accepted.
    await smart_charging.set_charging_profile(central_system, charge_point, test_data, "TxProfile",
                                              stack_level=test_data.charging_stack_level, transaction_id=transaction_id)
    await charge_point.expect(1, "SetChargingProfile", reply=Reply(2), connectorId=test_data.connector_id,
                              csChargingProfiles={"chargingProfilePurpose": "TxProfile", "transactionId": transaction_id})
