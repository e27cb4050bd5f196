"""TC_074_CS Update Charge Point Certificate by request of Central System.

SUT: Charge Point (security profile 3); the harness is the central system and the certificate
authority. With CpoName set to the configured vendor name, the central system triggers a
certificate request (ExtendedTriggerMessage SignChargePointCertificate, no connector). The
charge point's SignCertificate.req must carry a CSR for its identity (CN) and the CpoName (O)
with a key of the whitepaper's size; the harness accepts it, signs it under its root and sends
the chain in CertificateSigned, which the charge point accepts. It then drops its connection
and reconnects presenting the new certificate.
Plan: OCPP 1.6 test case document, TC_074_CS.
"""

import time

from conformance import conformance_case
from conformance.steps.charge_point import certificates


@conformance_case("TC_074_CS")
async def test_tc_074_cs(central_system):
    # Configuration state: CpoName is the configured vendor name.
    operator = await certificates.cpo_name_state(central_system)

    # Steps 1 to 4: the trigger, Accepted; SignCertificate with a CSR for this charge point, Accepted.
    csr = await certificates.certificate_requested(central_system, operator)

    # Steps 5 and 6: the harness signs it; CertificateSigned is Accepted.
    chain = certificates.signed(central_system, 5, csr)
    since = time.monotonic()
    conf = await central_system.send(5, "CertificateSigned", certificateChain=chain)
    central_system.check(6, "CertificateSigned.conf", conf, status="Accepted")

    # Step 7: it reconnects with the new certificate.
    await certificates.reconnects_with(central_system, 7, since, chain)
