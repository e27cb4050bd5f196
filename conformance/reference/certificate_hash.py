"""certificateHashData as the reference SUTs compute it: with the certificate library's own
encodings (the issuer Name re-encoded, the key in its X9.62 or PKCS#1 form), independently of
the suite's reading of the DER (conformance.checks.certificate_ids), so that each checks the other."""

from __future__ import annotations

import hashlib
from typing import Any

HASHES = {"SHA256": "sha256", "SHA384": "sha384", "SHA512": "sha512"}


def key_bits(public_key: Any, *, whole_key_info: bool = False) -> bytes:
    """The public key's bits; `whole_key_info` (a fault) takes the whole SubjectPublicKeyInfo instead."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if whole_key_info:
        return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    if isinstance(public_key, rsa.RSAPublicKey):
        return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    raise ValueError(f"unsupported key type {type(public_key).__name__}")


def hash_data(certificate: Any, algorithm: str = "SHA256", *, whole_key_info: bool = False) -> dict[str, str]:
    """Of a root certificate (its own issuer)."""
    name = HASHES[algorithm]
    return {"hashAlgorithm": algorithm,
            "issuerNameHash": hashlib.new(name, certificate.issuer.public_bytes()).hexdigest(),
            "issuerKeyHash": hashlib.new(name, key_bits(certificate.public_key(),
                                                        whole_key_info=whole_key_info)).hexdigest(),
            "serialNumber": f"{certificate.serial_number:x}"}


def names(wanted: dict[str, Any], ours: dict[str, str]) -> bool:
    """Whether certificateHashData `wanted` names the certificate whose data is `ours`."""
    return all(str(wanted.get(k, "")).lower() == v.lower() for k, v in ours.items() if k != "serialNumber") and \
        str(wanted.get("serialNumber", "")).lower().lstrip("0") == ours["serialNumber"].lstrip("0")
