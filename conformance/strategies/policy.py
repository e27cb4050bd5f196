"""The policy table: which answers a robustness example accepts, and why.

Strict (the default) accepts for an invalid request only the CALLERROR codes OCPP-J 1.6
§4.2.3 gives the broken constraint. Lenient (`[robustness] callerror_codes = "lenient"`)
accepts any OCPP-J 1.6 code and reports a code outside the strict set as a warning. A
CALLRESULT to an invalid request fails in both, except where the table says OCPP is silent.
docs/robustness.md prints this table.
"""

from __future__ import annotations

from dataclasses import dataclass

# OCPP-J 1.6 §4.2.3, spelled as 1.6 spells them.
OCPP16_CODES = frozenset({
    "NotImplemented", "NotSupported", "InternalError", "ProtocolError", "SecurityError", "FormationViolation",
    "PropertyConstraintViolation", "OccurenceConstraintViolation", "TypeConstraintViolation", "GenericError",
})


@dataclass(frozen=True)
class Rule:
    codes: frozenset[str]          # CALLERROR codes that pass (strict)
    result: str = "fail"           # what a CALLRESULT is: "fail", "warn" or "pass"
    silence: str = "fail"          # what no answer at all is (frames only): "fail", "warn" or "pass"
    why: str = ""


def _codes(*names: str) -> frozenset[str]:
    return frozenset(names)


# One row per named constraint an invalid payload breaks.
CONSTRAINTS: dict[str, Rule] = {
    "missing_required": Rule(_codes("OccurenceConstraintViolation", "ProtocolError"),
                             why="a required field occurs too few times (OccurenceConstraintViolation); "
                                 "ProtocolError: the payload is incomplete"),
    "wrong_type": Rule(_codes("TypeConstraintViolation"), why="a field violates its data type"),
    "max_length": Rule(_codes("PropertyConstraintViolation", "TypeConstraintViolation"),
                       why="a string over its maximum length: an invalid value, or a CiString<N>Type broken"),
    "enum": Rule(_codes("PropertyConstraintViolation"), why="a value outside its enumeration is an invalid value"),
    "unknown_property": Rule(_codes("FormationViolation"),
                             why="the payload does not conform to the PDU structure of the action"),
    "decimal_precision": Rule(_codes("PropertyConstraintViolation"),
                              why="a decimal with more than the one fractional digit allowed (multipleOf 0.1)"),
    "below_minimum": Rule(_codes("PropertyConstraintViolation"), why="a value below the schema's minimum"),
    "too_few_items": Rule(_codes("OccurenceConstraintViolation"), why="a list shorter than its minItems"),
    "datetime_format": Rule(_codes("PropertyConstraintViolation", "TypeConstraintViolation", "FormationViolation"),
                            result="warn",
                            why="the schemas declare format date-time, which JSON schema draft 4 leaves optional "
                                "to check; OCPP 1.6 does not say the receiver must refuse it, so accepting it "
                                "is a warning"),
    "lowercase_designator": Rule(_codes("PropertyConstraintViolation", "TypeConstraintViolation",
                                        "FormationViolation"), result="pass",
                                 why="RFC 3339 §5.6 allows lowercase t and z, ISO 8601 does not: accepting and "
                                     "refusing both pass"),
}

# Valid requests: a CALLRESULT passes; these CALLERRORs too (the SUT may not support the action,
# or refuse a value it cannot act on); InternalError and GenericError are warnings; any other
# code (a type, format or occurrence error for a schema-valid payload) fails.
VALID_REQUEST_CODES = _codes("NotSupported", "PropertyConstraintViolation", "SecurityError")
VALID_REQUEST_WARN_CODES = _codes("InternalError", "GenericError")

# Frame-level mutations. `codes` apply to a CALLERROR carrying the frame's own id.
FRAMES: dict[str, Rule] = {
    "invalid_json": Rule(frozenset(), silence="pass",
                         why="no unique id to answer: OCPP-J 1.6 is silent; a CALLERROR, if sent, is graded by its id"),
    "not_an_array": Rule(frozenset(), silence="pass", why="as invalid_json"),
    "unknown_message_type": Rule(_codes("FormationViolation", "ProtocolError", "NotSupported", "NotImplemented"),
                                 silence="pass", result="fail",
                                 why="OCPP-J 1.6 §4.1.3: a message type it does not know is ignored; a CALLERROR "
                                     "naming the frame passes too"),
    "too_few_elements": Rule(_codes("ProtocolError", "FormationViolation"), silence="warn",
                             why="an incomplete CALL (ProtocolError) whose id can be read"),
    "too_many_elements": Rule(_codes("FormationViolation", "ProtocolError"), silence="warn",
                              why="a CALL that does not conform to the message structure"),
    "non_string_id": Rule(_codes("FormationViolation", "ProtocolError"), silence="pass", result="warn",
                          why="the UniqueId must be a string (OCPP-J 1.6 §4.1.4): no id of its own to answer"),
    "unknown_action": Rule(_codes("NotImplemented"), why="OCPP-J 1.6 §4.2.3: NotImplemented, "
                                                         "'requested Action is not known by receiver'"),
    "overlong_id": Rule(_codes("FormationViolation", "ProtocolError"), silence="warn", result="warn",
                        why="OCPP-J 1.6 §4.1.4 sets at most 36 characters but not what the receiver does"),
    "payload_not_object": Rule(_codes("FormationViolation", "TypeConstraintViolation", "ProtocolError"),
                               why="the payload of a CALL is a JSON object"),
}

# A CALLERROR for a frame without a readable id: OCPP-J 1.6 is silent on its id. A non-empty
# string id passes; an empty one, or one over 36 characters, is a warning.
def sensible_error_id(unique_id: object) -> bool:
    return isinstance(unique_id, str) and 0 < len(unique_id) <= 36


def judge_code(rule: Rule, code: str, lenient: bool) -> tuple[str, str]:
    """("pass" | "warn" | "fail", why) for a CALLERROR code against a row of the table."""
    if code in rule.codes:
        return "pass", ""
    allowed = ", ".join(sorted(rule.codes)) or "no CALLERROR"
    if code not in OCPP16_CODES:
        return "fail", f"{code!r} is not an OCPP-J 1.6 error code (acceptable: {allowed})"
    if lenient:
        return "warn", f"{code} is not what the policy table expects ({allowed}); accepted in lenient mode"
    return "fail", f"{code} is not acceptable here (expected: {allowed}; {rule.why})"
