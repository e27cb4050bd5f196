"""TC_075_2_CSMS Install a certificate on the Charge Point - CentralSystemRootCertificate.

SUT: Central System (security profile 2 or 3); the harness is the charge point. Its operator
makes the central system install a root as CentralSystemRootCertificate: the request must carry
one root CA certificate in PEM (self-signed, valid now; the SUT description's [security]
central_system_root_certificate where it names one). The harness keeps it and accepts; asked next for
the installed CentralSystemRootCertificates, it lists it with certificateHashData.
Plan: OCPP 1.6 test case document, TC_075_2_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import certificates, reusable
from conformance.steps.central_system.certificates import CENTRAL_SYSTEM_ROOT


@conformance_case("TC_075_2_CSMS")
async def test_tc_075_2_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)
    charge_point_id = charge_point.profile.charge_point_id

    # Steps 1 and 2: InstallCertificate of a root of type CentralSystemRootCertificate, Accepted.
    await central_system.manual("csms_install_certificate", charge_point_id=charge_point_id, certificate_type=CENTRAL_SYSTEM_ROOT)
    request = await charge_point.expect(1, "InstallCertificate", certificateType=CENTRAL_SYSTEM_ROOT, reply=Reply(2))
    certificates.check_root_sent(1, request.payload, charge_point.profile, CENTRAL_SYSTEM_ROOT)

    # Steps 3 and 4: GetInstalledCertificateIds of that type; the harness lists the root.
    await central_system.manual("csms_send", charge_point_id=charge_point_id, action="GetInstalledCertificateIds",
                                payload={"certificateType": CENTRAL_SYSTEM_ROOT})
    await charge_point.expect(3, "GetInstalledCertificateIds", certificateType=CENTRAL_SYSTEM_ROOT, reply=Reply(4))
