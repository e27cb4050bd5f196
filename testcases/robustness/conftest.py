"""The robustness suites' fixtures: a connected SUT per role, and each property's budget.

Every test here is marked `fuzz`: `ocpp-conformance run` leaves them out unless asked
(`--robustness`); plain pytest runs them unless cases are selected (or `-m "not fuzz"`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from conformance.checks.failures import ConformanceFailure
from conformance.fixtures import _started_driver
from conformance.ocpp.actions import Role
from conformance.pytest_plugin import plugin_of
from conformance.reporting.robustness import PropertyResult, failures_of, replay_command, reproduce_line
from conformance.robustness.session import (
    central_system_target,
    charge_point_target,
    example_settings,
    examples_budget,
)


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
    target.fuzzer.begin(request.node.name, examples_budget(sut, seconds))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """A robustness check's result goes with its report to the robustness section of the reports:
    examples sent, findings, the shrunk example of a failure and how to replay it."""
    outcome = yield
    report = outcome.get_result()
    if item.get_closest_marker("fuzz") is None and item.get_closest_marker("robustness") is None:
        return
    target = next((item.funcargs.get(name) for name in ("charge_point", "central_system")
                   if name in getattr(item, "funcargs", {})), None)
    fuzzer = getattr(target, "fuzzer", None)
    if call.when == "setup" and fuzzer is not None:
        item._robustness_mark = (len(fuzzer.findings), fuzzer.examples)
    if not (call.when == "call" or (call.when == "setup" and report.skipped)):
        return
    plugin = plugin_of(item.config)
    role = Role.CHARGE_POINT if "charge_point" in item.name or "charge_point" in item.fixturenames else \
        Role.CENTRAL_SYSTEM
    sut = plugin.suts.get(role)
    if sut is None:   # no SUT of that role in the run: nothing to report of it
        return
    findings, examples = [], None
    if fuzzer is not None:
        mark_findings, mark_examples = getattr(item, "_robustness_mark", (0, 0))
        findings, examples = fuzzer.findings[mark_findings:], fuzzer.examples - mark_examples
    error = call.excinfo.value if call.excinfo and report.failed else None
    result = PropertyResult(
        id=f"robustness {'CS' if role is Role.CHARGE_POINT else 'CSMS'} {item.name}",
        title=_first_sentence(getattr(item, "function", None).__doc__ or item.name),
        sut_role=role.value, sut=sut.label, verdict="passed", duration_s=round(call.duration, 3),
        examples=examples, findings=list(findings))
    if report.skipped:
        result.verdict, result.reason = "not applicable", _skip_reason(report)
    elif report.failed:
        robustness = isinstance(error, ConformanceFailure) or (
            isinstance(error, BaseExceptionGroup) and all(isinstance(e, ConformanceFailure) for e in error.exceptions))
        result.verdict = "failed" if robustness or isinstance(error, AssertionError) else "broken"
        result.failures = [vars(f) for f in failures_of(error)]
        result.reproduce = reproduce_line(error)
        result.replay = _replay(item)
        shown = result.replay + (f"\nor put {result.reproduce} on the test function" if result.reproduce else "")
        report.sections.append(("how to replay this failure (from the project's root)", shown))
    elif findings:
        result.verdict = "passed with warnings"
    report.robustness_result = vars(result)


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = str(longrepr[2]).removeprefix("Skipped: ") if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("not applicable: ")


def _first_sentence(doc: str) -> str:
    text = " ".join(doc.split())
    end = text.find(". ")
    return text if end < 0 else text[:end + 1]


def _replay(item: pytest.Item) -> str:
    plugin = plugin_of(item.config)
    return replay_command(Path(item.path), item.nodeid.split("::", 1)[1], item.config.getoption("sut"), plugin.reports,
                          item.config.getoption("hypothesis_profile", None),
                          item.config.getoption("hypothesis_seed", None))
