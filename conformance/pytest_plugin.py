"""The pytest plugin: options, SUT descriptions, case selection, fixtures, verdicts, reports.

The command line (`ocpp-conformance run`) is a thin layer over this plugin; `pytest testcases
--sut FILE` does the same thing.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import inspect
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from . import events
from .beyond import BEYOND, entry_of
from .beyond import MARKER as BEYOND_MARKER
from .catalog import catalog, expand_split, implemented_cases, selection_problem
from .checks.failures import ConformanceFailure
from .checks.run_rules import RunRules
from .checks.verdicts import ConfigError, HarnessError, Verdict
from .fileserver import FileServer
from .ocpp.actions import Role
from .reporting import allure_meta, not_started
from .reporting.matrix import Scope
from .reporting.result import CaseResult
from .reporting.summary import Summary
from .robustness import budgets  # noqa: F401  (the profiles --hypothesis-profile names)
from .sut import preflight
from .sut import profile as sut_profile
from .sut.applicability import Requires, check_requires
from .sut.driver import Driver
from .sut.profile import SutProfile

if TYPE_CHECKING:
    from .case_run import CaseRun
    from .roles.central_system import CentralSystemHarness

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REFERENCE_SUTS = ("fixtures/suts/reference-charge-point.toml", "fixtures/suts/reference-central-system.toml")
MARKER = "conformance_case"
REQUIREMENTS: dict[str, Requires] = {}   # case ID -> the capabilities it is for, as cases declare them


# -- the decorator test case files use ---------------------------------------------------------------

def conformance_case(case_id: str, *, idle: bool = True, requires: Requires | None = None
                     ) -> Callable[[Callable[..., Any]], Any]:
    """Mark an async test function as the test case `case_id` of the plan.

    `idle`: the case starts from the plan's general preconditions (every connector known to be
    Available, no transaction); False for cases that power-cycle the charge point first.
    `requires`: the capabilities ([capabilities] of the SUT description) the case is for, e.g.
    {"fixed_cable": False}, or a list of such dicts of which one must hold, and "profile":
    "absent" for a case written for SUTs without its optional profile
    (conformance.sut.applicability); a SUT that declares otherwise gets "not applicable",
    naming what decided it.

    After the scenario, the frames the SUT sent in its last moments are judged too, so a
    rule broken by the final message is not lost (a message no step names, by the rules of
    its role); SHOULD-level findings become warnings.
    """
    if case_id not in catalog():
        raise ValueError(f"{case_id} is not a test case ID of the OCPP 1.6 test plan")
    return _case(case_id, idle=idle, requires=requires)


def beyond_case(case_id: str, *, idle: bool = True, requires: Requires | None = None
                ) -> Callable[[Callable[..., Any]], Any]:
    """Mark an async test function as the check beyond the plan `case_id` (conformance.beyond).

    It runs as a plan case does (fixtures, baseline, trace, verdict) but only with `--beyond`
    (or in plain pytest without a selection), and is reported apart from the plan.
    """
    if case_id not in BEYOND:
        raise ValueError(f"{case_id} is not a check of conformance.beyond")
    decorate = _case(case_id, idle=idle, requires=requires)
    return lambda fn: getattr(pytest.mark, BEYOND_MARKER)(decorate(fn))


def _case(case_id: str, *, idle: bool, requires: Requires | None) -> Callable[[Callable[..., Any]], Any]:
    check_requires(case_id, requires)
    requires = copy.deepcopy(requires) if requires else {}
    REQUIREMENTS[case_id] = requires

    def decorate(fn: Callable[..., Any]) -> Any:
        own = inspect.signature(fn).parameters

        @functools.wraps(fn)
        async def run(*args: Any, **kwargs: Any) -> None:
            case: CaseRun = kwargs["case"]
            try:
                await fn(*args, **{k: v for k, v in kwargs.items() if k in own})
                case.harness.raise_errors("end")
                case.harness.judge_leftovers()
                case.warnings = [p.message for p, _ in case.harness.warnings]
                if case.warnings:
                    events.publish(events.CaseWarnings(case_id=case.entry.id, warnings=tuple(case.warnings)))
            except BaseException as exc:
                case.error, case.error_at = exc, time.monotonic()   # marked in the sequence diagram
                raise
            finally:
                case.unplanned = case.harness.unplanned_notes()
                case.publish_evidence()

        # The wrapper asks for `case` too, so the plugin can judge the run.
        params = list(inspect.signature(fn).parameters.values())
        if "case" not in [p.name for p in params]:
            params.append(inspect.Parameter("case", inspect.Parameter.KEYWORD_ONLY))
        run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        marked = pytest.mark.asyncio(loop_scope="session")(run)
        return getattr(pytest.mark, MARKER)(case_id, idle=idle, requires=requires)(marked)

    return decorate


# -- options and configuration -----------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ocpp-conformance", "OCPP 1.6 conformance")
    group.addoption("--sut", action="append", default=[], metavar="FILE",
                    help="SUT description (TOML); repeat for a charge point and a central system. "
                         "Default: the two built-in reference SUTs.")
    group.addoption("--case", action="append", default=[], metavar="ID", help="run only this test case ID (repeatable)")
    group.addoption("--profile", action="append", default=[], metavar="PROFILE",
                    help="run only test cases of this feature profile (repeatable)")
    group.addoption("--robustness", action="store_true",
                    help="run the robustness suites (testcases/robustness, marked fuzz); test cases then run only "
                         "where --case names them. Without it they run in plain pytest unless --case or --profile "
                         "selects cases, and never in `ocpp-conformance run`")
    group.addoption("--beyond", action="store_true",
                    help="run the checks beyond the plan (testcases/beyond, marked beyond) after the plan's cases; "
                         "reported apart from the plan. Without it they run in plain pytest unless --case, --profile "
                         "or --robustness selects, and never in `ocpp-conformance run`")
    group.addoption("--robustness-seconds", type=float, default=None, metavar="S",
                    help="budget of each robustness property (per action) in seconds, besides its number of "
                         "examples (--hypothesis-profile); overrides [robustness] budget_s")
    group.addoption("--reports", default=None, metavar="DIR",
                    help="write allure results, junit.xml, summary.json/md and traces here "
                         "(default: reports/ when --sut is given, none otherwise)")


class ConformancePlugin:
    def __init__(self, config: pytest.Config, suts: list[SutProfile], reports: Path | None):
        self.config = config
        self.suts = {p.role: p for p in suts}
        self.reports = reports
        self.not_started: str | None = None   # why the run stopped before its first case
        # With pytest-xdist the workers run the cases and the controller writes the reports.
        self.summary = Summary(reports, suts) if reports and not getattr(config, "workerinput", None) else None
        self.drivers: dict[Role, Driver] = {}
        self.harnesses: dict[Role, CentralSystemHarness] = {}
        self.file_servers: dict[Role, FileServer] = {}   # started by the first case that needs one
        # The rules that span the run, per SUT (per pytest-xdist worker: each runs its own cases).
        self.run_rules: dict[Role, RunRules] = {role: RunRules() for role in Role}
        self.selected_roles: set[Role] = set()
        self.events = events.Bus()
        self._subscribe_reporters()
        if self.summary is not None:
            # The matrix's rows: the plan IDs of the run's SUT roles, narrowed by --case and --profile.
            # A robustness run without --case runs no plan case: no plan row is "not run" then.
            robustness_only = config.getoption("robustness") and not config.getoption("case")
            self.summary.set_scope(Scope(() if robustness_only else tuple(r.value for r in self.suts),
                                         frozenset(expand_split(config.getoption("case"))),
                                         frozenset(config.getoption("profile")), implemented_cases(PROJECT_ROOT / "testcases")))

    def _subscribe_reporters(self) -> None:
        """The suite's own reporters; others subscribe to `events` the same way (see docs/reports.md)."""
        from .reporting.allure_reporter import AllureReporter
        from .reporting.terminal import TerminalReporter
        from .reporting.writers import SummaryWriter, TraceFiles

        allure_reporter = AllureReporter()
        self.config.pluginmanager.register(allure_reporter, "ocpp_conformance_allure")
        self.events.subscribe(allure_reporter)
        if self.reports is not None:
            self.events.subscribe(TraceFiles(self.reports / "traces"))
        if self.summary is not None:
            self.events.subscribe(SummaryWriter(self.summary))
        self.events.subscribe(TerminalReporter(self.config, self.events, self.summary, self.reports))

    # selection ------------------------------------------------------------------------------

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        wanted_cases, wanted_profiles = expand_split(config.getoption("case")), set(config.getoption("profile"))
        problem = selection_problem(config.getoption("case"), config.getoption("profile"))
        if problem:
            self._refuse(problem)
        robustness, beyond = config.getoption("robustness"), config.getoption("beyond")
        keep, drop = [], []
        for item in items:
            marker = item.get_closest_marker(MARKER)
            if item.get_closest_marker(BEYOND_MARKER) is not None and marker is not None:
                entry = BEYOND[marker.args[0]]
                if entry.sut_role not in self.suts or (not beyond and (wanted_cases or wanted_profiles or robustness)):
                    drop.append(item)
                    continue
                keep.append(item)
                self.selected_roles.add(entry.sut_role)
                item.add_marker(pytest.mark.timeout(_safety_net(self.suts[entry.sut_role])))
                continue
            if item.get_closest_marker("fuzz") is not None:
                role = _robustness_role(item)
                if role not in self.suts or (not robustness and (wanted_cases or wanted_profiles)):
                    drop.append(item)
                    continue
                keep.append(item)
                self.selected_roles.add(role)
                continue
            if marker is None:
                # The hostile variants (marker robustness) are no plan cases: a selection of plan
                # cases or profiles leaves them out.
                if item.get_closest_marker("robustness") is not None and not robustness and (wanted_cases or wanted_profiles):
                    drop.append(item)
                else:
                    keep.append(item)
                continue
            if robustness and not wanted_cases:
                drop.append(item)
                continue
            entry = catalog()[marker.args[0]]
            if (wanted_cases and entry.id not in wanted_cases) or (wanted_profiles and entry.profile not in wanted_profiles) \
                    or entry.sut_role not in self.suts:
                drop.append(item)
                continue
            keep.append(item)
            self.selected_roles.add(entry.sut_role)
            item.add_marker(pytest.mark.timeout(_safety_net(self.suts[entry.sut_role])))
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep

        # The plan's cases in plan order; the robustness suites after them, so what fuzzing leaves
        # behind can never touch a case.
        # The checks beyond the plan after the plan's cases, so they cannot touch a plan verdict.
        items.sort(key=lambda i: (i.get_closest_marker("fuzz") is not None, i.get_closest_marker(BEYOND_MARKER) is not None,
                                  entry_of(i.get_closest_marker(MARKER).args[0]).sort_key
                                  if i.get_closest_marker(MARKER) else ()))  # type: ignore[union-attr]
        from .robustness.session import examples_budget

        # A robustness property is bounded by its budget of examples, each by the SUT's timeouts.
        for item in items:
            if item.get_closest_marker("fuzz") is not None and _robustness_role(item) in self.suts:
                sut = self.suts[_robustness_role(item)]
                seconds = config.getoption("robustness_seconds") or sut.robustness.get("budget_s")
                budget = examples_budget(sut, seconds)
                bound = budget * 4 * sut.test_data.message_timeout_s
                if seconds is not None:   # then the examples left are only drawn; a slow last one is bounded too
                    bound = min(bound, seconds + budget * 0.01 + 4 * sut.test_data.message_timeout_s)
                item.add_marker(pytest.mark.timeout(60 + bound))

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Refuse to start when a selected SUT cannot be served or reached: exit 2, one line."""
        for role in self.selected_roles:
            try:
                preflight.check(self.suts[role])
            except ConfigError as exc:
                self._refuse(str(exc))
        for note in getattr(self.config, "_conformance_port_notes", ()) if self.not_started is None else ():
            sys.stderr.write(f"ocpp-conformance: {note}\n")
        if self.summary is not None and self.selected_roles:
            self.summary.write()   # the page exists from the start: every selected case "not run" yet

    # verdicts -----------------------------------------------------------------------------------

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Any:
        outcome = yield
        report = outcome.get_result()
        case: CaseRun | None = getattr(item, "_conformance_case", None)
        if case is None:
            return
        exc = call.excinfo.value if call.excinfo else None
        if call.when in ("setup", "call"):
            if report.skipped and case.verdict is None:
                case.verdict, case.message = Verdict.NOT_APPLICABLE, _skip_reason(report)
            elif report.failed:
                if isinstance(exc, ConformanceFailure):
                    case.verdict, case.rule, case.message = Verdict.FAILED, exc.rule, str(exc)
                    report.longrepr = f"{case.entry.id} failed: {exc}\n\nlast frames:\n{case.trace.last(8)}"
                elif case.verdict is None or case.verdict is Verdict.PASSED:
                    name = type(exc).__name__ if exc else "error"
                    case.verdict, case.rule, case.message = Verdict.BROKEN, name, f"{name}: {exc}"
                    if isinstance(exc, HarnessError):
                        report.longrepr = f"{case.entry.id} broken (not the SUT's fault): {exc}"
            elif call.when == "call":
                case.verdict = Verdict.PASSED_WITH_WARNINGS if case.warnings else Verdict.PASSED
                if case.warnings:
                    case.message = "; ".join(case.warnings)
        if call.when == "teardown":
            if report.failed and case.verdict in (None, Verdict.PASSED):
                case.verdict, case.rule, case.message = Verdict.BROKEN, "teardown", str(exc)
            # The last phase: the verdict is final. It travels with the report, so that the
            # process that writes the reports gets it, a pytest-xdist worker's too.
            verdict = (case.verdict or Verdict.BROKEN).value
            self.events.publish(events.VerdictDecided(case_id=case.entry.id, verdict=verdict, rule=case.rule,
                                                      message=case.message))
            report.conformance_case = asdict(case.result())

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """A case's last phase is reported: write its verdict down now."""
        result = getattr(report, "conformance_case", None)
        if result is not None:
            self.events.publish(events.CaseFinished(result=CaseResult(**result)))
        robustness = getattr(report, "robustness_result", None)
        if robustness is not None:
            from .reporting.robustness import PropertyResult

            self.events.publish(events.RobustnessFinished(result=PropertyResult(**robustness)))

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """Allure's environment and categories, once allure-pytest has emptied its directory.

        With pytest-xdist the controller collects nothing: its page exists from the start here."""
        if self.summary is not None and _parallel(self.config):
            self.summary.write()
        results = getattr(self.config.option, "allure_report_dir", None)
        if self.reports is not None and results:
            with contextlib.suppress(OSError):
                allure_meta.write(Path(results), list(self.suts.values()))
        self.events.publish(events.RunStarted(suts=tuple(s.label for s in self.suts.values())))

    def _refuse(self, problem: str) -> NoReturn:
        """Stop before the first case; the reports say so once pytest has written its own."""
        self.not_started = problem
        _exit(problem)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.events.publish(events.RunFinished(exit_status=int(exitstatus)))

    @pytest.hookimpl(trylast=True)
    def pytest_unconfigure(self, config: pytest.Config) -> None:
        # After JUnit's and allure's writers: an empty junit.xml of theirs would read as a clean run.
        if self.not_started is not None and self.reports is not None and self.summary is not None:
            not_started.write(self.reports, self.not_started, list(self.suts.values()))
        events.deactivate(self.events)


def _robustness_role(item: pytest.Item) -> Role:
    """A robustness test fuzzes the SUT whose fixture it takes."""
    return Role.CHARGE_POINT if "charge_point" in getattr(item, "fixturenames", ()) else Role.CENTRAL_SYSTEM


def _parallel(config: pytest.Config) -> bool:
    """Whether pytest-xdist runs this session's cases in several workers."""
    workers = getattr(config.option, "numprocesses", None)
    return bool(getattr(config, "workerinput", None)) or (
        workers not in (None, 0) and getattr(config.option, "dist", "no") != "no")


def built_in_on_free_ports(suts: list[SutProfile]) -> tuple[list[SutProfile], list[str]]:
    """The built-in reference SUTs, each moved to a free port when another program holds its fixed one,
    and a line for each that moved, saying where it went."""
    moved, notes = [], []
    for sut in suts:
        host, port = preflight.listen_address(sut)
        busy = preflight.port_problem(host, port) if sut.driver == "reference" else None
        if busy is None:
            moved.append(sut)
            continue
        sut = _on_a_free_port(sut)
        notes.append(f"{host}:{port}, the fixed port of the {sut.label}, is busy ({busy}): "
                     f"this run uses {':'.join(map(str, preflight.listen_address(sut)))} instead")
        moved.append(sut)
    return moved, notes


def _on_a_free_port(sut: SutProfile) -> SutProfile:
    """A reference SUT in a pytest-xdist worker: on a port of its own, since each worker runs
    its own harness and reference SUTs and one port can serve only one."""
    import dataclasses
    from urllib.parse import urlsplit, urlunsplit

    from .sut.local import free_port

    port = free_port()
    key = "listen" if sut.role is Role.CHARGE_POINT else "url"
    parts = urlsplit(getattr(sut, key))
    moved = urlunsplit(parts._replace(netloc=f"{parts.hostname}:{port}"))
    return dataclasses.replace(sut, **{key: moved})


def _safety_net(sut: SutProfile) -> float:
    """A last-resort bound for one case, far above what its own bounded waits can add up to."""
    d = sut.test_data
    return (d.reboot_timeout_s + d.connect_timeout_s + 4 * d.action_timeout_s + 20 * d.message_timeout_s
            + 6 * (d.heartbeat_interval_s + d.boot_retry_interval_s) + 60)


def _skip_reason(report: Any) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


# pytest shows an Exit as "<class name>: <message>" (on stderr while configuring, in a banner on
# stdout later): with this name, and no module shown, that is the suite's one-line error.
_Refused = type("ocpp-conformance", (pytest.exit.Exception,),
                {"__doc__": "A usage or configuration error: exit 2.", "__module__": "builtins"})


def _did_not_start(reports: Path | None, message: str, suts: list[SutProfile] | None = None) -> NoReturn:
    """Stop while configuring; where reports go, they say the run did not start, and why."""
    if reports is not None:
        not_started.write(reports.resolve(), message, suts)
    _exit(message, configuring=True)


def _exit(message: str, *, configuring: bool = False) -> NoReturn:
    """Stop the run with one line on stderr and exit code 2, from any hook before the first case."""
    if not configuring:
        # Later on pytest reports an Exit on stdout only: the line goes to stderr from here.
        sys.stderr.write(f"ocpp-conformance: {message}\n")
        sys.stderr.flush()
    raise _Refused(message, returncode=2)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}(id): a test case of the OCPP 1.6 certification test plan")
    config.addinivalue_line("markers", "fuzz: hypothesis robustness tests, not part of a certification run")
    config.addinivalue_line("markers", f"{BEYOND_MARKER}: a check beyond the plan (conformance.beyond), run with --beyond")
    config.option.case = [case.upper() for case in config.getoption("case")]   # tc_003_cs is TC_003_CS
    given = config.getoption("sut")
    paths = given or [str(PROJECT_ROOT / p) for p in REFERENCE_SUTS]
    reports_opt = config.getoption("reports")
    reports = Path(reports_opt) if reports_opt else (Path("reports") if given else None)
    def refuse(message: str, suts: list[SutProfile] | None = None) -> NoReturn:
        if getattr(config, "workerinput", None):   # the controller speaks for the run
            _exit(message, configuring=True)
        _did_not_start(reports, message, suts)

    try:
        suts = sut_profile.load_all(paths)
    except ConfigError as exc:
        refuse(str(exc))
    if _parallel(config) and any(sut.driver != "reference" for sut in suts):
        refuse("a SUT that is not a built-in reference SUT meets one harness at a time: run it without -n "
               "(pytest-xdist runs one harness per worker)", suts)
    if getattr(config, "workerinput", None):
        suts = [_on_a_free_port(sut) for sut in suts]
    elif not given and not _parallel(config):
        # The built-in reference SUTs only: a SUT file's ports are the user's to choose.
        suts, notes = built_in_on_free_ports(suts)
        config._conformance_port_notes = notes   # said once the run is sure to start (a refusal stays one line)
    if reports is not None and not getattr(config, "workerinput", None):
        reports = reports.resolve()
        try:
            reports.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _exit(f"cannot create the reports directory {reports} ({exc.strerror or exc}): "
                  "give --reports a directory that can be written", configuring=True)
        if getattr(config.option, "allure_report_dir", "unset") is None:
            config.option.allure_report_dir = str(reports / "allure-results")
            config.option.clean_alluredir = True
        if getattr(config.option, "xmlpath", "unset") is None:
            config.option.xmlpath = str(reports / "junit.xml")
    elif reports is not None and getattr(config.option, "allure_report_dir", "unset") is None:
        # A pytest-xdist worker writes the allure results of its cases beside the others'; the
        # controller, which emptied the directory, writes JUnit and the suite's own reports.
        config.option.allure_report_dir = str(reports.resolve() / "allure-results")
    plugin = ConformancePlugin(config, suts, reports)
    config.pluginmanager.register(plugin, "ocpp_conformance_plugin")
    events.activate(plugin.events)   # what the harness publishes in this session reaches its reporters
    # Loaded by name, not imported at the top: pytest_asyncio must be loaded by pytest before
    # anyone imports it. The fixtures depend on this plugin, never the other way round.
    config.pluginmanager.import_plugin("conformance.fixtures")


def plugin_of(config: pytest.Config) -> ConformancePlugin:
    return config.pluginmanager.get_plugin("ocpp_conformance_plugin")  # type: ignore[return-value]
