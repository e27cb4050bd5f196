"""Frame-level mutations of OCPP-J: what a receiver must survive before any payload is read.

Each draw names its kind (a row of policy.FRAMES), the text to send and, where the frame
carries a readable string id, that id (a CALLERROR for it is correlated and judged).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from hypothesis import strategies as st

from .policy import FRAMES, Rule

_ids = st.builds(lambda: str(uuid.uuid4()))


@dataclass(frozen=True)
class Frame:
    kind: str
    text: str
    unique_id: str | None   # the id a CALLERROR should carry, when the frame has a readable one

    @property
    def rule(self) -> Rule:
        return FRAMES[self.kind]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text[:200]}"


def _dump(data: object) -> str:
    return json.dumps(data, separators=(",", ":"))


@st.composite
def frames(draw: st.DrawFn, action: str = "Heartbeat", payload: dict | None = None) -> Frame:
    """One malformed frame around an otherwise good CALL of `action`."""
    payload = {} if payload is None else payload
    uid = draw(_ids)
    kind = draw(st.sampled_from(sorted(FRAMES)))
    if kind == "invalid_json":
        text = draw(st.sampled_from([f'[2,"{uid}","{action}",{{', "", "[", "{]", "NaN", f'[2,"{uid}",{action},{{}}]',
                                     "[2,'x','Heartbeat',{}]", "\x00", "[2,\"a\",\"Heartbeat\",{},]"]))
        return Frame(kind, text, None)
    if kind == "not_an_array":
        text = draw(st.sampled_from([_dump({"messageTypeId": 2, "uniqueId": uid, "action": action}), "2", '"call"',
                                     "null", "true", "{}", _dump([])]))
        return Frame(kind, text, None)
    if kind == "unknown_message_type":
        type_id = draw(st.sampled_from([0, 1, 5, 6, 7, -2, 99, "2", 2.5]))
        return Frame(kind, _dump([type_id, uid, action, payload]), uid)
    if kind == "too_few_elements":
        return Frame(kind, _dump(draw(st.sampled_from([[2, uid, action], [2, uid]]))), uid)
    if kind == "too_many_elements":
        return Frame(kind, _dump([2, uid, action, payload, draw(st.sampled_from([{}, "x", None, 1]))]), uid)
    if kind == "non_string_id":
        bad = draw(st.sampled_from([1, 0, -1, 2**40, None, True, 1.5, [], {}]))
        return Frame(kind, _dump([2, bad, action, payload]), None)
    if kind == "unknown_action":
        name = draw(st.sampled_from(["NoSuchAction", "heartbeat", "HeartBeat", "Heartbeat ", "BootNotificationX",
                                     "", "TransactionEvent", "GetVariables"]))
        return Frame(kind, _dump([2, uid, name, {}]), uid)
    if kind == "overlong_id":
        long_id = uid + "-" + "9" * draw(st.integers(1, 64))
        return Frame(kind, _dump([2, long_id, action, payload]), long_id)
    # payload_not_object
    body = draw(st.sampled_from([[], "payload", 1, None, [{}]]))
    return Frame(kind, _dump([2, uid, action, body]), uid)
