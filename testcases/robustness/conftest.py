"""The robustness suites' fixtures: a connected SUT per role, and each property's budget.

Every test here is marked `fuzz`: `ocpp-conformance run` leaves them out unless asked
(`--robustness`); plain pytest runs them unless cases are selected (or `-m "not fuzz"`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from conformance.fixtures import _started_driver
from conformance.ocpp.actions import Role
from conformance.pytest_plugin import plugin_of
from conformance.robustness.session import central_system_target, charge_point_target, example_settings


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
    """Each property runs with the chosen profile's budget and keeps its examples under reports/.

    A budget in seconds (--robustness-seconds, [robustness] budget_s) starts when the property does.
    """
    role = Role.CHARGE_POINT if "charge_point" in request.fixturenames else Role.CENTRAL_SYSTEM
    plugin = plugin_of(request.config)
    sut = plugin.suts.get(role)
    if sut is None:
        return
    seconds = request.config.getoption("robustness_seconds") or sut.robustness.get("budget_s")
    # What @settings(...) sets on a test function; here it depends on the SUT and the command line.
    request.function._hypothesis_internal_use_settings = example_settings(sut, plugin.reports, seconds)
    target = request.getfixturevalue(role.value.replace("-", "_"))
    target.fuzzer.budget(seconds)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """A robustness property's verdict goes into summary.json/md, with its example and how to replay it."""
    outcome = yield
    report = outcome.get_result()
    target = next((item.funcargs.get(name) for name in ("charge_point", "central_system")
                   if name in getattr(item, "funcargs", {})), None)
    if target is None:
        return
    if call.when == "setup":
        item._robustness_mark = len(target.fuzzer.findings)
        return
    if call.when != "call":
        return
    warnings_seen = target.fuzzer.findings[getattr(item, "_robustness_mark", 0):]
    replay = _replay(item)
    rule, message = "", ""
    if report.failed:
        exc = call.excinfo.value if call.excinfo else None
        rule = getattr(exc, "rule", type(exc).__name__)
        notes = "\n".join(getattr(exc, "__notes__", []))
        message = f"{getattr(exc, 'message', exc)}\n{notes}\n{replay}"
        report.sections.append(("how to replay this failure", replay))
        verdict = "failed"
    else:
        verdict = "passed with warnings" if warnings_seen else "passed"
        message = "; ".join(dict.fromkeys(warnings_seen))[:2000]
    plugin = plugin_of(item.config)
    if plugin.summary is not None:
        from conformance.reporting.result import CaseResult

        plugin.summary.add(CaseResult(
            id=f"robustness {'CS' if target.sut.role is Role.CHARGE_POINT else 'CSMS'} {item.name}", title=(item.function.__doc__ or item.name).strip().splitlines()[0],
            sut_role=target.sut.role.value, profile="Robustness", sut=target.sut.label, verdict=verdict, rule=rule,
            message=message, duration_s=round(call.duration, 3)))


def _replay(item: pytest.Item) -> str:
    suts = " ".join(f"--sut {path}" for path in item.config.getoption("sut"))
    seed = item.config.getoption("hypothesis_seed", None)
    seed_text = f" --hypothesis-seed={seed}" if seed is not None else ""
    plugin = plugin_of(item.config)
    database = (plugin.reports or Path("reports")) / "hypothesis"
    return (f"replay: pytest '{item.nodeid}' {suts} --robustness{seed_text}\n"
            f"the shrunk example is kept in {database} (the example database) and is tried first on a rerun; "
            "or put the @reproduce_failure(...) line printed above on the test function")
