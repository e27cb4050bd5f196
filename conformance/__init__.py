"""ocpp-conformance: an open conformance test suite for OCPP 1.6J.

What test case files use: the case decorator, expectations, matchers. The plan's reusable
states are in conformance.steps, by SUT role. The names are loaded on first use, so that
importing the protocol core, the transport or a reference SUT does not load pytest and allure.
"""

from importlib import import_module

_CASE_API = {
    "ACCEPTED": "conformance.checks.matchers",
    "Expect": "conformance.checks.expectations",
    "Reply": "conformance.checks.expectations",
    "Verdict": "conformance.checks.verdicts",
    "any_of": "conformance.checks.matchers",
    "beyond_case": "conformance.pytest_plugin",
    "contains": "conformance.checks.matchers",
    "conformance_case": "conformance.pytest_plugin",
    "expect": "conformance.checks.expectations",
    "greater_than": "conformance.checks.matchers",
    "has_item": "conformance.checks.matchers",
    "positive_integer": "conformance.checks.matchers",
    "pause": "conformance.steps.timing",
    "present": "conformance.checks.matchers",
    "timing": "conformance.checks.timing",
    "utc_now": "conformance.ocpp.datetime",
}

__all__ = sorted(_CASE_API)


def __getattr__(name: str):
    if name not in _CASE_API:
        raise AttributeError(f"module 'conformance' has no attribute {name!r}")
    module = import_module(_CASE_API[name])
    value = module if name == "timing" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted([*globals(), *_CASE_API])
