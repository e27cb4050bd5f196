"""certificateHashData: read from the DER, checked against the certificate library and hashlib."""

import datetime as dt
import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from conformance.checks import certificate_ids as ids


def certificate(key, issuer_key=None, *, issuer="root", serial=0x1F2E):
    now = dt.datetime.now(dt.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "subject"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Operator")])
    builder = (x509.CertificateBuilder().subject_name(name)
               .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
               .public_key(key.public_key()).serial_number(serial)
               .not_valid_before(now).not_valid_after(now + dt.timedelta(days=1)))
    return builder.sign(issuer_key or key, hashes.SHA256())


@pytest.mark.parametrize("make_key", [lambda: ec.generate_private_key(ec.SECP256R1()),
                                      lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)])
@pytest.mark.parametrize("algorithm", ["SHA256", "SHA384", "SHA512"])
def test_fields_agree_with_an_independent_reading(make_key, algorithm):
    key, issuer_key = make_key(), make_key()
    issuer = certificate(issuer_key)
    cert = certificate(key, issuer_key)
    data = ids.hash_data(cert, issuer, algorithm)
    name = ids.ALGORITHMS[algorithm]
    if isinstance(issuer_key, ec.EllipticCurvePrivateKey):
        bits = issuer_key.public_key().public_bytes(serialization.Encoding.X962,
                                                    serialization.PublicFormat.UncompressedPoint)
    else:
        bits = issuer_key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    assert data == {"hashAlgorithm": algorithm,
                    "issuerNameHash": hashlib.new(name, cert.issuer.public_bytes()).hexdigest(),
                    "issuerKeyHash": hashlib.new(name, bits).hexdigest(),
                    "serialNumber": "1f2e"}


def test_a_root_is_its_own_issuer():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = certificate(key)
    assert ids.hash_data(root) == ids.hash_data(root, root)
    assert ids.issuer_name_der(root) == root.issuer.public_bytes()


def test_a_version_1_certificate_has_no_version_field():
    cert = certificate(ec.generate_private_key(ec.SECP256R1()))
    tbs = cert.tbs_certificate_bytes
    _, start, end = ids._element(tbs, 0)
    tag, _, version_end = ids._element(tbs, start)
    assert tag == 0xA0                               # [0] version, which a v1 certificate leaves out
    content = tbs[version_end:end]
    v1 = bytes([0x30, 0x82]) + len(content).to_bytes(2, "big") + content
    assert ids.tbs_issuer(v1) == cert.issuer.public_bytes()


def test_comparison_ignores_hex_case_and_leading_zeroes_and_names_the_difference():
    expected = {"hashAlgorithm": "SHA256", "issuerNameHash": "ab", "issuerKeyHash": "cd", "serialNumber": "1f"}
    assert ids.same({**expected, "issuerNameHash": "AB", "serialNumber": "001F"}, expected)
    assert ids.same({**expected, "serialNumber": "0"}, {**expected, "serialNumber": "00"})
    wrong = {**expected, "issuerKeyHash": "ce"}
    assert not ids.same(wrong, expected)
    assert ids.differences(wrong, expected) == ["issuerKeyHash 'ce' (expected 'cd')"]
    assert ids.closest([wrong, {}], expected) == "the closest entry differs in issuerKeyHash 'ce' (expected 'cd')"
    assert ids.closest([], expected) == "no certificateHashData at all"
