"""Payloads from the official OCPP 1.6 JSON schemas: valid-but-unusual, and invalid by one constraint.

The schemas ship in the `ocpp` package (conformance.ocpp.validation.schema). Values are drawn
by walking the schema: every leaf mixes the boundaries (maximum string lengths, 32-bit integer
limits, decimals with one fractional digit, every enum value, empty and maximum lists) with
ordinary values, and every optional field is present or absent. An invalid draw starts from a
valid one and breaks exactly one named constraint; it carries the CALLERROR codes the policy
table (policy.py) accepts for it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import strategies as st
from jsonschema import Draft4Validator

from ..ocpp.datetime import check_datetime
from ..ocpp.validation import schema, schema_problems
from .policy import CONSTRAINTS
from .timestamps import invalid_timestamps, lowercase_timestamps, valid_utc_timestamps

INT32 = (-(2**31), 2**31 - 1)
_TEXT = st.characters(codec="utf-8", exclude_categories=("Cs",))
_UNBOUNDED_TEXT = 64   # longest string drawn where the schema sets no maxLength


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"unsupported $ref {ref!r}")
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def _string(node: dict[str, Any]) -> st.SearchStrategy[str]:
    if node.get("format") == "date-time":
        return valid_utc_timestamps()
    if node.get("format") == "uri":
        return st.sampled_from(["ftp://127.0.0.1/ocpp", "http://127.0.0.1:1/x", "https://127.0.0.1/firmware.bin"])
    top = node.get("maxLength", _UNBOUNDED_TEXT)
    low = node.get("minLength", 0)
    sizes = st.one_of(st.sampled_from(sorted({low, top, max(low, min(top, 1))})), st.integers(low, top))
    return sizes.flatmap(_text_of_length)


# One character repeated: multi-byte UTF-8, an emoji outside the BMP, a space, a quote, a backslash.
_FILLERS = ["A", "0", "é", "€", "\U0001F600", " ", '"', "\\", "\u00a0"]


def _text_of_length(n: int) -> st.SearchStrategy[str]:
    if n > 256:   # certificates and CSRs: hypothesis draws no text that long; a repeated pattern is as good
        return st.text(_TEXT, min_size=1, max_size=8).map(lambda s: (s * n)[:n])
    # Repeated fillers cost one draw; free text costs one per character (and is what shrinks best).
    return st.one_of(st.sampled_from(_FILLERS).map(lambda c: c * n), st.text(_TEXT, min_size=n, max_size=n),
                     st.text("ABCXYZ019_-", min_size=n, max_size=n))


def _integer(node: dict[str, Any]) -> st.SearchStrategy[int]:
    low, high = node.get("minimum", INT32[0]), node.get("maximum", INT32[1])
    edges = sorted({v for v in (low, high, 0, 1, -1, low + 1, high - 1) if low <= v <= high})
    return st.one_of(st.sampled_from(edges), st.integers(max(low, -1000), min(high, 1000)))


def _number(node: dict[str, Any]) -> st.SearchStrategy[float]:
    # One fractional digit (OCPP's decimals, multipleOf 0.1): tenths, kept where the validator agrees.
    tenths = st.one_of(st.sampled_from([0, 1, -1, 10**7, -(10**7)]), st.integers(-(10**6), 10**6)).map(lambda n: n / 10)
    values = st.one_of(tenths, st.integers(-1000, 1000).map(float))
    if "multipleOf" in node:
        # jsonschema divides in binary floating point (0.3 is not a multiple of 0.1 to it): a tenth
        # it refuses becomes the nearest one every validator agrees on, so a valid draw is valid
        # everywhere. Built, not filtered: a third of all tenths would be thrown away and redrawn.
        checker = Draft4Validator({"multipleOf": node["multipleOf"]})
        values = values.map(lambda v: _agreed_tenth(checker, v))
    return values


def _agreed_tenth(checker: Any, value: float) -> float:
    if checker.is_valid(value):
        return value
    tenths = round(value * 10)
    for step in range(1, 20):
        for candidate in ((tenths + step) / 10, (tenths - step) / 10):
            if checker.is_valid(candidate):
                return candidate
    return float(round(value))   # not met in practice: a nearby tenth always agrees


# Lower bounds the specification's text sets where the schemas set none: a connector id is 0
# (the charge point as a whole) or a connector's number, never negative (OCPP 1.6 §7 and the
# connectorId fields of §6). A value below one is no valid request, however the schema reads.
SPECIFIED_MINIMUMS = {"connectorId": 0}


def _with_specified_minimum(name: str, node: dict[str, Any]) -> dict[str, Any]:
    if name in SPECIFIED_MINIMUMS and node.get("type") == "integer" and "minimum" not in node:
        return {**node, "minimum": SPECIFIED_MINIMUMS[name]}
    return node


def instances(node: dict[str, Any], root: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Valid values of one schema node (by the schema and the specification's text), boundaries
    mixed with ordinary values."""
    node = _resolve(node, root)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type")
    if kind == "object":
        properties = {k: _with_specified_minimum(k, _resolve(v, root)) for k, v in node.get("properties", {}).items()}
        required = set(node.get("required", []))
        return st.fixed_dictionaries(
            {k: instances(v, root) for k, v in properties.items() if k in required},
            optional={k: instances(v, root) for k, v in properties.items() if k not in required})
    if kind == "array":
        low, high = node.get("minItems", 0), node.get("maxItems")
        top = high if high is not None and high <= 8 else low + 3
        sizes = st.sampled_from(sorted({low, top, min(low + 1, top)}))
        item = instances(node.get("items", {}), root)
        return sizes.flatmap(lambda n: st.lists(item, min_size=n, max_size=n))
    if kind == "string":
        return _string(node)
    if kind == "integer":
        return _integer(node)
    if kind == "number":
        return _number(node)
    if kind == "boolean":
        return st.booleans()
    return st.none()


@cache
def valid_payloads(action: str, response: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """Valid, unusual payloads of `action` (its request, or its response)."""
    root = schema(action, response)
    return instances(root, root).filter(lambda p: not schema_problems(action, p, response=response))


# -- invalid payloads --------------------------------------------------------------------------

@dataclass(frozen=True)
class Broken:
    """An invalid request: `constraint` (a row of policy.CONSTRAINTS) broken at `path`."""

    action: str
    payload: dict[str, Any]
    constraint: str
    path: str
    detail: str
    codes: frozenset[str]

    def __str__(self) -> str:
        return f"{self.action}.req with {self.constraint} at {self.path} ({self.detail})"


def _show(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "payload"


def _sites(node: dict[str, Any], root: dict[str, Any], value: Any, path: tuple) -> list[tuple[str, tuple, dict]]:
    """Every (constraint, path, schema node) one mutation of `value` can break."""
    node = _resolve(node, root)
    out: list[tuple[str, tuple, dict]] = []
    if path:
        out.append(("wrong_type", path, node))
    if "enum" in node:
        out.append(("enum", path, node))
    if node.get("type") == "string" and "maxLength" in node:
        out.append(("max_length", path, node))
    if node.get("format") == "date-time":
        out += [("datetime_format", path, node), ("lowercase_designator", path, node)]
    if "multipleOf" in node:
        out.append(("decimal_precision", path, node))
    if "minimum" in node:
        out.append(("below_minimum", path, node))
    if isinstance(value, dict) and node.get("type") == "object":
        if node.get("additionalProperties") is False:
            out.append(("unknown_property", path, node))
        for key in node.get("required", []):
            if key in value:
                out.append(("missing_required", path + (key,), node))
        for key, sub in node.get("properties", {}).items():
            if key in value:
                out += _sites(sub, root, value[key], path + (key,))
    if isinstance(value, list) and node.get("type") == "array":
        if node.get("minItems", 0) > 0:
            out.append(("too_few_items", path, node))
        for index, item in enumerate(value[:2]):
            out += _sites(node.get("items", {}), root, item, path + (index,))
    return out


_OTHER_TYPES = {
    "string": st.one_of(st.integers(-5, 5), st.booleans(), st.none(), st.just([]), st.just({}), st.just(1.5)),
    "integer": st.one_of(st.integers(0, 9999).map(str), st.just(1.5), st.booleans(), st.none(), st.just([]),
                         st.just({})),
    "number": st.one_of(st.integers(0, 9999).map(str), st.booleans(), st.none(), st.just([]), st.just({})),
    "boolean": st.one_of(st.sampled_from(["true", "false", 0, 1]), st.none(), st.just([])),
    "array": st.one_of(st.just("[]"), st.integers(0, 3), st.just({}), st.none()),
    "object": st.one_of(st.just("{}"), st.integers(0, 3), st.just([]), st.none()),
}

_KEYWORDS = {"missing_required": {"required"}, "wrong_type": {"type"}, "max_length": {"maxLength"},
             "enum": {"enum"}, "unknown_property": {"additionalProperties"}, "decimal_precision": {"multipleOf"},
             "below_minimum": {"minimum"}, "too_few_items": {"minItems"}}


def _get(payload: Any, path: tuple) -> Any:
    for part in path:
        payload = payload[part]
    return payload


def _set(payload: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    _get(payload, path[:-1])[path[-1]] = value
    return payload


@st.composite
def _break(draw: st.DrawFn, action: str, valid: dict[str, Any]) -> Broken:
    root = schema(action)
    sites = _sites(root, root, valid, ())
    # The kind of break first, then where: rare kinds (decimal precision) are drawn as often as common ones.
    kind = draw(st.sampled_from(sorted({site[0] for site in sites})))
    constraint, path, node = draw(st.sampled_from([site for site in sites if site[0] == kind]))
    payload = copy.deepcopy(valid)
    codes = set(CONSTRAINTS[constraint].codes)
    if constraint == "missing_required":
        del _get(payload, path[:-1])[path[-1]]
        detail = f"required field {path[-1]!r} left out"
    elif constraint == "wrong_type":
        value = draw(_OTHER_TYPES.get(node.get("type"), st.just(None)))
        payload = _set(payload, path, value)
        detail = f"{value!r} where the schema wants {node.get('type')}"
        if "enum" in node:
            codes |= CONSTRAINTS["enum"].codes   # a value of another type is outside the enum as well
    elif constraint == "max_length":
        length = node["maxLength"] + draw(st.sampled_from([1, 2, 100]))
        payload = _set(payload, path, "X" * length)
        detail = f"{length} characters, maxLength {node['maxLength']}"
    elif constraint == "enum":
        value = draw(st.one_of(st.sampled_from([e.lower() for e in node["enum"]] + [e + " " for e in node["enum"]]),
                               st.text("abcXYZ", min_size=1, max_size=12)).filter(lambda v: v not in node["enum"]))
        payload = _set(payload, path, value)
        detail = f"{value!r} is not one of {node['enum']}"
    elif constraint == "unknown_property":
        name = draw(st.sampled_from(["extra", "vendorExtension", "x", "_comment"]))
        _get(payload, path)[name] = draw(st.one_of(st.integers(0, 9), st.text("abc", max_size=4)))
        detail = f"unknown property {name!r}"
    elif constraint == "decimal_precision":
        value = draw(st.integers(0, 10**5)) / 10 + draw(st.sampled_from([0.01, 0.05, 0.001]))
        payload = _set(payload, path, round(value, 3))
        detail = f"{round(value, 3)} has more than one fractional digit"
    elif constraint == "below_minimum":
        payload = _set(payload, path, node["minimum"] - 1)
        detail = f"below the minimum {node['minimum']}"
    elif constraint == "too_few_items":
        payload = _set(payload, path, [])
        detail = f"an empty list, minItems {node['minItems']}"
    elif constraint == "datetime_format":
        bad = draw(invalid_timestamps())
        payload = _set(payload, path, bad.value)
        detail = f"{bad.value!r} ({bad.form})"
    else:  # lowercase_designator
        value = draw(lowercase_timestamps())
        payload = _set(payload, path, value)
        detail = f"{value!r} (lowercase designator)"
    return Broken(action, payload, constraint, _show(path), detail, frozenset(codes))


def broken_exactly_once(broken: Broken) -> bool:
    """The draw breaks its named constraint and nothing else (what the strategy keeps)."""
    found = {p.keyword for p in schema_problems(broken.action, broken.payload)}
    if broken.constraint in ("datetime_format", "lowercase_designator"):
        return not found
    allowed = _KEYWORDS[broken.constraint] | ({"enum"} if broken.constraint == "wrong_type" else set())
    return bool(found) and found <= allowed and bool(found & _KEYWORDS[broken.constraint])


@cache
def invalid_payloads(action: str) -> st.SearchStrategy[Broken]:
    """Requests of `action` that break exactly one named constraint of its schema."""
    return valid_payloads(action).flatmap(lambda valid: _break(action, valid)).filter(broken_exactly_once)


def timestamp_is_bad(value: str) -> bool:
    return check_datetime(value) is not None
