"""TC_040_2_CS Configuration key - Invalid value.

SUT: Charge Point; the harness is the central system. Setting MeterValueSampleInterval to -1
must be refused: ChangeConfiguration.conf Rejected, or a CALLERROR
PropertyConstraintViolation. Plan: OCPP 1.6 test case document, TC_040_2_CS.
"""

from conformance import conformance_case


@conformance_case("TC_040_2_CS")
async def test_tc_040_2_cs(central_system, charge_point, test_data):
    # Steps 1 and 2: MeterValueSampleInterval = -1: Rejected, or CALLERROR PropertyConstraintViolation.
    conf = await central_system.send_callerror_allowed(1, "ChangeConfiguration", codes=("PropertyConstraintViolation",),
                                                       key="MeterValueSampleInterval", value="-1")
    if conf is not None:
        central_system.check(2, "ChangeConfiguration.conf", conf, status="Rejected")
