"""The reference charge point's modes: behaviours the specification allows besides the default one."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from conformance.checks.verdicts import ConfigError
from conformance.reference.charge_point import MODES, ChargePointSettings, ReferenceChargePoint
from conformance.sut.driver import ReferenceDriver
from conformance.sut.profile import load
from tests.reference.stub_central_system import (
    MiniCentralSystem,
    booted,
    calls_received,
    drain,
    late,
    running,
)

ACCEPTED = {"idTagInfo": {"status": "Accepted"}}


async def statuses(cs: MiniCentralSystem, count: int) -> list[tuple[int, str]]:
    found = []
    for _ in range(count):
        status = await cs.expect("StatusNotification")
        found.append((status["connectorId"], status["status"]))
    return found


async def actions(cs: MiniCentralSystem, count: int) -> list[str]:
    """The next `count` CALLs other than Heartbeat, as action or action:status."""
    found = []
    while len(found) < count:
        _, action, payload = await asyncio.wait_for(cs.received.get(), 3)
        if action == "StatusNotification":
            found.append(f"{action}:{payload['connectorId']}:{payload['status']}")
        elif action != "Heartbeat":
            found.append(action)
    return found


def test_mode_list_is_documented():
    assert set(MODES) == {"sync_actions", "already_booted", "preparing_before_authorize", "charging_before_start",
                          "finishing_before_stop", "reconnect_after_boot", "security_profile_reboot_required",
                          "remote_start_zero_callerror", "invalid_value_callerror", "soft_reset_without_reboot",
                          "stop_after_reset_boot", "resume_after_power_loss", "no_minimum_status_duration",
                          "status_delay_configured", "security_profile_at_reset", "certificate_by_csr_only",
                          "refuses_negative_connector_id", "message_ids_per_connection", "whole_second_timer",
                          "timer_from_id_tag", "sample_interval_at_maximum", "transaction_begin_meter_value",
                          "split_measurands", "aligned_on_connector_zero_only", "suspended_evse_before_charging", "preparing_twice",
                          "unavailable_while_booting", "replay_statuses_on_reconnect", "no_local_auth_list",
                          "local_list_callerror",
                          "connector_availability_kept",
                          "reboot_delayed_after_reset", "installed_before_reboot", "reboot_after_failed_install",
                          "fails_without_progress", "unavailable_during_update", "no_reservation",
                          "no_firmware_status_trigger", "trigger_callerror",
                          "remote_start_profile_callerror", "tx_profile_callerror"}
    assert all(MODES.values())
    with pytest.raises(ValueError, match="no_such_mode"):
        ReferenceChargePoint(ChargePointSettings(url="ws://127.0.0.1:1", modes=frozenset({"no_such_mode"})))


# -- sync_actions ------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_sync_actions_return_once_every_call_they_provoked_is_answered():
    cs = MiniCentralSystem(StatusNotification=late({}, 0.15), Authorize=late(ACCEPTED, 0.15))
    async with cs, running(cs, modes=frozenset({"sync_actions"})) as cp:
        await booted(cs)
        steps = [
            ("plug_in", lambda: cp.plug_in(1)),
            ("present_id_tag", lambda: cp.present_id_tag("SYNC")),  # Authorize, StartTransaction, Charging
            ("set_faulted", lambda: cp.set_faulted(1, "GroundFailure")),  # StopTransaction, Faulted
            ("clear_fault", lambda: cp.clear_fault(1)),
            ("unplug", lambda: cp.unplug(1)),
            ("power_cycle", cp.power_cycle),  # BootNotification and the statuses after it
        ]
        for name, step in steps:
            before = len(cs.answered)
            await step()
            assert len(cs.answered) > before, name
            assert calls_received(cs) == len(cs.answered), f"{name} returned with a CALL unanswered"
        answered = [action for _, action in cs.answered]
        assert answered[-4:] == ["BootNotification"] + ["StatusNotification"] * 3


@pytest.mark.asyncio
async def test_without_sync_actions_an_action_returns_at_once():
    cs = MiniCentralSystem(Authorize=late(ACCEPTED, 0.3))
    async with cs, running(cs) as cp:
        await booted(cs)
        started = time.monotonic()
        await cp.present_id_tag("TAG", connector=1)
        assert time.monotonic() - started < 0.1
        assert await actions(cs, 2) == ["Authorize", "StatusNotification:1:Preparing"]


@pytest.mark.asyncio
async def test_sync_actions_give_up_after_call_timeout():
    cs = MiniCentralSystem(Authorize=late(ACCEPTED, 0.8), StartTransaction=late({"transactionId": 5, **ACCEPTED}, 0.8))
    async with cs, running(cs, modes=frozenset({"sync_actions"}), call_timeout=1.0) as cp:
        await booted(cs)
        await cp.plug_in(1)
        started = time.monotonic()
        await cp.present_id_tag("SLOW")
        assert 0.9 <= time.monotonic() - started < 1.5  # StartTransaction is answered at 1.6 s
        assert "StartTransaction" not in [action for _, action in cs.answered]
        assert await actions(cs, 3) == ["StatusNotification:1:Preparing", "Authorize", "StartTransaction"]


# -- already_booted ----------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_already_booted_heartbeats_without_boot_until_it_is_reset():
    async with MiniCentralSystem() as cs, running(cs, modes=frozenset({"already_booted"}), heartbeat_interval=1) as cp:
        await cp.wait_accepted(3)
        started = time.monotonic()
        assert cp.registration == "Accepted"
        assert cp.connector_status == {0: "Available", 1: "Available", 2: "Available"}
        at, _ = await cs.expect_timed("Heartbeat", timeout=2.5, skip=())  # the first message it sends
        assert 0.7 <= at - started <= 2.0
        answer = await cs.call("GetConfiguration", {"key": ["HeartbeatInterval"]})
        assert answer[2]["configurationKey"][0]["value"] == "1"
        await cp.plug_in(2)
        assert await statuses(cs, 1) == [(2, "Preparing")]
        # Reset and power cycle boot as always.
        assert (await cs.call("Reset", {"type": "Hard"}))[2] == {"status": "Accepted"}
        await cs.expect("BootNotification")
        # The cable stays plugged in through the reboot.
        assert await statuses(cs, 3) == [(0, "Available"), (1, "Available"), (2, "Preparing")]
        await cp.power_cycle()
        await booted(cs)


@pytest.mark.asyncio
async def test_already_booted_through_the_reference_driver(tmp_path):
    async with MiniCentralSystem() as cs:
        path = tmp_path / "sut.toml"
        path.write_text(f"""
[sut]
role = "charge-point"
charge_point_id = "CP_MODES"
listen = "{cs.url}/ocpp"
[capabilities]
connectors = 2
[test_data]
heartbeat_interval_s = 1
timing_tolerance_s = 0.8
message_timeout_s = 3
[actions]
driver = "reference"
[reference]
modes = ["already_booted", "sync_actions"]
""")
        profile = load(path)
        assert profile.modes == ("already_booted", "sync_actions")
        driver = ReferenceDriver(profile)
        await driver.start()
        try:
            assert driver.sut.modes.names == {"already_booted", "sync_actions"}
            await cs.expect("Heartbeat", timeout=2.5, skip=())
            assert cs.requests[0].path == "/ocpp/CP_MODES"
            await driver.perform("plug_in", {"connector": 1})  # synchronous: answered on return
            assert calls_received(cs) == len(cs.answered)
            assert cs.answered[-1][1] == "StatusNotification"
        finally:
            await driver.stop()


def _description(tmp_path, role: str, modes: str, driver: str = "reference"):
    where = 'listen = "ws://127.0.0.1:9000"' if role == "charge-point" else 'url = "ws://127.0.0.1:9000"'
    path = tmp_path / "sut.toml"
    path.write_text(f"""
[sut]
role = "{role}"
charge_point_id = "CP_1"
{where}
[actions]
driver = "{driver}"
[reference]
modes = {modes}
""")
    return path


@pytest.mark.asyncio
@pytest.mark.parametrize(("role", "modes", "driver", "message"), [
    ("charge-point", '["sync_actions"]', "prompt", '[reference] modes only apply with [actions] driver = "reference"'),
    ("charge-point", '"sync_actions"', "reference", "[reference] modes must be a list"),
    ("charge-point", "[1]", "reference", "[reference] modes must be a list of mode names"),
    ("charge-point", '["sync_action"]', "reference", "[reference] modes: unknown mode 'sync_action' (known: "),
    ("central-system", '["sync_actions"]', "reference", "[reference] modes: unknown mode 'sync_actions' (known: "),
])
async def test_a_wrong_mode_is_one_line_naming_file_and_key(tmp_path, role, modes, driver, message):
    path = _description(tmp_path, role, modes, driver)
    with pytest.raises(ConfigError) as info:
        await ReferenceDriver(load(path)).start()
    text = str(info.value)
    assert text.startswith(str(path)) and message in text and "\n" not in text


# -- identification first ----------------------------------------------------------------------------


def _authorize(payload: dict) -> dict:
    return {"idTagInfo": {"status": "Invalid" if payload["idTag"] == "BAD" else "Accepted"}}


@pytest.mark.asyncio
async def test_by_default_identification_first_shows_preparing_after_authorize():
    async with MiniCentralSystem(Authorize=_authorize) as cs, running(cs) as cp:
        await booted(cs)
        await cp.present_id_tag("TAG")
        assert await actions(cs, 2) == ["Authorize", "StatusNotification:1:Preparing"]
        await cp.plug_in(1)
        assert await actions(cs, 2) == ["StartTransaction", "StatusNotification:1:Charging"]
        # Without a connector: the first usable one; a refused idTag changes nothing.
        await cp.present_id_tag("BAD")
        assert await actions(cs, 1) == ["Authorize"]
        await cp.present_id_tag("TAG2")
        assert await actions(cs, 2) == ["Authorize", "StatusNotification:2:Preparing"]
        await cs.quiet(0.3)


@pytest.mark.asyncio
async def test_by_default_identification_first_skips_an_unavailable_connector():
    async with MiniCentralSystem() as cs, running(cs) as cp:
        await booted(cs)
        assert (await cs.call("ChangeAvailability", {"connectorId": 1, "type": "Inoperative"}))[2] == {"status": "Accepted"}
        assert await statuses(cs, 1) == [(1, "Unavailable")]
        await cp.present_id_tag("TAG")
        assert await actions(cs, 2) == ["Authorize", "StatusNotification:2:Preparing"]


@pytest.mark.asyncio
async def test_mode_preparing_before_authorize():
    async with MiniCentralSystem(Authorize=_authorize) as cs, running(cs, modes=frozenset({"preparing_before_authorize"})) as cp:
        await booted(cs)
        await cp.present_id_tag("BAD", connector=2)
        assert await actions(cs, 3) == ["StatusNotification:2:Preparing", "Authorize", "StatusNotification:2:Available"]
        await cp.present_id_tag("TAG")
        assert await actions(cs, 2) == ["StatusNotification:1:Preparing", "Authorize"]
        await cs.quiet(0.3)
        # Still held for TAG after a refused idTag.
        await cp.present_id_tag("BAD")
        assert await actions(cs, 1) == ["Authorize"]
        await cs.quiet(0.3)
        await cp.plug_in(1)
        assert await actions(cs, 2) == ["StartTransaction", "StatusNotification:1:Charging"]
        # A cable first: Authorize alone, as by default.
        await cp.plug_in(2)
        await cp.present_id_tag("TAG3", connector=2)
        assert await actions(cs, 4) == ["StatusNotification:2:Preparing", "Authorize", "StartTransaction",
                                        "StatusNotification:2:Charging"]


# -- the order of status and transaction messages ------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("modes", [(), ("charging_before_start",), ("finishing_before_stop",),
                                   ("charging_before_start", "finishing_before_stop")])
async def test_order_of_charging_and_finishing(modes):
    async with MiniCentralSystem() as cs, running(cs, modes=frozenset(modes)) as cp:
        await booted(cs)
        await cp.plug_in(1)
        await cp.present_id_tag("TAG")
        start = ["StartTransaction", "StatusNotification:1:Charging"]
        if "charging_before_start" in modes:
            start.reverse()
        assert await actions(cs, 4) == ["StatusNotification:1:Preparing", "Authorize", *start]
        await cp.present_id_tag("TAG")
        stop = ["StopTransaction", "StatusNotification:1:Finishing"]
        if "finishing_before_stop" in modes:
            stop.reverse()
        assert await actions(cs, 2) == stop
        await cp.unplug(1)
        assert await actions(cs, 1) == ["StatusNotification:1:Available"]
        # Without the cable there is no Finishing to show, whatever the mode.
        await cp.plug_in(2)
        await cp.present_id_tag("TAG", connector=2)
        assert (await actions(cs, 4))[0] == "StatusNotification:2:Preparing"
        await cp.unplug(2)
        assert await actions(cs, 2) == ["StopTransaction", "StatusNotification:2:Available"]


@pytest.mark.asyncio
async def test_charging_before_start_is_taken_back_when_start_transaction_fails():
    cs = MiniCentralSystem()
    async with cs, running(cs, modes=frozenset({"charging_before_start"}), call_timeout=0.5) as cp:
        await booted(cs)
        cs.answers["StartTransaction"] = late({"transactionId": 1, **ACCEPTED}, 1.0)  # after call_timeout
        await cp.plug_in(1)
        await cp.present_id_tag("TAG")
        assert await actions(cs, 4) == ["StatusNotification:1:Preparing", "Authorize", "StatusNotification:1:Charging",
                                        "StartTransaction"]
        assert await actions(cs, 1) == ["StatusNotification:1:Preparing"]
        assert cp.transactions == {}


# -- whatever the mode ---------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("modes", [(), *((mode,) for mode in MODES), tuple(MODES)], ids=lambda m: "+".join(m) or "default")
async def test_central_system_requests_work_in_every_mode(modes):
    async with MiniCentralSystem() as cs, running(cs, modes=frozenset(modes), connectors=3) as cp:
        await cp.wait_accepted(3)
        await drain(cs)

        async def ask(action: str, payload: dict) -> Any:
            answer = await cs.call(action, payload)
            assert answer[0] == 3, answer
            return answer[2]

        # The plan's precondition (status changes reported at once), where the key is implemented.
        assert (await ask("ChangeConfiguration", {"key": "MinimumStatusDuration", "value": "0"}))["status"] in (
            "Accepted", "NotSupported")

        assert await ask("TriggerMessage", {"requestedMessage": "StatusNotification"}) == {"status": "Accepted"}
        assert await statuses(cs, 4) == [(0, "Available"), (1, "Available"), (2, "Available"), (3, "Available")]
        assert await ask("TriggerMessage", {"requestedMessage": "StatusNotification", "connectorId": 2}) == {"status": "Accepted"}
        assert await statuses(cs, 1) == [(2, "Available")]
        assert await ask("ClearCache", {}) == {"status": "Accepted"}
        assert await ask("ChangeAvailability", {"connectorId": 3, "type": "Inoperative"}) == {"status": "Accepted"}
        assert await statuses(cs, 1) == [(3, "Unavailable")]
        assert await ask("ChangeAvailability", {"connectorId": 3, "type": "Operative"}) == {"status": "Accepted"}
        assert await statuses(cs, 1) == [(3, "Available")]
        assert await ask("ChangeConfiguration", {"key": "MeterValueSampleInterval", "value": "7"}) == {"status": "Accepted"}
        got = await ask("GetConfiguration", {"key": ["MeterValueSampleInterval"]})
        assert got["configurationKey"][0]["value"] == "7"
        await cs.quiet(0.2, skip=("Heartbeat",))
