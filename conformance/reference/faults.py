"""The fault and mode registries of both reference SUTs, rendered for the documentation.

`python -c "from conformance.reference import faults; print(faults.markdown())"` prints what the
README's section "Reference SUTs and their faults" holds; a test keeps the two equal.
"""

from __future__ import annotations

from .central_system.faults import SWITCHES as CENTRAL_SYSTEM
from .charge_point.faults import SWITCHES as CHARGE_POINT

REGISTRIES = (CHARGE_POINT, CENTRAL_SYSTEM)


def markdown() -> str:
    """A heading and the tables of each reference SUT."""
    return "\n\n".join(f"#### The reference {registry.sut}\n\n{registry.markdown()}" for registry in REGISTRIES)
