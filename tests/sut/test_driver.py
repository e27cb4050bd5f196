import json
import sys

import pytest

from conformance.checks.verdicts import OperatorActionFailed
from conformance.sut.driver import ACTIONS, CommandDriver, PromptDriver
from conformance.sut.profile import load


def profile(tmp_path, command, timeout=5):
    path = tmp_path / "sut.toml"
    path.write_text(f"""
[sut]
role = "charge-point"
charge_point_id = "CP_1"
listen = "ws://127.0.0.1:9000"
[test_data]
action_timeout_s = {timeout}
[actions]
driver = "{'command' if command else 'prompt'}"
{f'command = {json.dumps(command)}' if command else ''}
""")
    return load(path)


def script(tmp_path, body):
    path = tmp_path / "rig.py"
    path.write_text(body)
    return f"{sys.executable} {path} {{action}} {{args_json}}"


@pytest.mark.asyncio
async def test_command_driver_passes_action_and_json(tmp_path):
    log = tmp_path / "log.txt"
    command = script(tmp_path, f"import sys; open({str(log)!r}, 'w').write(sys.argv[1] + ' ' + sys.argv[2])")
    await CommandDriver(profile(tmp_path, command)).perform("plug_in", {"connector": 2})
    assert log.read_text() == 'plug_in {"connector":2}'


@pytest.mark.asyncio
async def test_command_driver_failure_is_clear(tmp_path):
    command = script(tmp_path, "import sys; print('rig: relay 3 stuck', file=sys.stderr); sys.exit(3)")
    with pytest.raises(OperatorActionFailed, match="exited with 3: rig: relay 3 stuck"):
        await CommandDriver(profile(tmp_path, command)).perform("unplug", {"connector": 1})


@pytest.mark.asyncio
async def test_command_driver_is_bounded(tmp_path):
    command = script(tmp_path, "import time; time.sleep(30)")
    with pytest.raises(OperatorActionFailed, match="did not finish within 0.5 s"):
        await CommandDriver(profile(tmp_path, command, timeout=0.5)).perform("power_cycle", {})


@pytest.mark.asyncio
async def test_command_driver_missing_program(tmp_path):
    with pytest.raises(OperatorActionFailed, match="cannot run"):
        await CommandDriver(profile(tmp_path, "/nonexistent/rig {action}")).perform("power_cycle", {})


@pytest.mark.asyncio
async def test_prompt_driver_without_terminal_fails_cleanly(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", open("/dev/null"))
    with pytest.raises(OperatorActionFailed, match="no terminal"):
        await PromptDriver(profile(tmp_path, None)).perform("power_cycle", {})


def test_vocabulary_is_documented():
    """docs/operator-actions.md's table is generated from ACTIONS (stale: tests/test_docs.py)."""
    from conformance.docs.actions import vocabulary_md

    table = vocabulary_md()
    for action in ACTIONS:
        assert table.count(f"| `{action}` |") == 1, action


@pytest.mark.asyncio
async def test_prompt_driver_waits_for_enter_on_a_terminal(tmp_path, monkeypatch):
    import os
    import pty

    primary, secondary = pty.openpty()
    terminal = os.fdopen(secondary, "r")
    monkeypatch.setattr(sys, "stdin", terminal)
    os.write(primary, b"\n")
    try:
        await PromptDriver(profile(tmp_path, None, timeout=5)).perform("plug_in", {"connector": 1})
    finally:
        terminal.close()
        os.close(primary)


@pytest.mark.asyncio
async def test_prompt_driver_gives_up_after_the_action_timeout(tmp_path, monkeypatch):
    import os
    import pty
    import time

    primary, secondary = pty.openpty()
    terminal = os.fdopen(secondary, "r")
    monkeypatch.setattr(sys, "stdin", terminal)
    started = time.monotonic()
    try:
        with pytest.raises(OperatorActionFailed, match="nobody confirmed within 0.3 s"):
            await PromptDriver(profile(tmp_path, None, timeout=0.3)).perform("power_cycle", {})
        assert time.monotonic() - started < 2
    finally:
        terminal.close()
        os.close(primary)


OVERRUN = """
import asyncio, gc, sys, time
from conformance.sut.driver import CommandDriver, SutHandle
from conformance.sut.profile import load
from conformance.checks.verdicts import OperatorActionFailed

async def main():
    profile = load(sys.argv[1])
    try:
        await SutHandle(profile, CommandDriver(profile), lambda text: None).manual("power_cycle")
    except OperatorActionFailed as exc:
        print(exc)

asyncio.run(main())
time.sleep(3)  # outlive the rig: whatever it left behind would surface now
gc.collect()
"""


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_an_overrunning_command_is_killed_with_its_children_and_leaves_nothing_behind(tmp_path):
    """Run in a process of its own: the leftovers of a timed-out action show after the loop closed."""
    import subprocess
    import time
    from pathlib import Path

    pids = tmp_path / "pids"
    command = script(tmp_path, (
        "import os, subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)'])\n"
        f"open({str(pids)!r}, 'w').write(f'{{os.getpid()}} {{child.pid}}')\n"
        "time.sleep(2.5)\n"))
    sut = profile(tmp_path, command, timeout=0.5).path
    runner = tmp_path / "overrun.py"
    runner.write_text(OVERRUN)
    result = subprocess.run([sys.executable, str(runner), str(sut)], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[2], stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "did not finish within 0.5 s" in result.stdout
    assert result.stderr == ""
    deadline = time.monotonic() + 5
    while any(alive(int(pid)) for pid in pids.read_text().split()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(int(pid)) for pid in pids.read_text().split())


@pytest.mark.asyncio
@pytest.mark.parametrize("action", [a for a, (role, _, _) in ACTIONS.items() if role.value == "charge-point"])
async def test_the_reference_charge_point_performs_every_charge_point_action(action, tmp_path):
    """The command driver's rig (its control dispatch) and the reference driver know each action."""
    from unittest.mock import AsyncMock

    from conformance.reference.charge_point.cli import _control_dispatch
    from conformance.sut.driver import ReferenceDriver

    params = json.loads(ACTIONS[action][1])
    if "id_tag" in params:
        params["id_tag"] = "TAG"
    charge_point = AsyncMock()
    await _control_dispatch(charge_point)(action, params)
    assert charge_point.mock_calls, f"{action}: the rig's charge point was not asked to do anything"
    driver = ReferenceDriver(profile(tmp_path, None))
    driver.sut = AsyncMock()
    await driver.perform(action, params)
    assert driver.sut.mock_calls, f"{action}: the reference driver's charge point was not asked to do anything"
