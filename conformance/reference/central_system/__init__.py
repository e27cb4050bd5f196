"""The reference OCPP 1.6J central system.

The suite's central-system test cases play a charge point against it: a run against the
reference must pass, and a run with a fault switch set must fail the cases that look at
the misbehaviour. It is written against the specification only and shares nothing with
the harness but `conformance.reference.peer`, so that a check cannot pass merely because
it agrees with a mistake the system under test also makes.
"""

from .cli import main
from .core import ReferenceCentralSystem
from .faults import FAULTS, MODES, SWITCHES, Fault, Mode
from .settings import BOOT_STATUSES, PROG, CentralSystemSettings, check_settings, parse_listen

__all__ = ["BOOT_STATUSES", "FAULTS", "MODES", "PROG", "SWITCHES", "CentralSystemSettings", "Fault", "Mode",
           "ReferenceCentralSystem", "check_settings", "main", "parse_listen"]
