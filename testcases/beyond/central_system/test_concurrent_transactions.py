"""BEYOND_CONCURRENT_TRANSACTIONS_CSMS Two concurrent transactions get different transactionIds.

SUT: Central System; the harness is a booted charge point with two connectors. A transaction
starts on each with the valid idTag, the second while the first still runs: the central system
must give them different transactionIds (OCPP 1.6 §4.8, §6.46), and none it gave earlier in the
run. It may answer the second idTagInfo ConcurrentTx; the transaction still has its id. The rule
that spans the run (transaction_id_unique) judges every StartTransaction.conf; this check is the
one that provokes two at once. Not applicable to a description of one connector.
"""

import pytest

from conformance import ACCEPTED, beyond_case, present, utc_now
from conformance.steps.central_system import reusable


@beyond_case("BEYOND_CONCURRENT_TRANSACTIONS_CSMS")
async def test_concurrent_transactions_csms(charge_point, central_system, test_data):
    if charge_point.connectors < 2:
        pytest.skip("not applicable: the SUT description declares 1 connector ([capabilities] connectors); "
                    "this check needs two")
    tag = test_data.valid_id_tag
    await reusable.booted(charge_point, test_data)

    await charge_point.send(1, "StatusNotification", **charge_point.status_notification(1, "Preparing"))
    first = await charge_point.send(2, "StartTransaction", connectorId=1, idTag=tag, meterStart=0, timestamp=utc_now())
    charge_point.check(3, "StartTransaction.conf", first, idTagInfo=ACCEPTED, transactionId=present())

    await charge_point.send(4, "StatusNotification", **charge_point.status_notification(2, "Preparing"))
    second = await charge_point.send(5, "StartTransaction", connectorId=2, idTag=tag, meterStart=0, timestamp=utc_now())
    charge_point.check(6, "StartTransaction.conf", second, transactionId=present())

    for transaction_id in (first["transactionId"], second["transactionId"]):
        await charge_point.send(7, "StopTransaction", transactionId=transaction_id, meterStop=0, timestamp=utc_now(),
                                reason="Local")
