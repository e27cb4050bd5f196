"""Verdicts, and the errors that make one broken rather than failed.

A `ConformanceFailure` (conformance.checks.failures) is the SUT breaking a rule (allure:
failed). A `HarnessError` is the harness or the environment failing (allure: broken): it never
counts against the SUT.
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    PASSED = "passed"
    PASSED_WITH_WARNINGS = "passed with warnings"
    FAILED = "failed"
    NOT_APPLICABLE = "not applicable"
    BROKEN = "broken"


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


class NotCheckable(HarnessError):
    """A check the plan asks for cannot be made here (the local TLS library lacks a version, say):
    the case is broken, saying why, never passed without it."""


class TestDataMissing(HarnessError):
    """The SUT lacks test data the SUT file names (an idTag it does not know at all): the plan's
    prerequisite does not hold, so the case says which keys of the SUT file to check."""

    __test__ = False   # not a pytest class


class UnregisteredRule(HarnessError):
    """Code judged a SUT by a rule the registry does not hold: the suite's own mistake."""
