"""TC_064_CSMS Data Transfer to a Central System.

SUT: Central System; the charge point sends a DataTransfer.req with a vendorId the central
system does not support (`unknown_vendor_id`). DataTransfer.conf must have status Rejected,
UnknownMessageId or UnknownVendorId; Accepted is allowed by the plan, with a warning.
Plan: OCPP 1.6 test case document, TC_064_CSMS.
"""

from conformance import any_of, conformance_case
from conformance.checks import rules
from conformance.steps.central_system import reusable


@conformance_case("TC_064_CSMS")
async def test_tc_064_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    conf = await charge_point.send(1, "DataTransfer", vendorId=test_data.unknown_vendor_id)
    if conf.get("status") == "Accepted":
        charge_point.warn(rules.DATA_TRANSFER_UNKNOWN_VENDOR, f"step 2: DataTransfer.conf accepted vendorId "
                          f"{test_data.unknown_vendor_id!r}, which the central system should not know")
    else:
        charge_point.check(2, "DataTransfer.conf", conf, status=any_of("Rejected", "UnknownMessageId", "UnknownVendorId"))
