"""TC_079_CSMS Get Security Log.

SUT: Central System that implements the Security extension; the harness is the charge point
and runs the file server. The operator makes the central system send GetLog for the
SecurityLog with the file server's upload directory as log.remoteLocation; the request must
carry both. The harness accepts (naming its file), reports Uploading with the request's
requestId, uploads the log for real and reports Uploaded: both notifications must be answered
with a CALLRESULT.
Plan: OCPP 1.6 test case document, TC_079_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.checks.verdicts import SetupError
from conformance.fileserver import UPLOADS
from conformance.steps.central_system import firmware, reusable


@conformance_case("TC_079_CSMS")
async def test_tc_079_csms(charge_point, central_system, test_data, file_server):
    await reusable.booted(charge_point, test_data)
    location = file_server.url(UPLOADS)

    # Steps 1 and 2: GetLog of the SecurityLog to the configured location; the harness accepts.
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id, action="GetLog",
                                payload={"logType": "SecurityLog", "requestId": 1, "log": {"remoteLocation": location}})
    request = await charge_point.expect(1, "GetLog", logType="SecurityLog", log={"remoteLocation": location},
                                        reply=Reply(2))
    request_id = request.payload.get("requestId")

    # Steps 3 to 6: Uploading, the upload for real, Uploaded; each answered.
    await charge_point.send(3, "LogStatusNotification", status="Uploading", requestId=request_id)
    if not await firmware.send_diagnostics(charge_point, location, security_log=True):
        raise SetupError(f"the harness could not upload to its own file server at {location}")
    await charge_point.send(5, "LogStatusNotification", status="Uploaded", requestId=request_id)
