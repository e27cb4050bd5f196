"""TC_085_CSMS Basic Authentication - Valid username/password combination.

SUT: Central System (security profile 1 or 2); the harness is a charge point. The harness
closes its connection and opens a new one with its basic auth credentials, which must be
upgraded; it then boots and reports its connectors. Before that, a handshake without
credentials and one with a wrong AuthorizationKey must be turned away: the central system
validates the credentials (Security Whitepaper, "Unsecured Transport with Basic
Authentication"). Plan: OCPP 1.6 test case document, TC_085_CSMS.
"""

from conformance import conformance_case
from conformance.checks import rules
from conformance.steps.central_system import transport


@conformance_case("TC_085_CSMS")
async def test_tc_085_csms(charge_point, central_system, test_data):
    # Reusable state: the OCTT closes the connection.
    await transport.closes_connection(charge_point)
    await transport.must_refuse(charge_point, "1 (no credentials)", "a handshake without credentials",
                                rules.BASIC_AUTH_CHECKED, password=None)
    await transport.must_refuse(charge_point, "1 (wrong key)", "a handshake with a wrong AuthorizationKey",
                                rules.BASIC_AUTH_CHECKED, password="not-the-authorization-key")

    # Steps 1 and 2: the HTTP upgrade request with valid credentials is upgraded.
    await charge_point.connect()

    # Steps 3 to 6: BootNotification, then a StatusNotification per connector and for connector 0.
    await charge_point.send(3, "BootNotification", **charge_point.boot_notification())
    for connector in range(0, charge_point.connectors + 1):
        await charge_point.send(5, "StatusNotification", **charge_point.status_notification(connector, "Available"))
