"""Operator actions for Arthexis, as the suite's `command` driver calls them.

Run with the Python of the environment Arthexis is installed in, and the environment the
recipe (run.py) sets: `python back_office.py csms_send '{"charge_point_id": ..., "action": ...,
"payload": {...}}'`. It queues the request through Arthexis's own explicit-operation API,
which hands it to the charger's live connection over the shared (Redis) channel layer.
"""

from __future__ import annotations

import asyncio
import json
import sys


def main() -> int:
    action, params = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
    if action != "csms_send":
        print(f"Arthexis has no operator action {action!r} here", file=sys.stderr)
        return 1
    import django

    django.setup()
    from apps.ocpp.models import Charger
    from apps.ocpp.protocol.contracts import ProtocolVersion
    from apps.ocpp.transport.operations import request_explicit_operation

    charger = Charger.objects.get(identity=params["charge_point_id"])
    try:
        operation = asyncio.run(request_explicit_operation(
            charger=charger, version=ProtocolVersion.OCPP_16, action=params["action"],
            payload=params.get("payload", {}), timeout=float(params.get("timeout", 10))))
    except Exception as exc:  # Arthexis refuses the request: the action failed
        print(f"Arthexis refused {params['action']}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({"operation": operation.pk}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
