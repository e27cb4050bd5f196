"""The plan's reusable states of the `_CS` cases: the harness plays the central system.

Steps inside a reusable state are numbered "<State> <n>" so that a failure names both.
"""

from __future__ import annotations

from typing import Any

from ...checks import timing
from ...checks.expectations import Reply, expect
from ...checks.matchers import ACCEPTED
from ...roles.endpoint import Endpoint
from ...sut.profile import TestData


async def authorized(central_system: Any, charge_point: Any, data: TestData, *, id_tag: str | None = None,
                     parent_id_tag: str | None = None) -> list:
    """Authorized: the EV driver presents the valid idTag (or `id_tag`) before plugging in; the
    harness accepts it (with `parent_id_tag` as its parent, where given).

    The Authorize.req and the StatusNotification(Preparing) may come in either order; Preparing
    is left out only by a connector that was Preparing already. Returns both requests (the
    Preparing one None when it was left out).
    """
    tag = id_tag or data.valid_id_tag
    preparing_already = central_system.cp.status(data.connector_id) == "Preparing"
    info = {**ACCEPTED, **({"parentIdTag": parent_id_tag} if parent_id_tag else {})}
    central_system.will_answer("Authorized 2", "Authorize", when={"idTag": tag}, idTagInfo=info)
    await charge_point.manual("present_id_tag", id_tag=tag)
    return await central_system.expect_in_any_order(
        "steps 1 and 3 may be reversed",
        expect("Authorized 1", "Authorize", idTag=tag, reply=Reply("Authorized 2")),
        expect("Authorized 3", "StatusNotification", status="Preparing", optional=preparing_already,
               reply=Reply("Authorized 4")),
    )


def status_available_per_connector(step: int, reply_step: int, connectors: int) -> list:
    """One StatusNotification(Available) for connector 0 and for each connector, in any order."""
    return [expect(step, "StatusNotification", connectorId=c, status="Available", reply=Reply(reply_step))
            for c in range(0, connectors + 1)]


async def available_then_heartbeats(central_system: Endpoint, data: TestData, connectors: int, *,
                                     status_step: int, heartbeat_step: int) -> None:
    """After an accepted boot: every connector and connector 0 Available, then Heartbeats at the interval.

    The first Heartbeat may come early (any message restarts a charge point's heartbeat timer),
    but not later than the interval after the StatusNotifications; the next one comes one
    interval (± tolerance) after it. The harness answers Heartbeats itself.
    """
    interval, tolerance = data.heartbeat_interval_s, data.timing_tolerance_s
    statuses = await central_system.expect_in_any_order(
        "one per connector and one for connector 0",
        *status_available_per_connector(status_step, status_step + 1, connectors))
    wait = interval + tolerance + data.message_timeout_s
    first = await central_system.expect(heartbeat_step, "Heartbeat", reply=Reply(heartbeat_step + 1), timeout=wait)
    timing.within(heartbeat_step, "first Heartbeat.req after the StatusNotifications",
                  since=max(s.received_at for s in statuses), at=first.received_at,
                  seconds=interval, tolerance=tolerance, early_ok=True)
    second = await central_system.expect(heartbeat_step, "Heartbeat", reply=Reply(heartbeat_step + 1), timeout=wait)
    timing.within(heartbeat_step, "interval between two Heartbeat.req", since=first.received_at,
                  at=second.received_at, seconds=interval, tolerance=tolerance)


def configuration_value(conf: dict[str, Any], key: str) -> str | None:
    """The value a GetConfiguration.conf reports for `key` (booleans lower case), None when it has none."""
    for item in conf.get("configurationKey") or []:
        if isinstance(item, dict) and item.get("key") == key and isinstance(item.get("value"), str):
            value = item["value"]
            return value.lower() if value.lower() in ("true", "false") else value
    return None


async def authorize_remote_tx_requests(central_system: Any, step: int | str) -> str | None:
    """GetConfiguration(AuthorizeRemoteTxRequests): its value, None when the charge point does not report it."""
    conf = await central_system.send(step, "GetConfiguration", key=["AuthorizeRemoteTxRequests"])
    return configuration_value(conf, "AuthorizeRemoteTxRequests")


async def charging(central_system: Any, charge_point: Any, data: TestData, *,
                                   parent_id_tag: str | None = None, id_tag: str | None = None,
                                   authorize_optional: bool = False,
                                   charging_profile: dict[str, Any] | None = None) -> dict[str, Any]:
    """Charging: plug-in first, then a remote start of the valid idTag (or `id_tag`) on the
    configured connector.

    Preparing comes at plug-in, or, on a Reserved connector, after the remote start. Authorize
    only where AuthorizeRemoteTxRequests is true (where the charge point does not report the
    key, or with `authorize_optional`, an Authorize may come or not). With `parent_id_tag` the
    idTag is answered with that parent; with `charging_profile` the remote start carries it
    (TC_059_CS). Returns the connector, the idTag, the transactionId and the StartTransaction.req.
    """
    connector, tag = data.connector_id, id_tag or data.valid_id_tag
    authorize_remote = await authorize_remote_tx_requests(central_system, "Charging 1")
    reserved = central_system.cp.status(connector) == "Reserved"
    info = {**ACCEPTED, **({"parentIdTag": parent_id_tag} if parent_id_tag else {})}
    central_system.will_answer("Charging 10", "Authorize", when={"idTag": tag}, idTagInfo=info)
    central_system.will_answer("Charging 12", "StartTransaction",
                               lambda request: {**central_system.start_transaction_conf(request), "idTagInfo": info})

    await charge_point.manual("plug_in", connector=connector)
    if not reserved:
        await central_system.expect("Charging 3", "StatusNotification", connectorId=connector, status="Preparing",
                                    reply=Reply("Charging 4"))
    extra = {"chargingProfile": charging_profile} if charging_profile is not None else {}
    conf = await central_system.send("Charging 5", "RemoteStartTransaction", connectorId=connector, idTag=tag, **extra)
    central_system.check("Charging 6", "RemoteStartTransaction.conf", conf, status="Accepted")
    if reserved:
        await central_system.expect("Charging 7", "StatusNotification", connectorId=connector, status="Preparing",
                                    reply=Reply("Charging 8"))
    if authorize_remote == "true":
        await central_system.expect("Charging 9", "Authorize", idTag=tag, reply=Reply("Charging 10"))
    maybe_authorize = [expect("Charging 9", "Authorize", idTag=tag, reply=Reply("Charging 10"), optional=True)
                       ] if authorize_remote is None or (authorize_optional and authorize_remote != "true") else []
    start, *_ = await central_system.expect_in_any_order(
        "steps 11 and 13 may be reversed",
        expect("Charging 11", "StartTransaction", connectorId=connector, idTag=tag, reply=Reply("Charging 12")),
        expect("Charging 13", "StatusNotification", connectorId=connector, status="Charging", reply=Reply("Charging 14")),
        *maybe_authorize,
    )
    return {"connector": connector, "id_tag": tag, "transaction_id": start.answer["transactionId"],
            "started_at": start.received_at, "start": start.payload}


async def configuration_state(central_system: Any, key: str, value: str, *, if_implemented: bool = False) -> str:
    """The plan's Configuration State "value for `key` is `value`", set before the case (set back after it).

    Accepted sets it. A charge point that refuses (Rejected: read-only) still meets the state
    when the key already holds the value; with `if_implemented` ("if implemented" in the plan)
    NotSupported meets it too. Anything else fails the step. Returns the ChangeConfiguration.conf
    status that met the state: "NotSupported" tells that the key is not implemented (and has no effect).
    """
    conf = await central_system.send("before", "ChangeConfiguration", key=key, value=value)
    status = conf.get("status")
    if status == "Accepted" or (status == "NotSupported" and if_implemented):
        return status
    if status == "Rejected":
        current = await central_system.send("before", "GetConfiguration", key=[key])
        if configuration_value(current, key) == value.lower():
            return status
    central_system.check("before", f"ChangeConfiguration.conf ({key} = {value})", conf, status="Accepted")
    return status


async def not_value_state(central_system: Any, key: str, value: int) -> None:
    """The Configuration State "the value of `key` is NOT `value`", for an integer key (set back after the case).

    Where the key holds `value`, the harness writes a neighbouring one: `value` + 1, or where the
    key's range refuses that (a key at its maximum), `value` - 1. A charge point that refuses both
    fails the step.
    """
    conf = await central_system.send("before", "GetConfiguration", key=[key])
    if configuration_value(conf, key) != str(value):
        return
    others = [other for other in (value + 1, value - 1) if other >= 0]
    for other in others:
        conf = await central_system.send("before", "ChangeConfiguration", key=key, value=str(other))
        if conf.get("status") == "Accepted":
            return
    central_system.check("before", f"ChangeConfiguration.conf ({key} = {others[-1]})", conf, status="Accepted")


async def minimum_status_duration_state(central_system: Any, seconds: int) -> int:
    """The Configuration State "MinimumStatusDuration is `seconds`", if implemented (optional in OCPP
    1.6 §9.1). Returns how long a status change may then wait before it is reported (§4.9): `seconds`,
    or 0 when the charge point answers NotSupported."""
    status = await configuration_state(central_system, "MinimumStatusDuration", str(seconds), if_implemented=True)
    return 0 if status == "NotSupported" else seconds


async def other_connectors_occupied(central_system: Any, charge_point: Any, data: TestData) -> None:
    """The plan's prerequisite "the connector(s) NOT under test are occupied" (one reader for all).

    Every other connector is made Inoperative (ChangeAvailability, Accepted) and reports
    Unavailable, so an idTag presented at the charge point can only concern the connector
    under test. The harness makes the charge point Operative again after the case.
    """
    for connector in range(1, charge_point.profile.connectors + 1):
        if connector == data.connector_id:
            continue
        conf = await central_system.send("prerequisite", "ChangeAvailability", connectorId=connector, type="Inoperative")
        central_system.check("prerequisite", "ChangeAvailability.conf", conf, status="Accepted")
        await central_system.expect("prerequisite", "StatusNotification", connectorId=connector, status="Unavailable")


def status_per_connector(step: int | str, reply_step: int | str, connectors: int,
                         statuses: dict[int, Any] | None = None) -> list:
    """One StatusNotification for connector 0 and each connector, in any order: Available unless
    `statuses` names another status (or matcher) for that connector."""
    statuses = statuses or {}
    return [expect(step, "StatusNotification", connectorId=c, status=statuses.get(c, "Available"),
                   reply=Reply(reply_step)) for c in range(0, connectors + 1)]


async def reboots_after_soft_reset(central_system: Any, data: TestData) -> bool:
    """Whether the charge point reboots after an accepted Soft Reset (the plan makes the new boot optional).

    It does when its connection closes or a BootNotification comes within reset_delay_s (by
    default message_timeout_s: a charge point may finish what it does before it reboots); a
    charge point that resets without rebooting keeps its connection and sends no boot.
    """
    conn = central_system.connection
    return await central_system.wait_for(
        lambda: central_system.connection is not conn or conn.closed.is_set()
        or any(i.action == "BootNotification" for i in central_system.inbox), data.reset_delay_s)


async def ev_side_disconnect_configuration(central_system: Any, stop: str, unlock: str) -> None:
    """The EV-side disconnect cases' configuration states (MinimumStatusDuration only if implemented)."""
    await configuration_state(central_system, "MinimumStatusDuration", "0", if_implemented=True)
    await configuration_state(central_system, "StopTransactionOnEVSideDisconnect", stop)
    await configuration_state(central_system, "UnlockConnectorOnEVSideDisconnect", unlock)


async def id_tag_cached(central_system: Any, charge_point: Any, data: TestData) -> None:
    """Memory state IdTagCached (valid idTag): a transaction started and stopped with it, so the
    charge point's authorization cache holds it as Accepted. AuthorizationCacheEnabled is true."""
    await configuration_state(central_system, "AuthorizationCacheEnabled", "true")
    session = await charging(central_system, charge_point, data)
    connector, tag = session["connector"], session["id_tag"]
    central_system.will_answer("IdTagCached 2", "StopTransaction", idTagInfo=ACCEPTED)
    await charge_point.manual("present_id_tag", id_tag=tag)
    await central_system.expect_in_any_order(
        "steps 1 and 3 may be reversed",
        expect("IdTagCached 1", "StopTransaction", transactionId=session["transaction_id"], reply=Reply("IdTagCached 2")),
        expect("IdTagCached 3", "StatusNotification", connectorId=connector, status="Finishing",
               reply=Reply("IdTagCached 4")),
    )
    await charge_point.manual("unplug", connector=connector)
    await central_system.expect("IdTagCached 5", "StatusNotification", connectorId=connector, status="Available",
                                reply=Reply("IdTagCached 6"))


async def id_tag_local_auth_list(central_system: Any, id_tag: str) -> None:
    """Memory state IdTagLocalAuthList: LocalAuthListEnabled true, then a Full SendLocalList of
    version 1 holding `id_tag` as Accepted (the valid idTag, or the invalid one where a case
    names it: a list that is out of date), answered Accepted."""
    await configuration_state(central_system, "LocalAuthListEnabled", "true")
    conf = await central_system.send("IdTagLocalAuthList 1", "SendLocalList", listVersion=1, updateType="Full",
                                     localAuthorizationList=[{"idTag": id_tag, "idTagInfo": ACCEPTED}])
    central_system.check("IdTagLocalAuthList 2", "SendLocalList.conf", conf, status="Accepted")


async def offline_authorization_configuration(central_system: Any, charge_point: Any, data: TestData, *,
                                              stop_on_invalid: str | None = None) -> None:
    """The configuration and memory states of the offline start cases (TC_037_x_CS, TC_039_CS).

    LocalAuthorizeOffline true; LocalAuthListEnabled, AuthorizationCacheEnabled and
    AllowOfflineTxForUnknownId true if implemented; for the invalid idTag cases
    StopTransactionOnInvalidId as given and MaxEnergyOnInvalidId 0 if implemented. Memory state
    IdTagCached for the valid idTag where the SUT declares an authorization cache (the valid
    idTag cases only), then IdTagLocalAuthList for the case's idTag (the valid one, or the
    invalid one with `stop_on_invalid`) where it declares the Local Auth List Management
    profile ("if implemented": the SUT description tells).
    """
    await configuration_state(central_system, "LocalAuthorizeOffline", "true")
    for key in ("LocalAuthListEnabled", "AuthorizationCacheEnabled", "AllowOfflineTxForUnknownId"):
        await configuration_state(central_system, key, "true", if_implemented=True)
    if stop_on_invalid is not None:
        await configuration_state(central_system, "StopTransactionOnInvalidId", stop_on_invalid)
        await configuration_state(central_system, "MaxEnergyOnInvalidId", "0", if_implemented=True)
    elif charge_point.profile.capability("authorization_cache"):
        await id_tag_cached(central_system, charge_point, data)
    if "LocalAuthListManagement" in charge_point.profile.profiles:
        await id_tag_local_auth_list(central_system, data.valid_id_tag if stop_on_invalid is None else data.invalid_id_tag)
