"""What a charge point without backup power reports after a power failure (TC_032_2_CS).

The plan lets it end the transaction with the power (StopTransaction reason PowerLoss after
the boot) or resume it (connector Charging, stopped afterwards by the EV driver), the
messages after the boot come in any order, and intermediate statuses may come before them.
"""

from __future__ import annotations

from typing import Any

from ...checks.expectations import Reply, expect
from ...checks.matchers import any_of

AFTER_SESSION = ("Preparing", "Finishing")


async def transaction_ended_after_boot(central_system: Any, charge_point: Any, data: Any,
                                       charging: dict[str, Any]) -> None:
    connector, transaction_id, tag = charging["connector"], charging["transaction_id"], charging["id_tag"]
    others = [c for c in range(0, charge_point.profile.connectors + 1) if c != connector]
    expected = [expect(3, "StatusNotification", connectorId=c, status="Available", reply=Reply(4)) for c in others]
    # Step 3: the transaction's connector. The statuses a booting charge point passes through first
    # (Unavailable, Available, on any connector and any number of times) are no step's: the harness
    # judges them by the state machine and lists them for review.
    expected += [
        expect(3, "StatusNotification", connectorId=connector, status=any_of(*AFTER_SESSION, "Charging"),
               reply=Reply(4)),
        expect(5, "StopTransaction", transactionId=transaction_id, reason="PowerLoss", reply=Reply(6), optional=True),
    ]
    found = await central_system.expect_in_any_order("steps 3 to 7 may come in any order", *expected)
    status, stop = found[-2].payload["status"], found[-1]
    if status != "Charging":
        # Ended with the power: StopTransaction (reason PowerLoss), if it did not come already.
        if stop is None:
            await central_system.expect(5, "StopTransaction", transactionId=transaction_id, reason="PowerLoss",
                                        reply=Reply(6))
        return
    # Resumed: the EV driver stops it with the idTag that started it.
    await charge_point.manual("present_id_tag", id_tag=tag)
    stop, _ = await central_system.expect_in_any_order(
        "steps 5 and 7 may be reversed",
        expect(5, "StopTransaction", transactionId=transaction_id, reply=Reply(6)),
        expect(7, "StatusNotification", connectorId=connector, status=any_of(*AFTER_SESSION), reply=Reply(8)),
    )
    if "reason" in stop.payload:
        central_system.check(5, "StopTransaction.req", stop.payload, reason="Local")
