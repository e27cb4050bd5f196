"""How fast the harness, as central system, answers the CALLs a charge point sends.

A bare WebSocket client plays the charge point on loopback and sends StatusNotifications one
at a time; the harness reads, checks (framing, schema, timestamps), traces and answers each.
Printed: the charge point's round trip, and the harness's own time from reading a CALL to
sending its answer (from the trace), as medians and 99th percentiles; also while a case is
waiting for something else, which must not change them.

    .venv/bin/python bench/answer_latency.py [--calls 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conformance.roles.central_system import CentralSystemHarness  # noqa: E402
from conformance.sut.local import free_port, write_toml  # noqa: E402
from conformance.sut.profile import load  # noqa: E402
from conformance.transport.trace import Trace  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def measure(calls: int, waiting: bool) -> tuple[list[float], list[float]]:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_toml(Path(tmp) / "cp.toml", {
            "sut": {"role": "charge-point", "charge_point_id": "BENCH", "listen": f"ws://127.0.0.1:{port}/ocpp"},
            "test_data": {"message_timeout_s": 60}})
        harness = CentralSystemHarness(load(path))
    await harness.start()
    trace = Trace(limit=calls * 3)
    round_trips = []
    try:
        async with connect(f"ws://127.0.0.1:{port}/ocpp/BENCH", subprotocols=["ocpp1.6"]) as ws:
            await harness.wait_connected()
            harness.begin_case(trace)
            harness.start_steps()
            blocker = asyncio.create_task(harness.expect(1, "DataTransfer", timeout=600)) if waiting else None
            status = {"connectorId": 1, "errorCode": "NoError", "status": "Available",
                      "timestamp": "2026-01-01T00:00:00Z"}
            for n in range(calls):
                started = time.perf_counter()
                await ws.send(json.dumps([2, f"c{n}", "StatusNotification", status]))
                await ws.recv()
                round_trips.append(time.perf_counter() - started)
            if blocker is not None:
                blocker.cancel()
    finally:
        await harness.stop()
    received = {e.text.split('"')[1]: e.monotonic for e in trace.entries if e.direction == "SUT -> harness"}
    answered = [e.monotonic - received[json.loads(e.text)[1]] for e in trace.entries
                if e.direction == "harness -> SUT" and json.loads(e.text)[1] in received]
    return round_trips, answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    for waiting in (False, True):
        round_trips, answered = asyncio.run(measure(args.calls, waiting))
        label = "while a case waits for another CALL" if waiting else "between cases"
        print(f"{label}: {len(round_trips)} StatusNotifications, {len(round_trips) / sum(round_trips):.0f} per s")
        print(f"  round trip at the charge point   p50 {statistics.median(round_trips) * 1000:6.3f} ms"
              f"   p99 {percentile(round_trips, 0.99) * 1000:6.3f} ms")
        print(f"  read to answer in the harness    p50 {statistics.median(answered) * 1000:6.3f} ms"
              f"   p99 {percentile(answered, 0.99) * 1000:6.3f} ms   max {max(answered) * 1000:6.3f} ms")


if __name__ == "__main__":
    main()
