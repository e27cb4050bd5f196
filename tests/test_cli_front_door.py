"""The command line as a newcomer meets it first: help that exits 0, a readable list, forgiving IDs."""

from __future__ import annotations

import subprocess
import sys

from conformance.reference.central_system.faults import SWITCHES as CENTRAL_SYSTEM
from conformance.reference.charge_point.faults import SWITCHES as CHARGE_POINT
from tests.conftest import ROOT

CLI = [sys.executable, "-m", "conformance.cli"]


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def test_reference_help_exits_0_and_gives_every_fault_and_mode_its_meaning():
    result = cli("reference", "--help")
    assert result.returncode == 0 and not result.stderr, result.stderr
    for command in ("charge-point", "central-system", "control"):
        assert f"  {command}" in result.stdout
    for registry in (CHARGE_POINT, CENTRAL_SYSTEM):
        for switch in registry:
            line = next(line for line in result.stdout.splitlines()
                        if line.split()[:1] == [switch.name] and switch.meaning[:40] in line)
            assert line.startswith("  ")


def test_reference_command_help_lists_its_faults_with_meanings():
    for command, registry in (("charge-point", CHARGE_POINT), ("central-system", CENTRAL_SYSTEM)):
        result = cli("reference", command, "--help")
        assert result.returncode == 0, result.stderr
        switch = next(iter(registry))
        assert any(line.split()[:1] == [switch.name] and switch.meaning[:40] in line
                   for line in result.stdout.splitlines()), result.stdout


def test_reference_without_or_with_an_unknown_command_is_one_line_exit_2():
    for args in ((), ("charge-pont",)):
        result = cli("reference", *args)
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "--help" in result.stderr and "Traceback" not in result.stderr


def test_list_has_a_header_and_aligned_columns():
    lines = cli("list", "--all").stdout.splitlines()
    assert lines[0].split()[:4] == ["ID", "SUT", "profile", "title"]
    starts = {line.index(line.split()[1], len(line.split()[0])) for line in lines}
    assert len(starts) == 1, "the SUT column does not start at one place on every line"
    title = lines[0].index("title")
    assert all(line[title - 2:title] == "  " for line in lines)
    assert any("TC_007_CS" in line and "covered by TC_007_1_CS, TC_007_2_CS" in line for line in lines)


def test_list_into_a_closed_pipe_is_no_traceback():
    done = subprocess.run(f"{sys.executable} -m conformance.cli list --all | head -1", shell=True, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.startswith("ID") and "Traceback" not in done.stderr


def test_a_case_id_in_lower_case_is_the_same_case(tmp_path):
    from conformance.sut.local import reference_sut

    sut = reference_sut(tmp_path, "charge-point")
    result = cli("run", "--sut", str(sut), "--case", "tc_001_cs", "--reports", str(tmp_path / "r"), timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "TC_001_CS" in (tmp_path / "r" / "summary.json").read_text()


# `ocpp-conformance run` with no --sut, its built-in SUTs replaced by copies on ports this test holds:
# the fixed ports 18600/18601 belong to the README's own run, which may be running beside this test.
RUN_WITH_BUILT_IN = """
import sys
import conformance.pytest_plugin as plugin
from conformance import cli
plugin.REFERENCE_SUTS = tuple(sys.argv[1:3])
sys.exit(cli.main(sys.argv[3:]))
"""


def test_with_no_sut_a_busy_fixed_port_moves_the_reference_sut_and_says_where(tmp_path):
    import json
    import socket

    from conformance.sut.local import reference_sut
    from conformance.sut.profile import load

    built_in = [reference_sut(tmp_path, role) for role in ("charge-point", "central-system")]
    held = load(built_in[0]).listen_host_port
    with socket.socket() as busy:
        busy.bind(held)
        busy.listen()
        result = subprocess.run([sys.executable, "-c", RUN_WITH_BUILT_IN, *map(str, built_in), "run", "--case",
                                 "TC_001_CS", "--reports", str(tmp_path / "r")], cwd=ROOT, capture_output=True,
                                text=True, timeout=240, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr
    notes = [line for line in result.stderr.splitlines() if "is busy" in line]
    assert len(notes) == 1 and f"{held[0]}:{held[1]}" in notes[0] and "this run uses 127.0.0.1:" in notes[0], \
        result.stderr
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())
    assert summary["totals"] == {"passed": 1}
