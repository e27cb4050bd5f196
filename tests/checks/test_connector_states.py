"""The OCPP 1.6 connector state machine a StatusNotification no step names is judged by."""

from __future__ import annotations

import pytest

from conformance.checks.connector_states import ALLOWED, STATUSES, available_during_session, transition_problem


@pytest.mark.parametrize(("before", "after"), [
    ("Available", "Preparing"), ("Preparing", "SuspendedEVSE"), ("SuspendedEVSE", "Charging"),
    ("Charging", "Finishing"), ("Finishing", "Available"), ("Unavailable", "Available"), ("Faulted", "Charging"),
    ("Reserved", "Preparing"), ("Unavailable", "Preparing"), ("Finishing", "Preparing"),
])
def test_the_transitions_of_the_table_are_allowed(before, after):
    assert transition_problem(1, before, after) is None


@pytest.mark.parametrize(("before", "after"), [
    ("Charging", "Preparing"), ("Available", "Finishing"), ("Finishing", "Charging"), ("Reserved", "Charging"),
    ("Preparing", "Reserved"), ("Unavailable", "Finishing"), ("SuspendedEV", "Reserved"),
])
def test_the_empty_cells_of_the_table_are_forbidden(before, after):
    assert transition_problem(2, before, after) == \
        f"connector 2 went from {before} to {after}, a transition the state machine does not have"


def test_a_repeat_and_an_unknown_or_unrecognised_status_before_are_no_transition():
    assert transition_problem(1, "Preparing", "Preparing") is None
    assert transition_problem(1, None, "Finishing") is None
    assert transition_problem(1, "Occupied", "Finishing") is None


def test_connector_zero_knows_only_three_statuses():
    assert transition_problem(0, "Available", "Unavailable") is None
    assert transition_problem(0, None, "Faulted") is None
    assert "Charging" in transition_problem(0, "Available", "Charging")


def test_every_status_has_a_row_and_none_leads_to_itself():
    assert set(ALLOWED) == set(STATUSES)
    assert all(status not in targets and targets <= set(STATUSES) for status, targets in ALLOWED.items())


def test_available_in_the_middle_of_a_running_transaction():
    assert available_during_session("Charging", "Available", True)
    assert available_during_session("SuspendedEVSE", "Available", True)
    assert not available_during_session("Charging", "Available", False)
    assert not available_during_session("Preparing", "Available", True)
    assert not available_during_session("Charging", "Finishing", True)
