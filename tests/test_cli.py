"""The command line as a user meets it: exit codes, one-line errors, reports, a separate SUT."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance.catalog import catalog
from conformance.checks import rules
from conformance.sut.local import free_port, reference_sut, write_toml
from tests.conftest import ROOT

CLI = [sys.executable, "-m", "conformance.cli"]


def cli(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def one_clear_line(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


# A run without --sut takes the reference SUTs' fixed ports 18600/18601: on one pytest-xdist
# worker (the test command distributes with --dist loadgroup), the others on free ports.
FIXED_PORTS = pytest.mark.xdist_group("reference_suts_on_fixed_ports")


@FIXED_PORTS
def test_run_against_the_reference_suts(tmp_path):
    """The README's `ocpp-conformance run`: every case passes, every report is written."""
    reports = tmp_path / "reports"
    result = cli("run", "--reports", str(reports))
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads((reports / "summary.json").read_text())
    implemented = {re.search(r'conformance_case\("(\w+)"', p.read_text()).group(1)
                   for p in (ROOT / "testcases").rglob("test_tc_*.py")}
    assert {"TC_001_CS", "TC_003_CS", "TC_001_CSMS", "TC_003_CSMS"} <= implemented
    # The reference charge point has a socket, no backup power, the Reservation and Local Auth List
    # Management profiles, and both reference SUTs use security profile 2: the cases for the
    # others do not apply.
    other = {"TC_017_2_CS", "TC_018_2_CS", "TC_032_1_CS", "TC_043_1_CS", "TC_048_4_CS", "TC_050_4_CS",
             "TC_074_CS", "TC_074_CSMS", "TC_077_CS", "TC_077_CSMS", "TC_087_CS", "TC_087_CSMS"}
    assert {c["id"] for c in summary["cases"]} == implemented
    totals = dict(summary["totals"])
    passed = totals.pop("passed", 0) + totals.pop("passed with warnings", 0)   # a warning is a pass
    assert (passed, totals) == (len(implemented - other), {"not applicable": len(other)}), summary["totals"]
    assert {c["id"] for c in summary["cases"] if c["verdict"] == "not applicable"} == other
    assert summary["beyond"] == {"totals": {}, "checks": []}   # only with --beyond
    assert "charge-point / Core" in (reports / "summary.md").read_text()
    results = [json.loads(p.read_text()) for p in (reports / "allure-results").glob("*-result.json")]
    # Every case is one allure test and one junit test case; robustness checks come on top.
    assert {r.get("testCaseId") for r in results} >= implemented
    assert (reports / "junit.xml").read_text().count("<testcase ") >= len(implemented)
    tc003 = next(r for r in results if r["testCaseId"] == "TC_003_CS")
    labels = {label["name"]: label["value"] for label in tc003["labels"]}
    assert labels["testCaseId"] == "TC_003_CS" and labels["epic"] == "SUT: Charge Point" and labels["feature"] == "Core"
    assert tc003["historyId"] == "TC_003_CS" and tc003["status"] == "passed"
    steps = [s["name"] for s in tc003["steps"]]
    assert any(s.startswith("Expect step 1: StatusNotification.req") for s in steps)
    assert any("[plug_in]" in s for s in steps)
    assert {a["name"] for a in tc003["attachments"]} == {"message trace", "message trace (JSON lines)",
                                                         "sequence diagram"}
    page = (reports / "index.html").read_text()   # the suite's own page: matrix, diagrams, traces
    assert page.count('<article id="case-') == len(implemented) and "StartTransaction" in page
    assert page.count('<svg ') >= len(implemented - other)
    assert len(summary["matrix"]) == len({(e.sut_role, e.profile) for e in catalog().values()})
    trace = (reports / "traces" / "TC_003_CS.txt").read_text()
    assert "StartTransaction" in trace
    everything = "".join(p.read_text(errors="replace") for p in reports.rglob("*") if p.is_file())
    assert "reference-auth-key-1" not in everything and "PRIVATE KEY" not in everything


def test_run_beyond_reports_the_checks_beyond_the_plan_apart(tmp_path):
    """`--beyond`: the checks run after the plan's cases, and are counted in no plan total or matrix row."""
    from conformance.beyond import BEYOND

    reports = tmp_path / "reports"
    suts = [reference_sut(tmp_path, role) for role in ("charge-point", "central-system")]
    result = cli("run", "--beyond", "--case", "TC_019_CS", "--sut", str(suts[0]), "--sut", str(suts[1]),
                 "--reports", str(reports))
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads((reports / "summary.json").read_text())
    assert [c["id"] for c in summary["cases"]] == ["TC_019_CS"] and summary["totals"] == {"passed": 1}
    assert {c["id"] for c in summary["beyond"]["checks"]} == set(BEYOND)
    assert summary["beyond"]["totals"] == {"passed": len(BEYOND)}
    assert all(c["section"].startswith("OCPP 1.6 §") for c in summary["beyond"]["checks"])
    rows = [row["id"] for group in summary["matrix"] for row in group["cases"]]
    assert not set(rows) & set(BEYOND)
    assert "## Beyond the plan" in (reports / "summary.md").read_text()
    page = (reports / "index.html").read_text()
    assert page.index('id="matrix"') < page.index('id="beyond"') and "BEYOND_READ_ONLY_KEY_CS" in page
    assert "beyond the plan (--beyond)" in result.stdout


def test_a_broken_sut_file_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[sut]\nrole = "charge-point"\ncharge_point_id = "X"\nlisten = "ws://127.0.0.1:1"\n'
                   '[actions]\ndriver = "prompt"\n[test_data]\nmessage_timeout_s = "soon"\n')
    one_clear_line(cli("run", "--sut", str(bad), "--reports", str(tmp_path / "r")), str(bad), "message_timeout_s")


def test_a_missing_sut_file(tmp_path):
    one_clear_line(cli("run", "--sut", str(tmp_path / "nope.toml")), "no such file")


def test_an_unknown_case_id(tmp_path):
    one_clear_line(cli("run", "--case", "TC_999_CS", "--reports", str(tmp_path)), "TC_999_CS")


def test_a_port_in_use(tmp_path):
    import socket

    port = free_port()
    sut = write_toml(tmp_path / "cp.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP_1", "listen": f"ws://127.0.0.1:{port}"},
        "actions": {"driver": "prompt"}})
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen()
        one_clear_line(cli("run", "--sut", str(sut), "--reports", str(tmp_path / "r")), "Address already in use",
                       "[sut] listen")


def test_an_unreachable_central_system(tmp_path):
    sut = write_toml(tmp_path / "csms.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_1", "url": f"ws://127.0.0.1:{free_port()}/ocpp"},
        "actions": {"driver": "prompt"}})
    one_clear_line(cli("run", "--sut", str(sut), "--reports", str(tmp_path / "r")),
                   "cannot connect to the central system", "connection refused", "[sut] url")


def test_a_central_system_on_the_wrong_path_is_one_line_before_any_case(tmp_path):
    from tests.sut.test_preflight import central_system

    with central_system(lambda request: (404, "Not Found")) as fake:
        sut = write_toml(tmp_path / "csms.toml", {
            "sut": {"role": "central-system", "charge_point_id": "CP_1", "url": f"ws://127.0.0.1:{fake.port}/ocpp"}})
        one_clear_line(cli("run", "--sut", str(sut), "--reports", str(tmp_path / "r")),
                       str(sut), "HTTP 404 Not Found", "[sut] url", "trailing slash", "{charge_point_id}")
    assert_reports_say_not_started(tmp_path / "r", "HTTP 404 Not Found")


def assert_reports_say_not_started(reports: Path, why: str) -> None:
    """junit.xml holds one error naming why; summary.json, summary.md and index.html say the run did not start."""
    import xml.etree.ElementTree as ElementTree

    suite = ElementTree.parse(reports / "junit.xml").getroot().find("testsuite")
    assert suite is not None and suite.get("errors") == "1" and suite.get("tests") == "1"
    (error,) = suite.iter("error")
    assert why in (error.get("message") or "") and "did not start" in (error.get("message") or "")
    summary = json.loads((reports / "summary.json").read_text())
    assert why in summary["not_started"] and summary["cases"] == [] and summary["totals"] == {}
    assert "did not start" in (reports / "summary.md").read_text()
    page = (reports / "index.html").read_text()
    assert "the run did not start" in page and why in page
    assert not (reports / "traces").exists() and not (reports / "allure-results").exists()


STALE = {"junit.xml": '<testsuites><testsuite tests="99" errors="0" failures="0"/></testsuites>',
         "summary.json": '{"totals": {"passed": 99}}', "summary.md": "99 passed", "index.html": "99 passed",
         "traces/TC_001_CSMS.txt": "an old trace", "allure-results/old-result.json": "{}"}


def stale_reports(directory: Path) -> Path:
    for name, text in STALE.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text)
    return directory


@pytest.mark.parametrize("runner", ["cli", "pytest"])
@pytest.mark.parametrize("problem", ["no handshake answer", "bad sut file"])
def test_a_run_that_does_not_start_replaces_stale_reports_by_its_own(tmp_path, runner, problem):
    """A CI job that reads junit.xml never sees an earlier run's verdicts as this run's."""
    import socket

    reports = stale_reports(tmp_path / "reports")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        if problem == "no handshake answer":
            sut = write_toml(tmp_path / "csms.toml", {
                "sut": {"role": "central-system", "charge_point_id": "CP_1",
                        "url": f"ws://127.0.0.1:{silent.getsockname()[1]}/ocpp"},
                "test_data": {"connect_timeout_s": 0.5}})
            why = "gave no WebSocket handshake answer within 0.5 s"
        else:
            sut = write_toml(tmp_path / "csms.toml", {"sut": {"role": "central-system"}})
            why = "charge_point_id"
        args = ["--sut", str(sut), "--reports", str(reports)]
        if runner == "cli":
            result = cli("run", *args)
        else:
            result = subprocess.run([*PYTEST, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                                    stdin=subprocess.DEVNULL)
    one_clear_line(result, why)
    assert_reports_say_not_started(reports, why)


def test_a_handshake_refused_inside_a_case_is_broken_not_failed(tmp_path):
    """The central system accepts the preflight handshakes, then refuses the case's: the set-up, not the SUT."""
    from tests.sut.test_preflight import central_system

    seen = []

    def refuse_after_preflight(request):
        seen.append(request.path)
        # One preflight handshake by the command line, one by the pytest plugin.
        return None if len(seen) <= 2 else (403, "charge point CP_1 is blocked")

    with central_system(refuse_after_preflight) as fake:
        sut = write_toml(tmp_path / "csms.toml", {
            "sut": {"role": "central-system", "charge_point_id": "CP_1", "url": f"ws://127.0.0.1:{fake.port}/ocpp"},
            "security": {"profile": 1, "password": "not-in-any-report"},
            "test_data": {"connect_timeout_s": 2, "message_timeout_s": 2}})
        reports = tmp_path / "r"
        result = cli("run", "--sut", str(sut), "--case", "TC_001_CSMS", "--reports", str(reports))
    assert result.returncode == 1, result.stdout + result.stderr
    (case,) = json.loads((reports / "summary.json").read_text())["cases"]
    assert case["verdict"] == "broken" and case["rule"] == "SetupError"
    assert "HTTP 403 Forbidden" in case["message"] and "[security] profile and password" in case["message"]
    trace = (reports / "traces" / "TC_001_CSMS.txt").read_text()
    assert f"ws://127.0.0.1:{fake.port}/ocpp/CP_1" in trace and "HTTP 403" in trace and "is blocked" in trace
    everything = "".join(p.read_text(errors="replace") for p in reports.rglob("*") if p.is_file())
    assert "not-in-any-report" not in everything and "Authorization" not in everything


def test_list_names_applicability(tmp_path):
    sut = write_toml(tmp_path / "csms.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_1", "url": "ws://127.0.0.1:9/ocpp"},
        "capabilities": {"profiles": ["Reservation"]}, "actions": {"driver": "prompt"}})
    result = cli("list", "--sut", str(sut))
    assert result.returncode == 0
    assert "TC_001_CSMS" in result.stdout and "does not declare the Core profile" in result.stdout
    assert "TC_001_CS " not in result.stdout


def test_list_needs_no_password_but_run_does(tmp_path):
    """Listing connects to nothing; a run reads password_env before its first case."""
    sut = write_toml(tmp_path / "csms.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_1", "url": f"ws://127.0.0.1:{free_port()}/ocpp"},
        "security": {"profile": 1, "password_env": "NOT_SET_ANYWHERE_42"}})
    env = {k: v for k, v in os.environ.items() if k != "NOT_SET_ANYWHERE_42"}
    listed = subprocess.run([*CLI, "list", "--sut", str(sut)], cwd=ROOT, capture_output=True, text=True, env=env,
                            timeout=60, stdin=subprocess.DEVNULL)
    assert listed.returncode == 0, listed.stderr
    assert "TC_001_CSMS" in listed.stdout and listed.stderr == ""
    run = subprocess.run([*CLI, "run", "--sut", str(sut), "--reports", str(tmp_path / "r")], cwd=ROOT,
                         capture_output=True, text=True, env=env, timeout=60, stdin=subprocess.DEVNULL)
    one_clear_line(run, str(sut), "[security] password_env names NOT_SET_ANYWHERE_42, which is not set")


def test_not_applicable_comes_from_the_declared_capabilities(tmp_path):
    sut = write_toml(tmp_path / "csms.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_1", "url": "ws://127.0.0.1:9/ocpp"},
        "capabilities": {"profiles": ["Reservation"]}, "actions": {"driver": "reference"}})
    reports = tmp_path / "r"
    result = cli("run", "--sut", str(sut), "--case", "TC_001_CSMS", "--reports", str(reports))
    assert result.returncode == 0, result.stdout + result.stderr
    (case,) = json.loads((reports / "summary.json").read_text())["cases"]
    assert case["verdict"] == "not applicable" and "Core" in case["message"]
    # The summary starts on a line of its own, not at the end of the progress line.
    assert re.search(r"^=+ OCPP 1\.6 conformance summary =+$", result.stdout, re.M), result.stdout


@contextlib.contextmanager
def reference_charge_point(listen: str, control_port: int, *faults: str, modes: tuple[str, ...] = ()
                           ) -> Iterator[subprocess.Popen]:
    """The reference charge point in its own process, as a rig in CI would run a charger."""
    args = [*CLI, "reference", "charge-point", "--connect", listen, "--control", f"127.0.0.1:{control_port}"]
    for fault in faults:
        args += ["--fault", fault]
    for mode in modes:
        args += ["--mode", mode]
    charger = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               stdin=subprocess.DEVNULL)
    try:
        yield charger
    finally:
        charger.send_signal(signal.SIGTERM)
        try:
            charger.wait(10)
        except subprocess.TimeoutExpired:
            charger.kill()


@pytest.mark.parametrize(("faults", "expected"), [
    ((), {"TC_001_CS": "passed", "TC_003_CS": "passed"}),
    (("no_authorize",), {"TC_001_CS": "passed", "TC_003_CS": "failed"}),
])
def test_a_separately_started_charge_point_driven_by_command(tmp_path, faults, expected):
    port, control = free_port(), free_port()
    sut = write_toml(tmp_path / "rig.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP_RIG", "listen": f"ws://127.0.0.1:{port}/ocpp"},
        "capabilities": {"connectors": 2},
        "test_data": {"message_timeout_s": 5, "reboot_timeout_s": 15, "connect_timeout_s": 20,
                      "action_timeout_s": 10, "heartbeat_interval_s": 1, "boot_retry_interval_s": 3, "timing_tolerance_s": 0.8},
        "actions": {"driver": "command",
                    "command": f"{sys.executable} -m conformance.cli reference control "
                               f"--to http://127.0.0.1:{control} {{action}} {{args_json}}"}})
    reports = tmp_path / "r"
    # The harness must be listening before the charge point gives up; it retries with back-off anyway.
    with reference_charge_point(f"ws://127.0.0.1:{port}/ocpp/CP_RIG", control, *faults):
        result = cli("run", "--sut", str(sut), "--case", "TC_001_CS", "--case", "TC_003_CS", "--reports", str(reports))
    verdicts = {c["id"]: c["verdict"] for c in json.loads((reports / "summary.json").read_text())["cases"]}
    assert verdicts == expected, result.stdout[-3000:]
    assert result.returncode == (0 if not faults else 1)
    if faults:
        failed = next(c for c in json.loads((reports / "summary.json").read_text())["cases"] if c["id"] == "TC_003_CS")
        assert failed["rule"] == rules.TRANSACTION_AS_PLANNED and "StartTransaction" in failed["message"]


def test_reference_central_system_on_a_busy_port(tmp_path):
    import socket

    port = free_port()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen()
        one_clear_line(cli("reference", "central-system", "--listen", f"ws://127.0.0.1:{port}", timeout=30))


def test_prompt_driver_in_ci_is_broken_not_failed(tmp_path):
    """No terminal: the operator action cannot happen; that is the environment, not the SUT."""
    sut = write_toml(tmp_path / "cp.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP_P", "listen": f"ws://127.0.0.1:{free_port()}/ocpp"},
        "test_data": {"connect_timeout_s": 1}, "actions": {"driver": "prompt"}})
    reports = tmp_path / "r"
    started = time.monotonic()
    result = cli("run", "--sut", str(sut), "--case", "TC_003_CS", "--reports", str(reports))
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    (case,) = json.loads((reports / "summary.json").read_text())["cases"]
    assert case["verdict"] == "broken" and "not connected" in case["message"]
    assert (reports / "traces" / "TC_003_CS.txt").exists()
    assert os.path.exists(reports / "junit.xml")


def test_report_without_results_or_allure_is_one_line(tmp_path):
    one_clear_line(cli("report", "--reports", str(tmp_path / "none")), "no allure results")
    results = tmp_path / "r" / "allure-results"
    results.mkdir(parents=True)
    (results / "x-result.json").write_text("{}")
    env = {**os.environ, "PATH": "/nonexistent"}
    result = subprocess.run([*CLI, "report", "--reports", str(tmp_path / "r")], capture_output=True, text=True,
                            env=env, timeout=60)
    one_clear_line(result, "allure-commandline")


PYTEST = [sys.executable, "-m", "pytest", str(ROOT / "testcases"), "-p", "no:cacheprovider", "-q"]


def two_central_systems(tmp_path):
    tables = {"sut": {"role": "central-system", "charge_point_id": "CP_1", "url": "ws://127.0.0.1:9/ocpp"}}
    return write_toml(tmp_path / "a.toml", tables), write_toml(tmp_path / "b.toml", tables)


def test_two_descriptions_of_one_role_are_one_line_from_the_cli_and_from_pytest(tmp_path):
    first, second = two_central_systems(tmp_path)
    from_cli = cli("run", "--sut", str(first), "--sut", str(second), "--reports", str(tmp_path / "r"))
    one_clear_line(from_cli, "two SUT descriptions for role 'central-system'", str(second))
    from_pytest = subprocess.run([*PYTEST, "--sut", str(first), "--sut", str(second)], cwd=tmp_path,
                                 capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    one_clear_line(from_pytest, "two SUT descriptions for role 'central-system'")
    assert from_pytest.stderr.startswith("ocpp-conformance: ") and "Exit" not in from_pytest.stderr
    assert from_cli.stderr == from_pytest.stderr
    listed = cli("list", "--sut", str(first), "--sut", str(second))
    one_clear_line(listed, "two SUT descriptions")


@pytest.mark.parametrize("args", [
    lambda tmp_path: ["--sut", str(tmp_path / "missing.toml")],
    lambda tmp_path: ["--case", "TC_999_CS"],
    lambda tmp_path: ["--sut", str(write_toml(tmp_path / "csms.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_1", "url": f"ws://127.0.0.1:{free_port()}/ocpp"}}))],
    lambda tmp_path: ["--reports", str(write_toml(tmp_path / "a-file", {}) / "reports")],
], ids=["bad file", "unknown case", "unreachable central system", "reports not a directory"])
def test_plain_pytest_says_a_setup_mistake_in_one_line(tmp_path, args):
    result = subprocess.run([*PYTEST, *args(tmp_path)], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            stdin=subprocess.DEVNULL)
    one_clear_line(result, "ocpp-conformance: ")
    assert result.stderr.startswith("ocpp-conformance: ") and "Exit:" not in result.stderr


@pytest.mark.parametrize(("modes", "profiles"), [
    (("sync_actions",), ["Core"]),                       # its control command returns once the CALL was answered
    (("sync_actions", "already_booted"), ["Core"]),      # up before the run, no RemoteTrigger: a power cycle
    (("already_booted",), ["Core", "RemoteTrigger"]),    # up before the run: TriggerMessage
])
def test_a_rig_with_a_synchronous_control_command_or_a_charger_already_up(tmp_path, modes, profiles):
    port, control = free_port(), free_port()
    sut = write_toml(tmp_path / "rig.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP_RIG", "listen": f"ws://127.0.0.1:{port}/ocpp"},
        "capabilities": {"connectors": 2, "profiles": profiles},
        "test_data": {"message_timeout_s": 5, "reboot_timeout_s": 15, "connect_timeout_s": 20,
                      "action_timeout_s": 15, "heartbeat_interval_s": 1, "boot_retry_interval_s": 3, "timing_tolerance_s": 0.8},
        "actions": {"driver": "command",
                    "command": f"{sys.executable} -m conformance.cli reference control --timeout 15 "
                               f"--to http://127.0.0.1:{control} {{action}} {{args_json}}"}})
    reports = tmp_path / "r"
    with reference_charge_point(f"ws://127.0.0.1:{port}/ocpp/CP_RIG", control, modes=modes):
        result = cli("run", "--sut", str(sut), "--case", "TC_003_CS", "--case", "TC_004_1_CS",
                     "--reports", str(reports))
    cases = json.loads((reports / "summary.json").read_text())["cases"]
    assert {c["id"]: c["verdict"] for c in cases} == {"TC_003_CS": "passed", "TC_004_1_CS": "passed"}, \
        result.stdout[-3000:]
    first = (reports / "traces" / "TC_003_CS.txt").read_text()
    if "already_booted" in modes:
        assert ("TriggerMessage" in first) == ("RemoteTrigger" in profiles)
        assert ("[power_cycle]" in first) == ("RemoteTrigger" not in profiles)


def test_a_real_sut_is_not_run_in_several_workers(tmp_path):
    """pytest-xdist runs one harness per worker; a SUT that is not a built-in reference meets one."""
    sut = write_toml(tmp_path / "cp.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP_X", "listen": f"ws://127.0.0.1:{free_port()}/ocpp"},
        "actions": {"driver": "prompt"}})
    result = subprocess.run([*PYTEST, "-n", "2", "--sut", str(sut)], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120, stdin=subprocess.DEVNULL)
    one_clear_line(result, "ocpp-conformance: ", "run it without -n")


def test_reference_suts_in_two_workers_give_one_whole_report(tmp_path):
    """The workers run the cases, the controller writes every verdict into one summary and page."""
    reports = tmp_path / "r"
    sut = ROOT / "fixtures" / "suts" / "reference-charge-point.toml"
    selected = ["TC_003_CS", "TC_010_CS", "TC_012_CS", "TC_017_2_CS"]
    result = subprocess.run([*PYTEST, "-n", "2", "--sut", str(sut), "--reports", str(reports),
                             *[arg for case in selected for arg in ("--case", case)]],
                            cwd=tmp_path, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads((reports / "summary.json").read_text())
    verdicts = {case["id"]: case["verdict"] for case in summary["cases"]}
    assert verdicts == {"TC_003_CS": "passed", "TC_010_CS": "passed", "TC_012_CS": "passed",
                        "TC_017_2_CS": "not applicable"}
    rows = {row["id"]: row["verdict"] for group in summary["matrix"] for row in group["cases"]}
    assert set(rows) == set(selected) and "not run" not in rows.values()
    assert all(case["duration_s"] >= 0 for case in summary["cases"])
    assert "TC_010_CS" in (reports / "index.html").read_text() and (reports / "traces" / "TC_010_CS.txt").exists()
    assert "OCPP 1.6 conformance summary" in result.stdout
    allure_ids = {json.loads(p.read_text()).get("testCaseId") for p in (reports / "allure-results").glob("*-result.json")}
    assert set(selected) <= allure_ids
    junit = (reports / "junit.xml").read_text()
    assert all(f'name="test_{case.lower()}"' in junit for case in selected)


def test_run_workers_only_with_reference_suts(tmp_path):
    sut = write_toml(tmp_path / "cp.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP_X", "listen": f"ws://127.0.0.1:{free_port()}/ocpp"}})
    one_clear_line(cli("run", "--sut", str(sut), "--workers", "2", "--reports", str(tmp_path / "r")),
                   "--workers", "run it without --workers")
    one_clear_line(cli("run", "--workers", "0", "--reports", str(tmp_path / "r")), "--workers must be at least 1")


@pytest.mark.parametrize(("args", "fragment"), [
    (["run", "--no-such-option"], "unrecognized arguments: --no-such-option"),
    (["run", "--hypothesis-profile", "bogus"], "invalid choice: 'bogus'"),
    (["run", "--workers", "two"], "invalid int value: 'two'"),
    (["lsit"], "invalid choice: 'lsit'"),
])
def test_a_usage_error_is_one_line_and_exit_2(args, fragment):
    one_clear_line(cli(*args), fragment)


def test_run_help_names_every_option_of_the_plugin_it_passes_on():
    text = cli("run", "--help").stdout
    for option in ("--sut", "--case", "--profile", "--reports", "--robustness", "--hypothesis-profile",
                   "--robustness-seconds", "--beyond", "--workers"):
        assert option in text, option


def test_the_documented_hypothesis_profiles_are_known_before_the_suites_load(tmp_path):
    """--hypothesis-profile is read when pytest is configured, before a robustness module is imported."""
    suts = [arg for role in ("charge-point", "central-system") for arg in ("--sut", str(reference_sut(tmp_path, role)))]
    result = subprocess.run([sys.executable, "-m", "pytest", "--robustness", "--hypothesis-profile=quick", "--collect-only",
                             "-q", "-p", "no:cacheprovider", *suts, "--reports", str(tmp_path / "r"),
                             str(ROOT / "testcases")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0 and "is not registered" not in result.stdout + result.stderr, result.stdout[-2000:]
