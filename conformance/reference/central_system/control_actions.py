"""The control-port actions of the reference central system (conformance.reference.control)."""

from __future__ import annotations

from typing import Any

from conformance.reference.peer import CallErrorReceived


async def dispatch_control(central: Any, name: str, params: dict) -> Any:
    """Answer a control-port action; KeyError for an unknown one, ValueError for bad input.

    `central` is the ReferenceCentralSystem, left untyped here so that core, which calls this,
    is not imported back."""
    if name == "status":
        return {
            "connected": sorted(central.connected),
            "boot_status": central.boot_status,
            "active_transactions": central.active_transactions(),
        }
    if name == "set_boot_status":
        central.set_boot_status(_param(params, "status", str))
        return {"boot_status": central.boot_status}
    if name == "csms_set_security_profile":
        cp_id, profile = _param(params, "charge_point_id", str), _param(params, "profile", int)
        try:
            return await central.set_security_profile(cp_id, profile, params.get("timeout"))
        except (TimeoutError, LookupError, CallErrorReceived) as error:
            raise ValueError(f"{cp_id}: the security profile was not raised ({error or type(error).__name__})") from None
    if name == "set_basic_auth_password":
        cp_id, password = _param(params, "charge_point_id", str), _param(params, "password", str)
        try:
            return await central.change_password(cp_id, password, params.get("timeout"))
        except (TimeoutError, LookupError, CallErrorReceived) as error:
            raise ValueError(f"{cp_id}: the new password was not delivered ({error or type(error).__name__})") from None
    if name in ("csms_install_certificate", "csms_delete_certificate"):
        cp_id, kind = _param(params, "charge_point_id", str), _param(params, "certificate_type", str)
        operation = central.install_certificate if name == "csms_install_certificate" else central.delete_certificate
        try:
            return await operation(cp_id, kind, params.get("timeout"))
        except (TimeoutError, LookupError, CallErrorReceived) as error:
            raise ValueError(f"{cp_id}: {name} failed ({error or type(error).__name__})") from None
    if name == "csms_reserve_now":
        cp_id = _param(params, "charge_point_id", str)
        try:
            return await central.reserve_now(cp_id, _param(params, "connector_id", int), _param(params, "id_tag", str),
                                             _param(params, "expiry_date", str), params.get("timeout"))
        except (TimeoutError, LookupError, CallErrorReceived) as error:
            raise ValueError(f"{cp_id}: the reservation was not sent ({error or type(error).__name__})") from None
    if name in ("csms_set_charging_profile", "csms_get_composite_schedule", "csms_clear_charging_profile",
                "csms_remote_start_with_profile"):
        _param(params, "charge_point_id", str)
        try:
            return await central.smart_charging(name, params, params.get("timeout"))
        except (TimeoutError, LookupError, CallErrorReceived) as error:
            raise ValueError(f"{params['charge_point_id']}: {name} was not carried out "
                             f"({error or type(error).__name__})") from None
    if name == "csms_transaction_start":
        try:
            return central.transaction_start(_param(params, "transaction_id", int))
        except LookupError as error:
            raise ValueError(str(error)) from None
    # csms_send is the operator action's name (conformance.sut.driver.ACTIONS), so the command
    # driver's {action} reaches it unchanged; "send" is the earlier name of the same action.
    if name in ("csms_send", "send"):
        cp_id = _param(params, "charge_point_id", str)
        action = _param(params, "action", str)
        payload = params.get("payload", {})
        if not isinstance(payload, dict):
            raise ValueError("parameter 'payload' must be a JSON object")
        timeout = params.get("timeout")
        if timeout is not None and not isinstance(timeout, (int, float)):
            raise ValueError("parameter 'timeout' must be a number of seconds")
        try:
            return await central.send(cp_id, action, payload, timeout)
        except CallErrorReceived as error:
            raise ValueError(f"{cp_id} answered {action} with CALLERROR {error.code}: {error.description}") from None
        except LookupError as error:
            raise ValueError(str(error)) from None
        except TimeoutError:
            raise ValueError(f"{cp_id} did not answer {action} in time") from None
    raise KeyError(name)


def _param(params: dict, name: str, kind: type) -> Any:
    value = params.get(name)
    if not isinstance(value, kind):
        raise ValueError(f"parameter {name!r} is required and must be a {kind.__name__}")
    return value
