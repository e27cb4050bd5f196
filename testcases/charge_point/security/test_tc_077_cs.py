"""TC_077_CS Invalid ChargePointCertificate Security Event.

SUT: Charge Point (security profile 3); the harness is the central system and the certificate
authority. As in TC_074_CS the central system triggers a certificate request and accepts the
CSR, but the certificate it sends back for it is invalid on purpose: its validity period is
over (the test PKI also makes not-yet-valid, wrong-CN and wrong-chain ones). The charge point
must refuse it (CertificateSigned Rejected) and report a SecurityEventNotification of type
InvalidChargePointCertificate.
Plan: OCPP 1.6 test case document, TC_077_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import certificates


@conformance_case("TC_077_CS")
async def test_tc_077_cs(central_system):
    # Configuration state: CpoName is the configured vendor name.
    operator = await certificates.cpo_name_state(central_system)

    # Steps 1 to 4: the trigger, Accepted; SignCertificate with a CSR for this charge point, Accepted.
    csr = await certificates.certificate_requested(central_system, operator)

    # Steps 5 and 6: an invalid certificate for it; CertificateSigned is Rejected.
    conf = await central_system.send(5, "CertificateSigned",
                                     certificateChain=certificates.signed(central_system, 5, csr, invalid="expired"))
    central_system.check(6, "CertificateSigned.conf", conf, status="Rejected")

    # Steps 7 and 8: the security event InvalidChargePointCertificate, answered.
    await certificates.security_event(central_system, 7, "InvalidChargePointCertificate")
