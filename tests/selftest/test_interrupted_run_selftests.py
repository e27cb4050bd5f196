"""A run that was interrupted (a killed CI job, Ctrl-C) leaves the charge point changed; the next
run sets it back before its first case, or names what it found as broken, instead of failing
TC_001_CS for it. The charge point is one process that outlives both runs, as a rig's does."""

from __future__ import annotations

import asyncio
import json
import sys

from conformance.roles.central_system import CentralSystemHarness
from conformance.roles.leftovers import DIRECTORY, Leftovers, LeftoversFile
from conformance.sut.local import free_port, write_toml
from conformance.sut.profile import load
from tests.test_cli import cli, reference_charge_point


def rig(tmp_path, port, control):
    return write_toml(tmp_path / "rig.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP_RIG", "listen": f"ws://127.0.0.1:{port}/ocpp"},
        "capabilities": {"connectors": 2},
        "test_data": {"message_timeout_s": 5, "reboot_timeout_s": 15, "connect_timeout_s": 20,
                      "action_timeout_s": 10, "heartbeat_interval_s": 1, "boot_retry_interval_s": 3,
                      "timing_tolerance_s": 0.8},
        "actions": {"driver": "command",
                    "command": f"{sys.executable} -m conformance.cli reference control "
                               f"--to http://127.0.0.1:{control} {{action}} {{args_json}}"}})


def leftovers_file(tmp_path, profile):
    return LeftoversFile(tmp_path / DIRECTORY, profile.charge_point_id, profile.listen, profile.label)


async def interrupted_run(profile, state):
    """What a run does before it is killed in the middle of TC_068_CS: connector 2 made Inoperative
    and a key changed, and no baseline after."""
    harness = CentralSystemHarness(profile)
    harness.leftovers_file = state
    await harness.start()
    try:
        await harness.wait_connected()
        await harness.send("prerequisite", "ChangeAvailability", connectorId=2, type="Inoperative")
        await harness.send(1, "ChangeConfiguration", key="MeterValueSampleInterval", value="99")
    finally:
        await harness.stop()


def test_the_next_run_sets_back_what_an_interrupted_run_left(tmp_path):
    port, control = free_port(), free_port()
    sut = rig(tmp_path, port, control)
    profile = load(sut)
    state = leftovers_file(tmp_path, profile)
    reports = tmp_path / "r"
    with reference_charge_point(f"ws://127.0.0.1:{port}/ocpp/CP_RIG", control):
        asyncio.run(interrupted_run(profile, state))
        left = state.load()
        assert left.inoperative == [2] and list(left.keys) == ["MeterValueSampleInterval"], left
        result = cli("run", "--sut", str(sut), "--case", "TC_001_CS", "--reports", str(reports), cwd=tmp_path)
    (case,) = json.loads((reports / "summary.json").read_text())["cases"]
    assert case["verdict"] == "passed", f"{case['message']}\n{result.stdout[-3000:]}"
    trace = (reports / "traces" / "TC_001_CS.txt").read_text()
    assert "an earlier run that did not finish" in trace and "connector 2 Inoperative" in trace
    assert f"baseline: set MeterValueSampleInterval back to {left.keys['MeterValueSampleInterval']!r}" in trace
    assert not state.path.exists()


def test_what_cannot_be_set_back_is_named_and_the_case_broken(tmp_path):
    port, control = free_port(), free_port()
    sut = rig(tmp_path, port, control)
    state = leftovers_file(tmp_path, load(sut))
    state.save(Leftovers(keys={"NoSuchKeyOfThisCharger": "1"}))   # the charge point does not know it
    reports = tmp_path / "r"
    with reference_charge_point(f"ws://127.0.0.1:{port}/ocpp/CP_RIG", control):
        cli("run", "--sut", str(sut), "--case", "TC_003_CS", "--reports", str(reports), cwd=tmp_path)
    (case,) = json.loads((reports / "summary.json").read_text())["cases"]
    assert case["verdict"] == "broken", case["message"]
    assert "an earlier run that did not finish left NoSuchKeyOfThisCharger changed" in case["message"]
    assert str(state.path) in case["message"]
    assert state.path.exists()   # the next run tries again
