"""TC_060_CS Remote Start Transaction with Charging Profile - Rejected.

SUT: Charge Point; the harness is the central system. The harness asks for a remote start
on the configured connector with a charging profile whose purpose is not TxProfile (a
TxDefaultProfile): OCPP 1.6 §5.11 allows only a TxProfile there, so the charge point must not
start, answering Rejected or a CALLERROR PropertyConstraintViolation as the plan allows.
Plan: OCPP 1.6 test case document, TC_060_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import smart_charging


@conformance_case("TC_060_CS")
async def test_tc_060_cs(central_system, charge_point, test_data):
    # Step 1: RemoteStartTransaction with a TxDefaultProfile.
    profile = smart_charging.profile(test_data, "TxDefaultProfile", test_data.charging_stack_level, [(0, 6)],
                                     duration=test_data.charging_schedule_duration_s, kind="Relative")
    conf = await central_system.send_callerror_allowed(
        1, "RemoteStartTransaction", codes=("PropertyConstraintViolation",), connectorId=test_data.connector_id,
        idTag=test_data.valid_id_tag, chargingProfile=profile)
    # Step 2: Rejected (or the CALLERROR above).
    if conf is not None:
        central_system.check(2, "RemoteStartTransaction.conf", conf, status="Rejected")
