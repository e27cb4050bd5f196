"""The reference central system on its own: `ocpp-conformance reference central-system`.

Reads the command line into CentralSystemSettings, serves until SIGINT or SIGTERM, and
optionally serves the control port (conformance.reference.control).
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from typing import Any

from conformance.reference.control import start_control_server
from conformance.reference.switches import FAULT, MODE

from .core import ReferenceCentralSystem
from .faults import SWITCHES
from .settings import BOOT_STATUSES, PROG, CentralSystemSettings, check_settings


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # one line, no usage dump
        raise _UsageError(message)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Run the reference OCPP 1.6J central system until interrupted.",
        epilog=SWITCHES.listing(), formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--listen", default="ws://127.0.0.1:9000", help="ws://HOST:PORT[/PREFIX] (default %(default)s)")
    parser.add_argument("--boot", default="Accepted", choices=BOOT_STATUSES, help="BootNotification answer")
    parser.add_argument("--heartbeat-interval", type=int, default=300, metavar="N", help="seconds (default %(default)s)")
    parser.add_argument("--retry-interval", type=int, default=10, metavar="N", help="interval when Pending/Rejected")
    parser.add_argument("--valid-tag", action="append", default=[], metavar="T", help="Accepted idTag (repeatable; default VALID_TAG)")
    parser.add_argument("--invalid-tag", action="append", default=[], metavar="T")
    parser.add_argument("--blocked-tag", action="append", default=[], metavar="T")
    parser.add_argument("--expired-tag", action="append", default=[], metavar="T")
    parser.add_argument("--parent-tag", action="append", default=[], metavar="TAG=PARENT",
                        help="the parentIdTag (group) of an idTag (repeatable)")
    parser.add_argument("--password", action="append", default=[], metavar="CP_ID=SECRET", help="require HTTP Basic auth")
    parser.add_argument("--certificate", metavar="PEM", help="wss://: the server certificate")
    parser.add_argument("--private-key", metavar="PEM", help="wss://: its private key")
    parser.add_argument("--rsa-certificate", metavar="PEM", help="wss://: a second server certificate (RSA key)")
    parser.add_argument("--rsa-private-key", metavar="PEM", help="its private key")
    parser.add_argument("--client-root", metavar="PEM", help="security profile 3: the root of the charge points' certificates")
    parser.add_argument("--client-root-key", metavar="PEM",
                        help="the key of --client-root: it signs the certificates charge points ask for (SignCertificate)")
    parser.add_argument("--fault", action="append", default=[], metavar="NAME",
                        help="turn on a fault switch (repeatable; the faults and their meanings are listed below)")
    parser.add_argument("--mode", action="append", default=[], metavar="NAME",
                        help="turn on an allowed non-default behaviour (repeatable; listed below)")
    parser.add_argument("--list-faults", action="store_true", help="print every fault and mode with its meaning and exit")
    parser.add_argument("--call-timeout", type=float, default=10.0, metavar="SECONDS")
    parser.add_argument("--control", metavar="HOST:PORT", help="serve control actions over HTTP")
    return parser


def _settings_from_args(args: argparse.Namespace) -> CentralSystemSettings:
    passwords: dict[str, str] = {}
    for item in args.password:
        cp_id, sep, secret = item.partition("=")
        if not sep or not cp_id or not secret:
            raise ValueError(f"--password {item!r}: expected CP_ID=SECRET")
        passwords[cp_id] = secret
    parents: dict[str, str] = {}
    for item in args.parent_tag:
        tag, sep, parent = item.partition("=")
        if not sep or not tag or not parent:
            raise ValueError(f"--parent-tag {item!r}: expected TAG=PARENT")
        parents[tag] = parent
    refusal = SWITCHES.refusal(FAULT, args.fault)
    if refusal is not None:
        raise ValueError(f"--fault: {refusal}")
    refusal = SWITCHES.refusal(MODE, args.mode)
    if refusal is not None:
        raise ValueError(f"--mode: {refusal}")
    return CentralSystemSettings(
        listen=args.listen,
        boot_status=args.boot,
        heartbeat_interval=args.heartbeat_interval,
        retry_interval=args.retry_interval,
        valid_id_tags=tuple(args.valid_tag) or ("VALID_TAG",),
        invalid_id_tags=tuple(args.invalid_tag),
        blocked_id_tags=tuple(args.blocked_tag),
        expired_id_tags=tuple(args.expired_tag),
        parent_id_tags=parents,
        passwords=passwords,
        certificate=args.certificate,
        private_key=args.private_key,
        rsa_certificate=args.rsa_certificate,
        rsa_private_key=args.rsa_private_key,
        client_root=args.client_root, client_root_key=args.client_root_key,
        faults=frozenset(args.fault),
        modes=frozenset(args.mode),
        call_timeout=args.call_timeout,
    )


def _parse_control(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or int(port) > 65535:
        raise ValueError(f"--control {value!r}: expected HOST:PORT, e.g. 127.0.0.1:9102")
    return host.strip("[]"), int(port)


async def _run(settings: CentralSystemSettings, control: tuple[str, int] | None) -> int:
    central = ReferenceCentralSystem(settings)
    try:
        await central.start()
    except OSError as error:
        print(
            f"{PROG}: cannot listen on {settings.listen}: {error.strerror or error}; "
            "choose another port with --listen or stop what is using it",
            file=sys.stderr,
        )
        return 2
    control_server = None
    try:
        if control is not None:
            try:
                control_server = await start_control_server(control[0], control[1], central.dispatch_control)
            except OSError as error:
                print(
                    f"{PROG}: cannot open control port {control[0]}:{control[1]}: {error.strerror or error}; "
                    "choose another with --control",
                    file=sys.stderr,
                )
                return 2
        print(central.url, flush=True)
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, stopping.set)
            except (NotImplementedError, RuntimeError):
                pass
        await stopping.wait()
        return 0
    finally:
        if control_server is not None:
            control_server.close()
            await control_server.wait_closed()
        await central.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point of `ocpp-conformance reference central-system`."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except _UsageError as error:
        print(f"{PROG}: {error}; see --help", file=sys.stderr)
        return 2
    except SystemExit as done:  # --help
        return done.code if isinstance(done.code, int) else 0
    if args.list_faults:
        print(SWITCHES.listing())
        return 0
    try:
        settings = _settings_from_args(args)
        check_settings(settings)
        control = _parse_control(args.control) if args.control else None
    except ValueError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    try:
        return asyncio.run(_run(settings, control))
    except KeyboardInterrupt:
        return 0
