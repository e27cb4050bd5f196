"""Robustness of a central system under test: the harness, as a booted charge point, sends it unusual and invalid input.

As for a charge point (docs/robustness.md), plus: every valid UTC dateTime form is
accepted. Transactions are started only with the test idTags and stopped after the example;
use a test instance of the central system.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.robustness.actions import made_safe
from conformance.strategies.frames import frames
from conformance.strategies.payloads import invalid_payloads, valid_payloads
from conformance.strategies.timestamps import valid_utc_timestamps

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.fuzz]


@given(data=st.data())
async def test_valid_requests_are_answered(central_system, action, data):
    """A valid, unusual request gets a schema-valid CALLRESULT or a CALLERROR the specification allows."""
    target = central_system
    payload = made_safe(action, data.draw(valid_payloads(action), label="payload"), target.test_id_tags)
    if target.fuzzer.out_of_time():
        return
    answer = await target.fuzzer.valid(action, payload)
    await target.fuzzer.set_back(action, payload, answer)


@given(data=st.data())
async def test_invalid_requests_get_the_right_callerror(central_system, action, data):
    """A request breaking one constraint gets a CALLERROR the policy table accepts for it."""
    target = central_system
    broken = data.draw(invalid_payloads(action), label="invalid request")
    if target.fuzzer.out_of_time():
        return
    answer = await target.fuzzer.invalid(broken)
    await target.fuzzer.set_back(action, broken.payload, answer)


@given(frame=frames("Heartbeat"))
async def test_malformed_frames_leave_it_answering(central_system, frame):
    """A malformed frame neither drops the connection nor stops the answers."""
    if central_system.fuzzer.out_of_time():
        return
    await central_system.fuzzer.frame(frame)


@given(value=valid_utc_timestamps())
async def test_every_valid_utc_timestamp_is_accepted(central_system, value):
    """Every valid UTC dateTime form is accepted."""
    if central_system.fuzzer.out_of_time():
        return
    connector = central_system.sut.test_data.connector_id
    payload = {"connectorId": connector, "errorCode": "NoError", "status": "Available", "timestamp": value}
    await central_system.fuzzer.timestamp("StatusNotification", payload, value)
