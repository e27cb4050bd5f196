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
    """In the order a reader sees them, top to bottom (the diagram draws its bottom row first)."""
    return [g for g in ET.fromstring(svg).iter(f"{NS}g") if kind in g.get("class", "").split()][::-1]


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
    order = [g.get("class") for g in root.iter(f"{NS}g") if g.get("class", "").startswith(("frame", "note"))][::-1]
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


def test_a_list_shows_its_content_and_a_long_label_is_cut_between_fields():
    get = json.dumps([2, "g1", "GetConfiguration", {"key": ["HeartbeatInterval", "MeterValueSampleInterval"]}])
    stamp = "2026-01-01T12:34:56.789Z"
    meter = json.dumps([2, "m1", "MeterValues", {"connectorId": 1, "transactionId": 123456789, "meterValue": [
        {"timestamp": stamp, "sampledValue": [{"value": "10", "measurand": "Energy.Active.Import.Register"}]}]}])
    trace = Trace()
    trace.record(HARNESS_TO_SUT, get)
    trace.record(SUT_TO_HARNESS, meter)
    trace.record(SUT_TO_HARNESS, json.dumps([2, "s1", "StartTransaction", {
        "connectorId": 1, "idTag": "A_LONG_ID_TAG_0001", "meterStart": 1234567, "reservationId": 42,
        "timestamp": stamp}]))
    svg = sequence.render(trace.entries, harness="h", sut="s")
    labels = [g.find(f"{NS}text[@class='label']").text for g in groups(svg, "frame")]
    assert labels[0] == "GetConfiguration.req key=[HeartbeatInterval, MeterValueSampleInterval]"
    assert labels[1] == "MeterValues.req connectorId=1 transactionId=123456789 … +1 field"
    assert "key=[1]" not in svg and "meterValue=[1]" not in svg
    for label in labels:   # a timestamp is shown whole, or not at all
        assert stamp in label or "2026-01" not in label, label
    assert all(len(label) <= sequence.LABEL_CHARS for label in labels)


def test_the_whole_frame_is_in_the_diagram_to_open_by_a_click():
    """Not only in a tooltip: each row holds its frame in full, shown while the row has the focus."""
    long = json.dumps([2, "d1", "DataTransfer", {"vendorId": "V", "data": "x" * 400}])
    trace = Trace()
    trace.record(SUT_TO_HARNESS, long, checks=["error: some_rule: a finding"])
    svg = sequence.render(trace.entries, harness="h", sut="s")
    (frame,) = groups(svg, "frame")
    assert frame.get("tabindex") == "0"
    (full,) = [g for g in frame.iter(f"{NS}g") if g.get("class") == "full"]
    shown = "".join(t.text for t in full.iter(f"{NS}text"))
    assert long in shown and "some_rule: a finding" in shown
    assert ".frame:focus .full" in svg and ".frame .full{display:none}" in svg.replace("svg.sequence ", "")


def test_runs_of_the_same_heartbeat_fold_into_one_row_with_a_count():
    trace = Trace()
    trace.record(SUT_TO_HARNESS, BOOT)
    trace.record(HARNESS_TO_SUT, BOOT_CONF)
    for n in range(7):
        trace.record(SUT_TO_HARNESS, json.dumps([2, f"h{n}", "Heartbeat", {}]))
        trace.record(HARNESS_TO_SUT, json.dumps([3, f"h{n}", {"currentTime": f"2026-01-01T00:00:0{n}Z"}]))
    trace.record(SUT_TO_HARNESS, json.dumps([2, "h9", "Heartbeat", {}]), checks=["error: some_rule: late"])
    svg = sequence.render(trace.entries, harness="h", sut="s")
    labels = [text(g) for g in groups(svg, "frame")]
    assert sum("Heartbeat.req" in label.split(" SUT ->")[0] for label in labels) == sequence.FOLD_AFTER + 1
    (fold,) = groups(svg, "fold")
    assert f"⟳ {7 - sequence.FOLD_AFTER} more times Heartbeat.req / Heartbeat.conf" in text(fold)
    assert [int(g.get("data-seq")) for g in groups(svg, "violation")] == [17]   # a finding never folds


def test_the_suts_header_is_centred_on_its_lifeline():
    svg = sequence.render([], harness="h", sut="SUT: a charge point with a long name (charge point)")
    for kind, x in (("harness", sequence.HARNESS_X), ("sut", sequence.SUT_X)):
        (head,) = groups(svg, kind)
        box = head.find(f"{NS}rect")
        left, width = float(box.get("x")), float(box.get("width"))
        assert left + width / 2 == x and left >= 0 and left + width <= sequence.WIDTH
        assert float(head.find(f"{NS}text").get("x")) == x
