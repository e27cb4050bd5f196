"""[file_server] of a SUT description: validated on load and before the run, one line each."""

from __future__ import annotations

import socket

import pytest

from conformance.checks.verdicts import ConfigError
from conformance.sut import preflight
from conformance.sut.local import free_port, write_toml
from conformance.sut.profile import load
from tests.test_cli import cli, one_clear_line


def description(tmp_path, file_server, profiles=("Core", "FirmwareManagement")):
    return write_toml(tmp_path / "cp.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP_1", "listen": f"ws://127.0.0.1:{free_port()}"},
        "capabilities": {"profiles": list(profiles)}, "file_server": file_server, "actions": {"driver": "prompt"}})


def test_defaults_and_declared_values(tmp_path):
    (tmp_path / "fw.bin").write_bytes(b"image")
    config = load(description(tmp_path, {"schemes": ["HTTP"], "address": "10.0.0.5", "bind": "0.0.0.0",
                                         "http_port": 8080, "firmware": "fw.bin"})).file_server
    assert (config.schemes, config.scheme, config.address, config.bind_host, config.http_port) == \
        (("http",), "http", "10.0.0.5", "0.0.0.0", 8080)
    assert config.firmware == tmp_path / "fw.bin" and config.invalid_firmware is None
    assert load(description(tmp_path, {})).file_server.scheme == "ftp"


@pytest.mark.parametrize(("table", "fragment"), [
    ({"schemes": ["ftps"]}, "[file_server] schemes must list"),
    ({"schemes": []}, "[file_server] schemes must list"),
    ({"ftp_port": 70000}, "[file_server] ftp_port must be a port"),
    ({"address": "lab host"}, "[file_server] address must be"),
    ({"firmware": "missing.bin"}, "[file_server] firmware names"),
    ({"invalid_firmware": "missing.bin"}, "[file_server] invalid_firmware names"),
    ({"port": 21}, "unknown key [file_server] port"),
])
def test_a_description_that_cannot_work_is_refused_on_load(tmp_path, table, fragment):
    with pytest.raises(ConfigError, match=None) as error:
        load(description(tmp_path, table))
    assert fragment in str(error.value)


def test_a_port_in_use_or_an_address_of_another_machine_stops_the_run_before_it_starts(tmp_path):
    port = free_port()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen()
        with pytest.raises(ConfigError, match=rf"\[file_server\] ftp_port {port} on 127.0.0.1 is in use"):
            preflight.check(load(description(tmp_path, {"ftp_port": port})))
    with pytest.raises(ConfigError, match=r"\[file_server\] cannot listen on 192.0.2.1"):
        preflight.check(load(description(tmp_path, {"address": "192.0.2.1"})))
    with pytest.raises(ConfigError, match=r"not a known host name"):
        preflight.check(load(description(tmp_path, {"address": "no-such-host.invalid"})))


def test_without_firmware_management_the_server_is_not_checked(tmp_path):
    preflight.check(load(description(tmp_path, {"address": "192.0.2.1"}, profiles=("Core",))))


def test_a_missing_firmware_file_is_one_line_and_exit_2(tmp_path):
    sut = description(tmp_path, {"firmware": "missing.bin"})
    one_clear_line(cli("run", "--sut", str(sut), "--case", "TC_044_1_CS", "--reports", str(tmp_path / "r")),
                   "[file_server] firmware names", "missing.bin")


def test_an_address_the_server_cannot_listen_on_is_one_line_and_exit_2(tmp_path):
    sut = description(tmp_path, {"address": "192.0.2.1"})
    one_clear_line(cli("run", "--sut", str(sut), "--case", "TC_044_1_CS", "--reports", str(tmp_path / "r")),
                   "[file_server] cannot listen on 192.0.2.1")
