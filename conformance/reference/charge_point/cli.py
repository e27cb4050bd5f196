"""The command line: `ocpp-conformance reference charge-point --connect ws://HOST:PORT/ID [...]`,
and the control API's actions dispatched to the charge point."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from conformance.reference.control import start_control_server
from conformance.reference.switches import FAULT, MODE

from .core import ReferenceChargePoint
from .faults import SWITCHES
from .settings import ChargePointSettings, log


class _ArgumentError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """Reports a bad argument as one line rather than usage text and SystemExit."""

    def error(self, message: str):  # type: ignore[override]
        raise _ArgumentError(message)


_PROG = "ocpp-conformance reference charge-point"


def _split_connect_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("ws", "wss") or not parts.netloc:
        raise _ArgumentError(f"--connect must look like ws://127.0.0.1:9000/CP_1, not {url!r}")
    base, _, cp_id = url.rstrip("/").rpartition("/")
    if not cp_id or base.endswith(":/") or base.endswith(":"):
        raise _ArgumentError(f"--connect needs the charge point id as last path segment: {url!r}")
    return base, cp_id


def _split_control(address: str) -> tuple[str, int]:
    host, sep, port = address.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise _ArgumentError(f"--control must be HOST:PORT on loopback, e.g. 127.0.0.1:9101, not {address!r}")
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise _ArgumentError(f"--control must listen on a loopback address, not {host!r}")
    return host, int(port)


# Operator actions by their parameters: none, or only the connector (default 1).
_PLAIN_ACTIONS = ("power_cycle", "power_off", "power_on", "drop_connection")
_CONNECTOR_ACTIONS = ("plug_in", "unplug", "clear_fault", "set_lock_failure", "unplug_ev_side", "plug_in_halfway",
                      "suspend_ev", "resume_ev")


def _control_dispatch(cp: ReferenceChargePoint) -> Callable[[str, dict], Awaitable[Any]]:
    def only(params: dict, *allowed: str) -> None:
        extra = set(params) - set(allowed)
        if extra:
            raise ValueError(f"unexpected parameter(s) {', '.join(sorted(extra))}")

    async def dispatch(name: str, params: dict) -> Any:
        if name in _PLAIN_ACTIONS:
            only(params)
            await getattr(cp, name)()
        elif name in _CONNECTOR_ACTIONS:
            only(params, "connector")
            await getattr(cp, name)(params.get("connector", 1))
        elif name == "present_id_tag":
            only(params, "id_tag", "connector")
            if "id_tag" not in params:
                raise ValueError("id_tag is required")
            await cp.present_id_tag(params["id_tag"], params.get("connector"))
        elif name == "set_faulted":
            only(params, "connector", "error_code")
            await cp.set_faulted(params.get("connector", 1), params.get("error_code", "OtherError"))
        elif name == "set_security_profile":
            only(params, "profile")
            if not isinstance(params.get("profile"), int) or isinstance(params.get("profile"), bool):
                raise ValueError("profile is required: 0, 1, 2 or 3")
            await cp.set_security_profile(params["profile"])
        elif name == "set_local_list_failure":
            only(params, "failing")
            await cp.set_local_list_failure(params.get("failing", True))
        elif name == "status":
            only(params)
            return {
                "registration": cp.registration,
                "connectors": {str(c): s for c, s in cp.connector_status.items()},
                "transactions": {str(c): t for c, t in cp.transactions.items()},
            }
        else:
            raise KeyError(name)
        return None

    return dispatch


async def _serve(settings: ChargePointSettings, control: tuple[str, int] | None) -> int:
    cp = ReferenceChargePoint(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    server = None
    if control is not None:
        try:
            server = await start_control_server(control[0], control[1], _control_dispatch(cp))
        except OSError as exc:
            print(f"{_PROG}: cannot listen on {control[0]}:{control[1]}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        log.info("control server on http://%s:%d", *control)
    await cp.start()
    try:
        await stop.wait()
    finally:
        await cp.stop()
        if server is not None:
            server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 2)
    return 0


def main(argv: list[str]) -> int:
    """`ocpp-conformance reference charge-point --connect ws://HOST:PORT/ID [...]`."""
    parser = _Parser(prog=_PROG, description="Run the reference OCPP 1.6J charge point until SIGINT/SIGTERM.",
                     epilog=SWITCHES.listing(), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connect", metavar="URL", help="central system URL ending in the charge point id (required)")
    parser.add_argument("--connectors", type=int, default=2, help="number of connectors (default 2)")
    parser.add_argument("--password", help="HTTP basic auth password (security profiles 1 and 2)")
    parser.add_argument("--ca-certificate", metavar="PEM", help="wss://: the root the central system's certificate must chain to")
    parser.add_argument("--certificate", metavar="PEM", help="wss:// with profile 3: this charge point's client certificate")
    parser.add_argument("--private-key", metavar="PEM", help="the key of --certificate")
    parser.add_argument("--fault", action="append", default=[], metavar="NAME",
                        help="turn on a fault switch (repeatable; the faults and their meanings are listed below)")
    parser.add_argument("--mode", action="append", default=[], metavar="NAME",
                        help="turn on an allowed non-default behaviour (repeatable; listed below)")
    parser.add_argument("--list-faults", action="store_true", help="print every fault and mode with its meaning and exit")
    parser.add_argument("--heartbeat-interval", type=int, default=0, metavar="N",
                        help="HeartbeatInterval before the first Accepted boot (default 0: none)")
    parser.add_argument("--control", metavar="HOST:PORT", help="serve the control API on this loopback address")
    parser.add_argument("--vendor", default="OCPPConformance")
    parser.add_argument("--model", default="ReferenceCP")
    parser.add_argument("--serial", default="REF-0001")
    parser.add_argument("--firmware", default="1.0.0")
    parser.add_argument("--call-timeout", type=float, default=10.0, help="seconds to wait for a CALLRESULT")
    parser.add_argument("--fixed-cable", action="store_true", help="the connectors have a fixed cable (nothing to unlock)")
    parser.add_argument("--backup-power", action="store_true",
                        help="a power cut stops the transactions before the charge point goes down")
    try:
        args = parser.parse_args(argv)
        if args.list_faults:
            print(SWITCHES.listing())
            return 0
        if args.connect is None:
            raise _ArgumentError("the following arguments are required: --connect")
        for kind, names in ((FAULT, args.fault), (MODE, args.mode)):
            refusal = SWITCHES.refusal(kind, names)
            if refusal is not None:
                raise _ArgumentError(f"--{kind}: {refusal}")
        base, cp_id = _split_connect_url(args.connect)
        if args.connectors < 1:
            raise _ArgumentError("--connectors must be at least 1")
        if not args.call_timeout > 0:
            raise _ArgumentError("--call-timeout must be positive")
        if args.heartbeat_interval < 0:
            raise _ArgumentError("--heartbeat-interval must not be negative")
        control = _split_control(args.control) if args.control else None
    except _ArgumentError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    settings = ChargePointSettings(
        url=base,
        charge_point_id=cp_id,
        connectors=args.connectors,
        vendor=args.vendor,
        model=args.model,
        serial=args.serial,
        firmware=args.firmware,
        password=args.password,
        ca_certificate=args.ca_certificate,
        certificate=args.certificate,
        private_key=args.private_key,
        faults=frozenset(args.fault),
        modes=frozenset(args.mode),
        heartbeat_interval=args.heartbeat_interval,
        call_timeout=args.call_timeout,
        fixed_cable=args.fixed_cable,
        backup_power=args.backup_power,
    )
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return asyncio.run(_serve(settings, control))
    except KeyboardInterrupt:
        return 0
