"""Heartbeat round trips per second: the harness's session layer against the `ocpp` library's ChargePoint.

Every test case pays the harness's per-frame checks and trace; this puts a number on that
cost next to the library's own client, on the same machine and in the same run. Both clients
talk to one central system (the library's ChargePoint answering Heartbeat) in a separate
process, so only the client side differs between the figures.

    .venv/bin/python bench/heartbeat_roundtrips.py [--seconds 5] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import ocpp
import ocpp.messages
import websockets
from ocpp.routing import on
from ocpp.v16 import ChargePoint, call, call_result
from ocpp.v16.enums import Action
from websockets.asyncio.client import connect
from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

HOST = "127.0.0.1"
SUBPROTOCOL = "ocpp1.6"
WARMUP = 50                 # round trips before the window: schema compilation is not the steady state
MAX_PER_WINDOW = 2_000_000  # a bound on the count, should the clock misbehave
CALL_TIMEOUT = 5.0


class UnexpectedAnswer(Exception):
    """A rejected Heartbeat would make the figures meaningless, so it stops the benchmark."""


# -- the central system (its own process) ---------------------------------------------------------


class CentralSystem(ChargePoint):
    @on(Action.heartbeat)
    def on_heartbeat(self) -> call_result.Heartbeat:
        # Z and milliseconds, so the harness's timestamp check passes and records nothing.
        now = datetime.now(UTC)
        stamp = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
        return call_result.Heartbeat(current_time=stamp)


async def _central_system(ready: multiprocessing.Queue, stop: multiprocessing.Event, lifetime: float) -> None:
    async def handler(ws) -> None:
        cp = CentralSystem(ws.request.path.strip("/") or "cp", ws)
        with contextlib.suppress(ConnectionClosed):
            await cp.start()

    async with serve(handler, HOST, 0, subprotocols=[SUBPROTOCOL]) as server:
        ready.put(server.sockets[0].getsockname()[1])
        # The lifetime bound keeps an orphaned server from outliving a parent that died.
        await asyncio.get_running_loop().run_in_executor(None, stop.wait, lifetime)


def run_central_system(ready: multiprocessing.Queue, stop: multiprocessing.Event, lifetime: float,
                       inline_validation: bool, cpu: int | None) -> None:
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    ocpp.messages.ASYNC_VALIDATION = not inline_validation
    asyncio.run(_central_system(ready, stop, lifetime))


# -- measuring -------------------------------------------------------------------------------------


@dataclass
class Window:
    round_trips: int
    elapsed: float
    p50_ms: float
    p99_ms: float
    note: str = ""

    @property
    def rate(self) -> float:
        return self.round_trips / self.elapsed


async def _measure(round_trip: Callable[[], Awaitable[None]], seconds: float) -> Window:
    """Sequential round trips for `seconds`: await the answer, then send the next."""
    for _ in range(WARMUP):
        await round_trip()
    latencies: list[float] = []
    clock = time.perf_counter
    start = clock()
    end = start + seconds
    now = start
    while now < end and len(latencies) < MAX_PER_WINDOW:
        before = now
        await round_trip()
        now = clock()
        latencies.append(now - before)
    latencies.sort()
    return Window(len(latencies), now - start, latencies[len(latencies) // 2] * 1000,
                  latencies[min(len(latencies) - 1, len(latencies) * 99 // 100)] * 1000)


def _profile_toml(url: str) -> str:
    return (
        "[sut]\n"
        'role = "central-system"\n'
        'charge_point_id = "BENCH-HARNESS"\n'
        f'url = "{url}"\n'
        "\n[actions]\n"
        'driver = "prompt"\n'
    )


async def measure_harness(url: str, seconds: float) -> Window:
    """The path every `_CSMS` test case takes: Endpoint.call, with session checks and the trace."""
    from conformance.ocpp.rpc import CallError
    from conformance.roles.charge_point import ChargePointHarness
    from conformance.sut.profile import load
    from conformance.transport.websocket import open_connection

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench-central-system.toml"
        path.write_text(_profile_toml(url), encoding="utf-8")
        profile = load(path)
    harness = ChargePointHarness(profile)
    ws = await open_connection(profile.connect_url, charge_point_id=profile.charge_point_id, password=None,
                               timeout=CALL_TIMEOUT)
    harness.attach(ws)

    async def round_trip() -> None:
        answer = await harness.call("Heartbeat", {}, timeout=CALL_TIMEOUT)
        if isinstance(answer, CallError):
            raise UnexpectedAnswer(f"the central system answered Heartbeat with {answer!r}")

    try:
        window = await _measure(round_trip, seconds)
    finally:
        await harness.close()
    problems = len(harness.errors) + len(harness.warnings)
    window.note = f"trace {len(harness.trace.entries)} entries incl. warm-up, {problems} check problems"
    return window


async def measure_library(url: str, seconds: float, *, inline_validation: bool) -> Window:
    """The `ocpp` library's own client, with its default websockets settings."""
    saved = ocpp.messages.ASYNC_VALIDATION
    ocpp.messages.ASYNC_VALIDATION = not inline_validation
    try:
        async with connect(f"{url}/BENCH-LIBRARY", subprotocols=[SUBPROTOCOL], proxy=None,
                           open_timeout=CALL_TIMEOUT) as ws:
            cp = ChargePoint("BENCH-LIBRARY", ws, response_timeout=CALL_TIMEOUT)
            reader = asyncio.create_task(cp.start())

            async def round_trip() -> None:
                if await cp.call(call.Heartbeat()) is None:
                    raise UnexpectedAnswer("the central system answered Heartbeat with a CALLERROR")

            try:
                window = await _measure(round_trip, seconds)
            finally:
                reader.cancel()
                with contextlib.suppress(BaseException):
                    await reader
            extensions = ", ".join(e.name for e in ws.protocol.extensions) or "none"
            window.note = f"extensions: {extensions}"
            return window
    finally:
        ocpp.messages.ASYNC_VALIDATION = saved


# -- the run ---------------------------------------------------------------------------------------

CLIENTS: list[tuple[str, str, Callable[[str, float], Awaitable[Window]]]] = [
    ("harness", "harness: ChargePointHarness.call (Endpoint, session checks + trace)", measure_harness),
    ("lib-default", "library: ChargePoint.call, ASYNC_VALIDATION=True (default)",
     lambda url, s: measure_library(url, s, inline_validation=False)),
    ("lib-inline", "library: ChargePoint.call, ASYNC_VALIDATION=False",
     lambda url, s: measure_library(url, s, inline_validation=True)),
]


def _cpus() -> tuple[int | None, int | None]:
    """One core for the server, another for the clients, when there are two to pin to."""
    if not hasattr(os, "sched_getaffinity"):
        return None, None
    cpus = sorted(os.sched_getaffinity(0))
    return (cpus[-1], cpus[0]) if len(cpus) >= 2 else (None, None)


async def bench(url: str, seconds: float, runs: int) -> dict[str, list[Window]]:
    results: dict[str, list[Window]] = {key: [] for key, _, _ in CLIENTS}
    for run in range(1, runs + 1):
        for key, _, measure in CLIENTS:
            window = await measure(url, seconds)
            results[key].append(window)
            print(f"run {run}  {key:<12} {window.rate:8.0f} rt/s  "
                  f"p50 {window.p50_ms:6.3f} ms  p99 {window.p99_ms:6.3f} ms  "
                  f"({window.round_trips} in {window.elapsed:.2f} s; {window.note})", flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="measurement window per client and run (default 5)")
    parser.add_argument("--runs", type=int, default=3, help="runs; the medians are reported (default 3)")
    parser.add_argument("--server-validation", choices=("inline", "executor"), default="inline",
                        help="ocpp.messages.ASYNC_VALIDATION of the shared central system: "
                             "inline (False, default) or executor (True, the library's default)")
    parser.add_argument("--no-pin", action="store_true",
                        help="let the OS place both processes instead of pinning them to separate cores")
    args = parser.parse_args(argv)
    if not 0 < args.seconds <= 60 or not 1 <= args.runs <= 20:
        parser.error("--seconds must be in (0, 60] and --runs in [1, 20]")

    # Per window: warm-up, connect and close on top of the window itself.
    hard_cap = args.runs * len(CLIENTS) * (args.seconds + 10) + 20
    server_cpu, client_cpu = (None, None) if args.no_pin else _cpus()
    ctx = multiprocessing.get_context("spawn")
    ready, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=run_central_system, name="bench-central-system", daemon=True,
                         args=(ready, stop, hard_cap + 10, args.server_validation == "inline", server_cpu))
    server.start()
    try:
        port = ready.get(timeout=30)
        if client_cpu is not None:
            os.sched_setaffinity(0, {client_cpu})
        url = f"ws://{HOST}:{port}"
        pinning = (f"server on CPU {server_cpu}, clients on CPU {client_cpu}" if server_cpu is not None
                   else "not pinned (--no-pin)" if args.no_pin else "not pinned (fewer than 2 CPUs available)")
        print(f"Heartbeat round trips on loopback ({url}), {args.seconds:g} s window, {args.runs} runs, "
              f"sequential on 1 connection, {WARMUP} warm-up round trips per window")
        print(f"python {sys.version.split()[0]}, ocpp {version('ocpp')}, "
              f"websockets {websockets.__version__}; {pinning}")
        print(f"central system: ocpp ChargePoint @on(Heartbeat) in a separate process, "
              f"ASYNC_VALIDATION={args.server_validation == 'executor'}")
        try:
            results = asyncio.run(asyncio.wait_for(bench(url, args.seconds, args.runs), hard_cap))
        except TimeoutError:
            print(f"stopped: the benchmark exceeded its {hard_cap:g} s bound", file=sys.stderr)
            return 1
    finally:
        stop.set()
        server.join(10)
        if server.is_alive():
            server.terminate()
            server.join(5)

    print("\nmedians")
    rates = {}
    for key, label, _ in CLIENTS:
        windows = results[key]
        rates[key] = statistics.median(w.rate for w in windows)
        runs = " / ".join(f"{w.rate:.0f}" for w in windows)
        p50 = statistics.median(w.p50_ms for w in windows)
        print(f"  {label:<66} {rates[key]:8.0f} rt/s  p50 {p50:6.3f} ms  (runs {runs})")
    print("\nratio harness/library")
    print(f"  vs ASYNC_VALIDATION=True (library default): {rates['harness'] / rates['lib-default']:.2f}")
    print(f"  vs ASYNC_VALIDATION=False:                  {rates['harness'] / rates['lib-inline']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
