"""SmartCharging steps of the `_CSMS` cases: the operator actions that make the central system
send its requests, with the plan's configured values from the SUT file's test data."""

from __future__ import annotations

from typing import Any

from ...checks.matchers import Matcher, any_of, left_out_or
from ...sut.profile import TestData


def plan_limit(data: TestData, amps: float) -> float:
    """A limit of the plan in the configured unit (W: x 1000)."""
    return float(amps * 1000 if data.charging_rate_unit == "W" else amps)


def limit_matcher(data: TestData, amps: float) -> Matcher:
    value = plan_limit(data, amps)
    return any_of(value, int(value))


def phases_matcher(data: TestData) -> Any:
    """The configured numberPhases; 3 (the default of OCPP 1.6 §7.15) may be left out."""
    return left_out_or(3) if data.number_phases == 3 else data.number_phases


async def operator(central_system: Any, charge_point: Any, action: str, **params: Any) -> None:
    """An operator action on the central system for the harness's charge point."""
    await central_system.manual(action, charge_point_id=charge_point.profile.charge_point_id, **params)


async def set_charging_profile(central_system: Any, charge_point: Any, data: TestData, purpose: str, *,
                               stack_level: int, amps: float = 6, transaction_id: int | None = None) -> None:
    """The operator makes the central system install a profile of the configured unit, duration, phases."""
    await operator(central_system, charge_point, "csms_set_charging_profile", connector=data.connector_id,
                   purpose=purpose, stack_level=stack_level, unit=data.charging_rate_unit,
                   duration=data.charging_schedule_duration_s, limit=plan_limit(data, amps),
                   number_phases=data.number_phases, transaction_id=transaction_id)
