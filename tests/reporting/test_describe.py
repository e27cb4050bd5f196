"""A SUT description as reports show it: everything the file says, but no secret."""

from __future__ import annotations

from conformance.reporting.describe import HIDDEN, description_lines, sut_description
from conformance.sut import profile as sut_profile
from conformance.sut.local import write_toml


def test_passwords_and_credentials_are_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("CSMS_SECRET_FOR_TEST", "s3cr3t-from-env")
    path = write_toml(tmp_path / "csms.toml", {
        "sut": {"role": "central-system", "charge_point_id": "CP_1", "url": "ws://127.0.0.1:9/ocpp?site=7&token=tok-99"},
        "security": {"profile": 1, "password_env": "CSMS_SECRET_FOR_TEST"},
        "actions": {"driver": "command", "command": "rig --pw s3cr3t-from-env --to http://op:hunter2@10.0.0.9/x {action}"},
        "notes": {"api_token": "abc123", "deviation": "answers Heartbeat late"},
    })
    described = sut_description(sut_profile.load(path))
    text = "\n".join(description_lines(described))
    for secret in ("s3cr3t-from-env", "hunter2", "abc123", "tok-99"):
        assert secret not in text
    assert f"api_token = \"{HIDDEN}\"" in text
    assert 'password_env = "CSMS_SECRET_FOR_TEST"' in text     # the variable's name tells where, not what
    assert f"http://op:{HIDDEN}@10.0.0.9/x" in text
    assert f"ws://127.0.0.1:9/ocpp?site=7&token={HIDDEN}" in text
    assert 'deviation = "answers Heartbeat late"' in text
    assert described["role"] == "central-system" and described["file"] == "csms.toml"


def test_a_password_in_the_file_is_not_shown(tmp_path):
    path = write_toml(tmp_path / "cp.toml", {
        "sut": {"role": "charge-point", "charge_point_id": "CP_1", "listen": "ws://127.0.0.1:9/ocpp"},
        "security": {"profile": 1, "password": "the-basic-auth-key"},
    })
    text = "\n".join(description_lines(sut_description(sut_profile.load(path))))
    assert "the-basic-auth-key" not in text and f'password = "{HIDDEN}"' in text
