"""TC_087_CSMS TLS - Client-side certificate - valid certificate.

SUT: Central System (security profile 3); the harness is a charge point with a client
certificate. The central system must accept the certificate and upgrade the connection, with
TLS 1.2 or higher and the four cipher suites. A handshake without a client certificate must
be turned away (Security Whitepaper, "TLS with Client Side Certificates": the central system
authenticates the charge point by its certificate). Plan: OCPP 1.6 test case document,
TC_087_CSMS.
"""

from conformance import conformance_case
from conformance.checks import rules
from conformance.steps.central_system import transport
from conformance.transport.tls import TlsMaterial


@conformance_case("TC_087_CSMS")
async def test_tc_087_csms(charge_point, central_system, test_data):
    # Reusable state: the OCTT closes the connection.
    await transport.closes_connection(charge_point)
    root = charge_point.profile.tls.ca_certificate
    await transport.must_refuse(charge_point, "3 (no certificate)", "a handshake without a client certificate",
                                rules.CLIENT_CERTIFICATE_REQUIRED, material=TlsMaterial(root))

    # Steps 1 to 6: TLS with the harness's client certificate, the upgrade.
    await charge_point.connect()
    tls = transport.session_of(charge_point)

    # Step 3's validations: the server certificate, the cipher suites and the TLS version.
    transport.check_server_certificate(3, charge_point, tls)
    await transport.serves_cipher_suites(charge_point, 3, tls)
    await transport.refuses_old_tls(charge_point, 3)

    # Steps 7 to 10: BootNotification, then a StatusNotification per connector and for connector 0.
    await charge_point.send(7, "BootNotification", **charge_point.boot_notification())
    for connector in range(0, charge_point.connectors + 1):
        await charge_point.send(9, "StatusNotification", **charge_point.status_notification(connector, "Available"))
