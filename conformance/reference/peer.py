"""A small OCPP-J 1.6 peer for the reference SUTs.

The reference charge point and central system judge nothing: they are the systems the
suite judges. They get their own framing code, kept apart from the harness's checks, so
that a mistake in a check cannot hide by being shared with the system it grades. The
`ocpp` package supplies the official schemas; its error mapping is not used because it
answers 1.6 peers with 2.0.1 codes (see docs/compatibility.md, "Known library behaviours").
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft4Validator, ValidationError, validators

log = logging.getLogger("conformance.reference")

CALL, CALLRESULT, CALLERROR = 2, 3, 4

# Every action OCPP 1.6 (with the security whitepaper) defines: a request for one of
# these that the peer has no handler for is NotSupported; anything else NotImplemented.
KNOWN_ACTIONS = frozenset(
    p.name[: -len(".json")]
    for p in resources.files("ocpp").joinpath("v16/schemas").iterdir()
    if p.name.endswith(".json") and not p.name.endswith("Response.json")
)

Handler = Callable[[dict[str, Any]], Awaitable[dict[str, Any]] | dict[str, Any]]


class CallErrorReply(Exception):
    """Raised by a handler to answer with a CALLERROR instead of a CALLRESULT."""

    def __init__(self, code: str, description: str = "", details: dict | None = None):
        super().__init__(f"{code}: {description}")
        self.code, self.description, self.details = code, description, details or {}


class CallErrorReceived(Exception):
    """The other side answered our CALL with a CALLERROR."""

    def __init__(self, code: str, description: str, details: Any):
        super().__init__(f"{code}: {description}")
        self.code, self.description, self.details = code, description, details


def _multiple_of(validator: Any, step: Any, value: Any, _schema: Any) -> Any:
    # The schemas' decimals (multipleOf 0.1) are checked in decimal: 2.3 A is a valid limit.
    if validator.is_type(value, "number") and (Decimal(repr(value)) % Decimal(repr(step))) != 0:
        yield ValidationError(f"{value!r} is not a multiple of {step!r}")


_Validator = validators.extend(Draft4Validator, {"multipleOf": _multiple_of})


@cache
def _validator(action: str, response: bool) -> Any:
    name = f"{action}Response.json" if response else f"{action}.json"
    schema = json.loads(resources.files("ocpp").joinpath(f"v16/schemas/{name}").read_text())
    return _Validator(schema)


# How a schema keyword maps onto the CALLERROR codes of OCPP-J 1.6 §4.2.3.
_ERROR_FOR_KEYWORD = {
    "type": "TypeConstraintViolation",
    "required": "OccurenceConstraintViolation",
    "minItems": "OccurenceConstraintViolation",
    "maxItems": "OccurenceConstraintViolation",
    "additionalProperties": "FormationViolation",
}

# The 2.0.1 spellings a faulty peer uses instead (PeerFaults.wrong_callerror_code).
_WRONG_SPELLING = {
    "FormationViolation": "FormatViolation",
    "OccurenceConstraintViolation": "OccurrenceConstraintViolation",
    "NotImplemented": "NotSupported",
    "NotSupported": "NotImplemented",
}


def payload_error(action: str, payload: Any, *, response: bool = False) -> CallErrorReply | None:
    """The CALLERROR a 1.6 receiver owes for this payload, or None if it is valid."""
    errors = sorted(_validator(action, response).iter_errors(payload), key=lambda e: e.path)
    if not errors:
        return None
    first = errors[0]
    code = _ERROR_FOR_KEYWORD.get(first.validator, "PropertyConstraintViolation")
    where = "/".join(str(p) for p in first.absolute_path) or "payload"
    return CallErrorReply(code, f"{where}: {first.message}"[:255])


def utc_now(offset: timedelta | None = None, *, naive: bool = False) -> str:
    """The current time as OCPP sends it; offset and naive exist for fault switches."""
    now = datetime.now(UTC).replace(microsecond=0)
    if naive:
        return now.replace(tzinfo=None).isoformat()
    if offset is not None:
        return now.astimezone(timezone(offset)).isoformat()
    return now.isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class PeerFaults:
    """Misbehaviours of the framing layer, and its allowed strictness; each SUT's registry names those it offers."""

    wrong_callerror_code: bool = False  # 2.0.1 spellings of CALLERROR codes
    reused_message_id: bool = False  # every CALL sent has the same message id
    # Allowed, not a fault: message ids count 1, 2, ... on each connection (a Peer is one).
    ids_per_connection: bool = False
    generic_error_on_type: bool = False  # a wrong type is refused with GenericError
    accepts_missing_required: bool = False  # a missing required field gets an empty CALLRESULT
    # Allowed, not a fault: a negative connectorId is refused before the schema is looked at.
    refuses_negative_connector_id: bool = False


class Peer:
    """One side of an OCPP-J connection: dispatches CALLs, sends CALLs, one at a time.

    Args:
        ws: a connected `websockets` connection.
        handlers: action name -> handler taking the request payload and returning the
            response payload (or raising CallErrorReply).
        call_timeout: seconds to wait for the answer to a CALL we send.
        faults: the misbehaviours to inject.
    """

    def __init__(
        self,
        ws: Any,
        handlers: dict[str, Handler],
        *,
        call_timeout: float = 30.0,
        faults: PeerFaults = PeerFaults(),
        name: str = "peer",
    ):
        self.ws = ws
        self.handlers = handlers
        self.call_timeout = call_timeout
        self.faults = faults
        self.name = name
        self._lock = asyncio.Lock()
        self._pending: tuple[str, str, asyncio.Future] | None = None
        self._sent = 0
        self._tasks: set[asyncio.Task] = set()

    def new_id(self) -> str:
        if self.faults.reused_message_id:
            return "reused-id"
        if self.faults.ids_per_connection:
            self._sent += 1
            return str(self._sent)
        return str(uuid.uuid4())

    def error_code(self, code: str) -> str:
        if self.faults.generic_error_on_type and code == "TypeConstraintViolation":
            return "GenericError"
        if self.faults.wrong_callerror_code:
            return _WRONG_SPELLING.get(code, code)
        return code

    async def run(self) -> None:
        """Read frames until the connection closes."""
        async for text in self.ws:
            await self._receive(text)

    async def send_raw(self, text: str) -> None:
        await self.ws.send(text)

    async def call(self, action: str, payload: dict[str, Any], *, timeout: float | None = None) -> dict[str, Any]:
        """Send a CALL and return the CALLRESULT payload (raises CallErrorReceived)."""
        async with self._lock:
            unique_id = self.new_id()
            future: asyncio.Future = asyncio.get_running_loop().create_future()
            self._pending = (unique_id, action, future)
            try:
                await self.ws.send(json.dumps([CALL, unique_id, action, payload]))
                return await asyncio.wait_for(future, timeout or self.call_timeout)
            finally:
                self._pending = None

    async def _receive(self, text: str | bytes) -> None:
        try:
            message = json.loads(text)
        except (TypeError, ValueError):
            log.info("%s: unparsable frame %r", self.name, text)
            return
        if not isinstance(message, list) or not message or message[0] not in (CALL, CALLRESULT, CALLERROR):
            log.info("%s: not an OCPP-J message: %r", self.name, text)
            if isinstance(message, list) and len(message) > 1 and isinstance(message[1], str):
                await self._send_error(message[1], "FormationViolation", "not an OCPP-J message")
            return
        kind = message[0]
        if kind == CALL:
            # Handled in its own task so that a handler may itself send a CALL.
            task = asyncio.create_task(self._on_call(message))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        else:
            self._on_answer(message)

    async def _on_call(self, message: list) -> None:
        if len(message) != 4 or not isinstance(message[1], str) or not isinstance(message[2], str):
            unique_id = message[1] if len(message) > 1 and isinstance(message[1], str) else "-1"
            await self._send_error(unique_id, "FormationViolation", "a CALL has four elements")
            return
        _, unique_id, action, payload = message
        if action not in KNOWN_ACTIONS:
            await self._send_error(unique_id, "NotImplemented", f"unknown action {action}")
            return
        handler = self.handlers.get(action)
        if handler is None:
            await self._send_error(unique_id, "NotSupported", f"{action} is not supported")
            return
        if self.faults.refuses_negative_connector_id and isinstance(payload, dict) \
                and type(payload.get("connectorId")) is int and payload["connectorId"] < 0:
            await self._send_error(unique_id, "PropertyConstraintViolation", "connectorId: a connector id is never "
                                   "negative")
            return
        problem = payload_error(action, payload)
        if problem is not None and self.faults.accepts_missing_required \
                and problem.code == "OccurenceConstraintViolation":
            await self.ws.send(json.dumps([CALLRESULT, unique_id, {}]))
            return
        if problem is not None:
            await self._send_error(unique_id, problem.code, problem.description)
            return
        try:
            result = handler(payload)
            if inspect.isawaitable(result):
                result = await result
        except CallErrorReply as reply:
            await self._send_error(unique_id, reply.code, reply.description, reply.details)
            return
        except Exception:  # a bug in a reference SUT must not take the connection down
            log.exception("%s: handler for %s failed", self.name, action)
            await self._send_error(unique_id, "InternalError", "handler failed")
            return
        await self.ws.send(json.dumps([CALLRESULT, unique_id, result]))

    def _on_answer(self, message: list) -> None:
        if self._pending is None or len(message) < 3 or message[1] != self._pending[0]:
            log.info("%s: answer to no pending CALL: %r", self.name, message)
            return
        _, _, future = self._pending
        if future.done():
            return
        if message[0] == CALLRESULT:
            future.set_result(message[2])
        else:
            code, description, details = (message[2:] + ["", "", {}])[:3]
            future.set_exception(CallErrorReceived(code, description, details))

    async def _send_error(self, unique_id: str, code: str, description: str, details: dict | None = None) -> None:
        frame = [CALLERROR, unique_id, self.error_code(code), description, details or {}]
        try:
            await self.ws.send(json.dumps(frame))
        except Exception:  # connection already gone
            log.info("%s: could not send CALLERROR %s", self.name, code)
