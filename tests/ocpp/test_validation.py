"""The schema checks on decimals: OCPP's multipleOf 0.1 means one fractional digit, in decimal."""

from __future__ import annotations

import pytest

from conformance.ocpp.validation import schema_problems
from conformance.reference.peer import _validator as reference_validator


def profile_with_limit(limit: float) -> dict:
    return {"connectorId": 1, "csChargingProfiles": {
        "chargingProfileId": 1, "stackLevel": 0, "chargingProfilePurpose": "TxDefaultProfile",
        "chargingProfileKind": "Absolute",
        "chargingSchedule": {"chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": limit}]}}}


@pytest.mark.parametrize("limit", [0.3, 0.7, 2.3, 6.1, 16, 16.0, 32.2, 1e20])
def test_one_fractional_digit_is_valid_where_binary_division_says_otherwise(limit):
    payload = profile_with_limit(limit)
    assert schema_problems("SetChargingProfile", payload) == []
    assert list(reference_validator("SetChargingProfile", False).iter_errors(payload)) == []


@pytest.mark.parametrize("limit", [0.35, 6.05, 0.01])
def test_a_second_fractional_digit_is_a_multiple_of_violation(limit):
    payload = profile_with_limit(limit)
    (problem,) = schema_problems("SetChargingProfile", payload)
    assert problem.keyword == "multipleOf" and "limit" in problem.message
    assert [e.validator for e in reference_validator("SetChargingProfile", False).iter_errors(payload)] == ["multipleOf"]
