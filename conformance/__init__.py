"""ocpp-conformance: an open conformance test suite for OCPP 1.6J.

What test case files use: the case decorator, expectations, matchers, reusable states.
"""

from .ocpp.datetime import utc_now
from .pytest_plugin import conformance_case
from .roles.expectations import Expect, Reply, expect
from .steps import reusable, timing
from .steps.matchers import ACCEPTED, any_of, greater_than, has_item, positive_integer, present
from .verdicts import Verdict

__all__ = ["ACCEPTED", "Expect", "Reply", "Verdict", "any_of", "conformance_case", "expect", "greater_than",
           "has_item", "positive_integer", "present", "reusable", "timing", "utc_now"]
