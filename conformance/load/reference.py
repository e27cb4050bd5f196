"""The built-in reference central system for a load run, in a process of its own.

`ocpp-conformance load` without --sut starts it as `run` does, with the SUT description's
settings, but as a separate process: the load engine runs on gevent and must not share its
process (or its core) with the system it measures. It knows the basic auth password of every
charger of the plan. Started with a JSON file of settings; prints its URL once it listens and
serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import sys
from pathlib import Path

from ..reference.central_system import CentralSystemSettings, ReferenceCentralSystem


async def _serve(settings: CentralSystemSettings) -> int:
    central = ReferenceCentralSystem(settings)
    try:
        await central.start()
    except OSError as exc:
        print(f"cannot listen on {settings.listen} ({exc.strerror or exc})", file=sys.stderr, flush=True)
        return 2
    print(central.url, flush=True)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    await stopping.wait()
    await central.stop()
    return 0


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    config = json.loads(Path(argv[0]).read_text())
    Path(argv[0]).unlink()   # it holds the passwords: read once, then gone
    settings = CentralSystemSettings(**{**config, "faults": frozenset(config["faults"]),
                                        "modes": frozenset(config["modes"]),
                                        "valid_id_tags": tuple(config["valid_id_tags"]),
                                        "invalid_id_tags": tuple(config["invalid_id_tags"]),
                                        "blocked_id_tags": tuple(config["blocked_id_tags"]),
                                        "expired_id_tags": tuple(config["expired_id_tags"])})
    try:
        return asyncio.run(_serve(settings))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
