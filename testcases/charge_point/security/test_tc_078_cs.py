"""TC_078_CS Invalid CentralSystemCertificate Security Event.

SUT: Charge Point (security profile 2 or 3); the harness is the central system. It installs a
CentralSystemRootCertificate whose validity period is over (made by the test PKI). The charge
point must refuse it (InstallCertificate Rejected) and report a SecurityEventNotification of
type InvalidCentralSystemCertificate.
Plan: OCPP 1.6 test case document, TC_078_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import certificates
from conformance.steps.charge_point.certificates import CENTRAL_SYSTEM_ROOT


@conformance_case("TC_078_CS")
async def test_tc_078_cs(central_system):
    # Steps 1 and 2: InstallCertificate of an expired root, Rejected.
    conf = await certificates.install(central_system, 1, CENTRAL_SYSTEM_ROOT, certificates.expired_root(central_system))
    central_system.check(2, "InstallCertificate.conf", conf, status="Rejected")

    # Steps 3 and 4: the security event InvalidCentralSystemCertificate, answered.
    await certificates.security_event(central_system, 3, "InvalidCentralSystemCertificate")
