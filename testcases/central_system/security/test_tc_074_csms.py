"""TC_074_CSMS Update Charge Point Certificate by request of Central System.

SUT: Central System (security profile 3); the harness is the charge point. Its operator makes
the central system trigger a certificate request (ExtendedTriggerMessage SignChargePointCertificate,
no connector), which the harness accepts. The harness makes a new key and sends its CSR in
SignCertificate, which the central system must accept; the certificate it then sends in
CertificateSigned must be for that key and the charge point's identity, valid now. The harness
accepts it, drops its connection and reconnects with it: the central system must take the
connection.
Plan: OCPP 1.6 test case document, TC_074_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import certificates, reusable


@conformance_case("TC_074_CSMS")
async def test_tc_074_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    # Steps 1 and 2: the trigger for SignChargePointCertificate, no connectorId; Accepted.
    await certificates.triggered_to_ask(charge_point, central_system)

    # Steps 3 and 4: SignCertificate with the harness's CSR, Accepted.
    charge_point.will_answer(6, "CertificateSigned", status="Accepted")
    key = await certificates.asks_for_certificate(charge_point)

    # Steps 5 and 6: CertificateSigned with a certificate for that key and identity; Accepted.
    request = await charge_point.expect(5, "CertificateSigned", reply=Reply(6), timeout=test_data.action_timeout_s)
    chain = certificates.check_signed_chain(5, request.payload, key, charge_point.profile.charge_point_id)

    # Step 7: the harness reconnects with the new certificate, and the central system takes it.
    await certificates.reconnects_with(charge_point, 7, chain, key)
