"""TC_045_1_CS Get Diagnostics.

SUT: Charge Point; the harness is the central system and runs the file server. GetDiagnostics
names the server's upload directory; the charge point must report Uploading, then Uploaded
once its file has arrived there (under the fileName of its GetDiagnostics.conf, where it gives
one). The file it sent is kept in the reports beside the case.
Plan: OCPP 1.6 test case document, TC_045_1_CS.
"""

from conformance import conformance_case
from conformance.fileserver import UPLOADS
from conformance.steps.charge_point import firmware
from conformance.steps.charge_point.firmware import DIAGNOSTICS_STATUS, Watch


@conformance_case("TC_045_1_CS")
async def test_tc_045_1_cs(central_system, test_data, file_server):
    watch = Watch(file_server, "upload", UPLOADS)
    wait = test_data.diagnostics_timeout_s

    # Steps 1 and 2: GetDiagnostics with the location of the upload directory.
    conf = await central_system.send(1, "GetDiagnostics", location=watch.url)
    name = conf.get("fileName")

    # Steps 3 to 6: Uploading, then Uploaded with the file on the server.
    await firmware.expect_status(central_system, 3, DIAGNOSTICS_STATUS, "Uploading", watch, wait)
    await firmware.expect_status(central_system, 5, DIAGNOSTICS_STATUS, "Uploaded", watch, wait)
    await firmware.transferred(5, "Uploaded", watch, test_data, path=f"{UPLOADS}/{name}" if name else None)
