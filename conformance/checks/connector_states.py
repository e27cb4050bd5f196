"""The OCPP 1.6 connector state machine (§4.9, the table of StatusNotification state transitions).

A StatusNotification the plan's steps do not name is judged by this table: a charge point may
report intermediate and repeated statuses, but only along the transitions OCPP 1.6 lists.
Cells the table leaves empty (e.g. Charging to Preparing, Available to Finishing) are
forbidden; reporting the status it already reported is no transition and always allowed.
Connector 0, the charge point as a whole, knows only Available, Unavailable and Faulted (§7.7).
"""

from __future__ import annotations

STATUSES = ("Available", "Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing", "Reserved",
            "Unavailable", "Faulted")

_SESSION = frozenset({"Charging", "SuspendedEV", "SuspendedEVSE"})

# From a status (row of the table) to the statuses it may change to (its filled cells).
ALLOWED: dict[str, frozenset[str]] = {
    "Available": frozenset({"Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Reserved", "Unavailable",
                            "Faulted"}),
    "Preparing": frozenset({"Available", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing", "Faulted"}),
    "Charging": frozenset({"Available", "SuspendedEV", "SuspendedEVSE", "Finishing", "Unavailable", "Faulted"}),
    "SuspendedEV": frozenset({"Available", "Charging", "SuspendedEVSE", "Finishing", "Unavailable", "Faulted"}),
    "SuspendedEVSE": frozenset({"Available", "Charging", "SuspendedEV", "Finishing", "Unavailable", "Faulted"}),
    "Finishing": frozenset({"Available", "Preparing", "Unavailable", "Faulted"}),
    "Reserved": frozenset({"Available", "Preparing", "Unavailable", "Faulted"}),
    "Unavailable": frozenset({"Available", "Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Faulted"}),
    "Faulted": frozenset(STATUSES) - {"Faulted"},
}

CONNECTOR_ZERO = frozenset({"Available", "Unavailable", "Faulted"})


def transition_problem(connector: int, before: str | None, after: str) -> str | None:
    """Why the connector may not report `after` when it last reported `before` (None: unknown), or None."""
    if connector == 0:
        if after not in CONNECTOR_ZERO:
            return f"connector 0 (the charge point as a whole) reported {after}; it knows only " \
                   "Available, Unavailable and Faulted"
        return None
    if before is None or before == after or before not in ALLOWED:
        return None
    if after not in ALLOWED[before]:
        return f"connector {connector} went from {before} to {after}, a transition the state machine does not have"
    return None


def available_during_session(before: str | None, after: str, transaction_open: bool) -> bool:
    """A connector that was charging in an open transaction reports Available before the transaction ends."""
    return transaction_open and before in _SESSION and after == "Available"
