"""TC_088_CSMS WebSocket Subprotocol negotiation.

SUT: Central System; the harness is a charge point. A handshake offering only `ocpp0.1` must
be refused, with an HTTP error or, as OCPP-J 1.6 §3.1.2 has it, by an upgrade without a
subprotocol that the central system closes at once; one offering `ocpp0.1, ocpp1.6` must be upgraded with `Sec-WebSocket-Protocol:
ocpp1.6` (OCPP-J 1.6 §3.1.2: the server picks the OCPP version it supports). The entry came
after the FINAL 2024-04 document; its steps are those of the test plan listing.
"""

from conformance import conformance_case
from conformance.checks import rules
from conformance.steps.central_system import transport


@conformance_case("TC_088_CSMS")
async def test_tc_088_csms(charge_point, central_system, test_data):
    await transport.closes_connection(charge_point)

    # Step 1: only an unknown subprotocol offered: no upgrade.
    await transport.must_refuse(charge_point, 1, "a handshake offering only ocpp0.1", rules.WEBSOCKET_SUBPROTOCOL,
                                subprotocols=["ocpp0.1"])

    # Step 2: ocpp0.1 and ocpp1.6 offered: the upgrade selects ocpp1.6.
    await transport.negotiates(charge_point, 2, ["ocpp0.1", "ocpp1.6"], "ocpp1.6")
