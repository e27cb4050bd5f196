"""OCPP-J 1.6 RPC frames (OCPP-J 1.6 §4): parsing that names what is wrong, and serialising."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

CALL, CALLRESULT, CALLERROR = 2, 3, 4

# OCPP-J 1.6 §4.2.3, spelled as 1.6 spells them.
ERROR_CODES = frozenset({
    "NotImplemented", "NotSupported", "InternalError", "ProtocolError", "SecurityError",
    "FormationViolation", "PropertyConstraintViolation", "OccurenceConstraintViolation",
    "TypeConstraintViolation", "GenericError",
})

MAX_UNIQUE_ID = 36


@dataclass(frozen=True)
class Call:
    unique_id: str
    action: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class CallResult:
    unique_id: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class CallError:
    unique_id: str
    code: str
    description: str = ""
    details: dict[str, Any] = field(default_factory=dict)


Message = Call | CallResult | CallError


class FrameError(Exception):
    """A frame that is not a well-formed OCPP-J message.

    `unique_id` and `kind` (the MessageTypeId) when they could be read, so that a malformed
    CALL can still be answered with a CALLERROR; `code` is the one OCPP-J 1.6 §4.2.3 gives.
    """

    def __init__(self, problem: str, unique_id: str | None = None, kind: Any = None, code: str = "FormationViolation"):
        super().__init__(problem)
        self.problem = problem
        self.unique_id = unique_id
        self.kind = kind
        self.code = code

    @property
    def answerable(self) -> bool:
        """A CALL whose id could be read: a correct peer answers it with a CALLERROR."""
        return self.kind == CALL and self.unique_id is not None


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not a JSON value")


def parse(text: str | bytes) -> Message:
    """Parse one WebSocket frame into a message or raise FrameError naming the problem."""
    if isinstance(text, bytes):
        raise FrameError("binary frame: OCPP-J frames are text")
    try:
        data = json.loads(text, parse_constant=_not_json)
    except json.JSONDecodeError as exc:
        raise FrameError(f"not valid JSON ({exc.msg} at position {exc.pos})") from None
    except ValueError as exc:  # NaN, Infinity: Python's json accepts them, JSON (RFC 8259) does not
        raise FrameError(f"not valid JSON ({exc})") from None
    if not isinstance(data, list) or not data:
        raise FrameError("not a JSON array")
    kind = data[0]
    unique_id = data[1] if len(data) > 1 and isinstance(data[1], str) else None
    if type(kind) is not int or kind not in (CALL, CALLRESULT, CALLERROR):
        raise FrameError(f"MessageTypeId {kind!r} is not 2, 3 or 4", unique_id)
    expected_len = {CALL: 4, CALLRESULT: 3, CALLERROR: 5}[kind]
    if len(data) != expected_len:
        # Too few elements is an incomplete message (ProtocolError), too many a malformed one.
        code = "ProtocolError" if len(data) < expected_len else "FormationViolation"
        raise FrameError(f"message type {kind} has {expected_len} elements, this frame has {len(data)}",
                         unique_id, kind, code)
    if not isinstance(data[1], str):
        raise FrameError(f"UniqueId must be a string, got {type(data[1]).__name__}")
    if not data[1] or len(data[1]) > MAX_UNIQUE_ID:
        raise FrameError(f"UniqueId must be 1 to {MAX_UNIQUE_ID} characters, got {len(data[1])}", unique_id, kind)
    if kind == CALL:
        _, uid, action, payload = data
        if not isinstance(action, str):
            raise FrameError("Action must be a string", uid, kind)
        if not isinstance(payload, dict):
            raise FrameError("Payload must be a JSON object", uid, kind)
        return Call(uid, action, payload)
    if kind == CALLRESULT:
        _, uid, payload = data
        if not isinstance(payload, dict):
            raise FrameError("Payload must be a JSON object", uid)
        return CallResult(uid, payload)
    _, uid, code, description, details = data
    if not isinstance(code, str) or not isinstance(description, str) or not isinstance(details, dict):
        raise FrameError("a CALLERROR has a string code, a string description and an object of details", uid)
    return CallError(uid, code, description, details)


def serialize(message: Message) -> str:
    if isinstance(message, Call):
        data: list[Any] = [CALL, message.unique_id, message.action, message.payload]
    elif isinstance(message, CallResult):
        data = [CALLRESULT, message.unique_id, message.payload]
    else:
        data = [CALLERROR, message.unique_id, message.code, message.description, message.details]
    return json.dumps(data, separators=(",", ":"))
