"""certificateHashData as the suite computes it (OCPP 1.6 Security Whitepaper, CertificateHashDataType).

The fields identify a certificate the way an OCSP CertID does: the hash of the DER of the
certificate's issuer name, the hash of the issuer's public key (the bits of its
subjectPublicKey, without the BIT STRING's tag, length and unused-bits octet) and the serial
number in hexadecimal. Both fields are read straight from the DER here, not through the
certificate library's re-encoding, so that the suite's figures do not share a mistake with a
SUT built on the same library. A root certificate is its own issuer.
"""

from __future__ import annotations

import hashlib
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

ALGORITHMS = {"SHA256": "sha256", "SHA384": "sha384", "SHA512": "sha512"}
FIELDS = ("hashAlgorithm", "issuerNameHash", "issuerKeyHash", "serialNumber")


def _element(der: bytes, at: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the DER element at `at`."""
    tag, length = der[at], der[at + 1]
    start = at + 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(der[start:start + count], "big")
        start += count
    return tag, start, start + length


def _children(der: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    """The elements inside a constructed element's content: (tag, offset of the element, end)."""
    found, at = [], start
    while at < end:
        tag, _, stop = _element(der, at)
        found.append((tag, at, stop))
        at = stop
    return found


def issuer_name_der(certificate: x509.Certificate) -> bytes:
    """The issuer Name as encoded in the certificate's TBSCertificate."""
    return tbs_issuer(certificate.tbs_certificate_bytes)


def tbs_issuer(der: bytes) -> bytes:
    """The issuer Name of a DER TBSCertificate."""
    _, start, end = _element(der, 0)
    fields = _children(der, start, end)
    if fields[0][0] == 0xA0:        # [0] version, present from v2 on
        fields = fields[1:]
    _, at, stop = fields[2]         # serialNumber, signature, issuer
    return der[at:stop]


def public_key_bits(certificate: x509.Certificate) -> bytes:
    """The subjectPublicKey bits of the certificate's SubjectPublicKeyInfo."""
    der = certificate.public_key().public_bytes(serialization.Encoding.DER,
                                                serialization.PublicFormat.SubjectPublicKeyInfo)
    _, start, end = _element(der, 0)
    _, at, _ = _children(der, start, end)[1]        # algorithm, subjectPublicKey
    _, content, stop = _element(der, at)
    return der[content + 1:stop]                    # without the unused-bits octet


def hash_data(certificate: x509.Certificate, issuer: x509.Certificate | None = None,
              algorithm: str = "SHA256") -> dict[str, str]:
    """The certificateHashData of `certificate`, issued by `issuer` (itself when None)."""
    name = ALGORITHMS[algorithm]
    return {
        "hashAlgorithm": algorithm,
        "issuerNameHash": hashlib.new(name, issuer_name_der(certificate)).hexdigest(),
        "issuerKeyHash": hashlib.new(name, public_key_bits(issuer or certificate)).hexdigest(),
        "serialNumber": format(certificate.serial_number, "x"),
    }


def _normal(data: dict[str, Any]) -> tuple[str, ...]:
    """Hex in either case; a serial number with leading zeroes is the same number."""
    values = [str(data.get(f, "")).lower() for f in FIELDS]
    values[3] = values[3].lstrip("0") or "0"
    return tuple(values)


def same(reported: dict[str, Any], expected: dict[str, str]) -> bool:
    return _normal(reported) == _normal(expected)


def differences(reported: dict[str, Any], expected: dict[str, str]) -> list[str]:
    """The fields in which `reported` differs from `expected`, each with both values."""
    return [f"{field} {reported.get(field)!r} (expected {expected[field]!r})"
            for field, got, wanted in zip(FIELDS, _normal(reported), _normal(expected), strict=True) if got != wanted]


def closest(reported: list[dict[str, Any]], expected: dict[str, str]) -> str:
    """Why none of `reported` is `expected`: the entry that differs in the fewest fields."""
    if not reported:
        return "no certificateHashData at all"
    best = min((differences(r, expected) for r in reported), key=len)
    return "the closest entry differs in " + ", ".join(best)
