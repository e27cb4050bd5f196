from pathlib import Path

import pytest

from conformance.ocpp.actions import Role
from conformance.sut.profile import load
from conformance.verdicts import ConfigError

ROOT = Path(__file__).resolve().parents[2]

MINIMAL_CP = """
[sut]
role = "charge-point"
charge_point_id = "CP_1"
listen = "ws://127.0.0.1:9000/ocpp"
[actions]
driver = "prompt"
"""


def write(tmp_path, text, name="sut.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "fixtures" / "suts").glob("*.toml")))
def test_shipped_descriptions_load(name, monkeypatch):
    monkeypatch.setenv("EASEE_BASIC_AUTH", "a-test-secret")
    assert load(ROOT / "fixtures" / "suts" / name).charge_point_id


def test_defaults_of_a_minimal_description(tmp_path):
    profile = load(write(tmp_path, MINIMAL_CP))
    assert profile.role is Role.CHARGE_POINT
    assert profile.listen_host_port == ("127.0.0.1", 9000)
    assert profile.listen_path == "/ocpp/CP_1"
    assert profile.test_data.message_timeout_s == 30.0
    assert profile.profiles == {"Core"}


def test_url_templates(tmp_path):
    text = MINIMAL_CP.replace('role = "charge-point"', 'role = "central-system"').replace(
        'listen = "ws://127.0.0.1:9000/ocpp"', 'url = "ws://127.0.0.1:9000/ocpp/{charge_point_id}/"')
    assert load(write(tmp_path, text)).connect_url == "ws://127.0.0.1:9000/ocpp/CP_1/"
    plain = text.replace("/ocpp/{charge_point_id}/", "/ocpp/")
    assert load(write(tmp_path, plain)).connect_url == "ws://127.0.0.1:9000/ocpp/CP_1"


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t + "\n[test_data]\nmessage_timeout = 3\n", "unknown key [test_data] message_timeout"),
    (lambda t: t + "\n[test_data]\nmessage_timeout_s = \"3\"\n", "[test_data] message_timeout_s must be a number"),
    (lambda t: t + "\n[test_data]\nmessage_timeout_s = 0\n", "[test_data] message_timeout_s must be greater than 0"),
    (lambda t: t + "\n[extras]\na = 1\n", "unknown table [extras]"),
    (lambda t: t.replace('charge_point_id = "CP_1"\n', ""), "missing [sut] charge_point_id"),
    (lambda t: t.replace('"charge-point"', '"charger"'), "[sut] role must be one of"),
    (lambda t: t.replace('listen = "ws://127.0.0.1:9000/ocpp"\n', ""), "missing [sut] listen"),
    (lambda t: t.replace("ws://127.0.0.1:9000/ocpp", "http://x"), "must be a ws:// or wss:// URL"),
    (lambda t: t.replace('driver = "prompt"', 'driver = "command"'), "needs command ="),
    (lambda t: t + "\n[capabilities]\nprofiles = [\"Core\", \"Billing\"]\n", "unknown profile 'Billing'"),
    (lambda t: t + "\n[capabilities]\nconnectors = 1\n[test_data]\nconnector_id = 2\n", "connector_id 2"),
    (lambda t: t + "\n[security]\nprofile = 1\n", "profile 1 needs password"),
    (lambda t: t + "\n[security]\nprofile = 3\n", "profile 3 is not supported yet"),
    (lambda t: t + "\n[security]\nprofile = 1\npassword_env = \"NOT_SET_ANYWHERE_42\"\n", "NOT_SET_ANYWHERE_42"),
    (lambda t: t + "\n[reference]\nfaults = [\"x\"]\n", "only apply with [actions] driver = \"reference\""),
    (lambda t: t + "\n[checks]\ntimestamps = \"local\"\n", "[checks] timestamps must be one of"),
    (lambda t: t + "\n[sut]\n", "not valid TOML"),
])
def test_every_mistake_is_one_line_naming_file_and_key(tmp_path, change, message):
    path = write(tmp_path, change(MINIMAL_CP))
    with pytest.raises(ConfigError) as info:
        load(path)
    text = str(info.value)
    assert message in text
    assert text.startswith(str(path)) and "\n" not in text


def test_a_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="no such file"):
        load(tmp_path / "nope.toml")


def test_the_password_stays_out_of_repr(tmp_path):
    profile = load(write(tmp_path, MINIMAL_CP + '\n[security]\nprofile = 1\npassword = "s3cret-value"\n'))
    assert profile.password == "s3cret-value" and "s3cret-value" not in repr(profile)
