"""TC_062_CS Data Transfer to a Charge Point.

SUT: Charge Point; the harness is the central system. A DataTransfer for a vendorId the
charge point does not support (prerequisite) must not be accepted: Rejected, UnknownMessageId
or UnknownVendorId. Accepted passes with a warning, as the plan says. The vendorId is one
no vendor uses (OCPP 1.6 §4.3: a reversed DNS name). Plan: OCPP 1.6 test case document, TC_062_CS.
"""

from conformance import any_of, conformance_case
from conformance.checks import rules

VENDOR_ID = "org.ocpp-conformance.unsupported"


@conformance_case("TC_062_CS")
async def test_tc_062_cs(central_system, charge_point, test_data):
    # Steps 1 and 2: DataTransfer with a vendorId the charge point does not support.
    conf = await central_system.send(1, "DataTransfer", vendorId=VENDOR_ID, messageId="TestMessage", data="test")
    if conf.get("status") == "Accepted":
        central_system.warn(2, rules.DATA_TRANSFER_NOT_ACCEPTED,
                            f"DataTransfer.conf status is Accepted for vendorId {VENDOR_ID}, which it does not support")
        return
    central_system.check(2, "DataTransfer.conf", conf, status=any_of("Rejected", "UnknownMessageId", "UnknownVendorId"))
