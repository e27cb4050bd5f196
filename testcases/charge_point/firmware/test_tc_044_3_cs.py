"""TC_044_3_CS Firmware Update - Installation Failed.

SUT: Charge Point; the harness is the central system and runs the file server. UpdateFirmware
names an image the charge point cannot install ([file_server] invalid_firmware, or the
built-in one that no charger accepts): it must report Downloading and Downloaded (the file
really fetched), Installing unless the installation fails at once, and InstallationFailed. A
reboot is optional: a charge point that closes its connection or boots within reset_delay_s
of InstallationFailed, or before it, must then boot and report every connector and connector
0 Available; the boot and InstallationFailed may come in either order.
Plan: OCPP 1.6 test case document, TC_044_3_CS.
"""

from dataclasses import replace

from conformance import Reply, conformance_case, expect, utc_now
from conformance.fileserver import INVALID_FIRMWARE
from conformance.steps.charge_point import firmware, reusable
from conformance.steps.charge_point.firmware import Watch, firmware_status


@conformance_case("TC_044_3_CS")
async def test_tc_044_3_cs(central_system, charge_point, test_data, file_server):
    watch = Watch(file_server, "download", INVALID_FIRMWARE)
    wait = test_data.firmware_timeout_s
    central_system.will_answer(10, "BootNotification", status="Accepted", interval=test_data.heartbeat_interval_s)

    # Steps 1 and 2: UpdateFirmware with the location of an image that cannot be installed.
    await central_system.send(1, "UpdateFirmware", location=watch.url, retrieveDate=utc_now())

    # Steps 3 to 6: Downloading, Downloaded (the file really fetched).
    await firmware.expect_status(central_system, 3, firmware.FIRMWARE_STATUS, "Downloading", watch, wait)
    await firmware.expect_status(central_system, 5, firmware.FIRMWARE_STATUS, "Downloaded", watch, wait)
    await firmware.transferred(5, "Downloaded", watch, test_data)

    # Steps 7 to 14 in any order: Installing (optional), InstallationFailed, and a reboot (optional)
    # with its BootNotification and every connector Available.
    conn = central_system.connection
    statuses = [expect(13, "StatusNotification", connectorId=c, status="Available", reply=Reply(14), optional=True)
                for c in range(0, charge_point.profile.connectors + 1)]
    _, boot, _, *reported = await firmware.expect_statuses(
        central_system, "steps 9, 11 and 13 in any order; 7, 9 and 13 optional",
        firmware_status(7, "Installing", optional=True), expect(9, "BootNotification", reply=Reply(10), optional=True),
        firmware_status(11, "InstallationFailed"), *statuses, watch=watch, timeout=wait)

    # Where the charge point reboots (within reset_delay_s after InstallationFailed, if not before):
    # the boot, then the statuses of every connector that are still to come.
    if boot is None and await reusable.reboots_after_soft_reset(central_system, test_data):
        boot = await central_system.expect(9, "BootNotification", reply=Reply(10), timeout=test_data.reboot_timeout_s)
    missing = [replace(e, optional=False) for e, seen in zip(statuses, reported, strict=True) if seen is None]
    if (boot is not None or central_system.connection is not conn) and missing:
        await central_system.expect_in_any_order("one per connector and one for connector 0", *missing)
