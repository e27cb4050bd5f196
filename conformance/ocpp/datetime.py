"""The timestamp rule: every dateTime is RFC 3339 (ISO 8601) in UTC.

The OCPP 1.6 JSON schemas declare `format: date-time` (RFC 3339) and the specification
keeps all times in UTC; chargers promise exactly that. The `ocpp` package checks no date
format at all, so this module is the rule.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from enum import StrEnum

_RFC3339 = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[Tt](?P<time>\d{2}:\d{2}:\d{2})(?P<frac>\.\d+)?(?P<zone>[Zz]|[+-]\d{2}:\d{2})?$"
)


class TimestampPolicy(StrEnum):
    UTC = "utc"        # Z or +00:00
    Z = "z"            # Z only
    OFFSET = "offset"  # any explicit offset; a non-UTC one is a warning


def check_datetime(value: object, policy: TimestampPolicy = TimestampPolicy.UTC) -> tuple[str, str] | None:
    """Judge one dateTime value: None if it passes, else (severity, problem)."""
    if not isinstance(value, str):
        return "error", f"{value!r} is not a string"
    match = _RFC3339.match(value)
    if match is None:
        return "error", f"{value!r} is not an RFC 3339 date-time"
    zone = match["zone"]
    if zone is None:
        return "error", f"{value!r} has no zone designator (Z or +00:00)"
    try:
        datetime.fromisoformat(f"{match['date']}T{match['time']}{zone.upper().replace('Z', '+00:00')}")
    except ValueError as exc:
        return "error", f"{value!r} is not a valid date and time ({exc})"
    utc = zone in ("Z", "z") or zone == "+00:00"
    if policy is TimestampPolicy.Z and zone not in ("Z", "z"):
        return "error", f"{value!r} is not in UTC with the designator Z"
    if policy is TimestampPolicy.UTC and not utc:
        return "error", f"{value!r} is not in UTC (offset {zone}; expected Z or +00:00)"
    if policy is TimestampPolicy.OFFSET and not utc:
        return "warning", f"{value!r} has a non-UTC offset {zone}"
    return None


def utc_now() -> str:
    """The current time, in the form the harness sends: UTC, milliseconds, Z."""
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"

