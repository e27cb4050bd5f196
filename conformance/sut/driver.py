"""Operator actions: what a person does to the SUT during a test case, and who does it.

`prompt` asks a person at the terminal, `command` runs a program per action (test rigs,
SUT control APIs, CI), `reference` drives the built-in reference SUTs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shlex
import signal
import sys
from collections.abc import Callable
from typing import Any

from .. import events
from ..checks.verdicts import ConfigError, OperatorActionFailed
from ..ocpp.actions import Role
from ..reference.switches import Registry
from .profile import SutProfile

# The action vocabulary: name -> (SUT role, parameters, what the operator does).
ACTIONS: dict[str, tuple[Role, str, str]] = {
    "power_cycle": (Role.CHARGE_POINT, "{}", "switch the charge point off and on again (cold boot)"),
    "power_off": (Role.CHARGE_POINT, "{}", "cut the charge point's power (it stays off until power_on)"),
    "power_on": (Role.CHARGE_POINT, "{}", "restore the charge point's power (it boots)"),
    "plug_in": (Role.CHARGE_POINT, '{"connector": 1}', "plug the EV cable into the connector"),
    "unplug": (Role.CHARGE_POINT, '{"connector": 1}', "unplug the EV cable from the connector"),
    "present_id_tag": (Role.CHARGE_POINT, '{"id_tag": "...", "connector": 1}', "present the idTag (card, app, button)"),
    "set_faulted": (Role.CHARGE_POINT, '{"connector": 1, "error_code": "OtherError"}',
                    "put the connector (0: the whole charge point) into a fault"),
    "clear_fault": (Role.CHARGE_POINT, '{"connector": 1}', "clear the fault of the connector (0: the charge point)"),
    "set_security_profile": (Role.CHARGE_POINT, '{"profile": 2}',
                             "set the charge point's security profile locally (installer menu, local tool), "
                             "e.g. back to the configured one after an upgrade"),
    "set_lock_failure": (Role.CHARGE_POINT, '{"connector": 1}',
                         "make the connector's lock fail: it can neither open nor close (cleared by clear_fault)"),
    "unplug_ev_side": (Role.CHARGE_POINT, '{"connector": 1}',
                       "pull the EV cable out at the EV side only; it stays in the charge point's socket"),
    "plug_in_halfway": (Role.CHARGE_POINT, '{"connector": 1}',
                        "push the EV cable in only halfway, so that the connector cannot lock it"),
    "suspend_ev": (Role.CHARGE_POINT, '{"connector": 1}',
                   "make the EV stop drawing energy during its transaction (it stays connected): SuspendedEV"),
    "resume_ev": (Role.CHARGE_POINT, '{"connector": 1}', "make the EV that suspended draw energy again: Charging"),
    "drop_connection": (Role.CHARGE_POINT, "{}",
                        "cut the charge point's network connection without switching it off (it reconnects)"),
    "set_local_list_failure": (Role.CHARGE_POINT, '{"failing": true}',
                               "make storing a local authorization list fail (false: work again), e.g. by filling "
                               "its storage"),
    "csms_send": (Role.CENTRAL_SYSTEM, '{"charge_point_id": "...", "action": "...", "payload": {}}',
                  "make the central system send this request to the charge point"),
    "csms_install_certificate": (Role.CENTRAL_SYSTEM, '{"charge_point_id": "...", "certificate_type": '
                                 '"CentralSystemRootCertificate"}',
                                 "make the central system install its root certificate of this type on the charge "
                                 "point (InstallCertificate; ManufacturerRootCertificate or CentralSystemRootCertificate)"),
    "csms_delete_certificate": (Role.CENTRAL_SYSTEM, '{"charge_point_id": "...", "certificate_type": '
                                '"CentralSystemRootCertificate"}',
                                "make the central system delete the root of this type it installed before "
                                "(GetInstalledCertificateIds, then DeleteCertificate)"),
    "csms_reserve_now": (Role.CENTRAL_SYSTEM,
                         '{"charge_point_id": "...", "connector_id": 1, "id_tag": "...", "expiry_date": "..."}',
                         "make the central system reserve the connector (0: the charge point as a whole) for the "
                         "idTag until expiry_date (RFC 3339); it chooses the reservationId itself"),
    "set_boot_status": (Role.CENTRAL_SYSTEM, '{"charge_point_id": "...", "status": "Accepted"}',
                        "make the central system answer this charge point's boots with this status"),
    "csms_set_security_profile": (Role.CENTRAL_SYSTEM, '{"charge_point_id": "...", "profile": 3}',
                                  "set the charge point's security profile in the central system (raising it, "
                                  "the central system sends ChangeConfiguration SecurityProfile and Reset Hard)"),
    "csms_transaction_start": (Role.CENTRAL_SYSTEM, '{"charge_point_id": "...", "transaction_id": 1}',
                               "tell the start time the central system records for this transaction, as RFC 3339 "
                               "(type it at the prompt; a command prints it)"),
    "csms_set_charging_profile": (
        Role.CENTRAL_SYSTEM, '{"charge_point_id": "...", "connector": 1, "purpose": "TxDefaultProfile", '
        '"stack_level": 0, "unit": "A", "duration": 300, "limit": 6, "number_phases": 3, "transaction_id": null}',
        "make the central system install a charging profile on the connector: purpose, stackLevel, unit, schedule "
        "duration, one period of this limit from the start, numberPhases; Absolute from now and valid from now, or "
        "for a TxProfile the running transaction (the central system picks the chargingProfileId)"),
    "csms_get_composite_schedule": (
        Role.CENTRAL_SYSTEM, '{"charge_point_id": "...", "connector": 1, "duration": 300, "unit": "A"}',
        "make the central system ask for the connector's composite schedule over this duration, in this unit"),
    "csms_clear_charging_profile": (
        Role.CENTRAL_SYSTEM, '{"charge_point_id": "...", "id": null, "connector": null, "purpose": null, '
        '"stack_level": null}',
        "make the central system clear a charging profile by its id, or those matching the criteria given "
        "(connector, purpose, stackLevel), or every profile when none is given"),
    "csms_remote_start_with_profile": (
        Role.CENTRAL_SYSTEM, '{"charge_point_id": "...", "connector": 1, "id_tag": "...", "unit": "A", "limit": 6, '
        '"duration": 300, "number_phases": 3}',
        "make the central system start a transaction remotely with a TxProfile for it: Relative, one period of "
        "this limit from the start"),
    "set_basic_auth_password": (Role.CENTRAL_SYSTEM, '{"charge_point_id": "...", "password": "..."}',
                                "give this charge point a new basic auth password in the central system "
                                "(it sends ChangeConfiguration AuthorizationKey)"),
}


# The operator actions that make a central system send a SmartCharging request.
SMART_CHARGING_ACTIONS = ("csms_set_charging_profile", "csms_get_composite_schedule", "csms_clear_charging_profile",
                          "csms_remote_start_with_profile")


def describe(action: str, params: dict[str, Any]) -> str:
    role, _, text = ACTIONS[action]
    # A password given to the SUT is a secret: never in a report, a prompt line or a trace.
    args = ", ".join(f"{k}={'***' if k == 'password' else repr(v)}" for k, v in params.items())
    return f"[{action}] {text}" + (f" ({args})" if args else "")


class Driver:
    """Carries out operator actions on one SUT; `start`/`stop` bracket a run."""

    def __init__(self, profile: SutProfile):
        self.profile = profile

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def perform(self, action: str, params: dict[str, Any]) -> Any:
        raise NotImplementedError


class PromptDriver(Driver):
    """Asks a person at the terminal and waits for Enter, bounded by action_timeout_s."""

    def __init__(self, profile: SutProfile):
        super().__init__(profile)
        # Set by the pytest plugin: lifts output capture so the person sees the prompt.
        self.terminal: Callable[[], contextlib.AbstractContextManager[Any]] = contextlib.nullcontext

    async def perform(self, action: str, params: dict[str, Any]) -> Any:
        timeout = self.profile.test_data.action_timeout_s
        with self.terminal():
            stdin = sys.stdin
            if stdin is None or not stdin.isatty():
                raise OperatorActionFailed(
                    f"{describe(action, params)} needs an operator, and there is no terminal: "
                    "in CI set [actions] driver = \"command\" in the SUT description")
            events.publish(events.OperatorPrompted(text=describe(action, params), timeout_s=timeout))
            # Wait for the line without a blocking thread, so a timeout leaves nothing behind.
            loop = asyncio.get_running_loop()
            ready = loop.create_future()
            loop.add_reader(stdin.fileno(), lambda: ready.done() or ready.set_result(None))
            try:
                await asyncio.wait_for(ready, timeout)
            except TimeoutError:
                events.publish(events.OperatorPromptExpired(text=describe(action, params)))
                raise OperatorActionFailed(f"{describe(action, params)}: nobody confirmed within {timeout:g} s") from None
            finally:
                loop.remove_reader(stdin.fileno())
            # What the person typed is the action's answer, where the action asks for one.
            return stdin.readline().strip() or None


class CommandDriver(Driver):
    """Runs the configured program once per action, bounded by action_timeout_s."""

    async def perform(self, action: str, params: dict[str, Any]) -> Any:
        assert self.profile.command is not None
        args_json = json.dumps(params, separators=(",", ":"))
        argv = [part.replace("{action}", action).replace("{args_json}", args_json)
                for part in shlex.split(self.profile.command)]
        timeout = self.profile.test_data.action_timeout_s
        # The suite's own commands (ocpp-conformance ...) are found even without an activated venv.
        env = {**os.environ, "PATH": os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])}
        try:
            # A session of its own: an overrunning program is killed together with what it started.
            proc = await asyncio.create_subprocess_exec(
                *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.DEVNULL,
                env=env, start_new_session=True)
        except OSError as exc:
            raise OperatorActionFailed(f"action {action}: cannot run {argv[0]!r} ({exc.strerror})") from None
        try:
            out, err = await asyncio.wait_for(proc.communicate(), timeout)
        except TimeoutError:
            raise OperatorActionFailed(f"action {action}: {argv[0]} did not finish within {timeout:g} s") from None
        finally:
            # Also when the caller's own bound cancels us: nothing may outlive the running loop.
            await _reap(proc)
        if proc.returncode != 0:
            last = (err or out).decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise OperatorActionFailed(f"action {action}: {argv[0]} exited with {proc.returncode}: {last[0]}")
        text = out.decode(errors="replace").strip()
        with contextlib.suppress(ValueError):
            return json.loads(text) if text else None
        return text


async def _reap(proc: asyncio.subprocess.Process) -> None:
    """Kill a program still running (and its process group), wait for it, close its pipes.

    A subprocess transport left to the garbage collector after its loop closed prints
    "Exception ignored ... Event loop is closed".
    """
    if proc.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(proc.wait(), 5)
    transport = getattr(proc, "_transport", None)
    if transport is not None:
        transport.close()


class ReferenceDriver(Driver):
    """Starts a built-in reference SUT for the run and carries out actions on it directly."""

    def __init__(self, profile: SutProfile):
        super().__init__(profile)
        self.sut: Any = None

    async def start(self) -> None:
        p, data = self.profile, self.profile.test_data
        if p.role is Role.CHARGE_POINT:
            from ..reference.charge_point import SWITCHES, ChargePointSettings, ReferenceChargePoint

            self._check_switches(SWITCHES)
            assert p.listen is not None
            pki = p.generated_pki if p.uses_tls else None
            self.sut = ReferenceChargePoint(ChargePointSettings(
                url=p.listen.rstrip("/"), charge_point_id=p.charge_point_id, connectors=p.connectors,
                password=p.password, faults=frozenset(p.faults), modes=frozenset(p.modes),
                ca_certificate=str(pki.root) if pki else None, security_profile=p.security_profile,
                certificate=str(pki.client_certificate) if pki else None,
                private_key=str(pki.client_key) if pki else None,
                heartbeat_interval=data.heartbeat_interval_s, call_timeout=data.message_timeout_s,
                reconnect_delay=data.reconnect_interval_s, fixed_cable=p.capability("fixed_cable"),
                backup_power=p.capability("backup_power")))
            await self.sut.start()
        else:
            from urllib.parse import urlsplit

            from ..reference.central_system import SWITCHES, CentralSystemSettings, ReferenceCentralSystem

            self._check_switches(SWITCHES)
            assert p.url is not None
            base = p.url.split("{charge_point_id}")[0].rstrip("/")
            parts = urlsplit(base)
            pki = p.generated_pki if p.uses_tls else None
            self.sut = ReferenceCentralSystem(CentralSystemSettings(
                listen=base, heartbeat_interval=data.heartbeat_interval_s, retry_interval=data.boot_retry_interval_s,
                valid_id_tags=(data.valid_id_tag, data.valid_id_tag_2), invalid_id_tags=(data.invalid_id_tag,),
                parent_id_tags={data.valid_id_tag: data.parent_id_tag, data.valid_id_tag_2: data.parent_id_tag},
                blocked_id_tags=(data.blocked_id_tag,), expired_id_tags=(data.expired_id_tag,),
                passwords={p.charge_point_id: p.password} if p.password else {},
                certificate=str(pki.server_certificate) if pki else None,
                private_key=str(pki.server_key) if pki else None,
                rsa_certificate=str(pki.server_rsa_certificate) if pki else None,
                rsa_private_key=str(pki.server_rsa_key) if pki else None,
                client_root=str(pki.root) if pki else None, client_root_key=str(pki.root_key) if pki else None,
                security_profile=p.security_profile,
                faults=frozenset(p.faults), modes=frozenset(p.modes), call_timeout=data.message_timeout_s))
            try:
                await self.sut.start()
            except OSError as exc:
                raise ConfigError(
                    f"{p.path}: cannot start the reference central system on {parts.hostname}:{parts.port} "
                    f"({exc.strerror or exc}): free the port or change [sut] url") from None

    def _check_switches(self, registry: Registry) -> None:
        """The SUT's registry of faults and modes refuses a name it lacks in one line."""
        for kind, names in (("fault", self.profile.faults), ("mode", self.profile.modes)):
            refusal = registry.refusal(kind, names)
            if refusal is not None:
                raise ConfigError(f"{self.profile.path}: [reference] {kind}s: {refusal}")

    async def stop(self) -> None:
        if self.sut is not None:
            await self.sut.stop()

    async def perform(self, action: str, params: dict[str, Any]) -> Any:
        sut = self.sut
        if action in ("power_cycle", "power_off", "power_on", "drop_connection"):
            return await getattr(sut, action)()
        if action in ("plug_in", "unplug", "clear_fault", "set_lock_failure", "unplug_ev_side", "plug_in_halfway",
                      "suspend_ev", "resume_ev"):
            return await getattr(sut, action)(params.get("connector", 1))
        if action == "set_security_profile":
            return await sut.set_security_profile(int(params["profile"]))
        if action == "set_local_list_failure":
            return await sut.set_local_list_failure(bool(params.get("failing", True)))
        if action == "present_id_tag":
            return await sut.present_id_tag(params["id_tag"], params.get("connector"))
        if action == "set_faulted":
            return await sut.set_faulted(params.get("connector", 1), params.get("error_code", "OtherError"))
        if action == "csms_send":
            return await sut.send(params["charge_point_id"], params["action"], params.get("payload", {}),
                                  timeout=self.profile.test_data.action_timeout_s)
        if action == "csms_reserve_now":
            return await sut.reserve_now(params["charge_point_id"], int(params["connector_id"]), params["id_tag"],
                                         params["expiry_date"], timeout=self.profile.test_data.action_timeout_s)
        if action == "set_boot_status":
            return sut.set_boot_status(params["status"])
        if action == "csms_set_security_profile":
            return await sut.set_security_profile(params["charge_point_id"], int(params["profile"]),
                                                  timeout=self.profile.test_data.action_timeout_s)
        if action in ("csms_install_certificate", "csms_delete_certificate"):
            operation = sut.install_certificate if action == "csms_install_certificate" else sut.delete_certificate
            try:
                return await operation(params["charge_point_id"], params["certificate_type"],
                                       timeout=self.profile.test_data.action_timeout_s)
            except LookupError as error:
                raise OperatorActionFailed(f"the reference central system: {error}") from None
        if action == "csms_transaction_start":
            try:
                return sut.transaction_start(int(params["transaction_id"]))
            except LookupError as error:
                raise OperatorActionFailed(f"the reference central system: {error}") from None
        if action in SMART_CHARGING_ACTIONS:
            try:
                return await sut.smart_charging(action, params, timeout=self.profile.test_data.action_timeout_s)
            except (LookupError, ValueError) as error:
                raise OperatorActionFailed(f"the reference central system: {error}") from None
        if action == "set_basic_auth_password":
            return await sut.change_password(params["charge_point_id"], params["password"],
                                             timeout=self.profile.test_data.action_timeout_s)
        raise OperatorActionFailed(f"the reference {self.profile.role.value} has no action {action!r}")


def make_driver(profile: SutProfile) -> Driver:
    return {"prompt": PromptDriver, "command": CommandDriver, "reference": ReferenceDriver}[profile.driver](profile)


class SutHandle:
    """The SUT's column of the plan: the operator actions a case asks for."""

    def __init__(self, profile: SutProfile, driver: Driver, trace_event: Any, acting: Any = None):
        self.profile = profile
        self.driver = driver
        self._trace_event = trace_event
        self._acting = acting or (lambda action, params: None)

    async def manual(self, action: str, /, **params: Any) -> Any:
        """Carry out a bracketed plan action through the SUT's driver (bounded by action_timeout_s)."""
        if action not in ACTIONS:
            raise ConfigError(f"unknown operator action {action!r}")
        text = describe(action, params)
        key = events.next_id()
        events.publish(events.OperatorActionRequested(id=key, action=action, params=dict(params), text=text))
        error: BaseException | None = None
        try:
            self._trace_event(f"operator action {text}")
            self._acting(action, params)
            try:
                return await asyncio.wait_for(self.driver.perform(action, params),
                                              self.profile.test_data.action_timeout_s)
            except TimeoutError:
                raise OperatorActionFailed(f"{text} did not finish within "
                                           f"{self.profile.test_data.action_timeout_s:g} s") from None
        except BaseException as exc:
            error = exc
            raise
        finally:
            events.publish(events.OperatorActionDone(id=key, action=action, text=text, error=error))
