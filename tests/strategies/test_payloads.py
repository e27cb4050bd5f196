"""The payload strategies keep their promises: valid draws validate, invalid ones break exactly their constraint."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from conformance.ocpp.actions import ALL_ACTIONS
from conformance.ocpp.datetime import check_datetime
from conformance.ocpp.validation import callerror_for, schema_problems, timestamp_problems
from conformance.strategies.payloads import broken_exactly_once, invalid_payloads, valid_payloads
from conformance.strategies.policy import CONSTRAINTS, OCPP16_CODES

ACTIONS = sorted(ALL_ACTIONS)
FEW = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.filter_too_much,
                                                                      HealthCheck.too_slow])


@pytest.mark.parametrize("action", ACTIONS)
@FEW
@given(data=st.data())
def test_valid_payloads_match_the_schema_and_the_timestamp_rule(action, data):
    payload = data.draw(valid_payloads(action))
    assert schema_problems(action, payload) == []
    assert timestamp_problems(action, payload) == []


@pytest.mark.parametrize("action", ACTIONS)
@FEW
@given(data=st.data())
def test_invalid_payloads_break_exactly_their_named_constraint(action, data):
    broken = data.draw(invalid_payloads(action))
    assert broken.constraint in CONSTRAINTS
    assert broken_exactly_once(broken)
    assert broken.codes and broken.codes <= OCPP16_CODES
    if broken.constraint in ("datetime_format", "lowercase_designator"):
        return
    # The harness refuses the same request with a code the policy table accepts for it.
    code, _ = callerror_for(schema_problems(action, broken.payload))
    assert code in broken.codes, (broken, code)


# A request that has a site for each row of the table.
WHERE = {"missing_required": "StartTransaction", "wrong_type": "StartTransaction", "max_length": "Authorize",
         "enum": "StatusNotification", "unknown_property": "Heartbeat", "decimal_precision": "SetChargingProfile",
         "too_few_items": "MeterValues", "datetime_format": "StopTransaction",
         "lowercase_designator": "StopTransaction"}


@pytest.mark.parametrize("constraint", sorted(WHERE))
def test_every_row_of_the_policy_table_is_drawn(constraint):
    """No row of the policy table is dead: a draw breaking it is found (below_minimum: no 1.6 schema has one)."""
    found = find(invalid_payloads(WHERE[constraint]), lambda b: b.constraint == constraint,
                 settings=settings(max_examples=2000, database=None, deadline=None, phases=[Phase.generate],
                                   suppress_health_check=list(HealthCheck)))
    assert broken_exactly_once(found)


def test_maximum_lengths_are_reached():
    lengths = set()

    @settings(max_examples=60, deadline=None, database=None)
    @given(valid_payloads("Authorize"))
    def collect(payload):
        lengths.add(len(payload["idTag"]))

    collect()
    assert 20 in lengths and 0 in lengths


def test_a_lowercase_timestamp_is_valid_rfc_3339_for_the_harness():
    assert check_datetime("2024-02-29t23:59:59z") is None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_no_valid_draw_has_a_negative_connector_id(data):
    """The schemas leave connectorId unbounded; the specification's text does not (never negative)."""
    action = data.draw(st.sampled_from(["ChangeAvailability", "UnlockConnector", "StatusNotification",
                                        "RemoteStartTransaction", "TriggerMessage", "ReserveNow"]))
    payload = data.draw(valid_payloads(action))
    assert payload.get("connectorId", 0) >= 0, payload
    broken = data.draw(invalid_payloads(action))
    connector = broken.payload.get("connectorId", 0)
    assert not isinstance(connector, int) or isinstance(connector, bool) or connector >= 0 \
        or broken.path == "connectorId", broken
