"""The reference charge point: an OCPP 1.6J charge point simulator that follows the spec.

The suite's charge point test cases run against it to show they pass on a correct
implementation, and against it with fault switches turned on to show that each of them
notices the fault it exists to catch. It shares no code with the harness's checks (only
`conformance.reference.peer` for framing), so a misreading of the specification in a
check cannot be cancelled out by the same misreading here.

Concurrency model: everything the charge point does on its own initiative (reacting to a
cable, a card, a timer or the follow-up of a central system request) is a job run one at
a time by a single worker, so the messages of a session go out in the order the
specification prescribes. Handlers for central system requests only read state, decide
the answer, and queue follow-up jobs that start after the answer has been sent.
"""

from .cli import main
from .core import ReferenceChargePoint
from .faults import FAULTS, MODES, SWITCHES, Fault, Mode
from .settings import ERROR_CODES, ChargePointSettings

__all__ = ["ERROR_CODES", "FAULTS", "MODES", "SWITCHES", "ChargePointSettings", "Fault", "Mode", "ReferenceChargePoint",
           "main"]
