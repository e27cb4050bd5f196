"""Recipe: the Core `_CS` cases against charger-simulator 1.0.1 (npm), an OCPP-J 1.6 charge point simulator.

    .venv/bin/python bench/charger_simulator/run.py          # needs node and npm (the npm registry once)

It installs the simulator into bench/charger_simulator/node/ (git-ignored) if missing, with
@push-rpc/core pinned to 1.1.4: the simulator asks for ^1.0.32, which npm resolves to 1.9.3,
whose createRpcClient no longer takes the simulator's first argument (it fails at start with
"this.createSocket is not a function"). It then writes a SUT description, starts our rig
(rig.mjs: the simulator as a library in a child process, operator actions behind a loopback
control port), runs the Core cases in one pytest process and prints the verdict of each case
and the totals. Every process it starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

from loopback import free_port, wait_for_port  # noqa: E402

MODULES = HERE / "node"
PACKAGE = {"name": "charger-simulator-rig", "private": True,
           "dependencies": {"charger-simulator": "1.0.1", "@push-rpc/core": "1.1.4"},
           "overrides": {"@push-rpc/core": "1.1.4"}}
CHARGE_POINT = "CP_SIM"


def install() -> None:
    if (MODULES / "node_modules" / "charger-simulator" / "package.json").exists():
        return
    MODULES.mkdir(exist_ok=True)
    (MODULES / "package.json").write_text(json.dumps(PACKAGE, indent=2) + "\n")
    subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=MODULES, check=True, timeout=300)


def description(listen_port: int, control_port: int) -> str:
    rig = HERE / "rig.mjs"
    return f"""[sut]
name = "charger-simulator 1.0.1"
role = "charge-point"
charge_point_id = "{CHARGE_POINT}"
listen = "ws://127.0.0.1:{listen_port}/ocpp"

[security]
profile = 0

[capabilities]
profiles = ["Core"]
connectors = 1
# What the simulator does (docs/compatibility.md): a socket it never locks, no cache, no
# offline behaviour, no backup power, nothing to provoke a lock failure, and only three
# configuration keys (ChangeConfiguration of any other key "succeeds" without effect).
fixed_cable = false
authorization_cache = false
offline_start = false
offline_unknown_id = false
backup_power = false
lock_failure = false
writable_stop_on_ev_disconnect = false
writable_unlock_on_ev_disconnect = false

[test_data]
message_timeout_s = 5
quiet_period_s = 3
connect_timeout_s = 15
reboot_timeout_s = 20
action_timeout_s = 10
heartbeat_interval_s = 2
boot_retry_interval_s = 3
timing_tolerance_s = 1.0
meter_value_sample_interval_s = 2
clock_aligned_data_interval_s = 4
transaction_duration_s = 3
connection_timeout_s = 3

[actions]
driver = "command"
command = "node {rig} call --control {control_port} {{action}} {{args_json}}"
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", default=str(ROOT / "reports" / "charger_simulator"))
    parser.add_argument("--case", action="append", default=[], help="run only these cases")
    args = parser.parse_args()
    if not shutil.which("node") or not shutil.which("npm"):
        raise SystemExit("node and npm are needed")
    install()
    listen_port, control_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as tmp:
        sut = Path(tmp) / "charger-simulator.toml"
        sut.write_text(description(listen_port, control_port))
        log = open(Path(args.reports).parent / "charger_simulator_rig.log", "w") if Path(args.reports).parent.exists() \
            else subprocess.DEVNULL
        rig = subprocess.Popen(["node", str(HERE / "rig.mjs"), "serve", "--modules", str(MODULES / "node_modules"),
                                "--url", f"ws://127.0.0.1:{listen_port}/ocpp", "--id", CHARGE_POINT,
                                "--control", str(control_port), "--meter-seconds", "2"],
                               stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_port(control_port, 10)
            cases = [option for case in args.case for option in ("--case", case)]
            started = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "testcases",
                                   "--sut", str(sut), "--profile", "Core", "--reports", args.reports, *cases],
                                  cwd=ROOT, timeout=1500, capture_output=True, text=True)
            elapsed = time.monotonic() - started
        finally:
            rig.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                rig.wait(10)
            if rig.poll() is None:
                rig.kill()
                rig.wait()
    summary = json.loads((Path(args.reports) / "summary.json").read_text())
    rows = [row for row in summary["cases"] if row["id"].endswith("_CS")]
    for row in rows:
        why = row.get("rule") or ""
        print(f"{row['id']:<14} {row['verdict']:<22} {why} {(row.get('message') or '')[:150]}".rstrip())
    print(f"{len(rows)} Core _CS cases in {elapsed:.0f} s (pytest exit code {done.returncode})")
    for verdict, count in sorted(Counter(row["verdict"] for row in rows).items()):
        print(f"  {verdict:<22} {count}")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
