"""ocpp-conformance: an open conformance test suite for OCPP 1.6J.

What test case files use: the case decorator, expectations, matchers, reusable states. The
names are loaded on first use, so that importing the protocol core, the transport or a
reference SUT does not load pytest and allure.
"""

from importlib import import_module

_CASE_API = {
    "ACCEPTED": "conformance.steps.matchers",
    "Expect": "conformance.roles.expectations",
    "Reply": "conformance.roles.expectations",
    "Verdict": "conformance.verdicts",
    "any_of": "conformance.steps.matchers",
    "conformance_case": "conformance.pytest_plugin",
    "expect": "conformance.roles.expectations",
    "greater_than": "conformance.steps.matchers",
    "has_item": "conformance.steps.matchers",
    "positive_integer": "conformance.steps.matchers",
    "present": "conformance.steps.matchers",
    "reusable": "conformance.steps.reusable",
    "timing": "conformance.steps.timing",
    "utc_now": "conformance.ocpp.datetime",
}

__all__ = sorted(_CASE_API)


def __getattr__(name: str):
    if name not in _CASE_API:
        raise AttributeError(f"module 'conformance' has no attribute {name!r}")
    module = import_module(_CASE_API[name])
    value = module if name in ("reusable", "timing") else getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted([*globals(), *_CASE_API])
