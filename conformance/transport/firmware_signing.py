"""Signed firmware (OCPP 1.6 Security Whitepaper, "Secure firmware update"): the signature over
an image, made with the firmware signing certificate's key, and the checks of both.

SignedUpdateFirmware.req carries the signing certificate (PEM) and the signature (base64) of
the image at its location. A charge point checks the certificate against its manufacturer
root and the signature against the image it downloaded; the harness does the same, in both
roles, with these functions. The signature is over the image's SHA-256 digest: ECDSA for an
elliptic curve key (what the test PKI makes), RSA PKCS#1 v1.5 or PSS for an RSA key.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa


def load_signing_key(path: Path, password: str | None = None) -> Any:
    return serialization.load_pem_private_key(path.read_bytes(), password=password.encode() if password else None)


def sign_firmware(image: bytes, key: Any) -> str:
    """The base64 signature of `image` with the signing certificate's private key."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        raw = key.sign(image, ec.ECDSA(hashes.SHA256()))
    elif isinstance(key, rsa.RSAPrivateKey):
        raw = key.sign(image, padding.PKCS1v15(), hashes.SHA256())
    else:
        raise ValueError(f"a firmware signing key must be EC or RSA, not {type(key).__name__}")
    return base64.b64encode(raw).decode()


def broken_signature(image: bytes, key: Any) -> str:
    """A well-formed signature that does not match `image` (TC_081: "an invalid signature")."""
    return sign_firmware(image + b"\0not the image", key)


def signature_problem(image: bytes, signature: str, certificate_pem: str) -> str | None:
    """None when `signature` (base64) is the certificate's key's signature over `image`; else why not."""
    try:
        certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
    except ValueError as exc:
        return f"the signing certificate is no PEM certificate ({exc})"
    try:
        raw = base64.b64decode(signature.encode(), validate=True)
    except (binascii.Error, ValueError):
        return "the signature is not base64"
    public = certificate.public_key()
    try:
        if isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(raw, image, ec.ECDSA(hashes.SHA256()))
            return None
        if isinstance(public, rsa.RSAPublicKey):
            for scheme in (padding.PKCS1v15(), padding.PSS(padding.MGF1(hashes.SHA256()), padding.PSS.AUTO)):
                try:
                    public.verify(raw, image, scheme, hashes.SHA256())
                    return None
                except InvalidSignature:
                    continue
            return "the signature does not verify with the signing certificate's key over the image"
    except InvalidSignature:
        return "the signature does not verify with the signing certificate's key over the image"
    return f"the signing certificate's key is neither EC nor RSA ({type(public).__name__})"


def signing_certificate_problem(certificate_pem: str, roots_pem: list[str], *, now: dt.datetime | None = None
                                ) -> str | None:
    """None when the signing certificate is valid now and issued by one of `roots_pem` (the
    manufacturer roots the checker trusts); else why not."""
    try:
        certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
    except ValueError as exc:
        return f"the signing certificate is no PEM certificate ({exc})"
    now = now or dt.datetime.now(dt.UTC)
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        return (f"the signing certificate is not valid now (valid {certificate.not_valid_before_utc:%Y-%m-%d} to "
                f"{certificate.not_valid_after_utc:%Y-%m-%d})")
    for root_pem in roots_pem:
        root = x509.load_pem_x509_certificate(root_pem.encode())
        if root.subject != certificate.issuer:
            continue
        try:
            certificate.verify_directly_issued_by(root)
            return None
        except (ValueError, TypeError, InvalidSignature):
            continue
    return f"the signing certificate (issuer {certificate.issuer.rfc4514_string()}) is not issued by a trusted manufacturer root"
