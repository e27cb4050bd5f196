"""TC_075_2_CS Install a certificate on the Charge Point - CentralSystemRootCertificate.

SUT: Charge Point (security profile 2 or 3); the harness is the central system. The central
system installs the second central system root (never the one its TLS connection depends on) of its store (the SUT description's
[security] central_system_root_certificate, else one made for the run) as CentralSystemRootCertificate; the charge point
accepts it and then lists it among its installed CentralSystemRootCertificates. The suite identifies
it by its own calculation of certificateHashData in the hashAlgorithm the charge point reports.
The baseline deletes it again after the case.
Plan: OCPP 1.6 test case document, TC_075_2_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import certificates
from conformance.steps.charge_point.certificates import CENTRAL_SYSTEM_ROOT


@conformance_case("TC_075_2_CS")
async def test_tc_075_2_cs(central_system):
    root = certificates.store_root(central_system, CENTRAL_SYSTEM_ROOT)

    # Steps 1 and 2: InstallCertificate of the store's root as CentralSystemRootCertificate, Accepted.
    conf = await certificates.install(central_system, 1, CENTRAL_SYSTEM_ROOT, root)
    central_system.check(2, "InstallCertificate.conf", conf, status="Accepted")

    # Steps 3 and 4: GetInstalledCertificateIds for that type lists it (by the suite's own hashes), Accepted.
    conf = await central_system.send(3, "GetInstalledCertificateIds", certificateType=CENTRAL_SYSTEM_ROOT)
    certificates.check_listed(4, conf, root)
    central_system.check(4, "GetInstalledCertificateIds.conf", conf, status="Accepted")
