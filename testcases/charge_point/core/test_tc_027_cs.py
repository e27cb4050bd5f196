"""TC_027_CS Remote start transaction - connector id shall not be 0.

SUT: Charge Point; the harness is the central system. A remote start for connectorId 0 (the
charge point as a whole, OCPP 1.6 §5.11: connectorId SHALL be > 0) must be refused: with
RemoteStartTransaction.conf Rejected or with a CALLERROR. Plan: OCPP 1.6 test case
document, TC_027_CS.
"""

from conformance import conformance_case


@conformance_case("TC_027_CS")
async def test_tc_027_cs(central_system, charge_point, test_data):
    # Steps 1 and 2: RemoteStartTransaction for connectorId 0: Rejected, or a CALLERROR.
    conf = await central_system.send_callerror_allowed(1, "RemoteStartTransaction", connectorId=0,
                                                       idTag=test_data.valid_id_tag)
    if conf is not None:
        central_system.check(2, "RemoteStartTransaction.conf", conf, status="Rejected")
