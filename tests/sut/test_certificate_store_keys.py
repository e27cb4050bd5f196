"""The store's roots and the hash algorithm of the certificate management cases: checked on load."""

import pytest

from conformance.checks.verdicts import ConfigError
from conformance.sut.profile import load
from conformance.transport.pki import make_root, pem

SUT = """
[sut]
role = "charge-point"
charge_point_id = "CP_1"
listen = "ws://127.0.0.1:9000/ocpp"
[security]
{security}
[test_data]
{test_data}
"""


def write(tmp_path, security="", test_data=""):
    path = tmp_path / "cp.toml"
    path.write_text(SUT.format(security=security, test_data=test_data))
    return path


def test_a_named_root_is_the_one_installed(tmp_path):
    (tmp_path / "root.pem").write_text(pem(make_root("lab root", "Lab")))
    profile = load(write(tmp_path, 'manufacturer_root_certificate = "root.pem"'))
    assert profile.store_certificate("ManufacturerRootCertificate") == (tmp_path / "root.pem").read_text()
    assert "BEGIN CERTIFICATE" in profile.store_certificate("CentralSystemRootCertificate")   # one made for the run


@pytest.mark.parametrize(("security", "content", "message"), [
    ('central_system_root_certificate = "missing.pem"', None,
     "[security] central_system_root_certificate: cannot read"),
    ('manufacturer_root_certificate = "bad.pem"', "not a certificate",
     "[security] manufacturer_root_certificate: "),
])
def test_unreadable_roots_are_one_line(tmp_path, security, content, message):
    if content is not None:
        (tmp_path / "bad.pem").write_text(content)
    with pytest.raises(ConfigError) as raised:
        load(write(tmp_path, security))
    text = str(raised.value)
    assert message in text and "\n" not in text and str(tmp_path / "cp.toml") in text


def test_the_hash_algorithm_is_one_of_the_whitepaper(tmp_path):
    with pytest.raises(ConfigError, match="certificate_hash_algorithm must be SHA256, SHA384 or SHA512"):
        load(write(tmp_path, test_data='certificate_hash_algorithm = "MD5"'))
