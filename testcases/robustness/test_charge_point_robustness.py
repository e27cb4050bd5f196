"""Robustness of a charge point under test: the harness, as central system, sends it unusual and invalid input.

Properties (docs/robustness.md): a valid request gets a schema-valid CALLRESULT or a
CALLERROR the specification allows; an invalid one a CALLERROR the policy table accepts for the
constraint it breaks; a malformed frame neither drops the connection nor stops the answers; after
every example the charge point still answers GetConfiguration correctly; every valid UTC dateTime
form is accepted.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.strategies.frames import frames
from conformance.strategies.payloads import invalid_payloads, valid_payloads
from conformance.strategies.timestamps import valid_utc_timestamps

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.fuzz]


@given(data=st.data())
async def test_valid_requests_are_answered(charge_point, action, data):
    """A valid, unusual request gets a schema-valid CALLRESULT or a CALLERROR the specification allows."""
    target = charge_point
    payload = data.draw(valid_payloads(action), label="payload")
    if target.fuzzer.out_of_time():
        return
    answer = await target.fuzzer.valid(action, payload)
    await target.fuzzer.set_back(action, payload, answer)


@given(data=st.data())
async def test_invalid_requests_get_the_right_callerror(charge_point, action, data):
    """A request breaking one constraint gets a CALLERROR the policy table accepts for it."""
    target = charge_point
    broken = data.draw(invalid_payloads(action), label="invalid request")
    if target.fuzzer.out_of_time():
        return
    answer = await target.fuzzer.invalid(broken)
    await target.fuzzer.set_back(action, broken.payload, answer)


@given(frame=frames("GetConfiguration", {"key": ["HeartbeatInterval"]}))
async def test_malformed_frames_leave_it_answering(charge_point, frame):
    """A malformed frame neither drops the connection nor stops the answers."""
    if charge_point.fuzzer.out_of_time():
        return
    await charge_point.fuzzer.frame(frame)


RESERVATION_ID = 916_001   # the suite's own reservation, cancelled after every example


@given(value=valid_utc_timestamps(future=True))
async def test_every_valid_utc_timestamp_is_accepted(charge_point, value):
    """Every valid UTC dateTime form is accepted (ReserveNow expiryDate, cancelled at once)."""
    if "Reservation" not in charge_point.sut.profiles:
        pytest.skip("the charge point does not declare the Reservation profile: no request of the central "
                    "system that is safe to send carries a dateTime")
    if charge_point.fuzzer.out_of_time():
        return
    data = charge_point.sut.test_data
    payload = {"connectorId": data.connector_id, "expiryDate": value, "idTag": data.valid_id_tag,
               "reservationId": RESERVATION_ID}
    answer = await charge_point.fuzzer.timestamp("ReserveNow", payload, value)
    await charge_point.fuzzer.set_back("ReserveNow", payload, answer)
