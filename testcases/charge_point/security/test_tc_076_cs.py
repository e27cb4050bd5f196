"""TC_076_CS Delete a specific certificate from the Charge Point.

SUT: Charge Point (security profile 2 or 3); the harness is the central system. Memory state
CertificateInstalled: the second central system root of the store (never the one the TLS
connection depends on) is installed, unless the charge point lists it already. The central
system reads the installed CentralSystemRootCertificates, deletes that root by the
certificateHashData the suite computes in the hashAlgorithm the charge point reported, and
reads them again: the root is gone.
Plan: OCPP 1.6 test case document, TC_076_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import certificates
from conformance.steps.charge_point.certificates import CENTRAL_SYSTEM_ROOT


@conformance_case("TC_076_CS")
async def test_tc_076_cs(central_system):
    root = await certificates.certificate_installed(central_system, CENTRAL_SYSTEM_ROOT)

    # Steps 1 and 2: GetInstalledCertificateIds lists the root, in the charge point's hashAlgorithm.
    conf = await central_system.send(1, "GetInstalledCertificateIds", certificateType=CENTRAL_SYSTEM_ROOT)
    central_system.check(2, "GetInstalledCertificateIds.conf", conf, status="Accepted")
    listed = certificates.check_listed(2, conf, root)

    # Steps 3 and 4: DeleteCertificate of that root, by the suite's own certificateHashData, Accepted.
    conf = await central_system.send(3, "DeleteCertificate",
                                     certificateHashData=certificates.delete_request(root, listed["hashAlgorithm"]))
    central_system.check(4, "DeleteCertificate.conf", conf, status="Accepted")
    central_system.installed_roots.pop(root, None)

    # Steps 5 and 6: GetInstalledCertificateIds of the same type no longer lists it.
    conf = await central_system.send(5, "GetInstalledCertificateIds", certificateType=CENTRAL_SYSTEM_ROOT)
    certificates.check_listed(6, conf, root, listed=False)
