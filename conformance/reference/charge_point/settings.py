"""What the reference charge point is given: its settings (its faults and modes are in faults.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("conformance.reference.charge_point")


# ChargePointErrorCode of OCPP 1.6 §7.7, NoError aside: what a fault can be reported as.
ERROR_CODES = (
    "ConnectorLockFailure", "EVCommunicationError", "GroundFailure", "HighTemperature", "InternalError",
    "LocalListConflict", "OtherError", "OverCurrentFailure", "OverVoltage", "PowerMeterFailure",
    "PowerSwitchFailure", "ReaderFailure", "ResetFailure", "UnderVoltage", "WeakSignal",
)


@dataclass
class ChargePointSettings:
    url: str
    charge_point_id: str = "CP_1"
    connectors: int = 2
    vendor: str = "OCPPConformance"
    model: str = "ReferenceCP"
    serial: str = "REF-0001"
    firmware: str = "1.0.0"
    password: str | None = None
    # TLS (security profiles 2 and 3, a wss:// url): the central system's root, and with
    # profile 3 this charge point's certificate and key (PEM files).
    ca_certificate: str | None = None
    certificate: str | None = None
    private_key: str | None = None
    # The security profile it starts with; None: 3 with a certificate on wss://, 2 on wss://,
    # 1 with a password, else 0. A certificate with profile 2 allows the upgrade to 3.
    security_profile: int | None = None
    faults: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    heartbeat_interval: int = 0  # HeartbeatInterval as an earlier Accepted boot left it
    call_timeout: float = 10.0
    reconnect_delay: float = 1.0
    default_boot_retry: float = 5.0
    fixed_cable: bool = False  # a cable fixed to the charge point: nothing to unlock
    backup_power: bool = False  # enough power to stop transactions when the mains power fails

# Mode.WHOLE_SECOND_TIMER: how early its whole-second timers end (the worst case is just under 1 s).
WHOLE_SECOND_EARLY = 0.9
# Mode.TIMER_FROM_ID_TAG: how long it takes from a presented idTag (or a remote start) to acting on it.
ID_TAG_HANDLING = 0.9
