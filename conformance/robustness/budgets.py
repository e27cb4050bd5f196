"""The robustness suites' hypothesis profiles, registered as soon as the plugin loads.

hypothesis loads `--hypothesis-profile NAME` when pytest is configured, before any test module
is imported, so the profiles cannot wait for the robustness suites to be collected.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# Examples per property: quick (the default; the project's own test command), ci, soak.
PROFILES = {"quick": 25, "ci": 500, "soak": 20_000}
_HEALTH = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much,
           HealthCheck.data_too_large]

for _name, _examples in PROFILES.items():
    settings.register_profile(_name, max_examples=_examples, deadline=None, print_blob=True,
                              suppress_health_check=_HEALTH)
