"""TC_019_CS Retrieve configuration.

SUT: Charge Point; the harness is the central system. The charge point reports its feature
profiles, every required key of those profiles with the right accessibility (OCPP 1.6 §9),
and answers a request for as many keys as GetConfigurationMaxKeys allows with all of them.
The keys of step 7 are the first ones of step 4, in the order reported.
SupportedFeatureProfiles comes without unknownKey; the required keys are Core's as the plan
lists them and, for Local Auth List Management and Smart Charging, those of OCPP 1.6 §9.2 and
§9.4, which the plan leaves to a manual check; GetConfigurationMaxKeys must be an integer.
Plan: OCPP 1.6 test case document, TC_019_CS.
"""

from conformance import conformance_case, has_item
from conformance.checks.matchers import integer_text
from conformance.steps.charge_point import configuration, reusable


@conformance_case("TC_019_CS")
async def test_tc_019_cs(central_system, charge_point, test_data):
    # Steps 1 and 2: SupportedFeatureProfiles, known.
    conf = await central_system.send(1, "GetConfiguration", key=["SupportedFeatureProfiles"])
    configuration.check_all_reported(2, conf, ["SupportedFeatureProfiles"])
    central_system.check(2, "GetConfiguration.conf", conf, configurationKey=has_item(key="SupportedFeatureProfiles"))
    profiles = [p.strip() for p in (reusable.configuration_value(conf, "SupportedFeatureProfiles") or "").split(",")]

    # Steps 3 and 4: every key; the required ones of the supported profiles, with their accessibility.
    everything = await central_system.send(3, "GetConfiguration")
    configuration.check_required_keys(4, everything, profiles)

    # Steps 5 and 6: GetConfigurationMaxKeys.
    conf = await central_system.send(5, "GetConfiguration", key=["GetConfigurationMaxKeys"])
    central_system.check(6, "GetConfiguration.conf", conf,
                         configurationKey=has_item(key="GetConfigurationMaxKeys", value=integer_text()))
    max_keys = int(reusable.configuration_value(conf, "GetConfigurationMaxKeys"))

    # Steps 7 and 8: as many keys of step 4 as allowed; every one reported, none unknown.
    keys = list(configuration.reported_keys(everything))[:max_keys]
    conf = await central_system.send(7, "GetConfiguration", key=keys)
    configuration.check_all_reported(8, conf, keys)
