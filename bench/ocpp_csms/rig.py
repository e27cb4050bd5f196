"""A test rig around `ocpp-csms` (PyPI), a central system built on the `ocpp` library.

It starts `ocpp_csms.CentralSystem` on loopback, holds the SUT description's idTags with their
statuses (its `authorize` hook), and serves the suite's operator actions on a control port:
`csms_send` turns the action name and payload into the library's request object and sends it
with `ChargePoint.async_call`, as a back office's API would; `csms_transaction_start` reads the
start the library recorded for a running transaction. The `command` driver reaches it
with `ocpp-conformance reference control --to http://127.0.0.1:PORT {action} {args_json}`.

    python bench/ocpp_csms/rig.py --port 9321 --control 9322 [--heartbeat 300]
        [--tag VALID_TAG=Accepted --tag BLOCKED_TAG=Blocked --tag EXPIRED_TAG=Expired]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import signal
import sys
from typing import Any

from ocpp.charge_point import camel_to_snake_case, snake_to_camel_case
from ocpp.v16 import call
from ocpp_csms import AuthorizationStatus, CentralSystem

from conformance.reference.control import start_control_server


async def run(port: int, control: int, heartbeat: int, tags: dict[str, str]) -> None:
    async def authorize(charge_point: Any, id_tag: str) -> AuthorizationStatus:
        # Unknown idTags are Invalid, as the suite's invalid_id_tag expects.
        return AuthorizationStatus(tags.get(id_tag, "Invalid"))

    central_system = CentralSystem(host="127.0.0.1", port=port, heartbeat_interval=heartbeat, authorize=authorize)
    await central_system.async_start()

    async def dispatch(name: str, params: dict) -> Any:
        if name not in ("csms_send", "csms_transaction_start"):
            raise KeyError(name)
        charge_point = central_system.charge_points.get(params.get("charge_point_id", ""))
        if charge_point is None:
            raise ValueError(f"charge point {params.get('charge_point_id')!r} never connected")
        if name == "csms_transaction_start":
            transaction = charge_point.transactions.get(params.get("transaction_id"))
            if transaction is None or transaction.started_at is None:
                raise ValueError(f"no running transaction {params.get('transaction_id')!r} with a start time")
            return transaction.started_at.isoformat()
        request_class = getattr(call, params["action"], None)
        if request_class is None:
            raise ValueError(f"ocpp has no request {params['action']!r}")
        request = request_class(**camel_to_snake_case(params.get("payload", {})))
        try:
            answer = await charge_point.async_call(request)
        except Exception as exc:  # the library's own errors: not connected, timeout, CALLERROR
            raise ValueError(f"{params['action']}: {exc}") from None
        return snake_to_camel_case({k: v for k, v in dataclasses.asdict(answer).items() if v is not None})

    server = await start_control_server("127.0.0.1", control, dispatch)
    print(f"ocpp-csms on ws://127.0.0.1:{central_system.port}/, control on http://127.0.0.1:{control}", flush=True)
    stopping = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stopping.set)
    try:
        await stopping.wait()
    finally:
        server.close()
        await central_system.async_stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--control", type=int, required=True)
    parser.add_argument("--heartbeat", type=int, default=300)
    parser.add_argument("--tag", action="append", default=[], metavar="ID_TAG=STATUS")
    args = parser.parse_args()
    tags = dict(item.split("=", 1) for item in args.tag)
    asyncio.run(run(args.port, args.control, args.heartbeat, tags))
    return 0


if __name__ == "__main__":
    sys.exit(main())
