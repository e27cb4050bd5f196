"""The reference central system, driven with raw OCPP-J frames.

Raw frames rather than the harness or the `ocpp` library: these tests must not share
code with either side they are meant to keep honest.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import uuid
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.headers import build_authorization_basic

from conformance.reference.central_system import (
    FAULTS,
    CentralSystemSettings,
    ReferenceCentralSystem,
    main,
)
from conformance.reference.peer import CallErrorReceived

ROOT = Path(__file__).resolve().parents[2]
WAIT = 3.0


def settings(**overrides) -> CentralSystemSettings:
    base = dict(
        listen="ws://127.0.0.1:0",
        valid_id_tags=("VALID_TAG",),
        invalid_id_tags=("BAD_TAG",),
        blocked_id_tags=("BLOCKED_TAG",),
        expired_id_tags=("OLD_TAG",),
        call_timeout=2.0,
    )
    base.update(overrides)
    return CentralSystemSettings(**base)


@asynccontextmanager
async def running(**overrides):
    central = ReferenceCentralSystem(settings(**overrides))
    await central.start()
    try:
        yield central
    finally:
        await central.stop()


class RawChargePoint:
    """Just enough of a charge point to send CALLs and read whatever comes back."""

    def __init__(self, ws):
        self.ws = ws

    async def recv(self) -> list:
        return json.loads(await asyncio.wait_for(self.ws.recv(), WAIT))

    async def call(self, action: str, payload: dict) -> list:
        unique_id = str(uuid.uuid4())
        await self.ws.send(json.dumps([2, unique_id, action, payload]))
        answer = await self.recv()
        assert answer[1] == unique_id
        return answer

    async def result(self, action: str, payload: dict) -> dict:
        answer = await self.call(action, payload)
        assert answer[0] == 3, answer
        return answer[2]


@asynccontextmanager
async def charge_point(url: str, cp_id: str = "CP_1", **kwargs):
    kwargs.setdefault("subprotocols", ["ocpp1.6"])
    ws = await asyncio.wait_for(connect(f"{url}/{cp_id}", open_timeout=WAIT, **kwargs), WAIT)
    try:
        assert ws.subprotocol == "ocpp1.6"
        yield RawChargePoint(ws)
    finally:
        await ws.close()


BOOT = {"chargePointVendor": "Acme", "chargePointModel": "Raw"}


def parse_utc(text: str) -> datetime:
    assert text.endswith("Z"), f"{text!r} is not marked UTC"
    return datetime.fromisoformat(text[:-1] + "+00:00")


# ------------------------------------------------------------------- boot


@pytest.mark.asyncio
@pytest.mark.parametrize("status, interval", [("Accepted", 300), ("Pending", 10), ("Rejected", 10)])
async def test_boot_notification_answers_configured_status(status, interval):
    async with running(boot_status=status) as central, charge_point(central.url) as cp:
        conf = await cp.result("BootNotification", BOOT)
    assert conf["status"] == status
    assert conf["interval"] == interval
    assert abs(parse_utc(conf["currentTime"]) - datetime.now(UTC)) < timedelta(seconds=5)


@pytest.mark.asyncio
async def test_pending_charge_point_accepted_after_status_changes():
    async with running(boot_status="Pending") as central, charge_point(central.url) as cp:
        assert (await cp.result("BootNotification", BOOT))["status"] == "Pending"
        central.set_boot_status("Accepted")
        assert (await cp.result("BootNotification", BOOT))["status"] == "Accepted"
        with pytest.raises(ValueError):
            central.set_boot_status("Maybe")


@pytest.mark.asyncio
async def test_heartbeat_and_notifications():
    async with running() as central, charge_point(central.url) as cp:
        parse_utc((await cp.result("Heartbeat", {}))["currentTime"])
        status = {"connectorId": 1, "errorCode": "NoError", "status": "Available"}
        assert await cp.result("StatusNotification", status) == {}
        assert await cp.result("DataTransfer", {"vendorId": "x"}) == {"status": "UnknownVendorId"}
        bad = await cp.call("Heartbeat", {"unexpected": 1})
        assert bad[0] == 4 and bad[2] == "FormationViolation"


# -------------------------------------------------------------- authorize


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "tag, status",
    [
        ("VALID_TAG", "Accepted"),
        ("valid_tag", "Accepted"),  # IdToken is case insensitive
        ("BAD_TAG", "Invalid"),
        ("BLOCKED_TAG", "Blocked"),
        ("OLD_TAG", "Expired"),
        ("NEVER_SEEN", "Invalid"),
    ],
)
async def test_authorize(tag, status):
    async with running() as central, charge_point(central.url) as cp:
        info = (await cp.result("Authorize", {"idTag": tag}))["idTagInfo"]
    assert info["status"] == status
    now = datetime.now(UTC)
    if status == "Accepted":
        assert parse_utc(info["expiryDate"]) > now
    elif status == "Expired":
        assert parse_utc(info["expiryDate"]) < now
    else:
        assert "expiryDate" not in info


# ----------------------------------------------------------- transactions


def start_payload(connector: int, tag: str = "VALID_TAG") -> dict:
    return {"connectorId": connector, "idTag": tag, "meterStart": 0, "timestamp": "2024-01-01T00:00:00Z"}


def stop_payload(transaction_id: int, **extra) -> dict:
    return {"transactionId": transaction_id, "meterStop": 10, "timestamp": "2024-01-01T01:00:00Z", **extra}


@pytest.mark.asyncio
async def test_transactions_get_unique_ids_and_are_closed():
    async with running() as central, charge_point(central.url) as cp:
        first = await cp.result("StartTransaction", start_payload(1))
        second = await cp.result("StartTransaction", start_payload(2))
        assert first["idTagInfo"]["status"] == "Accepted"
        assert first["transactionId"] != second["transactionId"]
        assert central.active_transactions("CP_1") == [first["transactionId"], second["transactionId"]]

        stop = await cp.result("StopTransaction", stop_payload(first["transactionId"], idTag="VALID_TAG"))
        assert stop["idTagInfo"]["status"] == "Accepted"
        assert await cp.result("StopTransaction", stop_payload(second["transactionId"])) == {}
        record = central.transactions[first["transactionId"]]
        assert not record["active"] and record["meter_stop"] == 10
        assert central.active_transactions() == []

        # A stop for a transaction the central system never saw is still accepted.
        unknown = await cp.result("StopTransaction", stop_payload(7, idTag="BLOCKED_TAG"))
        assert unknown["idTagInfo"]["status"] == "Blocked"


@pytest.mark.asyncio
async def test_start_with_refused_tag_still_gets_an_id():
    async with running() as central, charge_point(central.url) as cp:
        conf = await cp.result("StartTransaction", start_payload(1, "BLOCKED_TAG"))
    assert conf["idTagInfo"]["status"] == "Blocked"
    assert isinstance(conf["transactionId"], int)


# ---------------------------------------------------------- operator side


@pytest.mark.asyncio
async def test_send_delivers_request_and_returns_answer():
    async with running() as central, charge_point(central.url) as cp:
        pending = asyncio.create_task(central.send("CP_1", "GetConfiguration", {"key": ["HeartbeatInterval"]}))
        request = await cp.recv()
        assert request[0] == 2 and request[2] == "GetConfiguration"
        assert request[3] == {"key": ["HeartbeatInterval"]}
        answer = {"configurationKey": [{"key": "HeartbeatInterval", "readonly": False, "value": "300"}]}
        await cp.ws.send(json.dumps([3, request[1], answer]))
        assert await asyncio.wait_for(pending, WAIT) == answer

        pending = asyncio.create_task(central.send("CP_1", "Reset", {"type": "Soft"}))
        request = await cp.recv()
        await cp.ws.send(json.dumps([4, request[1], "NotSupported", "no", {}]))
        with pytest.raises(CallErrorReceived) as error:
            await asyncio.wait_for(pending, WAIT)
        assert error.value.code == "NotSupported"


@pytest.mark.asyncio
async def test_send_waits_for_connection_then_gives_up():
    async with running() as central:
        with pytest.raises(LookupError):
            await central.send("NOBODY", "Reset", {"type": "Soft"}, timeout=0.2)
        # A charge point that connects while send() waits gets the request.
        pending = asyncio.create_task(central.send("CP_1", "ClearCache", {}, timeout=WAIT))
        await asyncio.sleep(0.1)
        async with charge_point(central.url) as cp:
            request = await cp.recv()
            await cp.ws.send(json.dumps([3, request[1], {"status": "Accepted"}]))
            assert await asyncio.wait_for(pending, WAIT) == {"status": "Accepted"}


@pytest.mark.asyncio
async def test_send_fails_when_charge_point_leaves_mid_call():
    async with running() as central:
        async with charge_point(central.url) as cp:
            pending = asyncio.create_task(central.send("CP_1", "ClearCache", {}, timeout=WAIT))
            await cp.recv()
        with pytest.raises(LookupError):
            await asyncio.wait_for(pending, WAIT)


@pytest.mark.asyncio
async def test_second_connection_replaces_first():
    async with running() as central, charge_point(central.url) as first:
        async with charge_point(central.url) as second:
            with pytest.raises(ConnectionClosed):
                await first.recv()
            assert central.connected == {"CP_1"}
            assert (await second.result("Heartbeat", {}))["currentTime"]


@pytest.mark.asyncio
async def test_control_dispatch():
    async with running() as central:
        assert (await central.dispatch_control("status", {}))["connected"] == []
        await central.dispatch_control("set_boot_status", {"status": "Rejected"})
        assert central.boot_status == "Rejected"
        with pytest.raises(KeyError):
            await central.dispatch_control("explode", {})
        with pytest.raises(ValueError):
            await central.dispatch_control("send", {"action": "Reset"})
        with pytest.raises(ValueError):
            await central.dispatch_control("send", {"charge_point_id": "X", "action": "Reset", "timeout": 0.1})


@pytest.mark.asyncio
async def test_control_port_carries_operator_actions():
    control = pytest.importorskip("conformance.reference.control")
    async with running() as central, charge_point(central.url) as cp:
        server = await control.start_control_server("127.0.0.1", 0, central.dispatch_control)
        try:
            base = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
            assert (await control.send_action(base, "status", {}, timeout=WAIT))["connected"] == ["CP_1"]
            params = {"charge_point_id": "CP_1", "action": "ClearCache", "payload": {}}
            for name in ("csms_send", "send"):   # the operator action's name, as the command driver passes it
                pending = asyncio.create_task(control.send_action(base, name, params, timeout=WAIT))
                request = await cp.recv()
                assert request[2] == "ClearCache"
                await cp.ws.send(json.dumps([3, request[1], {"status": "Rejected"}]))
                assert await asyncio.wait_for(pending, WAIT) == {"status": "Rejected"}
        finally:
            server.close()
            await server.wait_closed()


# -------------------------------------------------------------- handshake


@pytest.mark.asyncio
async def test_basic_auth():
    async with running(passwords={"CP_1": "s3cret-password"}) as central:
        good = {"Authorization": build_authorization_basic("CP_1", "s3cret-password")}
        async with charge_point(central.url, additional_headers=good) as cp:
            assert (await cp.result("BootNotification", BOOT))["status"] == "Accepted"
        for headers in (
            {},
            {"Authorization": build_authorization_basic("CP_1", "wrong")},
            {"Authorization": build_authorization_basic("CP_2", "s3cret-password")},
        ):
            with pytest.raises(InvalidStatus) as refused:
                async with charge_point(central.url, additional_headers=headers):
                    pass
            assert refused.value.response.status_code == 401


@pytest.mark.asyncio
async def test_connection_without_ocpp16_subprotocol_is_refused():
    async with running() as central:
        for offered in (None, ["ocpp2.0.1"]):
            with pytest.raises(InvalidStatus) as refused:
                async with charge_point(central.url, subprotocols=offered):
                    pass
            assert refused.value.response.status_code == 400


@pytest.mark.asyncio
async def test_path_prefix():
    central = ReferenceCentralSystem(settings(listen="ws://127.0.0.1:0/ocpp"))
    async with central:
        assert central.url.endswith("/ocpp")
        async with charge_point(central.url, "CP_9") as cp:
            await cp.result("Heartbeat", {})
            assert central.connected == {"CP_9"}
        with pytest.raises(InvalidStatus) as refused:
            async with charge_point(central.url.removesuffix("/ocpp") + "/other", "CP_9"):
                pass
        assert refused.value.response.status_code == 404


@pytest.mark.asyncio
async def test_port_in_use_raises_oserror():
    async with running() as first:
        second = ReferenceCentralSystem(settings(listen=first.url))
        with pytest.raises(OSError):
            await second.start()
        await second.stop()


def test_bad_settings_are_refused():
    with pytest.raises(ValueError):
        ReferenceCentralSystem(settings(faults=frozenset({"no_such_fault"})))
    with pytest.raises(ValueError):
        ReferenceCentralSystem(settings(boot_status="Maybe"))
    with pytest.raises(ValueError):
        ReferenceCentralSystem(settings(listen="http://127.0.0.1:9000"))
    with pytest.raises(ValueError):
        ReferenceCentralSystem(settings(valid_id_tags=("BAD_TAG",)))


# ----------------------------------------------------------------- faults


@pytest.mark.asyncio
async def test_fault_naive_timestamps():
    async with running(faults=frozenset({"naive_timestamps"})) as central, charge_point(central.url) as cp:
        stamp = (await cp.result("BootNotification", BOOT))["currentTime"]
        expiry = (await cp.result("Authorize", {"idTag": "VALID_TAG"}))["idTagInfo"]["expiryDate"]
    for text in (stamp, expiry):
        assert datetime.fromisoformat(text).tzinfo is None


@pytest.mark.asyncio
async def test_fault_local_time_timestamps():
    async with running(faults=frozenset({"local_time_timestamps"})) as central, charge_point(central.url) as cp:
        stamp = (await cp.result("Heartbeat", {}))["currentTime"]
    assert stamp.endswith("+02:00")


@pytest.mark.asyncio
async def test_fault_heartbeat_and_status_errors():
    faults = frozenset({"heartbeat_error", "status_notification_error"})
    async with running(faults=faults) as central, charge_point(central.url) as cp:
        answer = await cp.call("Heartbeat", {})
        assert answer[0] == 4 and answer[2] == "InternalError"
        status = {"connectorId": 0, "errorCode": "NoError", "status": "Available"}
        answer = await cp.call("StatusNotification", status)
        assert answer[0] == 4 and answer[2] == "InternalError"


@pytest.mark.asyncio
async def test_fault_transaction_answers():
    faults = frozenset({"reused_transaction_id", "start_transaction_blocked", "authorize_invalid", "boot_rejected"})
    async with running(faults=faults) as central, charge_point(central.url) as cp:
        assert (await cp.result("BootNotification", BOOT))["status"] == "Rejected"
        assert (await cp.result("Authorize", {"idTag": "VALID_TAG"}))["idTagInfo"]["status"] == "Invalid"
        first = await cp.result("StartTransaction", start_payload(1))
        second = await cp.result("StartTransaction", start_payload(2))
    assert first["transactionId"] == second["transactionId"] == 1
    assert first["idTagInfo"]["status"] == "Blocked"


@pytest.mark.asyncio
@pytest.mark.parametrize("fault, interval", [("zero_heartbeat_interval", 0), ("negative_heartbeat_interval", -5)])
async def test_fault_heartbeat_interval_of_an_accepted_boot(fault, interval):
    async with running(faults=frozenset({fault}), heartbeat_interval=300) as central, charge_point(central.url) as cp:
        conf = await cp.result("BootNotification", BOOT)
        assert (conf["status"], conf["interval"]) == ("Accepted", interval)
        central.set_boot_status("Pending")
        conf = await cp.result("BootNotification", BOOT)
        assert (conf["status"], conf["interval"]) == ("Pending", 10)  # only Accepted answers are touched


def test_fault_list_is_documented():
    assert {"naive_timestamps", "wrong_callerror_code", "reused_message_id"} <= FAULTS.keys()
    assert {"zero_heartbeat_interval", "negative_heartbeat_interval"} <= FAULTS.keys()
    assert all(isinstance(text, str) and text for text in FAULTS.values())


# ------------------------------------------------------------- standalone


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--fault", "nope"], "nope"),
        (["--boot", "Maybe"], "--boot"),
        (["--password", "no-equals-sign"], "CP_ID=SECRET"),
        (["--listen", "http://x:1"], "ws://"),
        (["--control", "nonsense"], "HOST:PORT"),
        (["--heartbeat-interval", "soon"], "heartbeat"),
    ],
)
def test_main_bad_arguments(argv, fragment, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert fragment in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


async def run_main(*args: str) -> asyncio.subprocess.Process:
    code = "import sys; from conformance.reference.central_system import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env, cwd=ROOT,
    )


@pytest.mark.asyncio
async def test_main_serves_until_terminated():
    process = await run_main("--listen", "ws://127.0.0.1:0", "--boot", "Pending")
    try:
        line = (await asyncio.wait_for(process.stdout.readline(), 10)).decode().strip()
        assert line.startswith("ws://127.0.0.1:")
        async with charge_point(line) as cp:
            assert (await cp.result("BootNotification", BOOT))["status"] == "Pending"
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), WAIT) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


@pytest.mark.asyncio
async def test_main_port_in_use():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = await run_main("--listen", f"ws://127.0.0.1:{port}")
        _, err = await asyncio.wait_for(process.communicate(), 10)
    assert process.returncode == 2
    text = err.decode()
    assert "cannot listen" in text and "--listen" in text and "Traceback" not in text
    assert len(text.strip().splitlines()) == 1
