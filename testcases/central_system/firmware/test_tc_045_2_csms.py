"""TC_045_2_CSMS Get Diagnostics - Upload Failed.

SUT: Central System; the harness is the charge point and runs the file server. The operator
makes the central system send GetDiagnostics with a location that refuses uploads; the request
must carry that location. The harness reports Uploading, tries the upload for real and, as it
fails, reports UploadFailed: both must be answered with a CALLRESULT. Step 1's location check
is inferred. Plan: OCPP 1.6 test case document, TC_045_2_CSMS.
"""

from conformance import conformance_case
from conformance.checks.verdicts import SetupError
from conformance.fileserver import FAILED_UPLOAD
from conformance.steps.central_system import firmware, reusable


@conformance_case("TC_045_2_CSMS")
async def test_tc_045_2_csms(charge_point, central_system, test_data, file_server):
    await reusable.booted(charge_point, test_data)

    # Steps 1 and 2: GetDiagnostics with a location that refuses the upload.
    request = await firmware.request_from_operator(central_system, charge_point, "GetDiagnostics",
                                                   {"location": file_server.url(FAILED_UPLOAD), "retries": 0})

    # Steps 3 to 6: the upload tried for real; it fails.
    await charge_point.send(3, "DiagnosticsStatusNotification", status="Uploading")
    if await firmware.send_diagnostics(charge_point, request["location"]):
        raise SetupError(f"{request['location']} was to refuse the upload, and it took it")
    await charge_point.send(5, "DiagnosticsStatusNotification", status="UploadFailed")
