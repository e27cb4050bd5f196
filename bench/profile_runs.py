"""Wall time and verdicts per feature profile and role, against the reference SUTs.

For each role and each profile that has implemented cases (or those named with --profile), one
`ocpp-conformance run` on free loopback ports with copies of the reference SUT descriptions,
then one line per profile and role: cases, wall time, the count per verdict, the slowest case.
A profile's cost is its protocol waits (timers the plan prescribes, expiry times, reboots):
this shows which profile a certification run spends its time on.

    .venv/bin/python bench/profile_runs.py [--profile Reservation] [--role charge-point] [--workers 2]
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

from conformance.catalog import catalog, implemented_cases  # noqa: E402
from conformance.ocpp.actions import Role  # noqa: E402
from conformance.sut.local import free_port, write_toml  # noqa: E402

SUTS = {Role.CHARGE_POINT: ("reference-charge-point.toml", "listen"),
        Role.CENTRAL_SYSTEM: ("reference-central-system.toml", "url")}


def reference_copy(role: Role, folder: Path) -> Path:
    """The reference SUT description of `role` on a free port, so no fixed port is needed."""
    name, key = SUTS[role]
    tables = tomllib.loads((ROOT / "fixtures" / "suts" / name).read_text())
    scheme, _, rest = tables["sut"][key].partition("://")
    tables["sut"][key] = f"{scheme}://127.0.0.1:{free_port()}/{rest.partition('/')[2]}"
    for table, value in tables.get("security", {}).items():   # relative PEM paths stay valid from the copy
        if isinstance(value, str) and value.endswith(".pem"):
            tables["security"][table] = str((ROOT / "fixtures" / "suts" / value).resolve())
    return write_toml(folder / name, tables)


def run(role: Role, profile: str, workers: int, timeout: float) -> tuple[float, list[dict], int]:
    with tempfile.TemporaryDirectory() as tmp:
        sut, reports = reference_copy(role, Path(tmp)), Path(tmp) / "reports"
        command = [sys.executable, "-m", "conformance.cli", "run", "--sut", str(sut), "--profile", profile,
                   "--reports", str(reports), *(["--workers", str(workers)] if workers > 1 else [])]
        started = time.monotonic()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        wall = time.monotonic() - started
        summary = reports / "summary.json"
        if not summary.exists():
            print(done.stdout[-2000:], done.stderr[-2000:], sep="\n", file=sys.stderr)
            return wall, [], done.returncode
        cases = [c for c in json.loads(summary.read_text())["cases"] if c["id"] in catalog()
                 and catalog()[c["id"]].sut_role is role and catalog()[c["id"]].profile == profile]
        return wall, cases, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="append", default=[], help="only this profile (repeatable)")
    parser.add_argument("--role", choices=[r.value for r in Role], action="append", default=[],
                        help="only this SUT role (repeatable)")
    parser.add_argument("--workers", type=int, default=1, help="pytest-xdist processes per run (default 1)")
    parser.add_argument("--timeout", type=float, default=1200, help="bound of each run in seconds")
    args = parser.parse_args()
    implemented = implemented_cases(ROOT / "testcases")
    worst = 0
    print(f"{'role':<15} {'profile':<24} {'cases':>5} {'wall s':>7}  verdicts; slowest case")
    for role in Role:
        if args.role and role.value not in args.role:
            continue
        profiles = sorted({e.profile for e in catalog().values() if e.sut_role is role and e.id in implemented})
        for profile in [p for p in profiles if not args.profile or p in args.profile]:
            wall, cases, code = run(role, profile, args.workers, args.timeout)
            worst = max(worst, code)
            counts = ", ".join(f"{n} {v}" for v, n in sorted(collections.Counter(c["verdict"] for c in cases).items()))
            timed = [c for c in cases if isinstance(c.get("duration_s"), (int, float))]
            slowest = max(timed, key=lambda c: c["duration_s"], default=None)
            slow = f"; {slowest['id']} {slowest['duration_s']:.1f} s" if slowest else ""
            print(f"{role.value:<15} {profile:<24} {len(cases):>5} {wall:>7.1f}  {counts or 'no result'}{slow}",
                  flush=True)
    return worst


if __name__ == "__main__":
    sys.exit(main())
