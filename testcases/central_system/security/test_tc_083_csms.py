"""TC_083_CSMS Upgrade Charge Point Security Profile - Accepted.

SUT: Central System (charge points on security profile 2; the harness is raised to 3); the
harness is a charge point. The operator raises the charge point's security profile; the central
system must send ChangeConfiguration SecurityProfile with the next profile and then Reset
(Hard); after the reset a reconnect on the old profile must be refused and one on the new
profile (client certificate, no basic auth) upgraded, with its boot Accepted. The entry came
after the FINAL 2024-04 document; its steps are those of the test plan listing. Afterwards the
operator sets the configured profile back in the central system.
"""

from conformance import Reply, conformance_case
from conformance.steps.central_system import transport


@conformance_case("TC_083_CSMS")
async def test_tc_083_csms(charge_point, central_system, test_data):
    higher = charge_point.profile.security_profile + 1
    async with transport.security_profile_raised_at_central_system(charge_point, central_system, higher):
        charge_point.will_answer(2, "ChangeConfiguration", when={"key": "SecurityProfile"}, status="Accepted")
        charge_point.will_answer(4, "Reset", status="Accepted")

        # Manual action: raise the security profile; steps 1 to 4.
        await central_system.manual("csms_set_security_profile", charge_point_id=charge_point.profile.charge_point_id,
                                    profile=higher)
        await charge_point.expect(1, "ChangeConfiguration", key="SecurityProfile", value=str(higher), reply=Reply(2))
        await charge_point.expect(3, "Reset", type="Hard", reply=Reply(4))

        # Step 5: after the reset, only the new profile opens a connection; steps 5 and 6: the boot.
        await transport.reconnects_on_higher_profile(charge_point, 5, higher)
        conf = await charge_point.send(5, "BootNotification", **charge_point.boot_notification())
        charge_point.check(6, "BootNotification.conf", conf, status="Accepted")
