"""The reference charge point's state, one object per concern, each with a small interface.

The mixins of the charge point change state only through these objects: they do the talking
(CALLs, timers, jobs) and leave the bookkeeping here.
"""

from .authorization import AuthorizationCache, Authorizations, HeldAuthorization, LocalList
from .charging_profiles import ChargingProfiles
from .configuration import ConfigurationKeys, Key
from .connectors import CHARGING_POWER_W, Connector, Connectors, Meter, PendingReport
from .reservations import Reservation, ReservationBook, parse_datetime
from .transactions import Transaction, Transactions

__all__ = ["CHARGING_POWER_W", "AuthorizationCache", "Authorizations", "ChargingProfiles", "ConfigurationKeys",
           "Connector", "Connectors", "HeldAuthorization", "Key", "LocalList", "Meter", "PendingReport", "Reservation",
           "ReservationBook", "Transaction", "Transactions", "parse_datetime"]
