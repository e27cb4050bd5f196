"""TC_085_CS Basic Authentication - Valid username/password combination.

SUT: Charge Point (security profile 1 or 2); the harness is the central system. After a
reset the charge point must open its connection with `Authorization: Basic` carrying its
identity (the one at the end of the URL) and an AuthorizationKey of 16 to 20 characters,
then boot and report its connectors. Plan: OCPP 1.6 test case document, TC_085_CS.

Judged: the harness resets it (Hard: the plan's "triggered to reset"); the next upgrade request
must carry `Authorization: Basic` with the padded base64 of `<id>:<key>` exactly (RFC 7617,
rule basic_auth_header), and the key 16 to 20 characters (authorization_key_length: at most 40
when hex encoded); then BootNotification first and a status per connector and for connector 0.
"""

from conformance import conformance_case
from conformance.steps.charge_point import transport


@conformance_case("TC_085_CS")
async def test_tc_085_cs(central_system, charge_point, test_data):
    # Reusable state: the charge point is triggered to reset.
    since = await transport.triggered_to_reset(central_system, "Reset")

    # Steps 1 and 2: the HTTP upgrade request and its Authorization header; the harness upgrades.
    handshake = await transport.new_handshake(central_system, 1, since)
    transport.check_basic_auth(1, handshake, charge_point.profile.charge_point_id)

    # Steps 3 to 6: BootNotification, then a StatusNotification per connector and for connector 0.
    await transport.boot_and_statuses(central_system, charge_point.profile.connectors, boot_step=3, status_step=5)
