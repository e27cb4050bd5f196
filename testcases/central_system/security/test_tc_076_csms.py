"""TC_076_CSMS Delete a specific certificate from the Charge Point.

SUT: Central System; the harness is the charge point. Memory state: its operator makes the
central system install a CentralSystemRootCertificate ("Root 2"), which the harness keeps. Then
the operator asks it to delete that root: the central system reads the installed
CentralSystemRootCertificates (the harness lists them in [test_data] certificate_hash_algorithm)
and sends DeleteCertificate with that hashAlgorithm and the root's certificateHashData, each
field as the suite computes it; the harness deletes it and accepts.
Plan: OCPP 1.6 test case document, TC_076_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import certificates, reusable
from conformance.steps.central_system.certificates import CENTRAL_SYSTEM_ROOT


@conformance_case("TC_076_CSMS")
async def test_tc_076_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)
    charge_point_id = charge_point.profile.charge_point_id

    # Memory state: the central system installs a CentralSystemRootCertificate (Root 2).
    await central_system.manual("csms_install_certificate", charge_point_id=charge_point_id,
                                certificate_type=CENTRAL_SYSTEM_ROOT)
    request = await charge_point.expect("Root 2 1", "InstallCertificate", certificateType=CENTRAL_SYSTEM_ROOT,
                                        reply=Reply("Root 2 2"))
    root = certificates.check_root_sent("Root 2 1", request.payload, charge_point.profile, CENTRAL_SYSTEM_ROOT)

    # Steps 1 and 2: asked to delete it, the central system reads the installed roots first.
    await central_system.manual("csms_delete_certificate", charge_point_id=charge_point_id,
                                certificate_type=CENTRAL_SYSTEM_ROOT)
    await charge_point.expect(1, "GetInstalledCertificateIds", certificateType=CENTRAL_SYSTEM_ROOT, reply=Reply(2))

    # Steps 3 and 4: DeleteCertificate names Root 2 by the suite's certificateHashData; Accepted.
    request = await charge_point.expect(3, "DeleteCertificate", reply=Reply(4))
    certificates.check_delete_request(3, request.payload, root, test_data.certificate_hash_algorithm)
