"""Recipe: the Core `_CSMS` cases against `ocpp-csms` 0.1.0 (PyPI), a central system on the `ocpp` library.

    .venv/bin/pip install -e '.[interop]'                # once: ocpp-csms
    .venv/bin/python bench/ocpp_csms/run.py [--reports DIR]

It starts bench/ocpp_csms/rig.py on two free loopback ports (the central system, and the control
port its operator actions arrive on), writes the SUT description of that central system (the
idTags held as Accepted, Blocked and Expired; operator actions through the `command` driver and
`ocpp-conformance reference control`), runs `ocpp-conformance run --sut FILE --profile Core` and
exits with its exit code. The rig is stopped at the end. tests/interop/test_ocpp_csms.py runs it
and asserts the verdicts docs/compatibility.md gives.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from conformance.sut.local import free_port, write_toml  # noqa: E402

RIG = Path(__file__).with_name("rig.py")
TAGS = ("VALID_TAG=Accepted", "BLOCKED_TAG=Blocked", "EXPIRED_TAG=Expired")


def description(path: Path, port: int, control: int) -> Path:
    return write_toml(path, {
        "sut": {"name": "ocpp-csms 0.1.0", "role": "central-system", "charge_point_id": "CONF_CP",
                "url": f"ws://127.0.0.1:{port}/ocpp"},
        "capabilities": {"profiles": ["Core"], "connectors": 2},
        "test_data": {"message_timeout_s": 5, "connect_timeout_s": 10, "action_timeout_s": 15,
                      "heartbeat_interval_s": 300, "connection_timeout_s": 1},
        "actions": {"driver": "command", "command": f"{sys.executable} -m conformance.cli reference control "
                                                    f"--to http://127.0.0.1:{control} {{action}} {{args_json}}"},
    })


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", default="reports", help="where the run's reports go (default: reports)")
    parser.add_argument("--timeout", type=float, default=240, help="bound of the run in seconds")
    args = parser.parse_args(argv)
    try:
        import ocpp_csms  # noqa: F401
    except ImportError:
        print("bench/ocpp_csms/run.py: ocpp-csms is not installed: pip install -e '.[interop]'", file=sys.stderr)
        return 2
    port, control = free_port(), free_port()
    rig = subprocess.Popen([sys.executable, str(RIG), "--port", str(port), "--control", str(control),
                            *(part for tag in TAGS for part in ("--tag", tag))],
                           cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""}, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    try:
        assert rig.stdout is not None
        line = rig.stdout.readline()   # printed once it listens
        if "control on" not in line:
            print(f"bench/ocpp_csms/run.py: the rig did not start: {line}{rig.stdout.read()}", file=sys.stderr)
            return 2
        with tempfile.TemporaryDirectory() as tmp:
            sut = description(Path(tmp) / "ocpp-csms.toml", port, control)
            done = subprocess.run([sys.executable, "-m", "conformance.cli", "run", "--sut", str(sut), "--profile", "Core",
                                   "--reports", args.reports], timeout=args.timeout)
            return done.returncode
    finally:
        rig.terminate()
        try:
            rig.wait(10)
        except subprocess.TimeoutExpired:
            rig.kill()
            rig.wait()


if __name__ == "__main__":
    raise SystemExit(main())
