"""TC_073_CSMS Update Charge Point Password for HTTP Basic Authentication.

SUT: Central System (security profile 1 or 2); the harness is a charge point. The operator
gives the charge point a new basic auth password; the central system must send it as
ChangeConfiguration AuthorizationKey (hex encoded), and accept the harness's reconnect with
it. Afterwards the configured password is given back the same way. Plan: OCPP 1.6 test case
document, TC_073_CSMS.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import transport


@conformance_case("TC_073_CSMS")
async def test_tc_073_csms(charge_point, central_system, test_data):
    new = transport.new_test_key()
    async with transport.password_changed_at_central_system(charge_point, central_system, new):
        # Manual action: change the basic authentication password; steps 1 and 2.
        charge_point.will_answer(2, "ChangeConfiguration", when={"key": "AuthorizationKey"}, status="Accepted")
        await central_system.manual("set_basic_auth_password", charge_point_id=charge_point.profile.charge_point_id,
                                    password=new)
        change = await charge_point.expect(1, "ChangeConfiguration", key="AuthorizationKey", reply=Reply(2))

        # Step 3: the harness disconnects and reconnects with the new password.
        await transport.reconnects_with_new_key(charge_point, 3, change.payload["value"])
