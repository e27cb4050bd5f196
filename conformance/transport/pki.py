"""A test PKI: a root, central system server certificates, a charge point client certificate.

Made when needed (the reference SUTs, the project's tests, `ocpp-conformance pki` for a lab);
no key material is kept in the repository. The certificates follow the OCPP 1.6 Security
Whitepaper (edition 3), "Certificate Properties": X.509 in PEM, a serial number, the
central system's subject CN its host name, the charge point's subject CN its identity and
O the operator (CpoName); elliptic curve keys (P-256, above the 224 bits it asks for), and a
second server certificate with an RSA key of 2048 bits, so that a central system can serve
all four cipher suites the whitepaper names.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class TestPki:
    """Where the files of one test PKI are; keys are PEM files readable by their owner only."""

    __test__ = False  # not a pytest class

    directory: Path

    def path(self, name: str) -> Path:
        return self.directory / name

    @property
    def root(self) -> Path:
        return self.path("root.pem")

    @property
    def root_key(self) -> Path:
        return self.path("root.key")

    @property
    def server_certificate(self) -> Path:
        return self.path("central-system.pem")

    @property
    def server_key(self) -> Path:
        return self.path("central-system.key")

    @property
    def server_rsa_certificate(self) -> Path:
        return self.path("central-system-rsa.pem")

    @property
    def server_rsa_key(self) -> Path:
        return self.path("central-system-rsa.key")

    @property
    def manufacturer_root(self) -> Path:
        """A root to install as ManufacturerRootCertificate (TC_075_1): the certificate of the tool's store."""
        return self.path("manufacturer-root.pem")

    @property
    def firmware_signing_certificate(self) -> Path:
        """The certificate a signed firmware's signature is checked with (TC_080, TC_081), issued
        under manufacturer_root, as the whitepaper's firmware signing certificate is."""
        return self.path("firmware-signing.pem")

    @property
    def firmware_signing_key(self) -> Path:
        return self.path("firmware-signing.key")

    @property
    def second_root(self) -> Path:
        """A second central system root ("Root 2"), installed and deleted by TC_075_2 and TC_076;
        never the one a TLS connection depends on."""
        return self.path("central-system-root-2.pem")

    @property
    def expired_root(self) -> Path:
        """A central system root whose validity has ended (TC_078: to be refused)."""
        return self.path("central-system-root-expired.pem")

    @property
    def client_certificate(self) -> Path:
        return self.path("charge-point.pem")

    @property
    def client_key(self) -> Path:
        return self.path("charge-point.key")


def _name(cn: str, organization: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if organization:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    return x509.Name(parts)


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _write_key(path: Path, key: Any, password: str | None = None) -> None:
    encryption = (serialization.BestAvailableEncryption(password.encode()) if password
                  else serialization.NoEncryption())
    data = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _sign(subject: x509.Name, key: Any, issuer: x509.Name, issuer_key: ec.EllipticCurvePrivateKey,
          *, ca: bool, not_before: dt.datetime, not_after: dt.datetime, usage: list[x509.ObjectIdentifier],
          hosts: tuple[str, ...] = ()) -> x509.Certificate:
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(not_before).not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if ca:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
    else:
        builder = builder.add_extension(x509.ExtendedKeyUsage(usage), critical=False)
    if hosts:
        names: list[x509.GeneralName] = []
        for host in hosts:
            try:
                names.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                names.append(x509.DNSName(host))
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def make_test_pki(directory: str | Path, *, charge_point_id: str, operator: str, hosts: tuple[str, ...] = ("127.0.0.1", "localhost"),
                  days: int = 365, variants: bool = False) -> TestPki:
    """Write root.pem/.key, central-system.pem/.key, central-system-rsa.pem/.key, charge-point.pem/.key.

    With `variants`, also the hostile material the robustness checks use: an expired server
    certificate, a self-signed one, one from another root; charge point certificates from
    another root, self-signed, with another CN, with another O (all with the same keys).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    start, end = now - DAY, now + days * DAY
    root_key, root_name = _key(), _name(f"{operator} test root", operator)
    root = _sign(root_name, root_key, root_name, root_key, ca=True, not_before=start, not_after=end + DAY, usage=[])
    pki = TestPki(directory)
    _write_cert(pki.root, root)
    _write_key(pki.root_key, root_key)   # it signs the certificate a charge point asks for (TC_083_CS)

    server_key = _key()
    server = _sign(_name(hosts[0]), server_key, root_name, root_key, ca=False, not_before=start, not_after=end,
                   usage=[ExtendedKeyUsageOID.SERVER_AUTH], hosts=hosts)
    _write_cert(pki.server_certificate, server)
    _write_key(pki.server_key, server_key)
    # A second server certificate with an RSA key: the TLS_RSA_* suites need one.
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    server_rsa = _sign(_name(hosts[0]), rsa_key, root_name, root_key, ca=False, not_before=start, not_after=end,
                       usage=[ExtendedKeyUsageOID.SERVER_AUTH], hosts=hosts)
    _write_cert(pki.server_rsa_certificate, server_rsa)
    _write_key(pki.server_rsa_key, rsa_key)

    client_key = _key()
    client = _sign(_name(charge_point_id, operator), client_key, root_name, root_key, ca=False, not_before=start,
                   not_after=end, usage=[ExtendedKeyUsageOID.CLIENT_AUTH])
    _write_cert(pki.client_certificate, client)
    _write_key(pki.client_key, client_key)

    _store_roots(pki, operator, now)
    if variants:
        expired = _sign(_name(hosts[0]), server_key, root_name, root_key, ca=False, not_before=now - 30 * DAY,
                        not_after=now - DAY, usage=[ExtendedKeyUsageOID.SERVER_AUTH], hosts=hosts)
        _write_cert(pki.path("central-system-expired.pem"), expired)
        self_signed = _sign(_name(hosts[0]), server_key, _name(hosts[0]), server_key, ca=False, not_before=start,
                            not_after=end, usage=[ExtendedKeyUsageOID.SERVER_AUTH], hosts=hosts)
        _write_cert(pki.path("central-system-self-signed.pem"), self_signed)
        other_key, other_name = _key(), _name("another root", "another operator")
        other_root = _sign(other_name, other_key, other_name, other_key, ca=True, not_before=start,
                           not_after=end + DAY, usage=[])
        stranger = _sign(_name(charge_point_id, operator), client_key, other_name, other_key, ca=False,
                         not_before=start, not_after=end, usage=[ExtendedKeyUsageOID.CLIENT_AUTH])
        _write_cert(pki.path("charge-point-other-root.pem"), stranger)
        _write_cert(pki.path("other-root.pem"), other_root)
        other_server = _sign(_name(hosts[0]), server_key, other_name, other_key, ca=False, not_before=start,
                             not_after=end, usage=[ExtendedKeyUsageOID.SERVER_AUTH], hosts=hosts)
        _write_cert(pki.path("central-system-other-root.pem"), other_server)
        wrong_cn = _sign(_name("NOT_" + charge_point_id, operator), client_key, root_name, root_key, ca=False,
                         not_before=start, not_after=end, usage=[ExtendedKeyUsageOID.CLIENT_AUTH])
        _write_cert(pki.path("charge-point-wrong-cn.pem"), wrong_cn)
        own_signed = _sign(_name(charge_point_id, operator), client_key, _name(charge_point_id, operator), client_key,
                           ca=False, not_before=start, not_after=end, usage=[ExtendedKeyUsageOID.CLIENT_AUTH])
        _write_cert(pki.path("charge-point-self-signed.pem"), own_signed)
        wrong_o = _sign(_name(charge_point_id, "another operator"), client_key, root_name, root_key, ca=False,
                        not_before=start, not_after=end, usage=[ExtendedKeyUsageOID.CLIENT_AUTH])
        _write_cert(pki.path("charge-point-wrong-o.pem"), wrong_o)
    return pki


def make_root(cn: str, operator: str, *, expired: bool = False) -> x509.Certificate:
    """A self-signed root CA certificate whose key is thrown away: one to install, never to sign with."""
    now = dt.datetime.now(dt.UTC)
    start, end = (now - 60 * DAY, now - DAY) if expired else (now - DAY, now + 3650 * DAY)
    key, name = _key(), _name(cn, operator)
    return _sign(name, key, name, key, ca=True, not_before=start, not_after=end, usage=[])


def pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def _store_roots(pki: TestPki, operator: str, now: dt.datetime) -> None:
    """Roots for the certificate management cases (TC_075, TC_076, TC_078), and the firmware
    signing certificate under the manufacturer root (TC_080, TC_081); that root's key is thrown
    away once it has signed it."""
    manufacturer_key, manufacturer = _key(), _name(f"{operator} test manufacturer root", operator)
    _write_cert(pki.manufacturer_root, _sign(manufacturer, manufacturer_key, manufacturer, manufacturer_key, ca=True,
                                             not_before=now - DAY, not_after=now + 3650 * DAY, usage=[]))
    signing_key = _key()
    _write_cert(pki.firmware_signing_certificate, _sign(
        _name(f"{operator} test firmware signing", operator), signing_key, manufacturer, manufacturer_key, ca=False,
        not_before=now - DAY, not_after=now + 3650 * DAY, usage=[ExtendedKeyUsageOID.CODE_SIGNING]))
    _write_key(pki.firmware_signing_key, signing_key)
    _write_cert(pki.second_root, make_root(f"{operator} test central system root 2", operator))
    _write_cert(pki.expired_root, make_root(f"{operator} test central system root (expired)", operator, expired=True))


# What is wrong on purpose with a certificate issued for a charge point's CSR (TC_077_CS).
INVALID_KINDS = ("expired", "not_yet_valid", "wrong_cn", "other_root")


def sign_certificate_request(csr_pem: str, *, root: Path, root_key: Path, days: int = 365,
                             password: str | None = None, invalid: str | None = None) -> str:
    """A client certificate for the CSR, issued under `root` with its key: the chain as PEM
    (the certificate, then the root). ValueError when the CSR is not a valid, self-signed one.

    `invalid` (one of INVALID_KINDS) makes it a certificate the charge point must refuse: its
    validity over, not begun, another CN than asked for, or issued by a root nobody trusts."""
    csr = x509.load_pem_x509_csr(csr_pem.encode())
    if not csr.is_signature_valid:
        raise ValueError("the CSR's signature does not verify")
    issuer = x509.load_pem_x509_certificate(root.read_bytes())
    key = serialization.load_pem_private_key(root_key.read_bytes(), password=password.encode() if password else None)
    now = dt.datetime.now(dt.UTC)
    start, end, subject, issuer_name = now - DAY, now + days * DAY, csr.subject, issuer.subject
    if invalid == "expired":
        start, end = now - 30 * DAY, now - DAY
    elif invalid == "not_yet_valid":
        start, end = now + 30 * DAY, now + 60 * DAY
    elif invalid == "wrong_cn":
        cn = csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        subject = _name("NOT_" + (str(cn[0].value) if cn else "CHARGE_POINT"))
    elif invalid == "other_root":
        key, issuer_name = _key(), _name("a root nobody trusts", "another operator")
        issuer = _sign(issuer_name, key, issuer_name, key, ca=True, not_before=start, not_after=end, usage=[])
    elif invalid is not None:
        raise ValueError(f"invalid must be one of {', '.join(INVALID_KINDS)}")
    certificate = _sign_public(subject, csr.public_key(), issuer_name, key, not_before=start, not_after=end)
    return (certificate.public_bytes(serialization.Encoding.PEM) + issuer.public_bytes(serialization.Encoding.PEM)).decode()


def _sign_public(subject: x509.Name, public_key: Any, issuer: x509.Name, issuer_key: Any, *, not_before: dt.datetime,
                 not_after: dt.datetime) -> x509.Certificate:
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
               .serial_number(x509.random_serial_number()).not_valid_before(not_before).not_valid_after(not_after)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False))
    return builder.sign(issuer_key, hashes.SHA256())


@cache
def session_pki(charge_point_id: str, operator: str) -> TestPki:
    """One generated PKI per charge point and operator for this process (reference SUTs, tests).

    It lives in a temporary directory removed when the process ends.
    """
    holder = tempfile.TemporaryDirectory(prefix="ocpp-conformance-pki-")
    _KEEP.append(holder)
    return make_test_pki(holder.name, charge_point_id=charge_point_id, operator=operator, variants=True)


_KEEP: list[tempfile.TemporaryDirectory[str]] = []
