"""The state objects of the reference charge point, on their own: what each keeps across a reboot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conformance.reference.charge_point import SWITCHES, ChargePointSettings
from conformance.reference.charge_point.state import (
    Authorizations,
    ChargingProfiles,
    ConfigurationKeys,
    Connectors,
    HeldAuthorization,
    Reservation,
    ReservationBook,
    Transactions,
)
from conformance.reference.switches import FAULT, MODE


def test_connectors_keep_hardware_and_cables_across_a_reboot_and_remember_what_was_told():
    connectors = Connectors(2)
    connectors.reboot(lambda c, plugged: "Available")
    connectors[1].plugged = True
    connectors[1].lock_broken = True
    connectors.fault(2, "GroundFailure")
    connectors.set_operative(0, False)
    assert connectors.is_faulted(2) and connectors.error_code(2) == "GroundFailure"
    assert connectors.is_inoperative(1) and connectors.idle_status(1, reserved=False) == "Unavailable"
    assert connectors.idle_status(2, reserved=True) == "Faulted"
    connectors.set_operative(0, True)
    assert connectors.idle_status(1, reserved=True) == "Reserved"
    assert connectors.show(1, "Preparing") and not connectors.show(1, "Preparing")
    assert not connectors.up_to_date(1)
    connectors.told(1)
    assert connectors.up_to_date(1) and connectors.told_before() == [1]
    connectors.show(1, "Charging")
    connectors.told_if_known(1)
    connectors.told_if_known(2)
    assert connectors.told_before() == [1]
    connectors.reboot(lambda c, plugged: "Preparing" if plugged else "Available")
    assert connectors[1].plugged and not connectors[1].lock_broken
    assert connectors.statuses() == {0: "Available", 1: "Preparing", 2: "Available"}
    assert connectors.is_faulted(2) and connectors.repair(2) and not connectors.repair(2)
    assert connectors.scope(0) == [0, 1, 2] and connectors.scope(2) == [2]


def test_transactions_queue_messages_in_order_and_a_late_start_renames_the_local_id():
    tx = Transactions()
    start = {"connectorId": 1, "idTag": "T"}
    local = tx.start_offline(1, start)
    tx.begin(1, local, "T")
    tx.queue("StopTransaction", {"transactionId": local})
    assert local < 0 and tx.waiting() and tx.next_waiting() == ("StartTransaction", start)
    assert tx.started_late(start, 42) == (1, local)
    assert tx.started_late(start, 42) is None
    tx.delivered()
    assert tx.next_waiting() == ("StopTransaction", {"transactionId": 42})
    tx.begin(2, 7, "U")
    assert list(tx.running()) == [1, 2] and tx.connector_of(7) == 2
    tx.reboot(keep={2})
    assert list(tx.running()) == [2] and tx.end(2).id_tag == "U" and tx.on(2) is None


def test_configuration_keys_follow_the_modes():
    settings = ChargePointSettings(url="ws://127.0.0.1:1", connectors=3)
    keys = ConfigurationKeys(settings, SWITCHES.select(FAULT, ()), SWITCHES.select(MODE, {"no_minimum_status_duration"}))
    assert "MinimumStatusDuration" not in keys and keys.value("NumberOfConnectors") == "3"
    assert keys.enabled("AuthorizeRemoteTxRequests") and keys.number("ConnectionTimeOut") == 30
    keys.set("ConnectionTimeOut", "5")
    assert keys.values()["ConnectionTimeOut"] == "5" and keys.get("NoSuchKey") is None


def test_authorizations_hold_one_id_tag_and_keep_the_cache():
    auth = Authorizations()
    first, second = HeldAuthorization("A", None, 1), HeldAuthorization("B", 2, 2)
    auth.hold(first)
    auth.hold(second)
    assert auth.holds(second) and not auth.holds(first) and auth.preparing_on() == 2
    assert auth.release() is second and auth.held is None and auth.preparing_on() is None
    auth.cache.remember("A", {"status": "Accepted"})
    assert auth.cache.accepted("A") == {"status": "Accepted"}
    assert auth.local_list.version == 0 and auth.local_list.lookup("A") is None


def test_reservation_book_and_charging_profiles():
    book = ReservationBook()
    reservation = Reservation(5, 1, "A", "P", datetime.now(UTC) + timedelta(hours=1))
    book.add(reservation)
    assert book.on(1) is reservation and book.get(5) is reservation and book.by_connector() == {1: 5}
    assert reservation.admits("B", "P") and not reservation.admits("B", None) and reservation.may_admit("B")
    assert book.remove(reservation) and not book.remove(reservation) and book.on(1) is None
    profiles = ChargingProfiles()
    profile = {"chargingProfileId": 3, "stackLevel": 0, "chargingSchedule": {"chargingSchedulePeriod": []}}
    profiles.install(1, profile)
    assert profiles.for_connector(1) == [profile] and profiles.for_connector(2) == []
    profiles.clear()
    assert profiles.for_connector(1) == []
