"""How far `ocpp-conformance load` goes on this machine, all checks on, against the reference
central system on the same machine. Prints the machine and four figures:

1. chargers held connected with heartbeats (interval 60 s) and a charging session per charger
   every 10 minutes, with the p99 answer latency (the aim: under 1 s) and what stopped it;
2. memory per connected charger (the load engine's resident memory, above its idle size);
3. frames checked per second on one core, beside a bare websockets echo through the same
   transport on the same core (the transport's ceiling), and their ratio;
4. the boot storm: N chargers from reconnect to Accepted.

    .venv/bin/python bench/load_ceiling.py                       # 1000 chargers, about 2 minutes
    .venv/bin/python bench/load_ceiling.py --chargers 5000 --seconds 120

It is a benchmark, not a test: it prints figures and judges nothing but its own bounds. It
raises the open file limit to the hard limit for itself and its children (each charger is a
socket in the engine and one in the central system).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conformance.sut.local import reference_sut, write_toml  # noqa: E402


def machine() -> str:
    load = os.getloadavg()
    return (f"{platform.node()}: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
            f"Python {platform.python_version()}, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


def raise_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def sut(directory: Path, **load: float) -> Path:
    path = reference_sut(directory, "central-system", heartbeat_interval_s=60, message_timeout_s=10,
                         connect_timeout_s=30, meter_value_sample_interval_s=60)
    tables = tomllib.loads(path.read_text())
    tables["load"] = {"sessions_per_hour": 6.0, "session_duration_s": 120.0, **load}
    return write_toml(path, tables)


def run_load(sut_file: Path, reports: Path, chargers: int, rate: float, seconds: float, scenario: str,
             ) -> tuple[dict, list[int]]:
    """The load command; the engine's resident memory sampled each second (bytes)."""
    import psutil

    command = [sys.executable, "-m", "conformance.cli", "load", "--sut", str(sut_file), "--chargers", str(chargers),
               "--spawn-rate", str(rate), "--duration", f"{seconds:g}s", "--scenario", scenario,
               "--reports", str(reports)]
    cli = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[int] = []
    bound = time.monotonic() + seconds + 180
    while cli.poll() is None and time.monotonic() < bound:
        for child in psutil.Process(cli.pid).children():
            if "conformance.load.engine" in " ".join(child.cmdline()):
                try:
                    samples.append(child.memory_info().rss)
                except psutil.Error:
                    pass
        time.sleep(1)
    if cli.poll() is None:
        cli.kill()
    out, err = cli.communicate()
    summary_file = reports / "summary.json"
    if not summary_file.exists():
        raise SystemExit(f"the load run wrote no report: {err.strip()[-500:]}")
    return json.loads(summary_file.read_text()), samples


def idle_engine_rss() -> int:
    """The engine process's size with Locust and the protocol core loaded, before any charger."""
    code = ("import conformance.load.engine, psutil, os; import conformance.load.charger; "
            "print(psutil.Process(os.getpid()).memory_info().rss)")
    return int(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip())


def frames_per_core(seconds: float) -> tuple[float, float]:
    """Round trips per second through websockets' sync client on gevent, one core: bare and checked."""
    code = r'''
import locust, gevent, json, sys, time, multiprocessing
from websockets.sync.client import connect
from conformance.ocpp.session import Session
from conformance.ocpp.actions import Role

def server(port):
    import asyncio
    from websockets.asyncio.server import serve
    async def handle(ws):
        async for text in ws:
            uid = json.loads(text)[1]
            await ws.send('[3,"%s",{"currentTime":"2026-01-01T00:00:00.000Z"}]' % uid)
    async def main():
        async with serve(handle, "127.0.0.1", port, subprotocols=["ocpp1.6"], compression=None):
            await asyncio.sleep(3600)
    asyncio.run(main())

def client(port, checked, seconds, out):
    ws = connect(f"ws://127.0.0.1:{port}/", subprotocols=["ocpp1.6"], compression=None, proxy=None,
                 ping_interval=None)
    session = Session(Role.CENTRAL_SYSTEM)
    end, n = time.monotonic() + seconds, 0
    while time.monotonic() < end:
        if checked:
            call, text = session.call("Heartbeat", {})
            ws.send(text)
            received = session.receive(ws.recv(timeout=5), time.monotonic())
            assert received.answers is call and not received.problems
        else:
            ws.send('[2,"%d","Heartbeat",{}]' % n)
            ws.recv(timeout=5)
        n += 1
    ws.close()
    out.append(n)

port, seconds = int(sys.argv[1]), float(sys.argv[2])
for checked in (False, True):
    out = []
    gevent.joinall([gevent.spawn(client, port, checked, seconds, out) for _ in range(8)])
    print(sum(out) / seconds * 2)   # frames: each round trip is one sent and one checked received
'''
    from conformance.sut.local import free_port

    port = free_port()
    server_code = code.split("def client")[0] + f"\nserver({port})\n"
    server = subprocess.Popen([sys.executable, "-c", server_code], cwd=ROOT)
    try:
        time.sleep(2)
        pin = ["taskset", "-c", "0"] if os.cpu_count() and os.cpu_count() > 1 and _has("taskset") else []
        out = subprocess.run(pin + [sys.executable, "-c", code, str(port), str(seconds)], cwd=ROOT,
                             capture_output=True, text=True, timeout=4 * seconds + 60)
        if out.returncode:
            raise SystemExit(out.stderr[-800:])
        bare, checked = (float(x) for x in out.stdout.split())
        return bare, checked
    finally:
        server.terminate()
        server.wait(10)


def _has(program: str) -> bool:
    from shutil import which

    return which(program) is not None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chargers", type=int, default=1000)
    parser.add_argument("--spawn-rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=45, help="the connected run's length")
    parser.add_argument("--echo-seconds", type=float, default=5)
    args = parser.parse_args()
    limit = raise_file_limit()
    print(machine())
    print(f"open file limit: {limit} (each charger holds one socket in the engine and one in the central system; "
          "raise it with `ulimit -n` or /etc/security/limits.conf, up to the hard limit)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        summary, samples = run_load(sut(tmp_path), tmp_path / "connected", args.chargers, args.spawn_rate,
                                    args.seconds, "mix")
        p99 = summary["p99_ms"]
        print(f"1. connected: {summary['peak_connected']} of {args.chargers} chargers held for {args.seconds:g} s "
              f"(heartbeat 60 s, a session per charger every 10 min), p99 answer latency "
              f"{p99:.0f} ms, {summary['frames_per_s']} frames/s checked, verdict {summary['verdict']}, "
              f"{summary['late_heartbeats']} of {summary['heartbeats']} heartbeats sent late by the generator")
        idle = idle_engine_rss()
        peak = max(samples) if samples else 0
        per = (peak - idle) / max(summary["peak_connected"], 1)
        print(f"2. memory: engine {peak / 2**20:.0f} MiB at peak, {idle / 2**20:.0f} MiB idle: "
              f"{per / 1024:.0f} KiB per connected charger")
        bare, checked = frames_per_core(args.echo_seconds)
        print(f"3. frames per second on one core: {checked:.0f} checked, {bare:.0f} bare websockets echo through the "
              f"same transport: {checked / bare:.2f}x")
        storm_rate = max(args.spawn_rate, args.chargers / 5)
        storm_seconds = args.chargers / storm_rate + 10 + 20
        storm, _ = run_load(sut(tmp_path), tmp_path / "storm", args.chargers, storm_rate, storm_seconds,
                            "boot-storm")
        bs = storm["boot_storm"]
        print(f"4. boot storm: {bs['chargers']} of {args.chargers} chargers from reconnect to Accepted: median "
              f"{(bs['p50_ms'] or 0) / 1000:.2f} s, last {(bs['max_ms'] or 0) / 1000:.2f} s, verdict "
              f"{storm['verdict']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
