"""TC_045_1_CSMS Get Diagnostics.

SUT: Central System; the harness is the charge point and runs the file server. The operator
makes the central system send GetDiagnostics with the file server's upload directory; the
request must carry that location. The harness answers with its file's name, reports
Uploading, uploads the file for real and reports Uploaded: both must be answered with a
CALLRESULT. Step 1's location check is inferred.
Plan: OCPP 1.6 test case document, TC_045_1_CSMS.
"""

from conformance import conformance_case
from conformance.checks.verdicts import SetupError
from conformance.fileserver import UPLOADS
from conformance.steps.central_system import firmware, reusable


@conformance_case("TC_045_1_CSMS")
async def test_tc_045_1_csms(charge_point, central_system, test_data, file_server):
    await reusable.booted(charge_point, test_data)

    # Steps 1 and 2: GetDiagnostics with the upload directory.
    request = await firmware.request_from_operator(central_system, charge_point, "GetDiagnostics",
                                                   {"location": file_server.url(UPLOADS)})

    # Steps 3 to 6: the upload, for real.
    await charge_point.send(3, "DiagnosticsStatusNotification", status="Uploading")
    if not await firmware.send_diagnostics(charge_point, request["location"]):
        raise SetupError(f"the harness could not upload to its own file server at {request['location']}")
    await charge_point.send(5, "DiagnosticsStatusNotification", status="Uploaded")
