"""Verdicts and the failures that decide them.

A `ConformanceFailure` is the SUT breaking a rule (allure: failed). A `HarnessError` is the
harness or the environment failing (allure: broken): it never counts against the SUT.
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    PASSED = "passed"
    PASSED_WITH_WARNINGS = "passed with warnings"
    FAILED = "failed"
    NOT_APPLICABLE = "not applicable"
    BROKEN = "broken"


class ConformanceFailure(AssertionError):
    """The SUT violated a rule. `rule` names it in reports; `step` is the plan step."""

    rule = "conformance"

    def __init__(self, message: str, *, step: int | str | None = None, frame: str | None = None, rule: str | None = None):
        self.message = message
        self.step = step
        self.frame = frame
        if rule is not None:
            self.rule = rule
        super().__init__(self.render())

    def render(self) -> str:
        where = f"step {self.step}: " if self.step is not None else ""
        text = f"{type(self).__name__} [{self.rule}] {where}{self.message}"
        if self.frame:
            text += f"\n  frame: {self.frame[:2000]}"
        return text


class FrameViolation(ConformanceFailure):
    """A frame broke an always-on check: framing, ids, schema or timestamps."""


class UnexpectedMessage(ConformanceFailure):
    rule = "expected_message"


class PayloadMismatch(ConformanceFailure):
    rule = "payload_matches_expectation"


class NoMessageWithinDeadline(ConformanceFailure):
    rule = "message_within_deadline"


class TimingViolation(ConformanceFailure):
    rule = "timing"


class UnexpectedCallError(ConformanceFailure):
    rule = "no_callerror"


class ConnectionRefused(ConformanceFailure):
    """The SUT's connection attempt broke a rule: path, subprotocol or credentials."""

    rule = "websocket_handshake"


class ConnectionLost(ConformanceFailure):
    rule = "connection_kept"


class HarnessError(Exception):
    """The harness or the environment failed; the SUT is not to blame."""


class ConfigError(HarnessError):
    """A bad SUT description, option or environment: exit code 2, one line."""


class OperatorActionFailed(HarnessError):
    """An operator action could not be carried out (driver failure, no terminal, timeout)."""


class SutUnreachable(HarnessError):
    """The SUT could not be reached or never connected."""


class BaselineNotRestored(HarnessError):
    """What a previous case left behind could not be cleared: the case cannot start fairly."""


class SetupError(HarnessError):
    """The SUT turned the harness away for a reason the set-up decides: a wrong URL or credentials,
    a server failing on its side. Named as the set-up's mistake, never as the SUT's failure."""
