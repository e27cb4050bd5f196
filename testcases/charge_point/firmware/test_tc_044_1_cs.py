"""TC_044_1_CS Firmware Update - Download and Install.

SUT: Charge Point; the harness is the central system and runs the file server. UpdateFirmware
points the charge point at a valid image on the harness's server (the first scheme of
[file_server] schemes, the address the SUT reaches it at); it must report Downloading,
Downloaded (only once the server has sent it the whole file) and Installing, then reboot into
the new firmware: BootNotification, every connector and connector 0 Available, and Installed.
Installed may come before the boot (the plan allows steps 9 and 13 either way round). Connectors
the charge point sets Unavailable for the update are judged by the connector state machine.
Plan: OCPP 1.6 test case document, TC_044_1_CS.
"""

from conformance import Reply, conformance_case, expect, utc_now
from conformance.fileserver import FIRMWARE
from conformance.steps.charge_point import firmware, reusable
from conformance.steps.charge_point.firmware import Watch, firmware_status


@conformance_case("TC_044_1_CS")
async def test_tc_044_1_cs(central_system, charge_point, test_data, file_server):
    watch = Watch(file_server, "download", FIRMWARE)
    wait = test_data.firmware_timeout_s
    central_system.will_answer(10, "BootNotification", status="Accepted", interval=test_data.heartbeat_interval_s)

    # Steps 1 and 2: UpdateFirmware with the location of the valid image, to be fetched now.
    await central_system.send(1, "UpdateFirmware", location=watch.url, retrieveDate=utc_now())

    # Steps 3 to 8: Downloading, Downloaded (the file really fetched), Installing.
    await firmware.expect_status(central_system, 3, firmware.FIRMWARE_STATUS, "Downloading", watch, wait)
    await firmware.expect_status(central_system, 5, firmware.FIRMWARE_STATUS, "Downloaded", watch, wait)
    await firmware.transferred(5, "Downloaded", watch, test_data)
    await firmware.expect_status(central_system, 7, firmware.FIRMWARE_STATUS, "Installing", watch, wait)

    # Steps 9 to 14: the reboot: BootNotification (Installed may come before it), the connectors
    # Available, and Installed where it did not come first.
    boot, installed = await central_system.expect_in_any_order(
        "step 13 may come before step 9",
        expect(9, "BootNotification", reply=Reply(10)), firmware_status(13, "Installed", optional=True),
        timeout=wait)
    await central_system.expect_in_any_order(
        "one per connector and one for connector 0",
        *reusable.status_per_connector(11, 12, charge_point.profile.connectors))
    if installed is None:
        await firmware.expect_status(central_system, 13, firmware.FIRMWARE_STATUS, "Installed", watch, wait)
