"""The timestamp and frame strategies: valid forms pass the rule, invalid ones are refused by it."""

from __future__ import annotations

import json
from datetime import datetime

from hypothesis import given, settings

from conformance.ocpp.datetime import TimestampPolicy, check_datetime
from conformance.ocpp.rpc import FrameError, parse
from conformance.strategies.frames import frames
from conformance.strategies.policy import FRAMES
from conformance.strategies.timestamps import (
    INVALID_FORMS,
    invalid_timestamps,
    lowercase_timestamps,
    valid_utc_timestamps,
)


@settings(max_examples=200, deadline=None)
@given(valid_utc_timestamps())
def test_valid_forms_pass_the_strictest_utc_rule(value):
    assert check_datetime(value, TimestampPolicy.UTC) is None
    head = value[:19]
    datetime.strptime(head, "%Y-%m-%dT%H:%M:%S")


@settings(max_examples=200, deadline=None)
@given(invalid_timestamps())
def test_invalid_forms_fail_the_rule(bad):
    assert bad.form in INVALID_FORMS
    assert check_datetime(bad.value, TimestampPolicy.UTC) is not None, bad


@settings(max_examples=50, deadline=None)
@given(lowercase_timestamps())
def test_lowercase_forms_are_their_own_policy(value):
    assert value != value.upper()
    assert check_datetime(value.upper(), TimestampPolicy.UTC) is None


def test_fraction_digits_zero_to_nine_and_both_zone_forms_are_drawn():
    digits, zones = set(), set()

    @settings(max_examples=300, deadline=None, database=None)
    @given(valid_utc_timestamps())
    def collect(value):
        zones.add("Z" if value.endswith("Z") else value[-6:])
        body = value[:-1] if value.endswith("Z") else value[:-6]
        digits.add(len(body.split(".")[1]) if "." in body else 0)

    collect()
    assert zones == {"Z", "+00:00"}
    assert {0, 9} <= digits


@settings(max_examples=200, deadline=None)
@given(frames())
def test_every_mutated_frame_is_refused_by_the_harness_parser(frame):
    assert frame.kind in FRAMES
    try:
        parse(frame.text)
    except FrameError:
        return
    # Still parseable: only an unknown action, which is refused by name, not by framing.
    assert frame.kind == "unknown_action", frame
    assert json.loads(frame.text)[2] not in ("Heartbeat",)


def test_every_frame_kind_is_drawn():
    kinds = set()

    @settings(max_examples=200, deadline=None, database=None)
    @given(frames())
    def collect(frame):
        kinds.add(frame.kind)

    collect()
    assert kinds == set(FRAMES)
