"""The allure-pytest output of a case, from the harness's events: labels, steps, attachments.

Without allure-pytest's listener (no --alluredir) every allure call here is a no-op, as
allure's own are. Steps open and close as the harness publishes them, so they nest as the
harness's steps do; attachments land where the case is at that moment (its body, or a
fixture's teardown for a case that ended there).
"""

from __future__ import annotations

import contextlib
from typing import Any

import allure
import pytest
from allure_commons.model2 import Label

from .. import events
from ..checks.verdicts import Verdict
from . import allure_meta
from .allure_meta import severity


class AllureReporter:
    def __init__(self) -> None:
        self._open: dict[int, Any] = {}   # step or operator action id -> allure's step context
        self._unplanned: list[str] = []   # the case's messages seen, not in the plan

    def __call__(self, event: events.Event) -> None:
        match event:
            case events.StepStarted(id=key, title=title):
                self._enter(key, title)
            case events.StepFinished(id=key, error=error):
                self._exit(key, error)
            case events.OperatorActionRequested(id=key, text=text):
                self._enter(key, f"Operator: {text}")
            case events.OperatorActionDone(id=key, error=error):
                self._exit(key, error)
            case events.CaseStarted(entry=entry, sut=sut):
                self._unplanned = []
                allure.dynamic.label("testCaseId", entry.id)
                allure.dynamic.epic(f"SUT: {entry.sut_role.display_name}")
                allure.dynamic.feature(entry.profile)
                allure.dynamic.story(entry.title)
                allure.dynamic.severity(severity(entry.requirement))
                allure.dynamic.parameter("SUT", sut)
            case events.UnplannedMessage(note=note):
                # A step of its own where it was seen, and a note for the tester: it broke no rule.
                self._unplanned.append(note)
                with allure.step(f"Seen, not in the plan (for review): {note}"):
                    pass
            case events.CaseWarnings(warnings=warnings):
                allure.attach("\n".join(warnings), name="warnings (passed with warnings)",
                              attachment_type=allure.attachment_type.TEXT)
            case events.CaseEvidence():
                with contextlib.suppress(Exception):
                    if self._unplanned:
                        allure.attach("\n".join(self._unplanned), name="seen, not in the plan (for review)",
                                      attachment_type=allure.attachment_type.TEXT)
                    allure.attach(event.trace_text, name="message trace", attachment_type=allure.attachment_type.TEXT)
                    allure.attach(event.trace_json_lines, name="message trace (JSON lines)",
                                  attachment_type="application/x-ndjson", extension="jsonl")
                    if event.diagram_svg is not None:
                        allure.attach(event.diagram_svg, name="sequence diagram",
                                      attachment_type=allure.attachment_type.SVG)

    def _enter(self, key: int, title: str) -> None:
        context = allure.step(title)
        context.__enter__()
        self._open[key] = context

    def _exit(self, key: int, error: BaseException | None) -> None:
        context = self._open.pop(key, None)
        if context is not None:
            context.__exit__(type(error) if error else None, error, error.__traceback__ if error else None)

    # Registered as a pytest plugin too: allure's IDs are set once allure-pytest made its result.

    @pytest.hookimpl(tryfirst=True, hookwrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Any:
        yield
        case = getattr(item, "_conformance_case", None)
        if case is not None:
            _stamp_ids(item.config, item, case.entry.id, f"{case.entry.id} {case.entry.title}")
            if case.verdict is Verdict.FAILED:
                _stamp_rule(item.config, item, case.rule)


def _stamp_ids(config: pytest.Config, item: pytest.Item, case_id: str, title: str) -> None:
    """Make allure's testCaseId and historyId the plan ID, so history follows the case."""
    listener = config.pluginmanager.get_plugin("allure_listener")
    if listener is None:
        return
    with contextlib.suppress(Exception):
        result = listener.allure_logger.get_test(listener._cache.get(item.nodeid))
        if result is not None:
            result.testCaseId = case_id
            result.historyId = case_id
            result.name = title


def _stamp_rule(config: pytest.Config, item: pytest.Item, rule: str) -> None:
    """A failed test result names its rule as labels and, after its message, what the rule asks."""
    listener = config.pluginmanager.get_plugin("allure_listener")
    details = allure_meta.rule_details(rule)
    if listener is None or not details:
        return
    with contextlib.suppress(Exception):
        result = listener.allure_logger.get_test(listener._cache.get(item.nodeid))
        if result is not None:
            result.labels.extend(Label(name=name, value=value) for name, value in allure_meta.rule_labels(rule))
            if result.statusDetails is not None:
                result.statusDetails.message = f"{result.statusDetails.message or ''}\n\n{details}".lstrip()
