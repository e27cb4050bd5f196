"""TC_079_CS Get Security Log.

SUT: Charge Point that implements the Security extension; the harness is the central system
and runs the file server. GetLog asks for the SecurityLog, to be uploaded to the server's
upload directory, with a requestId of the harness; the charge point accepts, reports Uploading
and then Uploaded (each LogStatusNotification, where it carries a requestId, for that request),
and the file must have arrived on the server (under the filename of its GetLog.conf, where it
gives one). The file is kept in the reports beside the case.
Plan: OCPP 1.6 test case document, TC_079_CS.
"""

from conformance import conformance_case
from conformance.checks.matchers import left_out_or
from conformance.fileserver import UPLOADS
from conformance.steps.charge_point import firmware
from conformance.steps.charge_point.firmware import Watch

LOG_STATUS = "LogStatusNotification"


@conformance_case("TC_079_CS")
async def test_tc_079_cs(central_system, test_data, file_server):
    watch = Watch(file_server, "upload", UPLOADS)
    wait, request_id = test_data.diagnostics_timeout_s, central_system.new_transaction_id()

    # Steps 1 and 2: GetLog of the SecurityLog to the upload directory, Accepted.
    conf = await central_system.send(1, "GetLog", logType="SecurityLog", requestId=request_id,
                                     log={"remoteLocation": watch.url})
    central_system.check(2, "GetLog.conf", conf, status="Accepted")
    name = conf.get("filename")

    # Steps 3 to 6: Uploading, then Uploaded for this request, with the file on the server.
    for step, status in ((3, "Uploading"), (5, "Uploaded")):
        await firmware.expect_status(central_system, step, LOG_STATUS, status, watch, wait,
                                     requestId=left_out_or(request_id))
    await firmware.transferred(5, "Uploaded", watch, test_data, path=f"{UPLOADS}/{name}" if name else None)
