"""TC_044_2_CS Firmware Update - Download Failed.

SUT: Charge Point; the harness is the central system and runs the file server. UpdateFirmware
names a file the server does not have, with retries 0: the charge point must report
DownloadFailed, after Downloading or without it (a download may fail at once). It must have
tried the location, and only once (retries 0), before it reports the failure.
Plan: OCPP 1.6 test case document, TC_044_2_CS.
"""

from conformance import conformance_case, utc_now
from conformance.fileserver import MISSING_FIRMWARE
from conformance.steps.charge_point import firmware
from conformance.steps.charge_point.firmware import Watch, firmware_status


@conformance_case("TC_044_2_CS")
async def test_tc_044_2_cs(central_system, test_data, file_server):
    watch = Watch(file_server, "download", MISSING_FIRMWARE)

    # Steps 1 and 2: UpdateFirmware with a location that fails to download, no retries.
    await central_system.send(1, "UpdateFirmware", location=watch.url, retrieveDate=utc_now(), retries=0)

    # Steps 3 to 6: Downloading (optional), then DownloadFailed after one attempt.
    await firmware.expect_statuses(
        central_system, "step 3 is optional: the download may fail at once",
        firmware_status(3, "Downloading", optional=True), firmware_status(5, "DownloadFailed"),
        watch=watch, timeout=test_data.firmware_timeout_s)
    firmware.failed_after_attempts(5, "DownloadFailed", watch, retries=0)
