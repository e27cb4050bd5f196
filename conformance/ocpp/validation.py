"""Schema and timestamp validation of payloads against the official OCPP 1.6 JSON schemas."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft4Validator, ValidationError, validators

from ..checks import rules
from .datetime import TimestampPolicy, check_datetime


@dataclass(frozen=True)
class Problem:
    """A finding of a check: a registered rule the SUT broke, as an error or as a warning."""

    rule: str        # a name of conformance.checks.rules, e.g. rules.PAYLOAD_MATCHES_SCHEMA
    message: str
    severity: str = "error"   # "error" fails the case, "warning" passes it with a warning
    keyword: str = ""         # for schema problems: the JSON schema keyword that failed

    def __post_init__(self) -> None:
        rules.rule_named(self.rule)


# OCPP-J 1.6 §4.2.3: the CALLERROR a correct receiver answers a request with, by what is wrong.
_ERROR_BY_KEYWORD = {
    "required": "OccurenceConstraintViolation", "minItems": "OccurenceConstraintViolation",
    "maxItems": "OccurenceConstraintViolation", "type": "TypeConstraintViolation",
    "enum": "PropertyConstraintViolation", "maxLength": "PropertyConstraintViolation",
    "minLength": "PropertyConstraintViolation", "minimum": "PropertyConstraintViolation",
    "maximum": "PropertyConstraintViolation", "multipleOf": "PropertyConstraintViolation",
    "format": "PropertyConstraintViolation", "pattern": "PropertyConstraintViolation",
}


def callerror_for(problems: list[Problem]) -> tuple[str, str] | None:
    """The CALLERROR (code, description) a correct peer answers a request with these problems with.

    Timestamp findings are judged by the suite's policy, not refused: a real peer accepts them.
    """
    for problem in problems:
        if problem.rule == rules.ACTION_IS_OCPP16:
            return "NotImplemented", problem.message
        if problem.rule == rules.ACTION_DIRECTION:
            return "NotSupported", problem.message
    for problem in problems:
        if problem.rule == rules.PAYLOAD_MATCHES_SCHEMA:
            return _ERROR_BY_KEYWORD.get(problem.keyword, "FormationViolation"), problem.message
    return None


@cache
def schema(action: str, response: bool = False) -> dict[str, Any]:
    name = f"{action}Response.json" if response else f"{action}.json"
    return json.loads(resources.files("ocpp").joinpath(f"v16/schemas/{name}").read_text())


def _decimal_multiple_of(validator: Any, divisor: Any, instance: Any, _schema: Any) -> Iterator[ValidationError]:
    """multipleOf on the decimal value the JSON text writes: 0.3 is a multiple of 0.1, though
    not in binary floating point, where jsonschema divides."""
    if not validator.is_type(instance, "number"):
        return
    quotient = Decimal(repr(instance)) / Decimal(repr(divisor))
    if quotient != quotient.to_integral_value():
        yield ValidationError(f"{instance!r} is not a multiple of {divisor!r}")


_Validator = validators.extend(Draft4Validator, {"multipleOf": _decimal_multiple_of})


@cache
def _validator(action: str, response: bool) -> Any:
    return _Validator(schema(action, response))


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out.lstrip(".") or "payload"


def schema_problems(action: str, payload: Any, *, response: bool = False) -> list[Problem]:
    kind = f"{action}.conf" if response else f"{action}.req"
    problems = []
    for error in sorted(_validator(action, response).iter_errors(payload), key=lambda e: list(e.absolute_path)):
        problems.append(Problem(rules.PAYLOAD_MATCHES_SCHEMA, f"{kind} {_path(error.absolute_path)}: {error.message}",
                                keyword=str(error.validator)))
    return problems


def _datetimes(node: dict[str, Any], value: Any, path: tuple) -> Iterator[tuple[tuple, Any]]:
    """Every value the schema declares as a date-time, with its path."""
    if node.get("format") == "date-time":
        yield path, value
        return
    if isinstance(value, dict):
        for key, sub in node.get("properties", {}).items():
            if key in value:
                yield from _datetimes(sub, value[key], path + (key,))
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        for index, item in enumerate(value):
            yield from _datetimes(node["items"], item, path + (index,))


def timestamp_problems(
    action: str, payload: Any, *, response: bool = False, policy: TimestampPolicy = TimestampPolicy.UTC
) -> list[Problem]:
    kind = f"{action}.conf" if response else f"{action}.req"
    problems = []
    for path, value in _datetimes(schema(action, response), payload, ()):
        verdict = check_datetime(value, policy)
        if verdict is not None:
            severity, message = verdict
            problems.append(Problem(rules.DATETIME_IS_UTC_RFC3339, f"{kind} {_path(path)}: {message}", severity))
    return problems


def payload_problems(
    action: str, payload: Any, *, response: bool = False, policy: TimestampPolicy = TimestampPolicy.UTC
) -> list[Problem]:
    return schema_problems(action, payload, response=response) + timestamp_problems(
        action, payload, response=response, policy=policy
    )
