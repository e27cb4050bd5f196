"""TC_086_CSMS TLS - server-side certificate - Valid certificate.

SUT: Central System (security profile 2 or 3); the harness is a charge point. On a new
connection the central system must present a server certificate that chains to the
configured root (one that does not is its failure), with a serial number, its host name as
subject CN and a key of the whitepaper's size; serve all four cipher suites (one TLS 1.2
handshake each); and use TLS 1.2 or higher only (a TLS 1.1 handshake the harness really offers
fails; where the local OpenSSL cannot offer one the case is broken, saying so). Then the harness
boots and reports its connectors. Plan: OCPP 1.6 test case document, TC_086_CSMS.

A certificate that does not verify fails this case, as it fails any case once the run has
started (rule server_certificate). Two of the four suites need a second certificate, of the
other key type. Only the central system's refusal of TLS 1.0 and 1.1 counts: the harness offers
them at OpenSSL's security level 0, checks in memory that its ClientHello really carries them,
and tells an alert or a close from the server apart from an error of its own OpenSSL.
"""

from conformance import conformance_case
from conformance.steps.central_system import transport


@conformance_case("TC_086_CSMS")
async def test_tc_086_csms(charge_point, central_system, test_data):
    # Reusable state: the OCTT closes the connection.
    await transport.closes_connection(charge_point)

    # Steps 1 to 6: TLS with the configured server certificate (it must verify against the root), the upgrade.
    await charge_point.connect()
    tls = transport.session_of(charge_point)

    # Step 2's validations: the certificate, the cipher suites (all four), the TLS version.
    transport.check_server_certificate(2, charge_point, tls)
    await transport.serves_cipher_suites(charge_point, 2, tls)
    await transport.refuses_old_tls(charge_point, 2)

    # Steps 7 to 10: BootNotification, then a StatusNotification per connector and for connector 0.
    await charge_point.send(7, "BootNotification", **charge_point.boot_notification())
    for connector in range(0, charge_point.connectors + 1):
        await charge_point.send(9, "StatusNotification", **charge_point.status_notification(connector, "Available"))
