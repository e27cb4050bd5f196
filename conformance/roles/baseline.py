"""The plan's baseline between cases (test case document §1.3), for the harness as central system.

After every case the charge point is put back: no reservation the case made, no transaction,
no cable, no fault the case caused, every connector Operative, the configuration the case
changed set back, an empty authorization cache, an empty local list where the case sent one;
where the ordinary steps leave a session behind, stronger means follow.
What a run changed and has not set back yet is written down (conformance.roles.leftovers), so
that the next run sets it back before its first case when this one is interrupted.
"""

from __future__ import annotations

import contextlib
from typing import Any

from ..checks.verdicts import BaselineNotRestored
from ..ocpp.rpc import CallResult
from .leftovers import Leftovers

CABLE_STATUSES = frozenset({"Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing"})


class Baseline:
    """Mixed into CentralSystemHarness: uses its state of the charge point (`cp`), its calls and waits."""

    async def _set_back(self, key: str, value: str) -> bool:
        self.trace.event(f"baseline: set {key} back to {value!r}")
        with contextlib.suppress(Exception):
            answer = await self.call("ChangeConfiguration", {"key": key, "value": value})
            if isinstance(answer, CallResult) and answer.payload.get("status") in ("Accepted", "RebootRequired"):
                self.unrestored_keys.pop(key, None)
                return True
        self.unrestored_keys[key] = value
        self.trace.event(f"baseline: {key} could not be set back to {value!r}")
        return False

    # -- what a run leaves behind, across runs -------------------------------------------------------

    def _note_leftovers(self, action: str = "ChangeConfiguration") -> None:
        """Write down what is changed now and not set back yet, so that a run interrupted from
        here on is set right by the next one."""
        if self.leftovers_file is None or action not in ("ChangeConfiguration", "ChangeAvailability"):
            return
        keys = {**self.unrestored_keys, **self.cp.configuration_changed()}
        self.leftovers_file.save(Leftovers(keys=keys, inoperative=sorted(self.cp.made_inoperative),
                                           since=self._leftovers_since()))

    def _leftovers_since(self) -> str:
        return self.leftovers_file.load().since if self.leftovers_file is not None else ""

    async def _restore_leftovers(self) -> None:
        """Before the run's first case: set back what an interrupted run left changed (its file),
        or say that the charge point is not in the plan's starting state, and why."""
        self.leftovers_checked = True
        if self.leftovers_file is None:
            return
        found = self.leftovers_file.load()
        if not found:
            return
        self.trace.event(f"precondition: an earlier run that did not finish (since {found.since or 'unknown'}) left "
                         f"{found.describe()} ({self.leftovers_file.path}); setting it back")
        failed: list[str] = []
        for key, value in found.keys.items():
            if not await self._set_back(key, value):
                failed.append(f"{key} could not be set back to {value!r}")
        self.cp.made_inoperative.update(found.inoperative)
        await self._make_operative(sorted(found.inoperative))
        failed += [f"connector {c} could not be made Operative" if c else "the charge point could not be made Operative"
                   for c in sorted(self.cp.made_inoperative & set(found.inoperative))]
        self._note_leftovers()
        if failed:
            raise BaselineNotRestored(
                f"an earlier run that did not finish left {found.describe()}, and the harness could not set it back: "
                + "; ".join(failed) + f" (remembered in {self.leftovers_file.path}; {self.seen()})")

    async def _make_operative(self, connectors: list[int]) -> None:
        """ChangeAvailability(Operative) for each of `connectors`, connector 0 first: a charge point
        may keep a connector's own Inoperative when the whole charge point is made Operative."""
        cp = self.cp
        for connector in connectors:
            if connector and connector not in cp.made_inoperative and cp.status(connector) != "Unavailable":
                continue   # made Operative with connector 0 already
            self.trace.event(f"baseline: make {'the charge point' if connector == 0 else f'connector {connector}'} "
                             "Operative again")
            with contextlib.suppress(Exception):
                answer = await self.call("ChangeAvailability", {"connectorId": connector, "type": "Operative"})
                if isinstance(answer, CallResult) and answer.payload.get("status") in ("Accepted", "Scheduled"):
                    cp.made_inoperative.discard(connector)
            # Connector 0 reports too: its StatusNotification must not spill into the next case. The
            # connectors made Inoperative on their own are waited for when their turn comes.
            scope = [c for c in range(0, cp.connectors + 1) if c not in cp.made_inoperative] if connector == 0 \
                else [connector]
            await self.wait_for(lambda s=scope: all(cp.status(c) != "Unavailable" for c in s))

    async def restore_baseline(self, handle: Any) -> None:
        """Put the charge point back in the plan's starting state (test case document §1.3).

        No transaction, no cable, no fault the case caused, Operative, the configuration the
        case changed set back, an empty authorization cache. Best effort and bounded: what
        cannot be restored is left for the next case's precondition check to report.
        """
        if self.offline_since is not None:
            self.offline_since = None
            self.trace.event("baseline: the central system is back online")
            with contextlib.suppress(Exception):
                await self.wait_connected()
        if self.connection is None or self.connection.closed.is_set():
            return
        cp, data = self.cp, self.data
        changed = cp.configuration_changed()
        # MinimumStatusDuration goes back first, before the statuses the baseline waits for change
        # (Finishing, Available after the unplug): with a case's value (TC_023_x: 10 s) a charge point
        # holds each back that long (OCPP 1.6 §4.9), longer than the baseline waits, and OCPP 1.6 does
        # not say whether a report already waiting goes out when the key is set back.
        changed = {**self.unrestored_keys, **changed}   # and what an earlier baseline could not set back
        if "MinimumStatusDuration" in changed:
            await self._set_back("MinimumStatusDuration", changed.pop("MinimumStatusDuration"))
        await self._cancel_reservations()
        for transaction_id, connector in list(cp.open_transactions.items()):
            self.trace.event(f"baseline: stop transaction {transaction_id} (connector {connector})")
            with contextlib.suppress(Exception):
                await self.call("RemoteStopTransaction", {"transactionId": transaction_id})
            await self.wait_for(lambda t=transaction_id: t not in cp.open_transactions)
        for connector in sorted(cp.cable_connectors(CABLE_STATUSES)):
            self.trace.event(f"baseline: unplug connector {connector}")
            with contextlib.suppress(Exception):
                await handle.manual("unplug", connector=connector)
        for connector in sorted(cp.faulted_by_case):
            with contextlib.suppress(Exception):
                await handle.manual("clear_fault", connector=connector)
        await self._make_operative(cp.unavailable())
        for key, value in changed.items():
            await self._set_back(key, value)
        await self._clear_charging_profiles()
        cp.forget_configuration()
        await self._restore_local_list(handle)
        self._note_leftovers()
        await self._delete_installed_roots()
        if cp.id_tags_used:
            self.trace.event("baseline: clear the authorization cache")
            with contextlib.suppress(Exception):
                await self.call("ClearCache", {})
            cp.id_tags_used = False
        await self.wait_for(lambda: not cp.baseline_problems(), data.message_timeout_s)
        if cp.baseline_problems() and self._held_connectors():
            await self._stronger_means(handle)
        for problem in cp.baseline_problems():
            self.trace.event(f"baseline not restored: {problem}")

    async def _delete_installed_roots(self) -> None:
        """The roots of the tool's store a case installed are deleted again (TC_075), in the
        hashAlgorithm the charge point lists them with."""
        from ..steps.charge_point import certificates

        for pem, certificate_type in list(self.installed_roots.items()):
            self.trace.event(f"baseline: delete the {certificate_type} the case installed")
            with contextlib.suppress(Exception):
                listed = await self.call("GetInstalledCertificateIds", {"certificateType": certificate_type})
                entry = certificates.find(listed.payload, pem) if isinstance(listed, CallResult) else None
                if entry is not None:
                    await self.call("DeleteCertificate", {"certificateHashData": certificates.delete_request(
                        pem, entry["hashAlgorithm"])})
                if isinstance(listed, CallResult):
                    del self.installed_roots[pem]

    async def _restore_local_list(self, handle: Any) -> None:
        """A local list the case sent is emptied (a Full update without entries), with the version
        the run found when that is known and above 0, else version 1: an empty list reports 0
        either way (OCPP 1.6 §5.10). The idTags a list held before the run are not known to the
        harness and not put back. Storing made to fail by the operator is made to work first."""
        cp = self.cp
        if cp.local_list_failing:
            self.trace.event("baseline: make storing a local list work again")
            with contextlib.suppress(Exception):
                await handle.manual("set_local_list_failure", failing=False)
        if not cp.local_list_sent or "LocalAuthListManagement" not in self.profile.profiles:
            return
        version = cp.local_list_found if cp.local_list_found and cp.local_list_found > 0 else 1
        self.trace.event(f"baseline: empty the local list (SendLocalList Full, no entries, version {version})")
        with contextlib.suppress(Exception):
            answer = await self.call("SendLocalList", {"listVersion": version, "updateType": "Full"})
            if isinstance(answer, CallResult) and answer.payload.get("status") == "Accepted":
                cp.local_list_sent = False
                return
        self.trace.event("baseline: the local list could not be emptied")

    async def _cancel_reservations(self) -> None:
        """CancelReservation for every reservation the case asked for and saw neither used nor
        cancelled (OCPP 1.6 §5.2): Rejected means it has expired or was never made; a connector
        left Reserved is then a baseline problem like any other status."""
        for reservation_id, connector in sorted(self.cp.reservations.items()):
            self.trace.event(f"baseline: cancel reservation {reservation_id} (connector {connector})")
            with contextlib.suppress(Exception):
                answer = await self.call("CancelReservation", {"reservationId": reservation_id})
                if isinstance(answer, CallResult):
                    self.cp.reservations.pop(reservation_id, None)
    async def _clear_charging_profiles(self) -> None:
        """Every charging profile the case installed goes (ClearChargingProfile by its id); one the
        charge point no longer knows (Unknown) is gone too."""
        cp = self.cp
        for profile_id in sorted(cp.charging_profiles):
            self.trace.event(f"baseline: clear charging profile {profile_id}")
            with contextlib.suppress(Exception):
                answer = await self.call("ClearChargingProfile", {"id": profile_id})
                if isinstance(answer, CallResult) and answer.payload.get("status") in ("Accepted", "Unknown"):
                    cp.charging_profiles.pop(profile_id, None)
        cp.remote_start_profiles.clear()

    def _held_connectors(self) -> list[int]:
        """Connectors a session still holds (Preparing, Charging, ... or a transaction)."""
        return sorted(self.cp.cable_connectors(CABLE_STATUSES) | set(self.cp.open_transactions.values()))

    async def _stronger_means(self, handle: Any) -> None:
        """The ordinary steps left a session behind (a connector Preparing for an idTag no cable
        followed, say): unplug once more, then a Reset, then the operator's power cycle, each
        bounded, until the charge point is back in the plan's starting state."""
        cp, data = self.cp, self.data

        def restored() -> bool:
            return cp.statuses_known() and not cp.baseline_problems()

        held = self._held_connectors()
        self.trace.event(f"baseline: connector(s) {', '.join(map(str, held))} still held after the ordinary steps "
                         f"({'; '.join(cp.baseline_problems())}): stronger means")
        for connector in held:
            self.trace.event(f"baseline: unplug connector {connector} once more")
            with contextlib.suppress(Exception):
                await handle.manual("unplug", connector=connector)
        if await self.wait_for(restored, data.message_timeout_s):
            return
        self.trace.event("baseline: Reset (Soft)")
        with contextlib.suppress(Exception):
            await self.call("Reset", {"type": "Soft"})
            await self.wait_for(restored, data.reboot_timeout_s)
            await self.wait_connected()
        if restored():
            return
        self.trace.event("baseline: power cycle")
        with contextlib.suppress(Exception):
            await handle.manual("power_cycle")
            await self.wait_for(lambda: cp.booted_after(self.action_started) and restored(), data.reboot_timeout_s)
