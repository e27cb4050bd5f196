"""What the harness, as central system, knows of the charge point from what it saw and did.

Only evidence counts: a status is known once the charge point reported it on the current
connection, a transaction is open from the StartTransaction the harness answered (whatever
its idTagInfo said, and also when it arrives late after an offline period) until its
StopTransaction, a cable is in from the operator's plug_in until unplug.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


def clock(monotonic: float | None) -> str:
    """A monotonic moment as UTC wall-clock time, for messages people read."""
    if monotonic is None:
        return "never"
    wall = time.time() - (time.monotonic() - monotonic)
    return datetime.fromtimestamp(wall, UTC).strftime("%H:%M:%S UTC")


@dataclass
class ChargePointState:
    connectors: int
    statuses: dict[int, tuple[str, float]] = field(default_factory=dict)   # connector -> status, since
    booted_at: float | None = None
    boot_seen_at: float | None = None
    open_transactions: dict[int, int] = field(default_factory=dict)    # transactionId -> connectorId
    plugged: set[int] = field(default_factory=set)
    faulted_by_case: set[int] = field(default_factory=set)
    made_inoperative: set[int] = field(default_factory=set)   # connectors the harness made Inoperative
    id_tags_used: bool = False
    configuration_before: dict[str, str | None] = field(default_factory=dict)   # key -> value before the case
    configuration_now: dict[str, str] = field(default_factory=dict)
    local_list_found: int | None = None   # GetLocalListVersion before the run's first SendLocalList
    local_list_sent: bool = False          # a SendLocalList since the baseline last emptied the list
    local_list_failing: bool = False       # the operator made storing a local list fail
    reservations: dict[int, int] = field(default_factory=dict)   # reservationId -> connectorId the harness asked for
    # The charging profiles the harness installed and the charge point accepted: chargingProfileId ->
    # (connectorId, csChargingProfiles); a RemoteStartTransaction's TxProfile waits for its transaction.
    charging_profiles: dict[int, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    remote_start_profiles: dict[int, dict[str, Any]] = field(default_factory=dict)
    transaction_starts: dict[int, datetime] = field(default_factory=dict)   # transactionId -> its timestamp

    # -- evidence ---------------------------------------------------------------------------------

    def reconnected(self) -> None:
        """A new connection: what the charge point reported before may have changed meanwhile."""
        self.statuses.clear()

    def observe(self, action: str, payload: dict[str, Any], at: float) -> None:
        if action == "BootNotification":
            self.boot_seen_at = at
            self.statuses.clear()
        elif action == "StatusNotification" and isinstance(payload.get("connectorId"), int):
            self.statuses[payload["connectorId"]] = (str(payload.get("status")), at)
        elif action == "StopTransaction":
            connector = self.open_transactions.pop(payload.get("transactionId"), None)  # type: ignore[arg-type]
            self.forget_profiles(lambda c, p: c == connector and p.get("chargingProfilePurpose") == "TxProfile")
        elif action == "StartTransaction":
            self.reservations.pop(payload.get("reservationId"), None)  # type: ignore[arg-type]
        if action in ("Authorize", "StartTransaction", "StopTransaction") and payload.get("idTag"):
            self.id_tags_used = True

    def answered(self, action: str, payload: dict[str, Any], answer: Any, at: float) -> None:
        if not isinstance(answer, dict):
            return
        if action == "BootNotification" and answer.get("status") == "Accepted":
            self.booted_at = at
        if action == "StartTransaction" and isinstance(answer.get("transactionId"), int):
            self.open_transactions[answer["transactionId"]] = payload.get("connectorId", 0)
            with contextlib.suppress(TypeError, ValueError):
                self.transaction_starts[answer["transactionId"]] = datetime.fromisoformat(
                    str(payload.get("timestamp")).replace("Z", "+00:00"))
            profile = self.remote_start_profiles.pop(payload.get("connectorId", 0), None)
            if profile is not None:
                self.install_profile(payload["connectorId"], {**profile, "transactionId": answer["transactionId"]})

    def operator_action(self, action: str, params: dict[str, Any], default_connector: int) -> None:
        connector = params.get("connector", default_connector)
        if action in ("plug_in", "plug_in_halfway"):
            self.plugged.add(connector)
            if action == "plug_in_halfway":
                self.faulted_by_case.add(connector)
        elif action == "unplug":
            self.plugged.discard(connector)
        elif action == "present_id_tag":
            self.id_tags_used = True
        elif action in ("set_faulted", "set_lock_failure"):
            self.faulted_by_case.add(connector)
        elif action == "clear_fault":
            self.faulted_by_case.discard(connector)
        elif action in ("power_cycle", "power_off", "power_on"):
            self.statuses.clear()
        elif action == "set_local_list_failure":
            self.local_list_failing = params.get("failing", True) is not False

    def sending(self, action: str, payload: dict[str, Any]) -> None:
        """A request the harness is about to send, whatever comes of it: a ReserveNow left
        unanswered may still have reserved (cancelling it costs nothing)."""
        if action == "ReserveNow" and isinstance(payload.get("reservationId"), int):
            self.reservations[payload["reservationId"]] = payload.get("connectorId", 0)

    def sent(self, action: str, payload: dict[str, Any], result: dict[str, Any]) -> None:
        """A request the harness sent and the answer it got."""
        if action == "ReserveNow" and result.get("status") != "Accepted":
            self.reservations.pop(payload.get("reservationId"), None)  # type: ignore[arg-type]
        elif action == "CancelReservation":
            self.reservations.pop(payload.get("reservationId"), None)  # type: ignore[arg-type]
        if action == "GetConfiguration":
            for item in result.get("configurationKey") or []:
                if isinstance(item, dict) and isinstance(item.get("key"), str):
                    self.configuration_now[item["key"]] = item.get("value")   # type: ignore[assignment]
                    self.configuration_before.setdefault(item["key"], item.get("value"))
            for key in result.get("unknownKey") or []:
                self.configuration_before.setdefault(key, None)
        elif action == "ChangeConfiguration" and result.get("status") in ("Accepted", "RebootRequired"):
            self.configuration_now[payload["key"]] = payload["value"]
        elif action == "GetLocalListVersion" and self.local_list_found is None and not self.local_list_sent:
            if isinstance(result.get("listVersion"), int):
                self.local_list_found = result["listVersion"]
        elif action == "ChangeAvailability" and isinstance(payload.get("connectorId"), int):
            if payload.get("type") == "Inoperative":   # whatever the answer: setting it back costs nothing
                self.made_inoperative.add(payload["connectorId"])
            elif result.get("status") in ("Accepted", "Scheduled"):
                self.made_inoperative.discard(payload["connectorId"])
        else:
            self._sent_smart_charging(action, payload, result)

    def _sent_smart_charging(self, action: str, payload: dict[str, Any], result: dict[str, Any]) -> None:
        if action == "SetChargingProfile" and result.get("status") == "Accepted" \
                and isinstance(payload.get("connectorId"), int) and isinstance(payload.get("csChargingProfiles"), dict):
            self.install_profile(payload["connectorId"], payload["csChargingProfiles"])
        elif action == "ClearChargingProfile" and result.get("status") in ("Accepted", "Unknown"):
            if "id" in payload:
                self.forget_profiles(lambda c, p: p.get("chargingProfileId") == payload["id"])
            else:
                self.forget_profiles(lambda c, p: all(
                    payload.get(k) is None or value == payload[k] for k, value in
                    (("connectorId", c), ("chargingProfilePurpose", p.get("chargingProfilePurpose")),
                     ("stackLevel", p.get("stackLevel")))))
        elif action == "RemoteStartTransaction" and result.get("status") == "Accepted" \
                and isinstance(payload.get("chargingProfile"), dict) and isinstance(payload.get("connectorId"), int):
            self.remote_start_profiles[payload["connectorId"]] = payload["chargingProfile"]

    def install_profile(self, connector: int, profile: dict[str, Any]) -> None:
        """OCPP 1.6 §5.16: one of the same id, or of the same stackLevel and purpose on the connector, is replaced."""
        self.forget_profiles(lambda c, p: p.get("chargingProfileId") == profile.get("chargingProfileId") or (
            c == connector and p.get("stackLevel") == profile.get("stackLevel")
            and p.get("chargingProfilePurpose") == profile.get("chargingProfilePurpose")))
        self.charging_profiles[profile["chargingProfileId"]] = (connector, dict(profile))

    def forget_profiles(self, match: Any) -> None:
        for pid in [pid for pid, (c, p) in self.charging_profiles.items() if match(c, p)]:
            del self.charging_profiles[pid]

    # -- what it adds up to --------------------------------------------------------------------

    def booted_after(self, moment: float) -> bool:
        return self.booted_at is not None and self.booted_at >= moment

    def unknown_connectors(self) -> list[int]:
        return [c for c in range(1, self.connectors + 1) if c not in self.statuses]

    def statuses_known(self) -> bool:
        return not self.unknown_connectors()

    def status(self, connector: int) -> str | None:
        known = self.statuses.get(connector)
        return known[0] if known else None

    def cable_connectors(self, cable_statuses: frozenset[str]) -> set[int]:
        """Connectors with a cable the operator plugged in, or whose state says a session holds them."""
        held = {c for c, (status, _) in self.statuses.items() if c > 0 and status in cable_statuses}
        return self.plugged | held

    def unavailable(self) -> list[int]:
        """What is to be made Operative again: the connectors the harness made Inoperative and those
        reported Unavailable, connector 0 (the whole charge point) first."""
        reported = {c for c, (status, _) in self.statuses.items() if status == "Unavailable"}
        return sorted(self.made_inoperative | reported)

    def configuration_changed(self) -> dict[str, str]:
        """Keys the case changed, with the value to set back."""
        return {key: before for key, before in self.configuration_before.items()
                if before is not None and key in self.configuration_now and self.configuration_now[key] != before}

    def forget_configuration(self) -> None:
        self.configuration_before.clear()
        self.configuration_now.clear()

    def baseline_problems(self) -> list[str]:
        """How the charge point differs from the plan's starting state (test case document §1.3)."""
        problems = [f"transaction {t} on connector {c} is still open" for t, c in self.open_transactions.items()]
        for c in range(0, self.connectors + 1):
            known = self.statuses.get(c)
            if known is not None and known[0] != "Available":
                problems.append(f"{'the charge point (connector 0)' if c == 0 else f'connector {c}'} is {known[0]} "
                                f"(reported at {clock(known[1])})")
        if self.charging_profiles:
            problems.append(f"charging profile(s) {', '.join(map(str, sorted(self.charging_profiles)))} the case "
                            "installed are still installed")
        if self.plugged:
            problems.append(f"a cable is still plugged into connector(s) {', '.join(map(str, sorted(self.plugged)))}")
        return problems
