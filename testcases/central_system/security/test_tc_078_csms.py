"""TC_078_CSMS Invalid CentralSystemCertificate Security Event.

SUT: Central System (security profile 2 or 3); the harness is the charge point. Its operator
makes the central system install a CentralSystemRootCertificate (the SUT description's
[security] central_system_root_certificate where it names one); the harness refuses any
certificate here (Rejected) and reports a SecurityEventNotification of type
InvalidCentralSystemCertificate, which the central system must answer.
Plan: OCPP 1.6 test case document, TC_078_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import certificates, reusable
from conformance.steps.central_system.certificates import CENTRAL_SYSTEM_ROOT


@conformance_case("TC_078_CSMS")
async def test_tc_078_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    # Steps 1 and 2: InstallCertificate of type CentralSystemRootCertificate; the harness rejects it.
    charge_point.will_answer(2, "InstallCertificate", status="Rejected")
    await central_system.manual("csms_install_certificate", charge_point_id=charge_point.profile.charge_point_id,
                                certificate_type=CENTRAL_SYSTEM_ROOT)
    request = await charge_point.expect(1, "InstallCertificate", certificateType=CENTRAL_SYSTEM_ROOT, reply=Reply(2))
    certificates.check_configured(1, request.payload, charge_point.profile, CENTRAL_SYSTEM_ROOT)

    # Steps 3 and 4: the security event, answered by the central system.
    await certificates.security_event(charge_point, 3, "InvalidCentralSystemCertificate",
                                      "the central system root was refused")
