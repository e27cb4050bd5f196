"""The Core-profile charge point cases (`_CS`) against the reference charge point: wall time and verdicts.

Runs `pytest testcases --profile Core` in a child process with a copy of
fixtures/suts/reference-charge-point.toml on a free loopback port (so that it does not collide
with a run on the fixed port), then prints the wall time, the count per verdict and the
slowest cases. With --workers N the cases run in N pytest-xdist processes, each with its own
reference charge point; --mode NAME (repeatable) turns on a mode of the reference charge
point (`ocpp-conformance reference charge-point --list-faults`), e.g. a behaviour the plan's
steps do not name. Exit code: that of the run.

    .venv/bin/python bench/core_cs_run.py [--workers 2] [--mode suspended_evse_before_charging]
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conformance.sut.local import free_port, write_toml  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1, help="pytest-xdist processes (default: 1, no xdist)")
    parser.add_argument("--mode", action="append", default=[], help="a mode of the reference charge point (repeatable)")
    args = parser.parse_args()
    workers = args.workers
    with tempfile.TemporaryDirectory() as tmp:
        tables = tomllib.loads((ROOT / "fixtures" / "suts" / "reference-charge-point.toml").read_text())
        scheme = tables["sut"]["listen"].partition(":")[0]
        tables["sut"]["listen"] = f"{scheme}://127.0.0.1:{free_port()}/ocpp"
        tables["reference"]["modes"] = list(args.mode)
        sut = write_toml(Path(tmp) / "reference-charge-point.toml", tables)
        reports = Path(tmp) / "reports"
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", str(ROOT / "testcases"), "--sut", str(sut), "--profile", "Core",
             "--reports", str(reports), "-p", "no:cacheprovider", *(["-n", str(workers)] if workers > 1 else [])],
            cwd=ROOT, capture_output=True, text=True, timeout=900)
        wall = time.monotonic() - started
        summary = json.loads((reports / "summary.json").read_text())
    cases = [c for c in summary["cases"] if c["id"].endswith("_CS")]
    verdicts = collections.Counter(c["verdict"] for c in cases)
    modes = f" (modes: {', '.join(args.mode)})" if args.mode else ""
    print(f"Core _CS cases against the reference charge point{modes}: {len(cases)} in {wall:.1f} s wall time "
          f"({workers} process{'es' if workers > 1 else ''}; the cases themselves: "
          f"{sum(c.get('duration_s') or 0 for c in cases):.1f} s)")
    for verdict, count in sorted(verdicts.items()):
        print(f"  {verdict:22} {count}")
    timed = [c for c in cases if isinstance(c.get("duration_s"), (int, float))]
    if timed:
        print("slowest:")
        for c in sorted(timed, key=lambda c: -c["duration_s"])[:5]:
            print(f"  {c['id']:14} {c['duration_s']:.1f} s")
    for c in cases:
        if c["verdict"] not in ("passed", "not applicable"):
            print(f"  {c['id']}: {c['verdict']}: {c.get('message', '')[:200]}")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
