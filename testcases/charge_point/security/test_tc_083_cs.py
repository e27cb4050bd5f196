"""TC_083_CS Upgrade security profile.

SUT: Charge Point (connected with security profile 2; the harness raises it to 3); the harness
is the central system. ChangeConfiguration SecurityProfile one level higher must be Accepted or
RebootRequired; the harness then serves only the new profile and the charge point's next
connection must use it: a client certificate, no basic auth. The certificate comes from the
memory state before: the charge point asks for one (SignCertificate) and the harness issues it
under the configured root. With RebootRequired, or when it keeps its connection instead of
reconnecting by itself, the harness resets it and expects the boot and every connector
Available. Afterwards the operator sets the configured profile back (set_security_profile:
over OCPP a downgrade is refused). Plan: OCPP 1.6 test case document, TC_083_CS.

The memory state sets CpoName to [security] operator (else vendor), asks for the certificate
with ExtendedTriggerMessage(SignChargePointCertificate), signs the charge point's CSR under
ca_certificate with ca_private_key and sends it with CertificateSigned; each must be Accepted.
A charge point that reconnects by itself must drop its connection, or open a new one, within
message_timeout_s, and be back within connect_timeout_s. From profile 1 the upgrade would need a
wss:// endpoint the harness does not have, and without ca_certificate or ca_private_key it
cannot be judged: then the case is broken, naming what is missing.
"""

import time

from conformance import any_of, conformance_case
from conformance.steps.charge_point import transport


@conformance_case("TC_083_CS")
async def test_tc_083_cs(central_system, charge_point, test_data):
    higher = charge_point.profile.security_profile + 1
    async with transport.security_profile_raised(central_system, charge_point, higher):
        # Memory state RenewChargePointCertificate (from profile 2): the client certificate of profile 3.
        await transport.renew_charge_point_certificate(central_system, charge_point)

        # Steps 1 and 2: SecurityProfile one level higher.
        since = time.monotonic()
        conf = await central_system.send(1, "ChangeConfiguration", key="SecurityProfile", value=str(higher))
        central_system.check(2, "ChangeConfiguration.conf", conf, status=any_of("Accepted", "RebootRequired"))

        # Steps 3 to 8 if needed; the new connection on the new profile either way.
        await transport.reconnects_on_profile(central_system, charge_point, conf["status"], since)
