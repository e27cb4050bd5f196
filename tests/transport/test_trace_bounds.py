"""The trace under a flood: bounded in entries and characters, and never without the frames a
verdict can name (the harness's requests, frames with findings, frames a wait looked at)."""

from __future__ import annotations

import json

from conformance.transport.trace import EVENT, HARNESS_TO_SUT, SUT_TO_HARNESS, Trace


def boot(n):
    return json.dumps([2, f"f{n}", "BootNotification", {"chargePointVendor": "V", "chargePointModel": "M"}])


def test_past_the_limit_the_middle_goes_and_the_first_and_last_frames_stay():
    trace = Trace(limit=100)
    for n in range(1000):
        trace.record(SUT_TO_HARNESS, boot(n))
    texts = [e.text for e in trace.entries]
    assert len(texts) == 100 and trace.dropped == 900
    assert texts[0] == boot(0) and texts[49] == boot(49) and texts[-1] == boot(999)
    assert "900 frames not traced" in trace.as_text()


def test_the_harness_s_requests_events_and_findings_are_never_left_out():
    trace = Trace(limit=10)
    request = trace.record(HARNESS_TO_SUT, json.dumps([2, "h1", "Reset", {"type": "Soft"}]))
    for n in range(500):
        trace.record(SUT_TO_HARNESS, boot(n))
        if n == 250:
            finding = trace.record(SUT_TO_HARNESS, "not json", ["error: frame_is_ocpp_j: not JSON"])
            event = trace.record(EVENT, "the central system goes offline")
    assert {id(request), id(finding), id(event)} <= {id(e) for e in trace.entries}
    assert [e.seq for e in trace.entries] == sorted(e.seq for e in trace.entries)


def test_a_frame_a_wait_looks_at_is_put_back_in_its_place():
    trace = Trace(limit=10)
    entries = [trace.record(SUT_TO_HARNESS, boot(n)) for n in range(100)]
    judged = entries[20]
    assert judged not in trace.entries
    trace.keep(judged)
    trace.keep(None)
    assert judged in trace.entries and trace.dropped == 89
    assert [e.seq for e in trace.entries] == sorted(e.seq for e in trace.entries)
    for n in range(100, 200):
        trace.record(SUT_TO_HARNESS, boot(n))
    assert judged in trace.entries   # kept for good


def test_the_characters_are_bounded_too():
    trace = Trace(limit=10_000, text_budget=50_000)
    for n in range(200):
        trace.record(SUT_TO_HARNESS, json.dumps([2, f"m{n}", "DataTransfer", {"vendorId": "V", "data": "x" * 3900}]))
    assert sum(len(e.text) for e in trace.entries) < 50_000 + 4100
    assert trace.dropped > 0
