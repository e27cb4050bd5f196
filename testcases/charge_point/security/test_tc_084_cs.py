"""TC_084_CS Downgrade security profile - Rejected.

SUT: Charge Point (security profile 2 or 3); the harness is the central system. A
SecurityProfile one level lower than the configured one must be Rejected: a connection's
security is only ever raised (Security Whitepaper, "Security Profiles"). Plan: OCPP 1.6 test
case document, TC_084_CS.
"""

from conformance import conformance_case


@conformance_case("TC_084_CS")
async def test_tc_084_cs(central_system, charge_point, test_data):
    lower = charge_point.profile.security_profile - 1
    conf = await central_system.send(1, "ChangeConfiguration", key="SecurityProfile", value=str(lower))
    central_system.check(2, "ChangeConfiguration.conf", conf, status="Rejected")
