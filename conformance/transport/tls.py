"""TLS for security profiles 2 and 3, per the OCPP 1.6 Security Whitepaper (edition 3).

What the whitepaper's sections "TLS with Basic Authentication" (profile 2), "TLS with Client
Side Certificates" (profile 3) and "Certificate Properties" ask, and this module encodes:
TLS 1.2 or higher only; the central system supports the four cipher suites below, a charge
point at least the two of one key type; each side checks the other's certificate against the
root it was configured with; the charge point's certificate names the charge point identity
in its subject CN and the operator (CpoName) in O; X.509, with a serial number, RSA keys of
at least 2048 bits or elliptic curve keys of at least 224 bits. There is no fallback to
plain ws:// once a profile with TLS is configured.
"""

from __future__ import annotations

import datetime as dt
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from cryptography.x509.oid import NameOID

# IANA name -> OpenSSL name (TLS 1.2 suites; TLS 1.3 suites are not configurable this way).
ECDSA_SUITES = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256": "ECDHE-ECDSA-AES128-GCM-SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384": "ECDHE-ECDSA-AES256-GCM-SHA384"}
RSA_SUITES = {"TLS_RSA_WITH_AES_128_GCM_SHA256": "AES128-GCM-SHA256",
              "TLS_RSA_WITH_AES_256_GCM_SHA384": "AES256-GCM-SHA384"}
REQUIRED_SUITES = {**ECDSA_SUITES, **RSA_SUITES}
# What the harness offers and accepts: the required suites and the usual modern ones, so that
# the suites a peer shares with it show which of the required ones the peer offers.
HARNESS_CIPHERS = ":".join([*REQUIRED_SUITES.values(), "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
                            "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305"])
VERSIONS_OK = ("TLSv1.2", "TLSv1.3")


class MaterialError(ValueError):
    """A problem with configured certificate material: what is wrong, and how to fix it."""


@dataclass(frozen=True)
class TlsMaterial:
    """The harness's side of TLS: the root it trusts, and its own certificate and key (if any)."""

    ca_certificate: Path | None
    certificate: Path | None = None
    private_key: Path | None = None
    key_password: str | None = field(default=None, repr=False)


@dataclass
class TlsSession:
    """What one TLS handshake with the SUT showed: the facts the transport cases judge."""

    version: str | None
    cipher: str | None
    shared_ciphers: list[str]
    peer_certificate: bytes | None  # DER

    @classmethod
    def of(cls, ssl_object: Any) -> TlsSession:
        if ssl_object is None:
            return cls(None, None, [], None)
        shared = [name for name, _, _ in (ssl_object.shared_ciphers() or [])]
        cipher = ssl_object.cipher()
        return cls(ssl_object.version(), cipher[0] if cipher else None, shared,
                   ssl_object.getpeercert(binary_form=True))

    def describe(self) -> str:
        """For the trace: version, suite, and which required suites the peer shares. Never a key."""
        required = [iana for iana, name in REQUIRED_SUITES.items() if name in self.shared_ciphers]
        peer = certificate_summary(self.peer_certificate) if self.peer_certificate else "no certificate"
        return (f"TLS {self.version or 'none'}, cipher {self.cipher}, required suites offered: "
                f"{', '.join(required) or 'none'}; peer certificate: {peer}")


def _harden(context: ssl.SSLContext) -> ssl.SSLContext:
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers(HARNESS_CIPHERS)
    return context


def server_context(material: TlsMaterial, *, client_certificates: bool) -> ssl.SSLContext:
    """The harness as central system. With client certificates (profile 3) the certificate is
    asked for and checked against the root; one that is missing is refused at the HTTP upgrade,
    with a reason the case can name (a TLS alert would tell the trace nothing)."""
    context = _harden(ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER))
    assert material.certificate and material.private_key
    context.load_cert_chain(material.certificate, material.private_key, password=material.key_password)
    if client_certificates:
        assert material.ca_certificate
        context.load_verify_locations(cafile=material.ca_certificate)
        context.verify_mode = ssl.CERT_OPTIONAL
    return context


def client_context(material: TlsMaterial, *, ciphers: str | None = None,
                   maximum: ssl.TLSVersion | None = None) -> ssl.SSLContext:
    """The harness as charge point: the server certificate is checked against the configured root."""
    context = _harden(ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
    if material.ca_certificate:
        context.load_verify_locations(cafile=material.ca_certificate)
    if material.certificate and material.private_key:
        context.load_cert_chain(material.certificate, material.private_key, password=material.key_password)
    if ciphers:
        context.set_ciphers(ciphers)
    if maximum:
        context.maximum_version = maximum
    return context


def certificate_summary(der: bytes) -> str:
    cert = x509.load_der_x509_certificate(der)
    return f"subject {cert.subject.rfc4514_string()}, issuer {cert.issuer.rfc4514_string()}, serial {cert.serial_number:x}"


def _attribute(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> list[str]:
    return [str(a.value) for a in cert.subject.get_attributes_for_oid(oid)]


def key_size_problem(key: Any) -> str | None:
    """The whitepaper's key sizes: RSA or DSA at least 2048 bits, elliptic curve at least 224."""
    if isinstance(key, (rsa.RSAPublicKey, dsa.DSAPublicKey)) and key.key_size < 2048:
        return f"its RSA/DSA key has {key.key_size} bits, fewer than 2048"
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < 224:
        return f"its elliptic curve key has {key.curve.key_size} bits, fewer than 224"
    return None


def _identity_problems(subject: x509.Name, public_key: Any, *, charge_point_id: str, organization: str | None,
                       organization_is: str) -> list[str]:
    """A charge point's subject (CN its identity, O the operator where named) and key size."""
    problems = []
    names = [str(a.value) for a in subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    if names != [charge_point_id]:
        problems.append(f"its subject CN is {names or 'missing'}, not the charge point identity {charge_point_id!r}")
    if organization is not None:
        orgs = [str(a.value) for a in subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
        if orgs != [organization]:
            problems.append(f"its subject O is {orgs or 'missing'}, not {organization_is} {organization!r}")
    size = key_size_problem(public_key)
    if size:
        problems.append(size)
    return problems


def charge_point_certificate_problems(der: bytes, *, charge_point_id: str, operator: str | None) -> list[str]:
    """Why a charge point's client certificate does not have the properties the whitepaper asks."""
    cert = x509.load_der_x509_certificate(der)
    problems = [] if cert.serial_number else ["it has no serial number"]
    return problems + _identity_problems(cert.subject, cert.public_key(), charge_point_id=charge_point_id,
                                         organization=operator, organization_is="the operator ([security] operator)")


def csr_problems(pem: str, *, charge_point_id: str, organization: str | None) -> list[str]:
    """Why a charge point's certificate signing request does not ask for the certificate the
    whitepaper describes (CN its identity, O the CpoName, a key of the required size)."""
    try:
        csr = x509.load_pem_x509_csr(pem.encode())
    except ValueError:
        return ["it is not a PKCS#10 certificate signing request in PEM"]
    if not csr.is_signature_valid:
        return ["its signature does not verify with the key it carries"]
    return _identity_problems(csr.subject, csr.public_key(), charge_point_id=charge_point_id,
                              organization=organization, organization_is="the CpoName")


def server_certificate_problems(der: bytes, *, host: str) -> list[str]:
    """Why a central system's server certificate does not have the properties the plan validates."""
    cert = x509.load_der_x509_certificate(der)
    problems = []
    if not cert.serial_number:
        problems.append("it has no serial number")
    names = _attribute(cert, NameOID.COMMON_NAME)
    if host not in names:
        problems.append(f"its subject CN is {names or 'missing'}, not the server's host name {host!r}")
    size = key_size_problem(cert.public_key())
    if size:
        problems.append(size)
    return problems


# -- checking configured material at load time -----------------------------------------------------

def read_certificate(path: Path, key: str) -> x509.Certificate:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MaterialError(f"{key} {str(path)!r}: no such file: give the path of a PEM certificate "
                            "(relative paths are read from the SUT file's folder)") from None
    except OSError as exc:
        raise MaterialError(f"{key} {str(path)!r}: cannot read it ({exc.strerror}): check its permissions") from None
    try:
        certs = x509.load_pem_x509_certificates(data)
    except ValueError:
        raise MaterialError(f"{key} {str(path)!r}: not a PEM certificate (-----BEGIN CERTIFICATE-----): "
                            "convert it, e.g. openssl x509 -inform der -in FILE -out FILE.pem") from None
    now = dt.datetime.now(dt.UTC)
    cert = certs[0]
    if cert.not_valid_after_utc < now:
        raise MaterialError(f"{key} {str(path)!r}: the certificate ({cert.subject.rfc4514_string()}) expired on "
                            f"{cert.not_valid_after_utc:%Y-%m-%d %H:%M} UTC: issue a new one "
                            "(ocpp-conformance pki makes a test PKI)")
    if cert.not_valid_before_utc > now:
        raise MaterialError(f"{key} {str(path)!r}: the certificate is not valid before "
                            f"{cert.not_valid_before_utc:%Y-%m-%d %H:%M} UTC: check the clock, or issue one valid now")
    return cert


def read_private_key(path: Path, key: str, password: str | None) -> Any:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MaterialError(f"{key} {str(path)!r}: no such file: give the path of the PEM private key") from None
    except OSError as exc:
        raise MaterialError(f"{key} {str(path)!r}: cannot read it ({exc.strerror}): check its permissions") from None
    try:
        return serialization.load_pem_private_key(data, password.encode() if password else None)
    except TypeError:
        hint = ("it is encrypted: give [security] private_key_password_env" if password is None
                else "it is not encrypted: remove the private key password")
        raise MaterialError(f"{key} {str(path)!r}: {hint}") from None
    except ValueError:
        what = "or the password is wrong " if password else ""
        raise MaterialError(f"{key} {str(path)!r}: not a PEM private key {what}(the key is never shown): "
                            "check the file and [security] private_key_password_env") from None


def check_material(material: TlsMaterial) -> None:
    """Raise MaterialError when the configured files cannot work: missing, unreadable, expired, mismatched."""
    if material.ca_certificate:
        read_certificate(material.ca_certificate, "[security] ca_certificate")
    if material.certificate:
        cert = read_certificate(material.certificate, "[security] certificate")
        assert material.private_key
        private = read_private_key(material.private_key, "[security] private_key", material.key_password)
        pub = serialization.PublicFormat.SubjectPublicKeyInfo
        if private.public_key().public_bytes(serialization.Encoding.DER, pub) != \
                cert.public_key().public_bytes(serialization.Encoding.DER, pub):
            raise MaterialError(f"[security] private_key {str(material.private_key)!r} does not belong to "
                                f"[security] certificate {str(material.certificate)!r} ({cert.subject.rfc4514_string()}): "
                                "give the key the certificate was issued for")
