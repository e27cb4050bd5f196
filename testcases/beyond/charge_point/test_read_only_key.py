"""BEYOND_READ_ONLY_KEY_CS ChangeConfiguration of a read-only key is Rejected.

SUT: Charge Point; the harness is the central system. A key the charge point itself reports
read-only cannot be changed: ChangeConfiguration must answer Rejected (OCPP 1.6 §5.3, §9.1).
The harness writes the key's own current value, so a charge point that wrongly accepts it is
left as it was. No plan case tries this.
"""

from conformance import beyond_case
from conformance.checks import rules
from conformance.steps import beyond


@beyond_case("BEYOND_READ_ONLY_KEY_CS")
async def test_read_only_key_cs(central_system):
    everything = await central_system.send(1, "GetConfiguration")
    key, value = beyond.read_only_key(2, everything)

    conf = await central_system.send(3, "ChangeConfiguration", key=key, value=value)
    central_system.check(4, f"ChangeConfiguration.conf for the read-only key {key}", conf, status="Rejected",
                         rule=rules.READ_ONLY_KEY_REJECTED)
