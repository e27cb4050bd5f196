"""The harness as central system, for test cases whose SUT is a charge point (`_CS`).

One WebSocket server lives for the whole run, as a real central system would: the charge
point may have been running before the run, stays connected between cases and comes back
after a reboot. A charge point that reconnects without booting is usable as it is (OCPP 1.6
§4.2: BootNotification is sent at boot, not at reconnect). What the harness knows of it
(connector states, open transactions, a cable the operator plugged in) comes from what it
saw and did; where a case needs a known state and none was seen, it asks for one.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import ssl
import time
from typing import Any

from .. import events
from ..checks import connector_states, rules
from ..checks.expectations import Unplanned, frame_of
from ..checks.failures import ConnectionRefused, UnexpectedCallError, UnexpectedMessage
from ..checks.matchers import describe
from ..checks.run_rules import RunRules
from ..checks.verdicts import BaselineNotRestored, ConfigError, HarnessError, SutUnreachable
from ..ocpp.actions import Role
from ..ocpp.datetime import utc_now
from ..ocpp.rpc import Call, CallError, CallResult
from ..ocpp.validation import Problem
from ..sut.profile import SutProfile
from ..transport.tls import TlsSession, server_context
from ..transport.websocket import BasicAuthFacts, listen
from .answers import Incoming
from .baseline import Baseline
from .endpoint import Endpoint
from .leftovers import LeftoversFile
from .state import ChargePointState, clock


class Handshake:
    """One opening handshake of the charge point, as the transport cases judge it (never a secret)."""

    def __init__(self, path: str, tls: TlsSession | None, auth: BasicAuthFacts):
        self.at = time.monotonic()
        self.path, self.tls, self.auth = path, tls, auth
        self.refused: str | None = None

    def describe(self) -> str:
        auth = ("no Authorization header" if not self.auth.present else
                f"basic auth user {self.auth.user!r}, key of {self.auth.key_length} characters"
                + {True: ", the expected key", False: ", not the expected key", None: ""}[self.auth.key_matches]
                + ("" if self.auth.well_formed else ", header not well-formed"))
        return f"handshake to {self.path}: " + (self.tls.describe() + "; " if self.tls else "no TLS; ") + auth


# A wait for the charge point's connection is reported when it begins, after 2 s and then every 10 s.
AWAIT_FIRST_REPORT_S, AWAIT_REPORT_EVERY_S = 2.0, 10.0


class CentralSystemHarness(Baseline, Endpoint):
    # A charge point reports more than the plan's steps name (OCPP 1.6 §4.9: intermediate and repeated
    # statuses, other connectors, its statuses again after a reconnect); the test case document §1.3 has
    # the tester review such StatusNotifications, not fail them. Its notifications of other concerns
    # change nothing a case judges.
    tolerated = frozenset({"StatusNotification", "DataTransfer", "DiagnosticsStatusNotification",
                           "FirmwareStatusNotification", "SecurityEventNotification", "LogStatusNotification",
                           "SignedFirmwareStatusNotification"})
    # A transaction the steps do not have: it changes what every later step judges.
    strict = {"Authorize": rules.TRANSACTION_AS_PLANNED, "StartTransaction": rules.TRANSACTION_AS_PLANNED,
              "StopTransaction": rules.TRANSACTION_AS_PLANNED}

    def __init__(self, profile: SutProfile, run_rules: RunRules | None = None):
        super().__init__(profile, sut_role=Role.CHARGE_POINT, defaults=self.default_answer, fail_on_close=False,
                         run_rules=run_rules)
        self.server: Any = None
        self.cp = ChargePointState(profile.connectors)
        self.refusals: list[tuple[str, bool]] = []   # reason, and whether it is the SUT's fault
        self.handshakes: list[Handshake] = []
        self.tls_context: Any = None
        self.security_profile = profile.security_profile   # what the server asks of new connections now
        self.accepted_password = profile.password if profile.security_profile in (1, 2) else None
        self.offline_since: float | None = None      # the harness plays a central system that is down
        self.status_delay_checked = False            # MinimumStatusDuration looked at (once a run)
        self.given_up: tuple[int, str, int] | None = None   # connections then, why, cases broken since
        self.leftovers_file: LeftoversFile | None = None   # what a run changed and has not set back, across runs
        self.leftovers_checked = False                     # an interrupted run's leftovers looked at (once a run)
        self.unrestored_keys: dict[str, str] = {}          # keys the baseline could not set back, and their value
        self.installed_roots: dict[str, str] = {}          # PEM -> certificateType the case installed (baseline deletes)
        self._transaction_ids = itertools.count(int(time.time()) % 100000 * 10 + 1)
        self.observers.append(self._observe)

    # -- server ----------------------------------------------------------------------------------

    async def start(self) -> None:
        host, port = self.profile.listen_host_port
        tls = self.profile.tls
        context = server_context(tls, client_certificates=self.profile.security_profile == 3) if tls else None
        self.tls_context = context   # a robustness check swaps the certificate it presents
        try:
            self.server = await listen(
                host, port, self._on_connect, path=self.profile.listen_path,
                charge_point_id=self.profile.charge_point_id, password=lambda: self.accepted_password,
                on_refused=self._refused, ssl=context, inspect=self._inspect, unavailable=self._unavailable)
        except OSError as exc:
            raise ConfigError(
                f"{self.profile.path}: cannot listen on {host}:{port} ({exc.strerror or exc}): "
                "free the port or change [sut] listen") from None

    async def stop(self) -> None:
        await self.close()
        if self.server is not None:
            self.server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.server.wait_closed(), 5)

    # -- the central system out of reach (offline test cases) -------------------------------------------

    def _unavailable(self) -> str | None:
        if self.offline_since is None:
            return None
        self.trace.event("handshake refused with 503: the central system is offline for the case")
        return "the central system is offline (the test case removed the connectivity)"

    async def go_offline(self, step: int | str) -> None:
        """The plan's [Remove the connectivity between the Charge Point and the Central System].

        The harness closes the connection (1001, going away) and answers every new handshake
        with 503 until `go_online`: to the charge point its central system is out of reach.
        """
        with events.step(f"Step {step}: the central system goes offline", step):
            self.trace.step = str(step)
            self.offline_since = time.monotonic()
            self.trace.event("the central system goes offline: connection closed, handshakes refused with 503")
            conn = self.connection
            if conn is not None and not conn.closed.is_set():
                conn.closed_by_harness = True
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(conn.ws.close(1001, "central system offline"), 2)
                await self.wait_for(lambda: conn.closed.is_set(), self.message_timeout)

    async def go_online(self, step: int | str) -> None:
        """The plan's [Restore the connectivity ...]: handshakes are accepted again, and the charge
        point must reconnect within connect_timeout_s."""
        with events.step(f"Step {step}: the central system is back online", step):
            self.trace.step = str(step)
            self.offline_since = None
            self.trace.event("the central system is back online")
            await self.wait_connected()

    def _refused(self, reason: str, sut_fault: bool) -> None:
        """A refused handshake: the SUT's fault (no ocpp1.6 offered) or a set-up mistake (path, credentials)."""
        self.refusals.append((reason, sut_fault))
        self.trace.event(f"handshake refused: {reason}")
        if sut_fault:
            self._finding(Problem(rules.WEBSOCKET_HANDSHAKE, f"the charge point's handshake was refused: {reason}"), "")
        self._wake()

    def _inspect(self, ssl_object: Any, request: Any) -> tuple[int, str] | None:
        """Note every handshake for the transport cases; profile 3 refuses one without a client certificate."""
        tls = TlsSession.of(ssl_object) if ssl_object is not None else None
        handshake = Handshake(request.path, tls, BasicAuthFacts.of(request.headers.get("Authorization"),
                                                                   self.accepted_password))
        self.handshakes.append(handshake)
        del self.handshakes[:-20]
        self.trace.event(handshake.describe())
        if self.security_profile == 3 and (tls is None or tls.peer_certificate is None):
            handshake.refused = "no client certificate (security profile 3)"
            return 401, handshake.refused
        return None

    def switch_security_profile(self, profile: int) -> None:
        """New connections from now on need `profile` (2 or 3, over the same TLS server): with 3 a
        client certificate under [security] ca_certificate and no basic auth, with 2 basic auth."""
        context, tls = self.tls_context, self.profile.tls
        assert context is not None and tls is not None and profile in (2, 3)
        if profile == 3:
            assert tls.ca_certificate is not None
            context.load_verify_locations(cafile=tls.ca_certificate)
            context.verify_mode = ssl.CERT_OPTIONAL
            self.accepted_password = None
        else:
            context.verify_mode = ssl.CERT_NONE
            self.accepted_password = self.profile.password
        self.security_profile = profile
        self.trace.event(f"the harness now serves security profile {profile} to new connections")

    def handshake_since(self, since: float) -> Handshake | None:
        """The first handshake after `since` (monotonic), if one came."""
        return next((h for h in self.handshakes if h.at >= since), None)

    async def _on_connect(self, ws: Any) -> None:
        previous = self.connection
        if previous is not None and not previous.closed.is_set():
            self.trace.event(f"a new connection replaces {previous.label}")
            previous.closed_by_harness = True
            with contextlib.suppress(Exception):
                await asyncio.wait_for(previous.ws.close(), 2)
        self.cp.reconnected()
        conn = self.attach(ws)
        await conn.closed.wait()

    # -- what the harness knows of the charge point -------------------------------------------

    def _observe(self, incoming: Incoming) -> None:
        connector = incoming.payload.get("connectorId")
        if incoming.action == "StatusNotification" and isinstance(connector, int):
            incoming.status_before = self.cp.status(connector)
            incoming.in_transaction = connector in self.cp.open_transactions.values()
        self.cp.observe(incoming.action, incoming.payload, incoming.received_at)

    def judge_unplanned(self, incoming: Incoming, step: int | str) -> None:
        """A StatusNotification no step names keeps to the state machine, and does not end a session
        the case has running (the case's transaction goes on until its steps stop it)."""
        connector, status = incoming.payload.get("connectorId"), incoming.payload.get("status")
        if incoming.action != "StatusNotification" or not isinstance(connector, int) or not isinstance(status, str):
            return
        problem = connector_states.transition_problem(connector, incoming.status_before, status)
        if problem is not None:
            raise UnexpectedMessage(f"a StatusNotification no step names: {problem}", step=step,
                                    frame=frame_of(incoming), rule=rules.STATUS_TRANSITION)
        if connector_states.available_during_session(incoming.status_before, status, incoming.in_transaction):
            raise UnexpectedMessage(
                f"connector {connector} reported Available after {incoming.status_before} while its transaction is "
                "open and no step ends it", step=step, frame=frame_of(incoming), rule=rules.STATUS_DURING_TRANSACTION)

    def answered(self, incoming: Incoming) -> None:
        self.cp.answered(incoming.action, incoming.payload, incoming.answer, time.monotonic())

    def operator_action(self, action: str, params: dict[str, Any]) -> None:
        super().operator_action(action, params)
        self.cp.operator_action(action, params, self.data.connector_id)

    def complete(self, action: str, answer: dict[str, Any]) -> dict[str, Any]:
        if action in ("BootNotification", "Heartbeat") and "currentTime" not in answer:
            answer["currentTime"] = utc_now()
        if action == "BootNotification" and "interval" not in answer:
            answer["interval"] = self.data.heartbeat_interval_s
        return answer

    def new_transaction_id(self) -> int:
        return next(self._transaction_ids)

    def id_tag_info(self, id_tag: str) -> dict[str, Any]:
        data = self.data
        status = {data.valid_id_tag: "Accepted", data.valid_id_tag_2: "Accepted", data.blocked_id_tag: "Blocked",
                  data.expired_id_tag: "Expired"}.get(id_tag, "Invalid")
        return {"status": status}

    def start_transaction_conf(self, request: Any) -> dict[str, Any]:
        """The harness's StartTransaction.conf: a fresh transactionId, the idTag judged."""
        payload = request.payload if isinstance(request, Incoming) else request
        return {"transactionId": self.new_transaction_id(), "idTagInfo": self.id_tag_info(payload.get("idTag", ""))}

    def default_answer(self, call: Call) -> dict[str, Any] | CallError:
        action, payload = call.action, call.payload
        if action == "BootNotification":
            return {"status": "Accepted", "interval": self.data.heartbeat_interval_s}
        if action == "Heartbeat":
            return {}
        if action == "Authorize":
            return {"idTagInfo": self.id_tag_info(payload.get("idTag", ""))}
        if action == "StartTransaction":
            return self.start_transaction_conf(payload)
        if action == "StopTransaction":
            return {"idTagInfo": self.id_tag_info(payload["idTag"])} if "idTag" in payload else {}
        if action == "DataTransfer":
            return {"status": "UnknownVendorId"}
        if action in ("StatusNotification", "MeterValues", "DiagnosticsStatusNotification",
                      "FirmwareStatusNotification", "SecurityEventNotification", "LogStatusNotification",
                      "SignedFirmwareStatusNotification"):
            return {}
        return CallError(call.unique_id, "NotSupported", f"the harness does not handle {action}", {})

    async def send(self, step: int | str, action: str, *, timeout: float | None = None, **payload: Any) -> dict[str, Any]:
        """As Endpoint.send; a configuration key is read before its first change, so it can be set back."""
        await self._remember_before(action, payload)
        self.cp.sending(action, payload)
        result = await super().send(step, action, timeout=timeout, **payload)
        self.cp.sent(action, payload, result)
        self._note_leftovers(action)
        return result

    async def send_callerror_allowed(self, step: int | str, action: str, *, codes: tuple[str, ...] = (),
                                     timeout: float | None = None, **payload: Any) -> dict[str, Any] | None:
        """Send a CALL whose CALLERROR answer the plan allows ("... .conf OR a CallError"): None then.

        `codes` narrows the allowed CALLERROR codes (any when empty). Silence still fails the
        step; a CALLRESULT is returned for the case to check.
        """
        with events.step(f"Step {step}: send {action}.req ({describe(payload)}); a CALLERROR is allowed", step):
            self.trace.step = str(step)
            await self._remember_before(action, payload)
            self.cp.sending(action, payload)
            answer = await self.call(action, payload, timeout=timeout, step=step)
            self.raise_errors(step)
            if isinstance(answer, CallError):
                if codes and answer.code not in codes:
                    raise UnexpectedCallError(f"{action}.req was answered with CALLERROR {answer.code}; the plan "
                                              f"allows {' or '.join(codes)} only", step=step)
                self.trace.event(f"step {step}: {action}.req answered with CALLERROR {answer.code}, as the plan allows")
                return None
            self.cp.sent(action, payload, answer.payload)
            self._note_leftovers(action)
            return answer.payload

    def warn(self, step: int | str, rule: str, message: str) -> None:
        """A finding the plan allows but asks the vendor to be told of: the case passes with a warning."""
        self.trace.event(f"step {step}: warning {rule}: {message}")
        self._finding(Problem(rule, f"step {step}: {message}", "warning"), "")

    async def expect_nothing(self, step: int | str, what: str, *, seconds: float | None = None,
                             only: tuple[str, ...] = ()) -> None:
        """The plan's "does NOT send": no CALL for `seconds` but what a charge point may send besides
        the steps (background ones, and tolerated ones that keep the rules, listed for review).

        `seconds` defaults to quiet_period_s: how quickly the SUT would have sent it (by
        default message_timeout_s, the time the SUT is given for any message).
        With `only`, just those actions are forbidden ("no StartTransaction within N s") and
        other CALLs are passed over.
        """
        bound = self.quiet_period if seconds is None else seconds
        deadline = time.monotonic() + bound
        with events.step(f"Step {step}: expect no message ({what}) for {bound:g} s", step):
            self.trace.step = str(step)
            while True:
                self.raise_errors(step)
                if self.inbox:
                    incoming = self.inbox.popleft()
                    self.looked_at(incoming)
                    if incoming.action in self.background:
                        continue
                    forbidden = incoming.action in only if only else incoming.action not in self.tolerated
                    if not forbidden:
                        if incoming.action in self.tolerated:
                            self.seen_unplanned(incoming, Unplanned(
                                f"{incoming.action}.req ({describe(incoming.payload)}) while nothing was expected "
                                f"({what})", step))
                        continue
                    raise UnexpectedMessage(f"expected no message for {bound:g} s ({what}); the SUT sent "
                                            f"{incoming.action}.req", step=step, frame=frame_of(incoming),
                                            rule=self.strict.get(incoming.action, rules.EXPECTED_MESSAGE))
                if not await self._wait_change(deadline):
                    self.raise_errors(step)
                    return

    async def _remember_before(self, action: str, payload: dict[str, Any]) -> None:
        """What a request is about to change is read first, so that the baseline can set it back:
        a configuration key, and the local list's version before the run's first SendLocalList."""
        if action == "ChangeConfiguration" and payload.get("key") not in self.cp.configuration_before:
            await self._remember_configuration(payload.get("key", ""))
        elif action == "SendLocalList":
            if self.cp.local_list_found is None and not self.cp.local_list_sent:
                self.trace.event("reading the local list's version before it is changed, to restore it after the case")
                with contextlib.suppress(Exception):
                    answer = await self.call("GetLocalListVersion", {})
                    if isinstance(answer, CallResult):
                        self.cp.sent("GetLocalListVersion", {}, answer.payload)
            self.cp.local_list_sent = True

    async def _remember_configuration(self, key: str) -> None:
        self.trace.event(f"reading {key} before it is changed, to set it back after the case")
        answer = await self.call("GetConfiguration", {"key": [key]})
        if isinstance(answer, CallResult):
            self.cp.sent("GetConfiguration", {"key": [key]}, answer.payload)

    # -- the plan's general preconditions ------------------------------------------------------------

    def seen(self) -> str:
        """What the harness saw of the charge point, for a message that says why a case cannot start."""
        conn = self.connection
        if conn is None:
            parts = [f"no charge point connected to {self.profile.listen.rstrip('/')}/{self.profile.charge_point_id}"]
            if self.refusals:
                parts.append(f"{len(self.refusals)} handshake(s) refused, the last: {self.refusals[-1][0]}")
            return "; ".join(parts)
        state = "open" if not conn.closed.is_set() else f"closed at {clock(conn.closed_at)} ({conn.close_reason})"
        parts = [f"the charge point connected at {clock(conn.opened_at)} ({conn.label}, {state})"]
        parts.append(f"booted (BootNotification accepted) at {clock(self.cp.booted_at)}" if self.cp.booted_at
                     else "no BootNotification accepted since the harness started")
        if self.last_message:
            parts.append(f"its last message was {self.last_message[0]} at {clock(self.last_message[1])}")
        else:
            parts.append("it has sent no message")
        return "; ".join(parts)

    def connected(self) -> bool:
        return self.connection is not None and not self.connection.closed.is_set()

    async def wait_connected(self) -> None:
        """The charge point has a connection to the harness (booted now or before the run).

        Waited for once: after a wait of connect_timeout_s in vain, the next waits fail at once
        with the same reason, until the charge point opens a connection (a charger that does not
        come costs one bound, not one per case).
        """
        bound = self.data.connect_timeout_s
        if self.connected():
            return
        given_up = self.given_up
        if given_up is not None and given_up[0] == self.connections:
            self.given_up = (self.connections, given_up[1], given_up[2] + 1)
            raise SutUnreachable(f"{given_up[1]} (not waited for again: still no connection since then; "
                                 f"{given_up[2] + 1} cases in a row without the charge point)")
        if not await self._await_connection(bound):
            faults = [reason for reason, sut_fault in self.refusals if sut_fault]
            if faults and self.connection is None:
                raise ConnectionRefused(f"the charge point's WebSocket handshake was refused: {faults[-1]}")
            if self.connection is None:
                hint = " Check its central system URL" + (" and its basic auth credentials" if self.profile.password else "")
            else:
                # It reached this URL before: it went away (crashed, lost its network), not misconfigured.
                hint = " It connected before and has not come back"
            reason = f"the charge point is not connected after {bound:g} s: {self.seen()}.{hint}."
            self.given_up = (self.connections, reason, 1)
            raise SutUnreachable(reason)

    async def _await_connection(self, bound: float) -> bool:
        """Wait up to `bound` for a connection, saying so now and then (what, where, how long)."""
        what = f"charge point {self.profile.charge_point_id}"
        url = f"{self.profile.listen.rstrip('/')}/{self.profile.charge_point_id}"
        started = time.monotonic()
        deadline, every = started + bound, AWAIT_FIRST_REPORT_S
        while True:
            waited = time.monotonic() - started
            events.publish(events.ConnectionAwaited(what=what, url=url, waited_s=round(waited, 1), bound_s=bound))
            if await self.wait_for(self.connected, min(every, max(0.0, deadline - time.monotonic()))) \
                    or time.monotonic() >= deadline:
                break
            every = AWAIT_REPORT_EVERY_S
        connected = self.connected()
        events.publish(events.ConnectionAwaitEnded(what=what, connected=connected,
                                                   waited_s=round(time.monotonic() - started, 1)))
        return connected

    async def prepare(self, handle: Any, *, idle: bool) -> None:
        """The plan's general preconditions (test case document §1.3) before a case.

        Connected, and with `idle`: every connector known to be Available, no transaction.
        A state nobody has seen is asked for: TriggerMessage(StatusNotification) where the SUT
        declares RemoteTrigger, else the operator's power cycle.
        """
        self.trace.step = "precondition"
        self.offline_since = None
        try:
            await self._prepare(handle, idle=idle)
        except HarnessError:
            # A rule the SUT broke in the case's own window (a frame error since the previous case)
            # fails the case, even when the state it left cannot be checked or restored either.
            self.raise_errors()
            raise

    async def _prepare(self, handle: Any, *, idle: bool) -> None:
        await self.wait_connected()
        if not self.leftovers_checked:
            await self._restore_leftovers()
            if self.cp.statuses_known() and self.cp.unavailable():
                await self._make_operative(self.cp.unavailable())   # also before a case that boots the charger
        if not idle:
            return
        if not self.cp.statuses_known() and not await self._statuses_after_boot():
            await self._learn_statuses(handle)
        if not self.status_delay_checked:
            await self._no_status_delay()
        if self.cp.baseline_problems():
            await self.restore_baseline(handle)
        problems = self.cp.baseline_problems()
        if not self.cp.statuses_known():   # a reset or power cycle of the baseline's that did not end in a boot
            problems.append("no StatusNotification since the baseline's reset or power cycle for connector(s) "
                            + ", ".join(map(str, self.cp.unknown_connectors())))
        if problems:
            raise BaselineNotRestored(
                "the charge point is not in the plan's starting state and the harness could not restore it: "
                + "; ".join(problems) + f" ({self.seen()})")

    async def _no_status_delay(self) -> None:
        """The plan's precondition "MinimumStatusDuration is 0" (§1.3), where it is implemented:
        the cases expect a status change reported at once (OCPP 1.6 §4.9 lets a charge point hold
        it back that long). Set for the run, not set back after it."""
        self.status_delay_checked = True
        with contextlib.suppress(Exception):
            answer = await self.call("GetConfiguration", {"key": ["MinimumStatusDuration"]})
            keys = answer.payload.get("configurationKey") or [] if isinstance(answer, CallResult) else []
            value = next((k.get("value") for k in keys if isinstance(k, dict) and k.get("key") == "MinimumStatusDuration"),
                         None)
            if not isinstance(value, str) or value.strip() == "0":
                return
            self.trace.event(f"precondition: MinimumStatusDuration is {value}; set to 0 for the run")
            answer = await self.call("ChangeConfiguration", {"key": "MinimumStatusDuration", "value": "0"})
            status = answer.payload.get("status") if isinstance(answer, CallResult) else "a CALLERROR"
            if status != "Accepted":
                self.trace.event(f"precondition: MinimumStatusDuration stays {value} (ChangeConfiguration: {status}): "
                                 "status changes may be reported late")

    async def _statuses_after_boot(self) -> bool:
        """A charge point that has just connected may be booting: its statuses follow the boot."""
        conn = self.connection
        assert conn is not None
        if conn.received == 0:
            await self.wait_for(lambda: conn.received > 0, min(2.0, self.message_timeout))
        booting = self.cp.boot_seen_at is not None and self.cp.boot_seen_at >= conn.opened_at
        return booting and await self.wait_for(self.cp.statuses_known)

    async def _learn_statuses(self, handle: Any) -> None:
        self.trace.event("the connector states are unknown (the charge point did not report them on this connection)")
        if "RemoteTrigger" in self.profile.profiles:
            for _ in range(2):   # once more if the connection was replaced meanwhile (a reconnect)
                await self.wait_connected()
                conn = self.connection
                with contextlib.suppress(Exception):
                    answer = await self.call("TriggerMessage", {"requestedMessage": "StatusNotification"})
                    if isinstance(answer, CallResult) and answer.payload.get("status") == "Accepted":
                        await self.wait_for(self.cp.statuses_known)
                for connector in self.cp.unknown_connectors():
                    with contextlib.suppress(Exception):
                        await self.call("TriggerMessage", {"requestedMessage": "StatusNotification",
                                                           "connectorId": connector})
                if await self.wait_for(self.cp.statuses_known):
                    return
                if conn is self.connection and not conn.closed.is_set():
                    break
            self.trace.event("TriggerMessage(StatusNotification) did not tell every connector's state")
        await handle.manual("power_cycle")
        booted = await self.wait_for(lambda: self.cp.booted_after(self.action_started), self.data.reboot_timeout_s)
        if booted and await self.wait_for(self.cp.statuses_known):
            return
        raise SutUnreachable(
            "cannot learn the connector states before the case: "
            + ("no StatusNotification for connector(s) " + ", ".join(map(str, self.cp.unknown_connectors()))
               if booted else f"no BootNotification within {self.data.reboot_timeout_s:g} s after the power cycle")
            + f" ({self.seen()})")
