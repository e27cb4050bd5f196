"""The signed-firmware functions against the test PKI: each check passes the right thing and fails the wrong one."""

import datetime as dt

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from conformance.transport import firmware_signing as fs
from conformance.transport.pki import make_test_pki

IMAGE = b"an image\n" * 100


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_test_pki(tmp_path_factory.mktemp("pki"), charge_point_id="CP_1", operator="Op")


def test_signature_made_verifies_and_a_broken_one_does_not(pki):
    key = fs.load_signing_key(pki.firmware_signing_key)
    certificate = pki.firmware_signing_certificate.read_text()
    assert fs.signature_problem(IMAGE, fs.sign_firmware(IMAGE, key), certificate) is None
    assert "does not verify" in fs.signature_problem(IMAGE, fs.broken_signature(IMAGE, key), certificate)
    assert "does not verify" in fs.signature_problem(IMAGE + b"x", fs.sign_firmware(IMAGE, key), certificate)
    assert "not base64" in fs.signature_problem(IMAGE, "not base64!", certificate)
    assert "no PEM certificate" in fs.signature_problem(IMAGE, fs.sign_firmware(IMAGE, key), "garbage")


def test_rsa_keys_sign_and_verify(tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rsa signer")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    assert fs.signature_problem(IMAGE, fs.sign_firmware(IMAGE, key), pem) is None
    assert "does not verify" in fs.signature_problem(IMAGE, fs.broken_signature(IMAGE, key), pem)
    with pytest.raises(ValueError):
        fs.sign_firmware(IMAGE, object())


def test_signing_certificate_chains_to_the_manufacturer_root_only(pki):
    certificate = pki.firmware_signing_certificate.read_text()
    assert fs.signing_certificate_problem(certificate, [pki.manufacturer_root.read_text()]) is None
    assert "not issued by" in fs.signing_certificate_problem(certificate, [pki.root.read_text(),
                                                                            pki.second_root.read_text()])
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=5000)
    assert "not valid now" in fs.signing_certificate_problem(certificate, [pki.manufacturer_root.read_text()], now=later)
    assert "no PEM certificate" in fs.signing_certificate_problem("garbage", [])
