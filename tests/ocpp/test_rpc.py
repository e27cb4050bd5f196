import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.ocpp.rpc import Call, CallError, CallResult, FrameError, parse, serialize

ids = st.text(min_size=1, max_size=36)
payloads = st.dictionaries(st.text(max_size=10), st.integers() | st.text(max_size=10), max_size=4)
messages = (
    st.builds(Call, ids, st.text(min_size=1, max_size=30), payloads)
    | st.builds(CallResult, ids, payloads)
    | st.builds(CallError, ids, st.sampled_from(["NotImplemented", "GenericError"]), st.text(max_size=20), payloads)
)


@given(messages)
def test_parse_undoes_serialize(message):
    assert parse(serialize(message)) == message


@pytest.mark.parametrize(("frame", "problem"), [
    ('[2,"a","Heartbeat",', "not valid JSON"),
    ('{"a": 1}', "not a JSON array"),
    ("[]", "not a JSON array"),
    ('[7,"a","Heartbeat",{}]', "MessageTypeId 7"),
    ('["2","a","Heartbeat",{}]', "MessageTypeId '2'"),
    ('[2,"a","Heartbeat"]', "has 4 elements, this frame has 3"),
    ('[2,5,"Heartbeat",{}]', "UniqueId must be a string"),
    (json.dumps([2, "x" * 37, "Heartbeat", {}]), "1 to 36 characters"),
    ('[2,"a",5,{}]', "Action must be a string"),
    ('[2,"a","Heartbeat",[]]', "Payload must be a JSON object"),
    ('[3,"a",null]', "Payload must be a JSON object"),
    ('[4,"a","GenericError","x",[]]', "CALLERROR"),
])
def test_malformed_frames_are_named(frame, problem):
    with pytest.raises(FrameError) as info:
        parse(frame)
    assert problem in info.value.problem


def test_binary_frames_are_not_ocpp_j():
    with pytest.raises(FrameError, match="binary"):
        parse(b'[2,"a","Heartbeat",{}]')
