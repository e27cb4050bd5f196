"""`ocpp-conformance load`: many simulated charge points against a central system, on Locust.

This process does what must happen before the load starts, in plain Python: it reads the SUT
description, starts the reference central system when none is given, connects once as the
first charger (an unreachable central system is one line and exit 2 here), and then runs the
load engine (conformance.load.engine, Locust on gevent) as a child process, whose exit code
it returns. Ctrl-C reaches the engine, which stops every charger and writes the report; the
reference central system is stopped after it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REFERENCE = PROJECT_ROOT / "fixtures" / "suts" / "reference-central-system.toml"
PROG = "ocpp-conformance load"


class _OneLine(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    p = _OneLine(prog=PROG, description="Simulated charge points against a central system, every frame checked "
                                        "(docs/load.md). Without --sut: against the built-in reference central system.")
    p.add_argument("--sut", metavar="FILE", help="central-system SUT description (default: the reference one)")
    p.add_argument("--chargers", type=int, default=50, metavar="N", help="simulated charge points (default %(default)s)")
    p.add_argument("--spawn-rate", type=float, default=25, metavar="R",
                   help="chargers connected per second (default %(default)s)")
    p.add_argument("--duration", default="30s", metavar="T", help="e.g. 90, 90s, 10m, 1h (default %(default)s)")
    p.add_argument("--scenario", default="mix", choices=("mix", "boot-storm", "reconnect"),
                   help="mix (default): boot, status, heartbeats, charging sessions; boot-storm: all chargers drop "
                        "and boot at once once connected; reconnect: connections dropped and resumed without boot")
    p.add_argument("--reports", default="reports/load", metavar="DIR", help="default %(default)s")
    p.add_argument("--web", action="store_true", help="Locust's web UI instead of a headless run")
    p.add_argument("--web-port", type=int, default=8089, metavar="PORT")
    p.add_argument("--master", action="store_true", help="Locust's distributed mode: this process leads workers")
    p.add_argument("--expect-workers", type=int, default=1, metavar="N", help="with --master: wait for N workers")
    p.add_argument("--master-bind-host", default="127.0.0.1", metavar="HOST",
                   help="with --master: where workers connect (default loopback; 0.0.0.0 for other machines)")
    p.add_argument("--master-port", type=int, default=5557, metavar="PORT")
    p.add_argument("--worker", action="store_true", help="Locust's distributed mode: run chargers for a master")
    p.add_argument("--master-host", default="127.0.0.1", metavar="HOST", help="with --worker: the master")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.worker and args.master:
        return _refuse("--master and --worker exclude each other")
    engine = [sys.executable, "-m", "conformance.load.engine", "--reports", args.reports]
    if args.worker:
        return _engine(engine + ["--role", "worker", "--master-host", args.master_host,
                                 "--master-port", str(args.master_port)])
    from ..checks.verdicts import ConfigError
    from .plan import build, parse_duration

    try:
        duration = parse_duration(args.duration)
    except ValueError as exc:
        return _refuse(f"--duration: {exc}")
    reference = None
    try:
        from ..sut import profile as sut_profile

        profile = sut_profile.load(args.sut or REFERENCE)
        ca_pem = None
        if profile.uses_tls:
            root = profile.generated_pki.root if profile.driver == "reference" else profile.ca_certificate
            ca_pem = Path(root).read_text() if root else None
        plan = build(profile, chargers=args.chargers, spawn_rate=args.spawn_rate, duration_s=duration,
                     scenario=args.scenario, ca_pem=ca_pem)
        if profile.driver == "reference":
            reference = _start_reference(profile, plan)
        _preflight(profile, plan)
    except ConfigError as exc:
        _stop(reference)
        return _refuse(str(exc))
    reports = Path(args.reports)
    try:
        reports.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _stop(reference)
        return _refuse(f"cannot create {reports} ({exc.strerror or exc})")
    handle, plan_file = tempfile.mkstemp(prefix="ocpp-load-plan-", suffix=".json")
    with os.fdopen(handle, "w") as f:   # mode 0600: the plan may hold the SUT file's password
        json.dump(plan.to_json(), f)
    role = ["--role", "master", "--expect-workers", str(args.expect_workers), "--master-bind-host",
            args.master_bind_host, "--master-port", str(args.master_port)] if args.master else ["--role", "local"]
    web = ["--web", "--web-port", str(args.web_port)] if args.web else []
    try:
        return _engine(engine + ["--plan", plan_file] + role + web)
    finally:
        os.unlink(plan_file)
        _stop(reference)


def _refuse(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 2


def _engine(argv: list[str]) -> int:
    """The engine's exit code; Ctrl-C is the engine's to handle (it writes the report), not ours."""
    child = subprocess.Popen(argv, cwd=os.getcwd(), env={**os.environ, "PYTHONPATH": _pythonpath()})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return child.wait()
    finally:
        signal.signal(signal.SIGINT, previous)


def _pythonpath() -> str:
    return os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))


def _start_reference(profile, plan) -> subprocess.Popen:
    """The reference central system on the SUT description's URL, knowing every charger's password."""
    from urllib.parse import urlsplit

    from ..checks.verdicts import ConfigError
    from ..reference.central_system import SWITCHES

    for kind, names in (("fault", profile.faults), ("mode", profile.modes)):
        refusal = SWITCHES.refusal(kind, names)
        if refusal is not None:
            raise ConfigError(f"{profile.path}: [reference] {kind}s: {refusal}")
    data = profile.test_data
    base = (profile.url or "").split("{charge_point_id}")[0].rstrip("/")
    pki = profile.generated_pki if profile.uses_tls else None
    password = profile.password
    config = {
        "listen": base, "heartbeat_interval": data.heartbeat_interval_s, "retry_interval": data.boot_retry_interval_s,
        "valid_id_tags": [data.valid_id_tag], "invalid_id_tags": [data.invalid_id_tag],
        "blocked_id_tags": [data.blocked_id_tag], "expired_id_tags": [data.expired_id_tag],
        "passwords": {plan.charger_id(n): password for n in range(1, plan.chargers + 1)} if password else {},
        "certificate": str(pki.server_certificate) if pki else None, "private_key": str(pki.server_key) if pki else None,
        "rsa_certificate": str(pki.server_rsa_certificate) if pki else None,
        "rsa_private_key": str(pki.server_rsa_key) if pki else None,
        "security_profile": profile.security_profile, "faults": list(profile.faults), "modes": list(profile.modes),
        "call_timeout": data.message_timeout_s}
    handle, path = tempfile.mkstemp(prefix="ocpp-load-reference-", suffix=".json")
    with os.fdopen(handle, "w") as f:
        json.dump(config, f)
    child = subprocess.Popen([sys.executable, "-m", "conformance.load.reference", path], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True,
                             env={**os.environ, "PYTHONPATH": _pythonpath()})
    assert child.stdout is not None
    line = child.stdout.readline()   # its URL once it listens, or nothing when it could not start
    if not line:
        error = (child.stderr.read() if child.stderr else "").strip().splitlines()
        child.wait(5)
        parts = urlsplit(base)
        raise ConfigError(f"{profile.path}: cannot start the reference central system on {parts.hostname}:"
                          f"{parts.port} ({error[-1] if error else 'it ended'}): free the port or change [sut] url")
    return child


def _stop(child: subprocess.Popen | None) -> None:
    if child is None or child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait(5)


def _preflight(profile, plan) -> None:
    """One real handshake as the first charger, closed at once: an unreachable central system stops here."""
    from ..sut import preflight

    root = profile.generated_pki.root if profile.driver == "reference" and profile.uses_tls else profile.ca_certificate
    first = dataclasses.replace(profile, charge_point_id=plan.charger_id(1), driver="prompt", ca_certificate=root,
                                password_text=plan.password if plan.password is not None else profile.password_text)
    deadline = time.monotonic() + 2
    while True:
        try:
            preflight.check(first)
            return
        except Exception:
            if profile.driver != "reference" or time.monotonic() > deadline:
                raise
            time.sleep(0.1)
