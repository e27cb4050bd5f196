"""Our rig around MicroOcppSimulator (the MicroOcpp library's demo charge point): its power,
and the operator actions its web API can do, behind a loopback control port.

    python rig.py serve --simulator PATH --url ws://127.0.0.1:P/ocpp --id CP --control PORT [--workdir DIR]
    python rig.py call --control PORT ACTION ARGS_JSON      (the SUT description's command)

`serve` writes the simulator's settings into DIR/mo_store (where it keeps its state, as a
charger keeps its flash), starts it there and restarts it whenever it ends on its own: the
simulator ends its process to carry out a Reset, and a charger's boot loader would start it
again. `call` asks `serve` for one action: exit 0 = done; exit 1 with one line = the action
cannot be done (the case is then broken, not failed).

Standard library only: it runs as a separate program, and imports nothing of the suite.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ACTION_LIMIT_S = 9.0
# Seconds between two connection attempts of the simulator (its setting Cst_ReconnectInterval,
# 10 by default): shorter than the harness's connect timeout, so that going offline and back
# and the first connection before the harness listens cost little.
RECONNECT_INTERVAL_S = 2
# Loopback only: no proxy from the environment.
LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# What the simulator cannot do, with the reason the case is broken for.
UNSUPPORTED = {
    "set_faulted": "MicroOcppSimulator has no way to raise a fault: its connectors' error code input always "
                   "reports none, and its web API has no endpoint for one",
    "clear_fault": "MicroOcppSimulator has no fault state to clear",
    "set_lock_failure": "MicroOcppSimulator is built without a connector lock (UnlockConnector is NotSupported)",
    "plug_in_halfway": "MicroOcppSimulator is built without a connector lock",
    "drop_connection": "MicroOcppSimulator's web API cannot cut its network connection",
    "set_security_profile": "MicroOcppSimulator runs with security profile 0 here",
}


def settings_file(configurations: list[tuple[str, str, Any]]) -> str:
    """A MicroOcpp configuration file (the format of its mo_store/*.jsn)."""
    return json.dumps({"head": {"content-type": "ocpp_config_file", "version": "2.0"},
                       "configurations": [{"type": kind, "key": key, "value": value}
                                          for kind, key, value in configurations]}, indent=1) + "\n"


def prepare(workdir: Path, url: str, charge_box_id: str, api_port: int) -> None:
    """The simulator's web API address, and the central system it connects to (url/charge_box_id)."""
    store = workdir / "mo_store"
    store.mkdir(parents=True, exist_ok=True)
    (store / "api.jsn").write_text(json.dumps({"url": f"http://127.0.0.1:{api_port}"}) + "\n")
    (store / "ws-conn.jsn").write_text(settings_file([
        ("string", "Cst_BackendUrl", url),
        ("string", "Cst_ChargeBoxId", charge_box_id),
        ("int", "Cst_ReconnectInterval", RECONNECT_INTERVAL_S),
    ]))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Simulator:
    """The simulator's process: power, a watchdog that starts it again, and its web API."""

    def __init__(self, executable: Path, workdir: Path, api_port: int, log: Any):
        self.executable, self.workdir, self.api_port, self.log = executable, workdir, api_port, log
        self.process: subprocess.Popen[bytes] | None = None
        self.powered = False
        self.lock = threading.RLock()
        threading.Thread(target=self._watchdog, daemon=True).start()

    def power_on(self) -> None:
        with self.lock:
            self.powered = True
            if self.process is None or self.process.poll() is not None:
                self._start()
        self._wait_for_api()

    def power_off(self) -> None:
        """A power cut: the process is killed, whatever it was doing."""
        with self.lock:
            self.powered = False
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            self.process = None

    def _start(self) -> None:
        self.process = subprocess.Popen([str(self.executable)], cwd=self.workdir, stdout=self.log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        print(f"[rig] simulator started (pid {self.process.pid})", file=self.log, flush=True)

    def _watchdog(self) -> None:
        while True:
            time.sleep(0.2)
            with self.lock:
                if self.powered and self.process is not None and self.process.poll() is not None:
                    print(f"[rig] simulator ended with exit code {self.process.returncode}; starting it again",
                          file=self.log, flush=True)
                    self._start()

    def _wait_for_api(self) -> None:
        deadline = time.monotonic() + ACTION_LIMIT_S - 1
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.api_port), 0.5):
                return
            time.sleep(0.1)
        raise RuntimeError(f"the simulator's web API did not come up on 127.0.0.1:{self.api_port}")

    def api(self, path: str, body: dict[str, Any] | None = None) -> Any:
        """POST to the simulator's web API (mongoose wants a Content-Length, so always a body)."""
        if not self.powered:
            raise RuntimeError("the simulator is switched off")
        data = json.dumps(body).encode() if body is not None else b""
        request = urllib.request.Request(f"http://127.0.0.1:{self.api_port}/api{path}", data=data, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with LOOPBACK.open(request, timeout=ACTION_LIMIT_S - 1) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"the simulator's web API answered {path} with HTTP {error.code}") from None
        except OSError as error:
            raise RuntimeError(f"the simulator's web API did not answer {path}: {error}") from None
        with contextlib.suppress(ValueError):
            return json.loads(text)
        return text


def evse(connector: int, **inputs: bool) -> tuple[str, dict[str, bool]]:
    return f"/connector/{connector}/evse", inputs


def perform(simulator: Simulator, action: str, args: dict[str, Any]) -> Any:
    if action in UNSUPPORTED:
        raise RuntimeError(UNSUPPORTED[action])
    connector = int(args.get("connector") or 1)
    match action:
        case "power_cycle":
            simulator.power_off()
            return simulator.power_on()
        case "power_off":
            return simulator.power_off()
        case "power_on":
            return simulator.power_on()
        # The simulator's four inputs of a connector: cable at the EV and at the EVSE, EV and
        # EVSE ready to charge (the dashboard's switches). Its cable is fixed (no lock), so
        # pulling it at the EV side is unplugging it.
        case "plug_in":
            return simulator.api(*evse(connector, evPlugged=True, evsePlugged=True, evReady=True, evseReady=True))
        case "unplug" | "unplug_ev_side":
            return simulator.api(*evse(connector, evPlugged=False, evsePlugged=False, evReady=False, evseReady=False))
        case "suspend_ev":
            return simulator.api(*evse(connector, evReady=False))
        case "resume_ev":
            return simulator.api(*evse(connector, evReady=True))
        # The RFID reader: starts a transaction, or ends the one the same idTag started.
        case "present_id_tag":
            return simulator.api(f"/connector/{connector}/transaction", {"idTag": args["id_tag"]})
    raise RuntimeError(f"unknown operator action {action}")


def serve(options: argparse.Namespace) -> None:
    workdir = Path(options.workdir).resolve()
    api_port = free_port()
    prepare(workdir, options.url, options.id, api_port)
    simulator = Simulator(Path(options.simulator).resolve(), workdir, api_port, sys.stdout)

    class Control(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                result = perform(simulator, self.path.lstrip("/"), json.loads(body or b"{}"))
                status, text = 200, json.dumps(result)
            except Exception as error:  # every failure is one line for the case's verdict
                status, text = 409, str(error)
            print(f"[rig] {self.path.lstrip('/')} {body.decode()} -> {status} {text}", flush=True)
            self.send_response(status)
            self.send_header("Content-Length", str(len(text.encode())))
            self.end_headers()
            self.wfile.write(text.encode())

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", options.control), Control)
    signal.signal(signal.SIGTERM, lambda *_: (simulator.power_off(), os._exit(0)))
    try:
        simulator.power_on()
    except RuntimeError as error:
        print(f"[rig] first power on: {error}", flush=True)
    print(f"[rig] control on 127.0.0.1:{options.control}, simulator web API on 127.0.0.1:{api_port}", flush=True)
    try:
        server.serve_forever()
    finally:
        simulator.power_off()


def call(options: argparse.Namespace) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{options.control}/{options.action}",
                                     data=options.args_json.encode(), method="POST")
    try:
        with LOOPBACK.open(request, timeout=ACTION_LIMIT_S + 0.5) as response:
            print(response.read().decode())
            return 0
    except urllib.error.HTTPError as error:
        print(error.read().decode() or f"HTTP {error.code}")
    except OSError as error:
        print(f"the rig does not answer on 127.0.0.1:{options.control}: {error}")
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve")
    run.add_argument("--simulator", required=True, help="the built mo_simulator")
    run.add_argument("--url", required=True, help="the central system, without the charge box id")
    run.add_argument("--id", required=True, help="the charge box id")
    run.add_argument("--control", type=int, required=True)
    run.add_argument("--workdir", required=True, help="where the simulator keeps its state (mo_store/)")
    ask = commands.add_parser("call")
    ask.add_argument("--control", type=int, required=True)
    ask.add_argument("action")
    ask.add_argument("args_json", nargs="?", default="{}")
    options = parser.parse_args()
    if options.command == "serve":
        serve(options)
        return 0
    return call(options)


if __name__ == "__main__":
    sys.exit(main())
