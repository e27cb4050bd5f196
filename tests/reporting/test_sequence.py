"""The sequence diagram drawn from a trace: arrows, notes, the failure marked, long traces bounded."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conformance.reporting import sequence
from conformance.transport.trace import EVENT, HARNESS_TO_SUT, SUT_TO_HARNESS, Trace

NS = "{http://www.w3.org/2000/svg}"
BOOT = json.dumps([2, "b1", "BootNotification", {"chargePointVendor": "V", "chargePointModel": "M"}])
BOOT_CONF = json.dumps([3, "b1", {"status": "Accepted", "interval": 10, "currentTime": "2026-01-01T00:00:00Z"}])


def groups(svg: str, kind: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter(f"{NS}g") if kind in g.get("class", "").split()]


def text(element: ET.Element) -> str:
    return "".join(t for child in element if child.tag != f"{NS}title" for t in child.itertext())


def test_frames_are_arrows_between_the_lifelines_with_time_and_step():
    trace = Trace()
    trace.step = "1"
    trace.record(SUT_TO_HARNESS, BOOT)
    trace.step = "2"
    trace.record(HARNESS_TO_SUT, BOOT_CONF)
    svg = sequence.render(trace.entries, harness="harness (central system)", sut="SUT: cp (charge point)")
    call, answer = groups(svg, "frame")
    assert "BootNotification.req chargePointVendor=V" in text(call) and "step 1" in text(call)
    assert "BootNotification.conf status=Accepted interval=10" in text(answer) and "step 2" in text(answer)
    assert trace.entries[0].at in text(call)
    # the SUT's frame points at the harness (left), the answer at the SUT (right)
    (line,) = call.iter(f"{NS}line")
    assert float(line.get("x1")) == sequence.SUT_X and float(line.get("x2")) == sequence.HARNESS_X
    assert "answer" in answer.get("class") and "call" in call.get("class")
    assert "harness (central system)" in svg and "SUT: cp (charge point)" in svg


def test_operator_actions_are_notes_and_findings_are_red():
    trace = Trace()
    trace.event("operator action [plug_in] plug the EV cable into the connector (connector=1)")
    trace.record(SUT_TO_HARNESS, BOOT, checks=["error: datetime_is_utc_rfc3339: no zone"])
    trace.record(SUT_TO_HARNESS, BOOT, checks=["warning: one_outstanding_call: a second CALL"])
    svg = sequence.render(trace.entries, harness="h", sut="s")
    (note,) = groups(svg, "operator")
    assert "plug_in" in text(note)
    (violation,) = groups(svg, "violation")
    assert "datetime_is_utc_rfc3339" in text(violation)
    (warning,) = groups(svg, "warning")
    assert "one_outstanding_call" in text(warning)
    assert not groups(svg, "failing")


def test_the_frame_that_failed_the_case_is_marked_with_its_rule():
    trace = Trace()
    trace.record(SUT_TO_HARNESS, BOOT)
    bad = json.dumps([2, "s1", "StartTransaction", {"connectorId": 1, "idTag": "OTHER"}])
    trace.record(SUT_TO_HARNESS, bad)
    # the failure names the frame as it was parsed and printed again: matched by id and type
    failure = sequence.Failure("payload_matches_expectation", "idTag is 'OTHER'", json.dumps(json.loads(bad), indent=1), "5")
    svg = sequence.render(trace.entries, harness="h", sut="s", failure=failure)
    (failing,) = groups(svg, "failing")
    assert "StartTransaction.req" in text(failing) and "payload_matches_expectation" in text(failing)
    assert "step 5" in text(failing)
    assert not groups(svg, "failure")


def test_a_failure_without_a_frame_is_a_note_where_it_happened():
    trace = Trace()
    trace.record(SUT_TO_HARNESS, BOOT)
    failed_at = trace.entries[-1].monotonic + 0.001
    trace.record(HARNESS_TO_SUT, BOOT_CONF, monotonic=failed_at + 1)
    failure = sequence.Failure("message_within_deadline", "no StatusNotification within 3 s", step="3",
                               monotonic=failed_at)
    svg = sequence.render(trace.entries, harness="h", sut="s", failure=failure)
    root = ET.fromstring(svg)
    order = [g.get("class") for g in root.iter(f"{NS}g") if g.get("class", "").startswith(("frame", "note"))]
    assert order == ["frame call", "note failure", "frame answer"]
    (note,) = groups(svg, "failure")
    assert "message_within_deadline: step 3: no StatusNotification within 3 s" in text(note)


def test_a_long_trace_keeps_its_ends_and_its_findings():
    trace = Trace()
    for n in range(1000):
        trace.record(SUT_TO_HARNESS, json.dumps([2, f"h{n}", "Heartbeat", {}]),
                     checks=["error: unique_id_not_reused: reused"] if n == 500 else None)
    svg = sequence.render(trace.entries, harness="h", sut="s", dropped=7)
    frames = groups(svg, "frame")
    assert len(frames) == sequence.HEAD + sequence.TAIL + 1
    assert [int(f.get("data-seq")) for f in groups(svg, "violation")] == [501]
    gaps = [text(g) for g in groups(svg, "gap")]
    assert gaps[0].startswith("… 280 frames") and gaps[1].startswith("… 339 frames")
    assert "7 frames without findings were not traced" in gaps[2]


def test_frames_that_are_not_ocpp_j_and_text_that_is_markup_are_drawn_safely():
    trace = Trace()
    trace.record(SUT_TO_HARNESS, "<script>alert(1)</script> & not json")
    trace.record(SUT_TO_HARNESS, json.dumps([4, "x", "NotImplemented", "<b>", {}]))
    trace.record(EVENT, 'an event with "quotes" & <tags>')
    svg = sequence.render(trace.entries, harness="<h>", sut="s&s", title='"TC"')
    assert "<script>" not in svg
    garbage, error = groups(svg, "frame")
    assert "not OCPP-J: <script>alert(1)" in text(garbage)
    assert "CALLERROR NotImplemented" in text(error)
