"""TC_087_CS TLS - Client-side certificate - valid certificate.

SUT: Charge Point (security profile 3); the harness is the central system. After a reset the
charge point must set up TLS 1.2 or higher with the required cipher suites and present its
certificate: a serial number, the charge point identity as subject CN, the operator as O
([security] operator, when given), a key of at least 2048 bits (RSA) or 224 bits (elliptic
curve). Then it boots and reports its connectors. Plan: OCPP 1.6 test case document, TC_087_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import transport


@conformance_case("TC_087_CS")
async def test_tc_087_cs(central_system, charge_point, test_data):
    profile = charge_point.profile
    # Reusable state: the charge point is triggered to reset.
    since = await transport.triggered_to_reset(central_system, "Reset")

    # Steps 1 to 4: the TLS handshake; before finishing it the harness judges version, suites
    # and the client certificate (step 4).
    handshake = await transport.new_handshake(central_system, 1, since)
    tls = transport.check_tls(4, handshake)
    transport.check_client_certificate(4, tls, profile.charge_point_id, profile.operator)

    # Steps 5 to 10: the upgrade, BootNotification, a StatusNotification per connector and for 0.
    await transport.boot_and_statuses(central_system, profile.connectors, boot_step=7, status_step=9)
