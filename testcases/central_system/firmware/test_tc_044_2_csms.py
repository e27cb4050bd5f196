"""TC_044_2_CSMS Firmware Update - Download Failed.

SUT: Central System; the harness is the charge point and runs the file server. The operator
makes the central system send UpdateFirmware with a location the file server does not have;
the request must carry that location. The harness tries it, reports Downloading and, as the
download fails, DownloadFailed: both must be answered with a CALLRESULT. Step 1's location
check is inferred. Plan: OCPP 1.6 test case document, TC_044_2_CSMS.
"""

from conformance import conformance_case
from conformance.fileserver import MISSING_FIRMWARE
from conformance.steps.central_system import firmware, reusable


@conformance_case("TC_044_2_CSMS")
async def test_tc_044_2_csms(charge_point, central_system, test_data, file_server):
    await reusable.booted(charge_point, test_data)

    # Steps 1 and 2: UpdateFirmware with a location that fails to download.
    request = await firmware.request_from_operator(central_system, charge_point, "UpdateFirmware",
                                                   firmware.update_firmware_payload(file_server.url(MISSING_FIRMWARE)))

    # Steps 3 to 6: the download tried for real; it fails.
    await charge_point.send(3, "FirmwareStatusNotification", status="Downloading")
    await firmware.fetch(request["location"], expect_valid=None)
    await charge_point.send(5, "FirmwareStatusNotification", status="DownloadFailed")
