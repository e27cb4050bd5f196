"""The typed failures: each names its rule, its step and the frame, and renders them in one text."""

from __future__ import annotations

import pytest

from conformance.checks import failures, rules
from conformance.checks.verdicts import ConfigError, HarnessError, UnregisteredRule, Verdict


def test_a_failure_renders_its_class_rule_step_and_frame():
    failure = failures.PayloadMismatch("idTag is 'OTHER'", step=5, frame="x" * 3000)
    assert failure.rule == rules.PAYLOAD_MATCHES_EXPECTATION and isinstance(failure, AssertionError)
    text = str(failure)
    assert text.startswith("PayloadMismatch [payload_matches_expectation] step 5: idTag is 'OTHER'\n  frame: ")
    assert text.endswith("x" * 2000) and "x" * 2001 not in text
    assert str(failures.ConnectionLost("gone")) == "ConnectionLost [connection_kept] gone"


def test_a_failure_may_name_a_more_precise_rule_than_its_class():
    failure = failures.TransportViolation("TLS 1.1", step=2, rule=rules.TLS_VERSION)
    assert failure.rule == "tls_version" and failures.TransportViolation.rule == rules.TRANSPORT_SECURITY


@pytest.mark.parametrize("cls", [c for c in vars(failures).values()
                                 if isinstance(c, type) and issubclass(c, failures.ConformanceFailure)])
def test_every_failure_class_defaults_to_a_registered_rule(cls):
    assert cls.rule in rules.RULES
    assert cls("m").rule == cls.rule


def test_harness_errors_are_never_the_suts_failures():
    assert issubclass(ConfigError, HarnessError) and issubclass(UnregisteredRule, HarnessError)
    assert not issubclass(HarnessError, AssertionError)
    assert Verdict.PASSED_WITH_WARNINGS == "passed with warnings"
