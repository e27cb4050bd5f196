"""`ocpp-conformance load` against the reference central system: it passes the correct one in every
scenario, and fails, naming the rule, each fault a load run is there to catch; bad input is one
line and exit 2; Ctrl-C still writes the report; Locust's distributed mode merges what every
worker saw. Each run is a real one on loopback: tens of chargers for a few seconds, with short
protocol intervals.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from conformance.sut.local import free_port, reference_sut, write_toml

ROOT = Path(__file__).resolve().parents[2]
CHARGERS = 16
# A session per charger every ~2 s, two seconds long, a MeterValues a second: a few seconds see many.
BUSY = {"sessions_per_hour": 1800.0, "session_duration_s": 2.0, "reconnect_every_s": 2.0}
RUN_BOUND_S = 120   # far above what a run of a few seconds takes on a loaded machine


def sut_file(directory: Path, *, faults: tuple[str, ...] = (), load: dict | None = None, **test_data) -> Path:
    path = reference_sut(directory, "central-system", faults=faults, meter_value_sample_interval_s=1, **test_data)
    tables = tomllib.loads(path.read_text())
    tables["load"] = {**BUSY, **(load or {})}
    return write_toml(path, tables)


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "conformance.cli", "load", *args]


def load(tmp_path: Path, sut: Path, *args: str, duration: str = "5s") -> tuple[subprocess.CompletedProcess, dict]:
    reports = tmp_path / "reports"
    done = subprocess.run(command("--sut", str(sut), "--chargers", str(CHARGERS), "--spawn-rate", "50",
                                  "--duration", duration, "--reports", str(reports), *args),
                          capture_output=True, text=True, timeout=RUN_BOUND_S, cwd=ROOT)
    summary_file = reports / "summary.json"
    summary = json.loads(summary_file.read_text()) if summary_file.exists() else {}
    return done, summary


def violated(summary: dict) -> set[str]:
    return {rule for rule, entry in summary["violations"].items() if entry["severity"] == "error"}


# -- the correct reference central system passes, in each scenario ----------------------------------------

@pytest.mark.parametrize("scenario", ["mix", "boot-storm", "reconnect"])
def test_the_correct_reference_central_system_passes(tmp_path: Path, scenario: str) -> None:
    duration = "12s" if scenario == "boot-storm" else "6s"
    done, summary = load(tmp_path, sut_file(tmp_path), "--scenario", scenario, duration=duration)
    assert done.returncode == 0, done.stdout + done.stderr
    assert summary["verdict"] == "passed" and violated(summary) == set()
    # sampled once a second: in the reconnect scenario some chargers are between connections then
    assert summary["peak_connected"] == CHARGERS or scenario == "reconnect" and summary["peak_connected"] > 0
    answered = summary["per_action"]
    assert {"BootNotification", "StatusNotification", "Heartbeat", "Authorize", "StartTransaction",
            "MeterValues", "StopTransaction"} <= set(answered)
    reports = tmp_path / "reports"
    page = (reports / "index.html").read_text()
    assert "<svg" in page and "passed" in page and "http" not in page.replace("http://www.w3.org", "")
    for name in ("locust.html", "locust_stats.csv", "locust_failures.csv"):
        assert (reports / name).is_file()
    assert "OCPP,BootNotification" in (reports / "locust_stats.csv").read_text()
    if scenario == "boot-storm":
        assert summary["boot_storm"]["chargers"] == CHARGERS
    if scenario == "reconnect":
        assert summary["attempts"] > CHARGERS   # dropped and resumed
        assert answered["BootNotification"]["answers"] == CHARGERS   # resumed without a boot


# -- each fault fails the run, naming its rule ------------------------------------------------------------

FAULTS = [
    # fault of the reference central system, SUT file changes, scenario, the rule the run must name
    ("racy_transaction_ids", {}, "mix", "load_transaction_id_unique"),
    ("late_answers_under_load", {}, "mix", "message_within_deadline"),
    ("zero_heartbeat_interval", {}, "mix", "load_heartbeat_interval"),
    ("boot_rejected", {"boot_retry_interval_s": 0}, "mix", "load_boot_answered"),
    ("crash_on_long_id_tag", {"valid_id_tag": "LONG_ID_TAG_20_CHARS"}, "mix", "load_connection_kept"),
    ("boot_required_on_reconnect", {}, "reconnect", "no_callerror"),
    ("naive_timestamps", {}, "mix", "datetime_is_utc_rfc3339"),
]


@pytest.mark.parametrize(("fault", "data", "scenario", "rule"), FAULTS, ids=[f[0] for f in FAULTS])
def test_a_fault_fails_the_run_naming_its_rule(tmp_path: Path, fault: str, data: dict, scenario: str,
                                                rule: str) -> None:
    done, summary = load(tmp_path, sut_file(tmp_path, faults=(fault,), **data), "--scenario", scenario)
    assert done.returncode == 1, done.stdout + done.stderr
    assert rule in violated(summary), summary["violations"].keys()
    assert rule in done.stdout
    example = summary["violations"][rule]["examples"][0]
    assert example["charger"].startswith("LOAD_") and example["message"]
    assert rule in (tmp_path / "reports" / "index.html").read_text()
    assert rule in (tmp_path / "reports" / "locust_failures.csv").read_text()
    if rule == "load_transaction_id_unique":
        assert '"transactionId"' in example["frame"]   # the StartTransaction.conf that gave the id again
    if rule == "load_connection_kept":
        assert summary["attempts"] > CHARGERS   # dropped chargers came back, after a backoff


@pytest.mark.parametrize("fault", ["racy_transaction_ids", "late_answers_under_load"])
def test_a_concurrency_fault_is_one_a_single_charger_never_sees(tmp_path: Path, fault: str) -> None:
    """The concurrency faults need concurrency: one charger's requests come one after another."""
    reports = tmp_path / "reports"
    sut = sut_file(tmp_path, faults=(fault,), load={"sessions_per_hour": 7200.0})
    done = subprocess.run(command("--sut", str(sut), "--chargers", "1", "--duration", "8s", "--reports", str(reports)),
                          capture_output=True, text=True, timeout=RUN_BOUND_S, cwd=ROOT)
    summary = json.loads((reports / "summary.json").read_text())
    assert done.returncode == 0, done.stdout + done.stderr
    assert summary["per_action"]["StartTransaction"]["answers"] >= 1


def test_the_scenarios_own_drops_count_against_no_budget(tmp_path: Path) -> None:
    """Drops the reconnect scenario makes itself are neither violations nor errors of the central system."""
    sut = sut_file(tmp_path, load={"reconnect_every_s": 1.0, "error_budget": 0.0})
    done, summary = load(tmp_path, sut, "--scenario", "reconnect")
    assert done.returncode == 0, done.stdout + done.stderr
    assert summary["budget_errors"] == 0 and summary["connection_errors"] == {}


# -- bad input ------------------------------------------------------------------------------------------

def test_an_unreachable_central_system_is_one_line_and_exit_2_before_the_load(tmp_path: Path) -> None:
    sut = write_toml(tmp_path / "nowhere.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_1", "url": f"ws://127.0.0.1:{free_port()}/ocpp"},
        "test_data": {"connect_timeout_s": 2.0}})
    reports = tmp_path / "reports"
    done = subprocess.run(command("--sut", str(sut), "--reports", str(reports)), capture_output=True, text=True,
                          timeout=RUN_BOUND_S, cwd=ROOT)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ocpp-conformance load: ") and "127.0.0.1" in lines[0]
    assert not (reports / "index.html").exists()


@pytest.mark.parametrize(("args", "words"), [
    (["--chargers", "0"], "--chargers"),
    (["--duration", "ten minutes"], "--duration"),
    (["--sut", "fixtures/suts/reference-charge-point.toml"], "central-system"),
    (["--master", "--worker"], "exclude"),
])
def test_bad_options_are_one_line_and_exit_2(tmp_path: Path, args: list[str], words: str) -> None:
    done = subprocess.run(command(*args, "--reports", str(tmp_path)), capture_output=True, text=True,
                          timeout=RUN_BOUND_S, cwd=ROOT)
    assert done.returncode == 2 and words in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_ctrl_c_stops_every_charger_and_still_writes_the_report(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    child = subprocess.Popen(command("--sut", str(sut_file(tmp_path)), "--chargers", str(CHARGERS), "--spawn-rate",
                                     "50", "--duration", "10m", "--reports", str(reports)),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                             start_new_session=True)
    try:
        assert child.stdout is not None
        assert "Ctrl-C ends the run" in child.stdout.readline()   # the load has started
        time.sleep(3)
        os.killpg(child.pid, signal.SIGINT)   # what a terminal's Ctrl-C does: the whole process group
        out, err = child.communicate(timeout=RUN_BOUND_S)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
    assert child.returncode == 0, out + err
    summary = json.loads((reports / "summary.json").read_text())
    assert summary["seconds"] < 120 and summary["peak_connected"] == CHARGERS
    assert summary["verdict"] == "passed"


# -- Locust's distributed mode ------------------------------------------------------------------------------

def test_a_master_and_two_workers_merge_what_both_workers_saw(tmp_path: Path) -> None:
    port = free_port()
    reports = tmp_path / "reports"
    sut = sut_file(tmp_path, faults=("racy_transaction_ids",))
    master = subprocess.Popen(command("--sut", str(sut), "--chargers", str(CHARGERS), "--spawn-rate", "50",
                                      "--duration", "6s", "--reports", str(reports), "--master", "--expect-workers",
                                      "2", "--master-port", str(port)),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    workers = [subprocess.Popen(command("--worker", "--master-host", "127.0.0.1", "--master-port", str(port),
                                        "--reports", str(tmp_path / f"worker-{i}")),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
               for i in range(2)]
    try:
        out, err = master.communicate(timeout=RUN_BOUND_S)
        for worker in workers:
            worker.communicate(timeout=RUN_BOUND_S)
    finally:
        for process in (master, *workers):
            if process.poll() is None:
                process.kill()
                process.wait()
    assert master.returncode == 1, out + err
    assert all(worker.returncode == 0 for worker in workers)
    summary = json.loads((reports / "summary.json").read_text())
    assert summary["workers"] == 2 and summary["sources"] == ["worker-0", "worker-1"]
    assert summary["peak_connected"] == CHARGERS
    chargers = {e["charger"] for e in summary["violations"]["load_transaction_id_unique"]["examples"]}
    assert chargers, summary["violations"]
    # every charger booted once, whichever worker ran it: the merged counts are both workers' together
    assert summary["per_action"]["BootNotification"]["answers"] == CHARGERS
    assert "OCPP,BootNotification," + str(CHARGERS) in (reports / "locust_stats.csv").read_text()


def test_the_web_ui_starts_the_run_and_ctrl_c_writes_the_report(tmp_path: Path) -> None:
    import urllib.request

    reports, port = tmp_path / "reports", free_port()
    child = subprocess.Popen(command("--sut", str(sut_file(tmp_path)), "--chargers", "5", "--web", "--web-port",
                                     str(port), "--reports", str(reports)),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                             start_new_session=True)
    try:
        assert child.stdout is not None
        assert f"127.0.0.1:{port}" in child.stdout.readline()   # the UI is up
        deadline = time.monotonic() + 20
        while True:   # the line comes as the UI's server starts: give it a moment to listen
            try:
                started = urllib.request.urlopen(f"http://127.0.0.1:{port}/swarm",
                                                 data=b"user_count=5&spawn_rate=5", timeout=30)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert json.loads(started.read())["success"] is True
        time.sleep(4)
        os.killpg(child.pid, signal.SIGINT)
        out, err = child.communicate(timeout=RUN_BOUND_S)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
    assert child.returncode == 0, out + err
    summary = json.loads((reports / "summary.json").read_text())
    assert summary["verdict"] == "passed" and summary["peak_connected"] == 5
