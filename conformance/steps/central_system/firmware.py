"""Steps of the Firmware Management cases (`_CSMS`): the harness, as the charge point, really
fetches the firmware and sends the diagnostics file where the central system says, over the
loopback to the file server the case started, and reports what became of the transfer.

The location is the file server's: the operator hands it to the central system with the
request (csms_send), and step 1 checks the central system passed it on. A transfer that goes
other than the case needs (the valid firmware does not download) is the set-up's problem,
never the central system's verdict.
"""

from __future__ import annotations

import asyncio
from typing import Any

from ...checks.expectations import Reply
from ...checks.verdicts import SetupError
from ...fileserver import is_valid_image
from ...fileserver.client import TransferFailed, download, upload
from ...ocpp.datetime import utc_now
from ...roles.charge_point import ChargePointHarness

TRANSFER_TIMEOUT_S = 30.0


async def request_from_operator(central_system: Any, charge_point: ChargePointHarness, action: str,
                                payload: dict[str, Any]) -> dict[str, Any]:
    """The operator makes the central system send `action` with `payload`; step 1 is that request,
    carrying the location the operator gave (answered as a correct charge point answers, step 2)."""
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id, action=action,
                                payload=payload)
    request = await charge_point.expect(1, action, location=payload["location"], reply=Reply(2))
    return request.payload


def update_firmware_payload(location: str) -> dict[str, Any]:
    return {"location": location, "retrieveDate": utc_now()}


async def fetch(location: str, *, expect_valid: bool | None) -> bytes | None:
    """Download `location` as the charge point would; None when it fails. `expect_valid` says what the
    case's file is (a valid image, one that cannot be installed, or None: none at all)."""
    try:
        image = await asyncio.to_thread(download, location, TRANSFER_TIMEOUT_S)
    except TransferFailed as exc:
        if expect_valid is not None:
            raise SetupError(f"the harness could not fetch the firmware from its own file server: {exc}") from None
        return None
    if expect_valid is None:
        raise SetupError(f"{location} was to fail to download, and it downloaded ({len(image)} bytes)")
    if is_valid_image(image) != expect_valid:
        raise SetupError(f"{location} was to be {'a valid' if expect_valid else 'an invalid'} image, and it is not")
    return image


async def send_diagnostics(charge_point: ChargePointHarness, location: str, *, security_log: bool = False) -> bool:
    """Upload the harness's diagnostics file (or its security log) into `location`; whether it arrived."""
    name = charge_point.security_log_file_name if security_log else charge_point.diagnostics_file_name
    data = f"{utc_now()} security log of {charge_point.profile.charge_point_id}\n".encode() if security_log \
        else charge_point.diagnostics()
    try:
        await asyncio.to_thread(upload, location, name, data, TRANSFER_TIMEOUT_S)
    except TransferFailed:
        return False
    return True


async def statuses(charge_point: ChargePointHarness, step: int, status: str) -> None:
    """[The Charge Point reports the status of all connectors]: one StatusNotification for connector 0 and each."""
    for connector in range(0, charge_point.connectors + 1):
        await charge_point.send(step, "StatusNotification", **charge_point.status_notification(connector, status))


async def reboot_into(charge_point: ChargePointHarness, step: int) -> None:
    """The reboot after an installation: a new connection and a BootNotification that must be Accepted
    (answered at step + 1)."""
    await charge_point.power_off_and_on()
    conf = await charge_point.send(step, "BootNotification", **charge_point.boot_notification())
    charge_point.check(step + 1, "BootNotification.conf", conf, status="Accepted")
