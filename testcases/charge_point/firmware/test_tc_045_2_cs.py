"""TC_045_2_CS Get Diagnostics - Upload Failed.

SUT: Charge Point; the harness is the central system and runs the file server. GetDiagnostics
names a location of the server that refuses every upload, with retries 0: the charge point
must report Uploading, then UploadFailed, having tried the location once and no more.
Plan: OCPP 1.6 test case document, TC_045_2_CS.
"""

from conformance import conformance_case
from conformance.fileserver import FAILED_UPLOAD
from conformance.steps.charge_point import firmware
from conformance.steps.charge_point.firmware import DIAGNOSTICS_STATUS, Watch


@conformance_case("TC_045_2_CS")
async def test_tc_045_2_cs(central_system, test_data, file_server):
    watch = Watch(file_server, "upload", FAILED_UPLOAD)
    wait = test_data.diagnostics_timeout_s

    # Steps 1 and 2: GetDiagnostics with a location that refuses the upload, no retries.
    await central_system.send(1, "GetDiagnostics", location=watch.url, retries=0)

    # Steps 3 to 6: Uploading, then UploadFailed after one attempt.
    await firmware.expect_status(central_system, 3, DIAGNOSTICS_STATUS, "Uploading", watch, wait)
    await firmware.expect_status(central_system, 5, DIAGNOSTICS_STATUS, "UploadFailed", watch, wait)
    firmware.failed_after_attempts(5, "UploadFailed", watch, retries=0)
