"""A reporter of one's own: it subscribes to the session's events, and no role or step changes."""

from __future__ import annotations

import json

import pytest

from conformance import events
from conformance.pytest_plugin import plugin_of
from conformance.sut.local import reference_sut
from conformance.transport.trace import HARNESS_TO_SUT, SUT_TO_HARNESS
from tests.conftest import TESTCASES

CASE = "TC_003_CS"   # plug in, present an idTag, a transaction starts: steps, frames and operator actions


class Recorder:
    """What a third-party reporter looks like: a pytest plugin that subscribes a callable."""

    def __init__(self) -> None:
        self.seen: list[events.Event] = []
        self.bus: events.Bus | None = None

    def pytest_configure(self, config: pytest.Config) -> None:
        self.bus = plugin_of(config).events
        self.bus.subscribe(self.seen.append)
        self.bus.subscribe(_broken)


def _broken(event: events.Event) -> None:
    raise RuntimeError("a reporter with a bug")


def test_a_custom_reporter_sees_a_real_case_in_order(pytester: pytest.Pytester):
    sut = reference_sut(pytester.path, "charge-point")
    reports = pytester.path / "reports"
    recorder = Recorder()
    result = pytester.runpytest_inprocess(
        str(TESTCASES), "--sut", str(sut), "--case", CASE, "--reports", str(reports),
        "-p", "no:cacheprovider", "-p", "no:allure_pytest", "-p", "no:randomly", plugins=[recorder])
    # The reporter that raises on every event changes nothing, and the run says it failed.
    assert result.ret == 0, result.stdout.str()
    summary = json.loads((reports / "summary.json").read_text())
    assert [(c["id"], c["verdict"]) for c in summary["cases"]] == [(CASE, "passed")]
    result.stdout.fnmatch_lines(["*report events failed in <function _broken*a reporter with a bug*"])

    seen = recorder.seen
    kinds = [type(e).__name__ for e in seen]

    def first(kind: type, **fields: object) -> int:
        return next(i for i, e in enumerate(seen) if isinstance(e, kind)
                    and all(getattr(e, k) == v for k, v in fields.items()))

    started, finished = first(events.CaseStarted), first(events.CaseFinished)
    assert kinds[0] == "RunStarted" and kinds[-1] == "RunFinished"
    assert seen[started].entry.id == CASE and seen[finished].case_id == CASE and seen[finished].verdict == "passed"
    case = seen[started:finished + 1]

    # The plan's steps, as allure shows them: every one that starts finishes, nested, and passed.
    open_steps: list[int] = []
    for e in case:
        if isinstance(e, events.StepStarted):
            open_steps.append(e.id)
        elif isinstance(e, events.StepFinished):
            assert open_steps.pop() == e.id and e.outcome == "passed" and e.error is None
    assert not open_steps
    titles = [e.title for e in case if isinstance(e, events.StepStarted)]
    assert any(t.startswith("Expect step 1: StatusNotification.req") for t in titles)
    assert any(t.startswith("Step 1: received StatusNotification.req") for t in titles)

    # The operator's plug_in comes before the StatusNotification it causes, and is done.
    plug = first(events.OperatorActionRequested, action="plug_in")
    assert first(events.OperatorActionDone, action="plug_in") > plug
    assert seen[plug].text.startswith("[plug_in]") and seen[plug].params == {"connector": 1}
    preparing = next(i for i, e in enumerate(seen) if isinstance(e, events.Frame) and i > plug
                     and e.direction == SUT_TO_HARNESS and '"Preparing"' in e.text)
    answer = next(i for i, e in enumerate(seen) if isinstance(e, events.Frame) and i > preparing
                  and e.direction == HARNESS_TO_SUT)
    assert plug < preparing < answer
    assert first(events.AnswerScripted, action="StartTransaction") < plug

    # Then the evidence, the complete trace, the verdict, and the result for the report writers.
    order = [first(events.CaseEvidence), first(events.TraceClosed), first(events.VerdictDecided), finished]
    assert order == sorted(order) and answer < order[0]
    verdict = seen[order[2]]
    assert (verdict.case_id, verdict.verdict, verdict.rule) == (CASE, "passed", "")
    assert seen[order[1]].text == (reports / "traces" / f"{CASE}.txt").read_text()
    # Frames carry what the trace shows of them.
    frames = [e for e in case if isinstance(e, events.Frame)]
    assert frames and all(f.text in seen[order[1]].text for f in frames)
    assert events.current() is not recorder.bus   # the session's bus is left when it ends
