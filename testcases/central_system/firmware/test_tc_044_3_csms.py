"""TC_044_3_CSMS Firmware Update - Installation Failed.

SUT: Central System; the harness is the charge point and runs the file server. The operator
makes the central system send UpdateFirmware with the location of an image that cannot be
installed; the request must carry that location. The harness fetches it for real, reports
Downloading and Downloaded, its connectors Unavailable, Installing, reboots (the boot must be
Accepted), reports its connectors Available and InstallationFailed: every request must be
answered with a CALLRESULT. Step 1's location check is inferred.
Plan: OCPP 1.6 test case document, TC_044_3_CSMS.
"""

from conformance import conformance_case
from conformance.fileserver import INVALID_FIRMWARE
from conformance.steps.central_system import firmware, reusable


@conformance_case("TC_044_3_CSMS")
async def test_tc_044_3_csms(charge_point, central_system, test_data, file_server):
    await reusable.booted(charge_point, test_data)

    # Steps 1 and 2: UpdateFirmware with the image that cannot be installed.
    request = await firmware.request_from_operator(central_system, charge_point, "UpdateFirmware",
                                                   firmware.update_firmware_payload(file_server.url(INVALID_FIRMWARE)))

    # Steps 3 to 6: the download, for real.
    await charge_point.send(3, "FirmwareStatusNotification", status="Downloading")
    await firmware.fetch(request["location"], expect_valid=False)
    await charge_point.send(5, "FirmwareStatusNotification", status="Downloaded")

    # Steps 7 to 10: every connector Unavailable, then Installing.
    await firmware.statuses(charge_point, 7, "Unavailable")
    await charge_point.send(9, "FirmwareStatusNotification", status="Installing")

    # Steps 11 to 16: the reboot into the old firmware, every connector Available, InstallationFailed.
    await firmware.reboot_into(charge_point, 11)
    await firmware.statuses(charge_point, 13, "Available")
    await charge_point.send(15, "FirmwareStatusNotification", status="InstallationFailed")
