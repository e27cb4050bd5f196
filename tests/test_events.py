"""The event bus, and the rule that the harness says what happened without knowing who shows it."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest

from conformance import events
from conformance.checks.failures import NoMessageWithinDeadline

PACKAGE = Path(__file__).resolve().parent.parent / "conformance"


def test_subscribers_get_every_event_in_the_order_they_subscribed():
    bus, seen = events.Bus(), []
    first = bus.subscribe(lambda e: seen.append(("first", e)))
    bus.subscribe(lambda e: seen.append(("second", e)))
    started = events.RunStarted(suts=("a",))
    bus.publish(started)
    bus.unsubscribe(first)
    bus.unsubscribe(first)   # twice is harmless
    finished = events.RunFinished(exit_status=0)
    bus.publish(finished)
    assert seen == [("first", started), ("second", started), ("second", finished)]


def test_a_failing_subscriber_breaks_neither_the_publisher_nor_the_others(caplog):
    bus, seen = events.Bus(), []

    def broken(event: events.Event) -> None:
        raise RuntimeError("reporter bug")

    bus.subscribe(broken)
    bus.subscribe(seen.append)
    event = events.RunFinished(exit_status=1)
    with caplog.at_level(logging.ERROR, logger="conformance.events"):
        bus.publish(event)
        bus.publish(event)
    assert seen == [event, event]
    assert bus.failed == 2 and bus.failures[0][0] is broken and isinstance(bus.failures[0][2], RuntimeError)
    assert "reporter bug" in caplog.text and "RunFinished" in caplog.text


def test_events_are_immutable():
    event = events.Frame(direction="SUT -> harness", text="[]", checks=(), plan_step=None, at="00:00:00.000")
    with pytest.raises(AttributeError):
        event.text = "changed"  # type: ignore[misc]


def test_a_step_is_published_as_it_begins_and_ends_with_what_ended_it():
    bus, seen = events.Bus(), []
    bus.subscribe(seen.append)
    events.activate(bus)
    try:
        with events.step("Step 3: check it", 3):
            pass
        with pytest.raises(NoMessageWithinDeadline), events.step("Expect step 4: X.req", 4):
            raise NoMessageWithinDeadline("no X.req within 1 s", step=4)
        with pytest.raises(KeyError), events.step("a harness mistake"):
            raise KeyError("x")
    finally:
        events.deactivate(bus)
    assert events.current() is not bus
    kinds = [(type(e).__name__, e.title, e.plan_step) for e in seen]
    assert kinds == [("StepStarted", "Step 3: check it", "3"), ("StepFinished", "Step 3: check it", "3"),
                     ("StepStarted", "Expect step 4: X.req", "4"), ("StepFinished", "Expect step 4: X.req", "4"),
                     ("StepStarted", "a harness mistake", None), ("StepFinished", "a harness mistake", None)]
    outcomes = [(e.outcome, type(e.error).__name__) for e in seen if isinstance(e, events.StepFinished)]
    assert outcomes == [("passed", "NoneType"), ("failed", "NoMessageWithinDeadline"), ("broken", "KeyError")]
    assert [e.id for e in seen[:2]] == [seen[0].id] * 2 and seen[2].id != seen[0].id
    # The error's traceback is the step body's: no frame of the context manager in it.
    tb, files = seen[3].traceback, []
    while tb is not None:
        files.append(Path(tb.tb_frame.f_code.co_filename).name)
        tb = tb.tb_next
    assert files == ["test_events.py"]


def test_a_session_inside_another_gives_the_outer_bus_back():
    outer, inner = events.Bus(), events.Bus()
    base = events.current()
    events.activate(outer)
    events.activate(inner)
    events.deactivate(outer)   # out of order: the inner one stays current
    assert events.current() is inner
    events.deactivate(inner)
    assert events.current() is base
    events.deactivate(events.Bus())   # one never activated: nothing changes
    assert events.current() is base


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("where", ["roles", "steps", "sut", "fixtures.py", "events.py"])
def test_the_harness_never_imports_allure(where: str):
    """Roles, steps, the SUT driver and the fixtures publish events; only reporters know allure."""
    root = PACKAGE / where
    modules = sorted(root.rglob("*.py")) if root.is_dir() else [root]
    assert modules
    offending = {str(m.relative_to(PACKAGE)): sorted(n for n in _imports(m) if n.split(".")[0] in
                                                     ("allure", "allure_commons", "allure_pytest"))
                 for m in modules}
    assert {m: names for m, names in offending.items() if names} == {}
