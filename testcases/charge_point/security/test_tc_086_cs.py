"""TC_086_CS TLS - server-side certificate - Valid certificate.

SUT: Charge Point (security profile 2 or 3); the harness is the central system and presents
the configured server certificate. After a reset the charge point must set up TLS 1.2 or
higher offering the required cipher suites (both ECDSA suites or both RSA suites), with
profile 2 send its basic auth credentials, then boot and report its connectors. Plan: OCPP
1.6 test case document, TC_086_CS.

The cipher suites are judged from those the charge point shares with the harness, which
serves all four of the whitepaper and more (rule tls_cipher_suites); the version by rule
tls_version; the basic auth header as in TC_085_CS.
"""

from conformance import conformance_case
from conformance.steps.charge_point import transport


@conformance_case("TC_086_CS")
async def test_tc_086_cs(central_system, charge_point, test_data):
    profile = charge_point.profile
    # Reusable state: the charge point is triggered to reset.
    since = await transport.triggered_to_reset(central_system, "Reset")

    # Steps 1 to 4: the TLS handshake with the configured server certificate, judged at step 2.
    handshake = await transport.new_handshake(central_system, 1, since)
    transport.check_tls(2, handshake)

    # Steps 5 and 6: the HTTP upgrade request; credentials only with security profile 2.
    if profile.security_profile == 2:
        transport.check_basic_auth(5, handshake, profile.charge_point_id)

    # Steps 7 to 10: BootNotification, then a StatusNotification per connector and for connector 0.
    await transport.boot_and_statuses(central_system, profile.connectors, boot_step=7, status_step=9)
