"""The robustness suites' fixtures: a connected SUT per role, and each property's budget.

Every test here is marked `fuzz`: `ocpp-conformance run` leaves them out unless asked
(`--robustness`), plain pytest runs them (exclude with `-m "not fuzz"`).
"""

from __future__ import annotations

from typing import Any

import pytest
import pytest_asyncio

from conformance.fixtures import _started_driver
from conformance.ocpp.actions import Role
from conformance.pytest_plugin import plugin_of
from conformance.robustness.session import central_system_target, charge_point_target, example_settings


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "testcases/robustness/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.fuzz)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per fuzzed action, so every action gets its budget and its own verdict."""
    if "action" not in metafunc.fixturenames:
        return
    from conformance.robustness.actions import fuzzed_actions

    role = Role.CHARGE_POINT if "charge_point" in metafunc.fixturenames else Role.CENTRAL_SYSTEM
    sut = plugin_of(metafunc.config).suts.get(role)
    actions = [] if sut is None else fuzzed_actions(
        role, sut.profiles, tuple(sut.robustness.get("actions", ())), tuple(metafunc.config.getoption("profile")))
    metafunc.parametrize("action", actions)


def _sut(request: pytest.FixtureRequest, role: Role) -> Any:
    plugin = plugin_of(request.config)
    sut = plugin.suts.get(role)
    if sut is None:
        pytest.skip(f"no SUT description of a {role.value} was given")
    return plugin, sut


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def charge_point(request: pytest.FixtureRequest, _conformance_session: Any) -> Any:
    """A charge point under test, connected to the harness as central system, at the plan's baseline."""
    plugin, sut = _sut(request, Role.CHARGE_POINT)
    async with charge_point_target(plugin, sut, _started_driver, tuple(request.config.getoption("profile"))) as target:
        yield target


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def central_system(request: pytest.FixtureRequest, _conformance_session: Any) -> Any:
    """A central system under test, with the harness connected to it as a booted charge point."""
    plugin, sut = _sut(request, Role.CENTRAL_SYSTEM)
    async with central_system_target(plugin, sut, _started_driver,
                                     tuple(request.config.getoption("profile"))) as target:
        yield target


@pytest.fixture(autouse=True)
def _budget(request: pytest.FixtureRequest) -> None:
    """Each property runs with the chosen profile's budget and keeps its examples under reports/."""
    role = Role.CHARGE_POINT if "charge_point" in request.fixturenames else Role.CENTRAL_SYSTEM
    plugin = plugin_of(request.config)
    sut = plugin.suts.get(role)
    if sut is not None:
        request.function._hypothesis_internal_use_settings = example_settings(sut, plugin.reports)
