"""TC_077_CSMS Invalid ChargePointCertificate Security Event.

SUT: Central System (security profile 3); the harness is the charge point. As in TC_074_CSMS
the central system triggers a certificate request, accepts the harness's CSR and sends a
certificate for it in CertificateSigned (for that key and identity, valid now). The harness
refuses it (Rejected) and reports a SecurityEventNotification of type
InvalidChargePointCertificate, which the central system must answer.
Plan: OCPP 1.6 test case document, TC_077_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import certificates, reusable


@conformance_case("TC_077_CSMS")
async def test_tc_077_csms(charge_point, central_system, test_data):
    await reusable.booted(charge_point, test_data)

    # Steps 1 and 2: the trigger for SignChargePointCertificate, no connectorId; Accepted.
    await certificates.triggered_to_ask(charge_point, central_system)

    # Steps 3 and 4: SignCertificate with the harness's CSR, Accepted.
    charge_point.will_answer(6, "CertificateSigned", status="Rejected")
    key = await certificates.asks_for_certificate(charge_point)

    # Steps 5 and 6: CertificateSigned with a signed certificate for that key; the harness rejects it.
    request = await charge_point.expect(5, "CertificateSigned", reply=Reply(6), timeout=test_data.action_timeout_s)
    certificates.check_signed_chain(5, request.payload, key, charge_point.profile.charge_point_id)

    # Steps 7 and 8: the security event, answered by the central system.
    await certificates.security_event(charge_point, 7, "InvalidChargePointCertificate",
                                      "the signed certificate was refused")
