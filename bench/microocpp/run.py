"""Recipe: the `_CS` cases (Core, or the profiles named with --profile) against MicroOcppSimulator, the demo charge point of the MicroOcpp library (C++).

    .venv/bin/python bench/microocpp/run.py PATH/TO/mo_simulator     # or MICROOCPP_SIMULATOR=PATH

It needs a built simulator, which never enters this repository (its sources are on GitHub,
GPL-3.0; CI does not build it). The build, on Debian/Ubuntu with cmake and g++:

    git clone --recurse-submodules https://github.com/matth-x/MicroOcppSimulator
    cd MicroOcppSimulator
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
    cmake --build build -j 2 --target mo_simulator        # -> build/mo_simulator

It writes a SUT description (security profile 0, ws:// on a free loopback port, the
simulator's two connectors and what it has), starts our rig (rig.py: the simulator's process in
a folder of its own, its power and the operator actions on a loopback control port), runs
the Core cases in one pytest process and prints the verdict of each case and the totals. Every
process it starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
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

CHARGE_POINT = "MO_SIM"
ENVIRONMENT = "MICROOCPP_SIMULATOR"


def how_to_build() -> str:
    return __doc__.split("It needs", 1)[1].split("It writes", 1)[0].rstrip()


def description(listen_port: int, control_port: int) -> str:
    rig = shlex.join([sys.executable, str(HERE / "rig.py"), "call", "--control", str(control_port)])
    return f"""[sut]
name = "MicroOcppSimulator (MicroOcpp 1.2.0)"
role = "charge-point"
charge_point_id = "{CHARGE_POINT}"
listen = "ws://127.0.0.1:{listen_port}/ocpp"

[security]
profile = 0

[capabilities]
# Its SupportedFeatureProfiles (Reservation and the others play no part in a Core run; RemoteTrigger
# lets the harness ask for a connector's status instead of a power cycle).
profiles = ["Core", "FirmwareManagement", "LocalAuthListManagement", "Reservation", "SmartCharging", "RemoteTrigger"]
connectors = 2
# Built without a connector lock: UnlockConnector is NotSupported and
# UnlockConnectorOnEVSideDisconnect is read-only, as for a fixed cable. No authorization cache
# (no AuthorizationCacheEnabled); offline it starts on AllowOfflineTxForUnknownId; no backup
# power; nothing to provoke a lock failure.
fixed_cable = true
authorization_cache = false
offline_start = true
offline_unknown_id = true
backup_power = false
lock_failure = false
writable_stop_on_ev_disconnect = true
writable_unlock_on_ev_disconnect = false
# Its optional profiles' limits as MicroOcpp 1.2 declares them (LocalAuthListMaxLength and
# SendLocalListMaxLength 48, LocalAuthListEnabled writable, ReserveConnectorZeroSupported true,
# MaxChargingProfilesInstalled 10, ChargingScheduleMaxPeriods 24).
local_auth_list_max_length = 48
send_local_list_max_length = 48
local_list_can_be_disabled = true
reserve_connector_zero = true
max_charging_profiles_installed = 10
charging_schedule_max_periods = 24

[test_data]
message_timeout_s = 10
quiet_period_s = 3
connect_timeout_s = 15
reboot_timeout_s = 20
# MicroOcpp reboots 10 s after it has answered Reset.
reset_delay_s = 12
action_timeout_s = 10
heartbeat_interval_s = 2
boot_retry_interval_s = 3
timing_tolerance_s = 1.0
meter_value_sample_interval_s = 2
clock_aligned_data_interval_s = 4
transaction_duration_s = 3
connection_timeout_s = 3
# The simulator limits power only (its EVSE registers a power output, no current output): its
# SetChargingProfile refuses a schedule in A ("unsupported charge rate unit").
charging_rate_unit = "W"

[actions]
driver = "command"
command = "{rig} {{action}} {{args_json}}"
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("simulator", nargs="?", default=os.environ.get(ENVIRONMENT),
                        help=f"the built mo_simulator (default: ${ENVIRONMENT})")
    parser.add_argument("--reports", default=str(ROOT / "reports" / "microocpp"))
    parser.add_argument("--case", action="append", default=[], help="run only these cases")
    parser.add_argument("--profile", action="append", default=[],
                        help="run the cases of this feature profile (repeatable; default: Core)")
    parser.add_argument("--json", help="also write the totals and each case's verdict to this file")
    args = parser.parse_args()
    simulator = Path(args.simulator).expanduser() if args.simulator else None
    if simulator is None or not (simulator.is_file() and os.access(simulator, os.X_OK)):
        where = f"{simulator} is not an executable file" if simulator else f"no simulator given (argument or ${ENVIRONMENT})"
        print(f"{where}.\nIt needs{how_to_build()}", file=sys.stderr)
        return 2
    listen_port, control_port = free_port(), free_port()
    reports = Path(args.reports)
    reports.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, open(reports.parent / "microocpp_rig.log", "w") as log:
        sut = Path(tmp) / "microocpp.toml"
        sut.write_text(description(listen_port, control_port))
        rig = subprocess.Popen([sys.executable, str(HERE / "rig.py"), "serve", "--simulator", str(simulator.resolve()),
                                "--url", f"ws://127.0.0.1:{listen_port}/ocpp", "--id", CHARGE_POINT,
                                "--control", str(control_port), "--workdir", str(Path(tmp) / "charger")],
                               stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_port(control_port, 15)
            cases = [option for case in args.case for option in ("--case", case)]
            profiles = [option for name in (args.profile or ["Core"]) for option in ("--profile", name)]
            started = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "testcases",
                                   "--sut", str(sut), *profiles, "--reports", str(reports), *cases],
                                  cwd=ROOT, timeout=2400, capture_output=True, text=True)
            elapsed = time.monotonic() - started
        finally:
            rig.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                rig.wait(10)
            if rig.poll() is None:
                rig.kill()
                rig.wait()
    summary_file = reports / "summary.json"
    if not summary_file.exists():
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
        return done.returncode or 1
    rows = [row for row in json.loads(summary_file.read_text())["cases"] if row["id"].endswith("_CS")]
    chosen = ", ".join(args.profile or ["Core"])
    for row in rows:
        why = row.get("rule") or ""
        print(f"{row['id']:<14} {row['verdict']:<22} {why} {(row.get('message') or '')[:150]}".rstrip())
    print(f"{len(rows)} _CS cases ({chosen}) in {elapsed:.0f} s (pytest exit code {done.returncode})")
    counts = dict(sorted(Counter(row["verdict"] for row in rows).items()))
    for verdict, count in counts.items():
        print(f"  {verdict:<22} {count}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "sut": "MicroOcppSimulator (MicroOcpp 1.2.0)", "command": " ".join(sys.argv), "duration_s": round(elapsed),
            "counts": counts, "cases": {row["id"]: {key: row.get(key) or "" for key in ("verdict", "rule", "message")}
                                        for row in rows}}, indent=1) + "\n")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
