"""TC_073_CS Update Charge Point Password for HTTP Basic Authentication.

SUT: Charge Point (security profile 1 or 2); the harness is the central system. The harness
sets AuthorizationKey to "OCA_OCTT_admin_test" (hex encoded); the charge point must accept it,
close its connection and reconnect with the new key, which from then on is the only one the
harness accepts. Afterwards the harness sets the configured key back. Plan: OCPP 1.6 test case
document, TC_073_CS.
"""

import time

from conformance import conformance_case
from conformance.steps.charge_point import transport


@conformance_case("TC_073_CS")
async def test_tc_073_cs(central_system, charge_point, test_data):
    async with transport.authorization_key_changed(central_system, transport.NEW_AUTHORIZATION_KEY):
        # Steps 1 and 2: ChangeConfiguration AuthorizationKey, Accepted.
        since = time.monotonic()
        conf = await central_system.send(1, "ChangeConfiguration", key="AuthorizationKey",
                                         value=transport.hex_key(transport.NEW_AUTHORIZATION_KEY))
        central_system.check(2, "ChangeConfiguration.conf", conf, status="Accepted")

        # Step 3: the charge point reconnects with the new key.
        await transport.reconnects_with_key(central_system, 3, since)
