"""BEYOND_UNKNOWN_KEY_CS GetConfiguration names an unknown key in unknownKey.

SUT: Charge Point; the harness is the central system. Asked for a key it knows and one no
charge point has, the charge point reports the first in configurationKey and names the second in
unknownKey (OCPP 1.6 §5.8). The plan only asks for keys a charge point has.
"""

from conformance import beyond_case, contains, has_item
from conformance.checks import rules
from conformance.steps.beyond import UNKNOWN_KEY


@beyond_case("BEYOND_UNKNOWN_KEY_CS")
async def test_unknown_key_cs(central_system):
    conf = await central_system.send(1, "GetConfiguration", key=["HeartbeatInterval", UNKNOWN_KEY])
    central_system.check(2, "GetConfiguration.conf", conf, configurationKey=has_item(key="HeartbeatInterval"),
                         unknownKey=contains(UNKNOWN_KEY), rule=rules.UNKNOWN_KEY_REPORTED)
