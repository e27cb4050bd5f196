"""TC_040_1_CS Configuration key - NotSupported.

SUT: Charge Point; the harness is the central system. Setting a key the charge point does
not know (Testing) must be answered NotSupported. Plan: OCPP 1.6 test case document,
TC_040_1_CS.
"""

from conformance import conformance_case


@conformance_case("TC_040_1_CS")
async def test_tc_040_1_cs(central_system, charge_point, test_data):
    # Steps 1 and 2: ChangeConfiguration of the key Testing to true, NotSupported.
    conf = await central_system.send(1, "ChangeConfiguration", key="Testing", value="true")
    central_system.check(2, "ChangeConfiguration.conf", conf, status="NotSupported")
