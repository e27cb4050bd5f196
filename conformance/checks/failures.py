"""The typed failures: the SUT broke a registered rule (allure: failed).

Each class names its default rule; a failure may name a more precise one. The rule is looked
up when the failure is made, so a misspelt rule breaks the case that raised it, at once.
"""

from __future__ import annotations

from . import rules


class ConformanceFailure(AssertionError):
    """The SUT violated a rule. `rule` names it in reports; `step` is the plan step."""

    rule = rules.CONFORMANCE

    def __init__(self, message: str, *, step: int | str | None = None, frame: str | None = None, rule: str | None = None):
        self.message = message
        self.step = step
        self.frame = frame
        if rule is not None:
            self.rule = rule
        rules.rule_named(self.rule)
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
    rule = rules.EXPECTED_MESSAGE


class PayloadMismatch(ConformanceFailure):
    rule = rules.PAYLOAD_MATCHES_EXPECTATION


class NoMessageWithinDeadline(ConformanceFailure):
    rule = rules.MESSAGE_WITHIN_DEADLINE


class TimingViolation(ConformanceFailure):
    rule = rules.TIMING


class UnexpectedCallError(ConformanceFailure):
    rule = rules.NO_CALLERROR


class ConnectionRefused(ConformanceFailure):
    """The SUT's connection attempt broke a rule: path, subprotocol or credentials."""

    rule = rules.WEBSOCKET_HANDSHAKE


class ConnectionLost(ConformanceFailure):
    rule = rules.CONNECTION_KEPT


class TransportViolation(ConformanceFailure):
    """A rule of the security profiles: credentials, TLS, certificates, key and profile changes."""

    rule = rules.TRANSPORT_SECURITY


class RobustnessFailure(ConformanceFailure):
    """A robustness property broke on an example; the message carries the example and the answer."""

    rule = rules.ROBUSTNESS
