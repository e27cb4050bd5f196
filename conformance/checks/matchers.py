"""Field expectations on received payloads, by wire name, compared as a subset."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# idTagInfo / status as the plan validates it and as the harness answers it.
ACCEPTED = {"status": "Accepted"}


@dataclass(frozen=True)
class Matcher:
    description: str
    test: Callable[[Any], bool]
    may_be_left_out: bool = False   # an absent field matches too

    def __repr__(self) -> str:
        return self.description


def any_of(*values: Any) -> Matcher:
    return Matcher(f"one of {', '.join(map(repr, values))}", lambda v: v in values)


def greater_than(limit: float) -> Matcher:
    return Matcher(f"> {limit}", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and v > limit)


def positive_integer() -> Matcher:
    return Matcher("a positive integer", lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0)


def integer_text() -> Matcher:
    """A configuration value holding a non-negative integer."""
    return Matcher("a non-negative integer", lambda v: isinstance(v, str) and v.strip().isdigit())


def present() -> Matcher:
    return Matcher("present", lambda v: True)


def left_out_or(value: Any) -> Matcher:
    """The field is absent or holds `value` (an optional field the plan validates as <Empty>)."""
    return Matcher(f"left out or {value!r}", lambda v: v == value, may_be_left_out=True)


def absent() -> Matcher:
    """The field is left out (the plan's <omit>, "All other fields are omitted")."""
    return Matcher("left out", lambda v: False, may_be_left_out=True)


def first_item(**fields: Any) -> Matcher:
    """A list whose first object holds these fields (chargingSchedulePeriod[0], say)."""
    return Matcher(f"a list whose first item has {describe(fields)}",
                   lambda v: isinstance(v, list) and bool(v) and not mismatches(v[0], fields))


def has_item(**fields: Any) -> Matcher:
    """A list with at least one object holding these fields (e.g. a configurationKey entry)."""
    return Matcher(f"a list with an item {describe(fields)}",
                   lambda v: isinstance(v, list) and any(not mismatches(item, fields) for item in v))


def every_item(**fields: Any) -> Matcher:
    """A list of at least one item, each an object holding these fields (e.g. every localAuthorizationList
    entry with an idTagInfo)."""
    return Matcher(f"a non-empty list whose every item has {describe(fields)}",
                   lambda v: isinstance(v, list) and bool(v) and all(not mismatches(item, fields) for item in v))


def contains(value: Any) -> Matcher:
    """A list holding `value` (e.g. a name in unknownKey)."""
    return Matcher(f"a list holding {value!r}", lambda v: isinstance(v, list) and value in v)


def other_than(value: Any) -> Matcher:
    """Any value but this one (the plan's "does not equal", "does NOT match")."""
    return Matcher(f"anything but {value!r}", lambda v: v != value or type(v) is not type(value))


def moment_near(target: datetime, seconds: float) -> Matcher:
    """A dateTime with a zone designator within `seconds` of `target` (e.g. now plus an offset)."""
    def test(value: Any) -> bool:
        try:
            moment = datetime.fromisoformat(value.strip()) if isinstance(value, str) else None
        except ValueError:
            return False
        return moment is not None and moment.tzinfo is not None and abs((moment - target).total_seconds()) <= seconds
    shown = target.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return Matcher(f"a dateTime within {seconds:g} s of {shown}", test)


def mismatches(payload: Any, fields: dict[str, Any], prefix: str = "") -> list[str]:
    """Where `payload` differs from the expected `fields` (nested dicts match as subsets)."""
    problems = []
    for key, want in fields.items():
        path = f"{prefix}{key}"
        if isinstance(payload, dict) and key not in payload and isinstance(want, Matcher) and want.may_be_left_out:
            continue
        if not isinstance(payload, dict) or key not in payload:
            problems.append(f"{path} is missing (expected {want!r})")
            continue
        got = payload[key]
        if isinstance(want, Matcher):
            if not want.test(got):
                problems.append(f"{path} is {got!r}, expected {want.description}")
        elif isinstance(want, dict):
            problems += mismatches(got, want, prefix=f"{path}.")
        elif got != want or type(got) is not type(want):
            problems.append(f"{path} is {got!r}, expected {want!r}")
    return problems


def describe(fields: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in fields.items())
