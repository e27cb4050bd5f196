"""[security] with TLS: the certificate files are checked on load, each problem one line with its fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conformance.checks.verdicts import ConfigError
from conformance.sut.profile import load
from conformance.transport.pki import make_test_pki
from conformance.transport.tls import charge_point_certificate_problems


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_test_pki(tmp_path_factory.mktemp("pki"), charge_point_id="CP_1", operator="Lab", variants=True)


def description(tmp_path: Path, pki, role: str = "charge-point", profile: int = 3, **security: str) -> Path:
    where = 'listen = "wss://127.0.0.1:9443/ocpp"' if role == "charge-point" else 'url = "wss://127.0.0.1:9443/ocpp"'
    if role == "charge-point":
        files = {"certificate": pki.server_certificate, "private_key": pki.server_key, "ca_certificate": pki.root}
    else:
        files = {"ca_certificate": pki.root, "certificate": pki.client_certificate, "private_key": pki.client_key}
    if profile == 2:
        files.pop("ca_certificate" if role == "charge-point" else "certificate")
        files.pop("private_key" if role == "central-system" else "ca_certificate", None)
        files["password"] = "a-key-of-20-letters!"
    lines = [f'{k} = "{v}"' for k, v in {**files, **security}.items() if v is not None]
    path = tmp_path / "sut.toml"
    path.write_text(f'[sut]\nrole = "{role}"\ncharge_point_id = "CP_1"\n{where}\n'
                    f'[security]\nprofile = {profile}\n' + "\n".join(lines) + "\n")
    return path


def one_line(path: Path, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load(path)
    text = str(info.value)
    assert message in text and text.startswith(str(path)) and "\n" not in text


def test_correct_material_loads_in_both_roles(tmp_path, pki):
    for role in ("charge-point", "central-system"):
        for profile in (2, 3):
            sut = load(description(tmp_path, pki, role, profile))
            assert sut.tls is not None and sut.uses_tls
            sut.check_tls()


def test_a_missing_file(tmp_path, pki):
    one_line(description(tmp_path, pki, certificate=str(tmp_path / "nope.pem")),
             "[security] certificate")
    one_line(description(tmp_path, pki, certificate=str(tmp_path / "nope.pem")), "no such file")


def test_an_unreadable_file(tmp_path, pki):
    not_pem = tmp_path / "not.pem"
    not_pem.write_text("hello")
    one_line(description(tmp_path, pki, ca_certificate=str(not_pem)), "not a PEM certificate")


def test_a_key_that_is_not_the_certificates(tmp_path, pki):
    one_line(description(tmp_path, pki, private_key=str(pki.client_key)),
             "does not belong to [security] certificate")


def test_an_expired_certificate(tmp_path, pki):
    one_line(description(tmp_path, pki, certificate=str(pki.path("central-system-expired.pem"))),
             "expired on")


def test_missing_material_names_the_key_and_the_pki_command(tmp_path, pki):
    one_line(description(tmp_path, pki, "central-system", certificate=None, private_key=None),
             "missing [security] certificate for profile 3")
    one_line(description(tmp_path, pki, "central-system", certificate=None, private_key=None),
             "ocpp-conformance pki")


def test_no_fallback_to_plain_websocket(tmp_path, pki):
    path = description(tmp_path, pki)
    path.write_text(path.read_text().replace("wss://", "ws://"))
    one_line(path, "there is no fallback to ws://")


def test_basic_auth_is_not_profile_3(tmp_path, pki):
    one_line(description(tmp_path, pki, password="x" * 16), "password is set but profile is 3")


def test_an_encrypted_key_and_its_password(tmp_path, pki, monkeypatch):
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(pki.server_key.read_bytes(), None)
    encrypted = tmp_path / "encrypted.key"
    encrypted.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.BestAvailableEncryption(b"key-pass-word")))
    sut = load(description(tmp_path, pki, private_key=str(encrypted), private_key_password="key-pass-word"))
    sut.check_tls()
    assert "key-pass-word" not in repr(sut)
    one_line(description(tmp_path, pki, private_key=str(encrypted)), "it is encrypted")
    one_line(description(tmp_path, pki, private_key=str(encrypted), private_key_password="wrong"),
             "the key is never shown")
    monkeypatch.delenv("NOT_SET_ANYWHERE_42", raising=False)
    sut = load(description(tmp_path, pki, private_key=str(encrypted), private_key_password_env="NOT_SET_ANYWHERE_42"))
    with pytest.raises(ConfigError, match="private_key_password_env names NOT_SET_ANYWHERE_42"):
        sut.check_tls()
    monkeypatch.setenv("NOT_SET_ANYWHERE_42", "key-pass-word")
    sut.check_tls()


def test_the_generated_client_certificate_has_the_whitepapers_properties(pki):
    der = pki.client_certificate.read_bytes()
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    cert = x509.load_pem_x509_certificate(der).public_bytes(Encoding.DER)
    assert charge_point_certificate_problems(cert, charge_point_id="CP_1", operator="Lab") == []
    wrong = x509.load_pem_x509_certificate(pki.path("charge-point-wrong-o.pem").read_bytes()).public_bytes(Encoding.DER)
    assert "its subject O is ['another operator']" in charge_point_certificate_problems(
        wrong, charge_point_id="CP_1", operator="Lab")[0]


def test_the_pki_command_writes_keys_for_the_owner_only(tmp_path):
    out = tmp_path / "lab"
    done = subprocess.run([sys.executable, "-m", "conformance.cli", "pki", "--out", str(out), "--charge-point-id", "CP_9"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert {p.name for p in out.iterdir()} >= {"root.pem", "central-system.pem", "central-system.key",
                                               "charge-point.pem", "charge-point.key"}
    assert all(p.stat().st_mode & 0o077 == 0 for p in out.glob("*.key"))
    assert "PRIVATE KEY" not in done.stdout
    again = subprocess.run([sys.executable, "-m", "conformance.cli", "pki", "--out", str(out), "--charge-point-id", "CP_9"],
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and again.stderr.count("\n") == 1


def test_a_key_in_an_environment_variable(tmp_path, pki, monkeypatch):
    """CI secrets: the PEM key itself in a variable, read when a run starts."""
    monkeypatch.delenv("CS_KEY_PEM", raising=False)
    sut = load(description(tmp_path, pki, private_key=None, private_key_env="CS_KEY_PEM"))
    with pytest.raises(ConfigError, match="private_key_env names CS_KEY_PEM, which is not set"):
        sut.check_tls()
    monkeypatch.setenv("CS_KEY_PEM", pki.client_key.read_text())
    one_line_at_run = pytest.raises(ConfigError, match="does not belong to")
    with one_line_at_run:
        sut.check_tls()
    monkeypatch.setenv("CS_KEY_PEM", pki.server_key.read_text())
    sut.check_tls()
    assert "BEGIN" not in repr(sut)
    one_line(description(tmp_path, pki, private_key_env="CS_KEY_PEM"), "give one of them")
