"""The raw-frame path: what a correct library refuses to send, sent anyway, and the answers judged.

Runs against the reference charge point: a correct one answers with OCPP-J 1.6's error codes and
stays up; one with the `wrong_callerror_code` fault is caught by the always-on checks.
"""

from __future__ import annotations

import json
import uuid

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.checks.failures import FrameViolation
from conformance.ocpp.rpc import CallError, CallResult
from conformance.reference.charge_point import ChargePointSettings, ReferenceChargePoint
from conformance.roles.central_system import CentralSystemHarness
from conformance.sut.local import free_port, write_toml
from conformance.sut.profile import load
from conformance.transport.trace import Trace


async def connected(tmp_path_factory, faults=()):
    port = free_port()
    path = write_toml(tmp_path_factory.mktemp("raw") / "cp.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP_RAW", "listen": f"ws://127.0.0.1:{port}"},
        "capabilities": {"connectors": 2}, "test_data": {"message_timeout_s": 3, "connect_timeout_s": 10},
        "actions": {"driver": "reference"}})
    harness = CentralSystemHarness(load(path))
    await harness.start()
    charger = ReferenceChargePoint(ChargePointSettings(url=f"ws://127.0.0.1:{port}", charge_point_id="CP_RAW",
                                                       faults=frozenset(faults), reconnect_delay=0.2))
    await charger.start()
    harness.begin_case(Trace())
    await harness.wait_connected()
    assert await harness.wait_for(harness.cp.statuses_known, 10)
    return harness, charger


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def harness(tmp_path_factory):
    harness, charger = await connected(tmp_path_factory)
    yield harness
    await charger.stop()
    await harness.stop()


async def answer(harness, action, payload):
    unique_id = str(uuid.uuid4())
    return await harness.call_raw(json.dumps([2, unique_id, action, payload]), unique_id=unique_id, action=action)


NOT_ARRAYS = st.one_of(st.integers(), st.text(max_size=5), st.booleans(), st.dictionaries(st.text(max_size=3), st.integers()))


@pytest.mark.asyncio(loop_scope="session")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=NOT_ARRAYS)
async def test_wrong_types_get_type_constraint_violation(harness, key):
    result = await answer(harness, "GetConfiguration", {"key": key})
    assert isinstance(result, CallError) and result.code == "TypeConstraintViolation", result
    harness.raise_errors()


@pytest.mark.asyncio(loop_scope="session")
@pytest.mark.parametrize(("action", "payload", "code"), [
    ("ChangeConfiguration", {"key": "HeartbeatInterval"}, "OccurenceConstraintViolation"),
    ("ChangeConfiguration", {"key": "HeartbeatInterval", "value": "1", "extra": 1}, "FormationViolation"),
    ("Reset", {"type": "Sideways"}, "PropertyConstraintViolation"),
    ("NoSuchAction", {}, "NotImplemented"),
    ("SignedUpdateFirmware", {"requestId": 1, "firmware": {
        "location": "ftp://127.0.0.1/x", "retrieveDateTime": "2026-01-01T00:00:00Z",
        "signingCertificate": "-----BEGIN CERTIFICATE-----", "signature": "c2ln"}}, "NotSupported"),
])
async def test_each_kind_of_bad_request_gets_its_1_6_code(harness, action, payload, code):
    result = await answer(harness, action, payload)
    assert isinstance(result, CallError) and result.code == code, result
    harness.raise_errors()


@pytest.mark.asyncio(loop_scope="session")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(garbage=st.text(max_size=40).filter(lambda t: not t.startswith("[")))
async def test_garbage_leaves_the_charge_point_up(harness, garbage):
    await harness.send_raw(garbage)
    result = await answer(harness, "GetConfiguration", {"key": ["HeartbeatInterval"]})
    assert isinstance(result, CallResult)
    harness.raise_errors()


@pytest.mark.asyncio(loop_scope="session")
async def test_the_wrong_callerror_code_is_caught(tmp_path_factory):
    harness, charger = await connected(tmp_path_factory, faults=("wrong_callerror_code",))
    try:
        await answer(harness, "ChangeConfiguration", {"key": "HeartbeatInterval"})
        with pytest.raises(FrameViolation) as info:
            harness.raise_errors()
        assert info.value.rule == "callerror_code_is_ocpp16"
        assert "OccurrenceConstraintViolation" in str(info.value)
    finally:
        await charger.stop()
        await harness.stop()
