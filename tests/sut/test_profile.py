from pathlib import Path

import pytest

from conformance.checks.verdicts import ConfigError
from conformance.ocpp.actions import Role
from conformance.sut.profile import load, load_all

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
def test_shipped_descriptions_load(name, monkeypatch, tmp_path):
    monkeypatch.setenv("EASEE_BASIC_AUTH", "a-test-secret")
    path = ROOT / "fixtures" / "suts" / name
    if "../../lab-pki/" in path.read_text():
        # The TLS lab examples read the PKI `ocpp-conformance pki --out lab-pki` makes in the root.
        from conformance.transport.pki import make_test_pki

        make_test_pki(tmp_path / "lab-pki", charge_point_id="CP_LAB", operator="OCPP Conformance Lab")
        (tmp_path / "fixtures" / "suts").mkdir(parents=True)
        path = tmp_path / "fixtures" / "suts" / name
        path.write_text((ROOT / "fixtures" / "suts" / name).read_text())
    assert load(path).charge_point_id


def test_defaults_of_a_minimal_description(tmp_path):
    profile = load(write(tmp_path, MINIMAL_CP))
    assert profile.role is Role.CHARGE_POINT
    assert profile.listen_host_port == ("127.0.0.1", 9000)
    assert profile.listen_path == "/ocpp/CP_1"
    assert profile.test_data.message_timeout_s == 30.0
    assert profile.test_data.quiet_period_s == 30.0   # "does NOT send" is watched as long as any wait
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
    (lambda t: t + "\n[test_data]\nquiet_period_s = 0\n", "[test_data] quiet_period_s must be greater than 0"),
    (lambda t: t + "\n[test_data]\nreservation_expiry_s = 0\n",
     "[test_data] reservation_expiry_s must be greater than 0"),
    (lambda t: t + "\n[test_data]\nmeter_value_sample_interval_s = 1\n",
     "meter_value_sample_interval_s must be more than timing_tolerance_s (1)"),
    (lambda t: t + "\n[test_data]\nconnection_timeout_s = 2\n",
     "connection_timeout_s must be more than timing_tolerance_s + 1 s (2)"),
    (lambda t: t + "\n[test_data]\nboot_retry_interval_s = 2\n",
     "boot_retry_interval_s must be more than timing_tolerance_s + 1 s (2)"),
    (lambda t: t + "\n[test_data]\nclock_aligned_data_interval_s = 2\n",
     "clock_aligned_data_interval_s must be more than twice timing_tolerance_s (1)"),
    (lambda t: t + "\n[extras]\na = 1\n", "unknown table [extras]"),
    (lambda t: t.replace('charge_point_id = "CP_1"\n', ""), "missing [sut] charge_point_id"),
    (lambda t: t.replace('"charge-point"', '"charger"'), "[sut] role must be one of"),
    (lambda t: t.replace('listen = "ws://127.0.0.1:9000/ocpp"\n', ""), "missing [sut] listen"),
    (lambda t: t.replace("ws://127.0.0.1:9000/ocpp", "http://x"), "must be a ws:// or wss:// URL"),
    (lambda t: t.replace('driver = "prompt"', 'driver = "command"'), "needs command ="),
    (lambda t: t + "\n[capabilities]\nprofiles = [\"Core\", \"Billing\"]\n", "unknown profile 'Billing'"),
    (lambda t: t + "\n[capabilities]\nconnectors = 1\n[test_data]\nconnector_id = 2\n", "connector_id 2"),
    (lambda t: t + "\n[security]\nprofile = 1\n", "profile 1 needs password"),
    (lambda t: t + "\n[security]\nprofile = 3\n", "[sut] listen is ws:// but [security] profile 3 is TLS only"),
    (lambda t: t + "\n[security]\nprofile = 4\n", "[security] profile must be 0 (none), 1 (basic auth), 2"),
    (lambda t: t + "\n[security]\npassword = \"x\"\n",
     "[security] password is set but profile is 0 (no authentication): set profile = 1 for basic auth, "
     "or remove password"),
    (lambda t: t + "\n[security]\nprofile = 0\npassword_env = \"CP_PASS\"\n",
     "[security] password_env is set but profile is 0"),
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


def test_password_env_is_read_only_when_the_password_is_needed(tmp_path, monkeypatch):
    """Listing cases connects to nothing: an unset variable only stops what needs the password."""
    monkeypatch.delenv("NOT_SET_ANYWHERE_42", raising=False)
    path = write(tmp_path, MINIMAL_CP + '\n[security]\nprofile = 1\npassword_env = "NOT_SET_ANYWHERE_42"\n')
    profile = load(path)
    with pytest.raises(ConfigError) as info:
        _ = profile.password
    text = str(info.value)
    assert text.startswith(str(path)) and "\n" not in text
    assert "[security] password_env names NOT_SET_ANYWHERE_42, which is not set" in text
    monkeypatch.setenv("NOT_SET_ANYWHERE_42", "from-the-environment")
    assert profile.password == "from-the-environment"
    assert "from-the-environment" not in repr(profile)


def test_the_driver_defaults_to_prompt(tmp_path):
    text = MINIMAL_CP.replace('[actions]\ndriver = "prompt"\n', "")
    assert "[actions]" not in text
    assert load(write(tmp_path, text)).driver == "prompt"
    assert load(write(tmp_path, text + "[actions]\n")).driver == "prompt"


def test_two_descriptions_of_one_role_are_one_line(tmp_path):
    first, second = write(tmp_path, MINIMAL_CP, "a.toml"), write(tmp_path, MINIMAL_CP, "b.toml")
    with pytest.raises(ConfigError) as info:
        load_all([first, second])
    text = str(info.value)
    assert "two SUT descriptions for role 'charge-point'" in text and str(second) in text and "\n" not in text
