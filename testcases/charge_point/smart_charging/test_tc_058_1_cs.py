"""TC_058_1_CS Central Smart Charging - No ongoing transaction.

SUT: Charge Point; the harness is the central system. With no transaction running, the
harness sends a TxProfile naming a transactionId for the configured connector: a TxProfile
exists only for a running transaction (OCPP 1.6 §3.13.2), so the charge point must reject it,
with Rejected or a CALLERROR PropertyConstraintViolation as the plan allows. The
transactionId is one the harness never handed out. Plan: OCPP 1.6 test case document,
TC_058_1_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import smart_charging


@conformance_case("TC_058_1_CS")
async def test_tc_058_1_cs(central_system, charge_point, test_data):
    connector = test_data.connector_id
    # Step 1: a TxProfile with a transactionId, while no transaction runs.
    profile = smart_charging.profile(test_data, "TxProfile", test_data.charging_stack_level, [(0, 6)],
                                     duration=test_data.charging_schedule_duration_s,
                                     transaction_id=central_system.new_transaction_id())
    conf = await central_system.send_callerror_allowed(1, "SetChargingProfile", codes=("PropertyConstraintViolation",),
                                                       connectorId=connector, csChargingProfiles=profile)
    # Step 2: Rejected (or the CALLERROR above).
    if conf is not None:
        central_system.check(2, "SetChargingProfile.conf", conf, status="Rejected")
