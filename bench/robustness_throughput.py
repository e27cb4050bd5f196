"""Robustness examples per second against each reference SUT, over a live WebSocket on loopback.

Each example is what the suites do: drawn by hypothesis, sent on the raw path, its answer
judged by the policy table, then the liveness request (GetConfiguration or Heartbeat)
answered and judged. Printed per role and property: examples, seconds, examples per second.

    .venv/bin/python bench/robustness_throughput.py [--examples 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import types
import warnings
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conformance.fixtures import _started_driver  # noqa: E402
from conformance.robustness.runner import RobustnessWarning  # noqa: E402
from conformance.robustness.session import central_system_target, charge_point_target  # noqa: E402
from conformance.strategies.frames import frames  # noqa: E402
from conformance.strategies.payloads import invalid_payloads, valid_payloads  # noqa: E402
from conformance.sut.local import reference_sut  # noqa: E402
from conformance.sut.profile import load  # noqa: E402


def run(loop: asyncio.AbstractEventLoop, role: str, examples: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sut = load(reference_sut(Path(tmp), role))
        plugin = types.SimpleNamespace(harnesses={}, drivers={}, suts={sut.role: sut})
        enter = charge_point_target if role == "charge-point" else central_system_target
        manager = enter(plugin, sut, _started_driver, ())
        target = loop.run_until_complete(manager.__aenter__())
        fuzzer = target.fuzzer
        quiet = settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                         suppress_health_check=list(HealthCheck))
        probe_action = fuzzer.probe()[0]

        @quiet
        @given(st.sampled_from(target.actions).flatmap(lambda a: st.tuples(st.just(a), valid_payloads(a))))
        def valid(example):
            loop.run_until_complete(fuzzer.valid(*example))

        @quiet
        @given(st.sampled_from(target.actions).flatmap(invalid_payloads))
        def invalid(broken):
            loop.run_until_complete(fuzzer.invalid(broken))

        @quiet
        @given(frames(probe_action, fuzzer.probe()[1]))
        def malformed(frame):
            loop.run_until_complete(fuzzer.frame(frame))

        try:
            for name, prop in (("valid requests", valid), ("invalid requests", invalid), ("malformed frames", malformed)):
                fuzzer.examples = 0
                started = time.perf_counter()
                prop()
                seconds = time.perf_counter() - started
                print(f"{role:<15} {name:<17} {fuzzer.examples:>6} examples {seconds:7.2f} s "
                      f"{fuzzer.examples / seconds:8.0f} examples/s (each with its liveness request)")
        finally:
            loop.run_until_complete(manager.__aexit__(None, None, None))
            for harness in plugin.harnesses.values():
                loop.run_until_complete(harness.stop())
            for driver in plugin.drivers.values():
                loop.run_until_complete(driver.stop())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="examples per property (default 1000)")
    args = parser.parse_args()
    warnings.simplefilter("ignore", RobustnessWarning)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    for role in ("charge-point", "central-system"):
        run(loop, role, args.examples)


if __name__ == "__main__":
    main()
