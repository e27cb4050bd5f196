"""BEYOND_INOPERATIVE_DURING_TRANSACTION_CS ChangeAvailability Inoperative during a transaction is Scheduled.

SUT: Charge Point; the harness is the central system. While a transaction runs on the
connector, a change to Inoperative cannot take effect at once: the charge point answers
Scheduled and makes the change when the transaction ends (OCPP 1.6 §5.2). The plan changes
availability only without a transaction. The baseline after the check stops the transaction
and makes the connector Operative again.
"""

from conformance import beyond_case
from conformance.checks import rules
from conformance.steps.charge_point import reusable


@beyond_case("BEYOND_INOPERATIVE_DURING_TRANSACTION_CS")
async def test_inoperative_during_transaction_cs(central_system, charge_point, test_data):
    session = await reusable.charging(central_system, charge_point, test_data)

    conf = await central_system.send(1, "ChangeAvailability", connectorId=session["connector"], type="Inoperative")
    central_system.check(2, "ChangeAvailability.conf during a transaction", conf, status="Scheduled",
                         rule=rules.INOPERATIVE_SCHEDULED)
