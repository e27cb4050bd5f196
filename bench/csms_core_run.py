"""Wall time of the Core `_CSMS` cases against a central system, and the count per verdict.

By default against the reference central system, on a free loopback port; `--sut FILE` runs
them against any central system described by FILE (a third-party one, for example).

    .venv/bin/python bench/csms_core_run.py [--sut FILE] [--timeout 600]
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conformance.sut.local import free_port  # noqa: E402

REFERENCE = ROOT / "fixtures" / "suts" / "reference-central-system.toml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sut", type=Path, help="SUT description of a central system (default: the reference)")
    parser.add_argument("--timeout", type=float, default=600, help="bound of the whole run in seconds")
    parser.add_argument("--mode", action="append", default=[],
                        help="a mode of the reference central system (repeatable), e.g. configures_on_its_own")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sut = args.sut
        if sut is None:
            sut = Path(tmp) / "reference-central-system.toml"
            text = REFERENCE.read_text().replace("127.0.0.1:18601", f"127.0.0.1:{free_port()}")
            if args.mode:
                text = re.sub(r"(?m)^(\[reference\]\n(?:.*\n)*?faults = .*)$", r"\1\nmodes = " + json.dumps(args.mode),
                              text, count=1)
            sut.write_text(text)
        reports = Path(tmp) / "reports"
        command = [sys.executable, "-m", "conformance.cli", "run", "--sut", str(sut), "--profile", "Core",
                   "--reports", str(reports)]
        started = time.monotonic()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, cwd=ROOT)
        except subprocess.TimeoutExpired:
            print(f"the run did not finish within {args.timeout:g} s")
            return 1
        wall = time.monotonic() - started
        summary = reports / "summary.json"
        if not summary.exists():
            print(done.stdout[-2000:], done.stderr[-2000:], sep="\n")
            return 1
        cases = [c for c in json.loads(summary.read_text())["cases"] if c["id"].endswith("_CSMS")]
    verdicts = collections.Counter(c["verdict"] for c in cases)
    print(f"{len(cases)} Core _CSMS cases in {wall:.1f} s (exit code {done.returncode})")
    for verdict, count in sorted(verdicts.items()):
        print(f"  {verdict:22} {count}")
    for case in cases:
        if case["verdict"] not in ("passed", "passed with warnings"):
            print(f"  {case['id']:15} {case['verdict']:8} [{case['rule']}] {case['message'].splitlines()[0][:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
