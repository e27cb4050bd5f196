"""Fixtures of a test case: both columns of the plan, its SUT, its trace, its test data.

Registered by the plugin at configure time (see pytest_plugin.pytest_configure).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Iterator
from typing import Any

import pytest
import pytest_asyncio

from . import events
from .beyond import entry_of
from .case_run import CaseRun
from .checks.verdicts import ConfigError, HarnessError
from .fileserver import FileServer, ServerProblem
from .ocpp.actions import Role
from .pytest_plugin import MARKER, ConformancePlugin, plugin_of
from .roles import leftovers
from .roles.central_system import CentralSystemHarness
from .roles.charge_point import ChargePointHarness
from .roles.endpoint import Endpoint
from .roles.leftovers import LeftoversFile
from .sut.applicability import applicability
from .sut.driver import Driver, PromptDriver, SutHandle, make_driver
from .sut.profile import SutProfile
from .transport.trace import Trace


async def _started_driver(plugin: ConformancePlugin, role: Role) -> Driver:
    driver = plugin.drivers.get(role)
    if driver is None:
        driver = make_driver(plugin.suts[role])
        plugin.drivers[role] = driver
        await driver.start()
    return driver


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def _conformance_session(request: pytest.FixtureRequest) -> Any:
    """Owns what lives for the whole run: the central system server, the SUT drivers."""
    plugin = plugin_of(request.config)
    try:
        yield plugin
    finally:
        for server in plugin.file_servers.values():
            server.stop()
    for harness in plugin.harnesses.values():
        await harness.stop()
    for driver in plugin.drivers.values():
        with contextlib.suppress(Exception):
            await asyncio.wait_for(driver.stop(), 10)


@pytest_asyncio.fixture(loop_scope="session")
async def case(request: pytest.FixtureRequest, _conformance_session: ConformancePlugin) -> Any:
    """The running test case: its plan entry, its SUT, its trace, both columns of the plan."""
    marker = request.node.get_closest_marker(MARKER)
    if marker is None:
        raise HarnessError("the `case` fixture belongs to test functions decorated with @conformance_case")
    plugin = _conformance_session
    entry = entry_of(marker.args[0])
    sut = plugin.suts[entry.sut_role]
    trace = Trace()
    events.publish(events.CaseStarted(entry=entry, sut=sut.label))
    not_applicable = applicability(entry, sut, marker.kwargs.get("requires"))
    if not_applicable:
        run = CaseRun(entry, sut, trace, None, None)  # type: ignore[arg-type]
        request.node._conformance_case = run
        pytest.skip(not_applicable)

    harness: Endpoint
    if entry.sut_role is Role.CHARGE_POINT:
        cs = plugin.harnesses.get(Role.CHARGE_POINT)
        if cs is None:
            cs = CentralSystemHarness(sut, run_rules=plugin.run_rules[Role.CHARGE_POINT])
            cs.leftovers_file = LeftoversFile(leftovers.DIRECTORY.resolve(), sut.charge_point_id, sut.listen or "",
                                              sut.label)
            plugin.harnesses[Role.CHARGE_POINT] = cs
            await cs.start()
        harness = cs
    else:
        harness = ChargePointHarness(sut, run_rules=plugin.run_rules[Role.CENTRAL_SYSTEM])
    run = CaseRun(entry, sut, trace, harness, None)  # type: ignore[arg-type]
    request.node._conformance_case = run
    try:
        harness.begin_case(trace)
        driver = await _started_driver(plugin, entry.sut_role)
        if isinstance(driver, PromptDriver):
            driver.terminal = functools.partial(_terminal, request.config)
        run.handle = SutHandle(sut, driver, trace.event, harness.operator_action)
        if isinstance(harness, CentralSystemHarness):
            await harness.prepare(run.handle, idle=marker.kwargs.get("idle", True))
        else:
            await harness.connect()
        harness.start_steps()
        yield run
    finally:
        await _finish_case(run)


@contextlib.contextmanager
def _terminal(config: pytest.Config) -> Iterator[None]:
    """The real terminal, for an operator prompt: pytest's capture of stdin/stdout/stderr lifted."""
    capman = config.pluginmanager.getplugin("capturemanager")
    if capman is None:
        yield
        return
    capman.suspend(in_=True)
    try:
        yield
    finally:
        capman.resume()


async def _finish_case(run: CaseRun) -> None:
    """After the verdict: restore the plan's baseline, then close the trace (also of a crashed case)."""
    harness = run.harness
    if harness is not None:
        run.findings = harness.findings_besides_verdict()
    try:
        if isinstance(harness, CentralSystemHarness):
            harness.end_case()
            if run.handle is not None:
                await harness.restore_baseline(run.handle)
        elif isinstance(harness, ChargePointHarness):
            harness.end_case()
            await harness.return_to_idle(run.handle)
            await harness.close()
    finally:
        run.publish_evidence()
        if harness is not None:
            harness.detach_case()
        events.publish(events.TraceClosed(case_id=run.entry.id, text=run.trace.as_text(),
                                          json_lines=run.trace.as_json_lines()))


@pytest_asyncio.fixture(loop_scope="session")
async def file_server(request: pytest.FixtureRequest, case: CaseRun) -> Any:
    """The harness's file server for the case's SUT (started by the first case that needs it, stopped
    with the run). What the SUT uploads during the case is kept in the reports beside its trace."""
    plugin = plugin_of(request.config)
    role = case.entry.sut_role
    server = plugin.file_servers.get(role)
    if server is None:
        server = FileServer(case.sut.file_server)
        try:
            server.start()
        except ServerProblem as problem:
            raise ConfigError(f"{case.sut.path}: {problem}") from None
        plugin.file_servers[role] = server
        case.trace.event(f"file server started: {', '.join(server.url('', s) for s in server.ports)}")
    mark = server.mark()
    try:
        yield server
    finally:
        transfers = server.since(mark)
        for transfer in transfers:
            case.trace.event(f"file server: {transfer}")
        if plugin.reports is not None:
            kept = server.keep(transfers, plugin.reports / "uploads" / case.entry.id)
            case.files += [str(path) for path in kept]


@pytest.fixture
def central_system(case: CaseRun) -> Any:
    """The central system column of the plan: the harness in `_CS` cases, the SUT in `_CSMS` cases."""
    return case.harness if case.entry.sut_role is Role.CHARGE_POINT else case.handle


@pytest.fixture
def charge_point(case: CaseRun) -> Any:
    """The charge point column of the plan: the SUT in `_CS` cases, the harness in `_CSMS` cases."""
    return case.handle if case.entry.sut_role is Role.CHARGE_POINT else case.harness


@pytest.fixture
def test_data(case: CaseRun) -> Any:
    """The values the SUT description configures for the test cases (idTags, intervals, ...)."""
    return case.sut.test_data


@pytest.fixture
def sut(case: CaseRun) -> SutProfile:
    return case.sut


