"""The Security extension's certificate store: InstallCertificate, GetInstalledCertificateIds and
DeleteCertificate (OCPP 1.6 Security Whitepaper, edition 3, Certificate Management).

certificateHashData is computed here with the certificate library's own encodings (the issuer
Name re-encoded, the key in its X9.62 or PKCS#1 form), independently of the suite's reading of
the DER (conformance.checks.certificate_ids), so that the two check each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from .faults import Fault
from .settings import log

TYPES = ("CentralSystemRootCertificate", "ManufacturerRootCertificate")
STORE_MAX = 10            # CertificateStoreMaxLength it reports
_HASHES = {"SHA256": "sha256", "SHA384": "sha384", "SHA512": "sha512"}


def _key_bits(public_key: Any, faults: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    if faults.active(Fault.CERTIFICATE_KEY_HASH_OVER_KEY_INFO):
        return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    if isinstance(public_key, rsa.RSAPublicKey):
        return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    raise ValueError(f"unsupported key type {type(public_key).__name__}")


class CertificateStoreMixin:
    """Roots by certificateType; each kept as (certificate, its hash data in SHA-256)."""

    _store: dict[str, list[Any]]

    def _certificate_hash(self, certificate: Any, algorithm: str = "SHA256") -> dict[str, str]:
        name = _HASHES[algorithm]
        return {"hashAlgorithm": algorithm,
                "issuerNameHash": hashlib.new(name, certificate.issuer.public_bytes()).hexdigest(),
                "issuerKeyHash": hashlib.new(name, _key_bits(certificate.public_key(), self.faults)).hexdigest(),
                "serialNumber": f"{certificate.serial_number:x}"}

    def _certificates(self) -> dict[str, list[Any]]:
        if not hasattr(self, "_store"):
            self._store = {t: [] for t in TYPES}
        return self._store

    def _handle_install_certificate(self, payload: dict) -> dict:
        """Accepted for a valid root CA certificate in PEM; Rejected for anything else."""
        from cryptography import x509

        try:
            certificate = x509.load_pem_x509_certificate(payload["certificate"].encode())
        except ValueError:
            return {"status": "Rejected"}
        now = dt.datetime.now(dt.UTC)
        try:
            ca = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        except x509.ExtensionNotFound:
            ca = False
        if not ca or not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            return {"status": "Rejected"}
        store = self._certificates()
        if sum(len(kept) for kept in store.values()) >= STORE_MAX:
            return {"status": "Failed"}
        if not self.faults.active(Fault.INSTALLED_CERTIFICATE_NOT_KEPT) and \
                certificate not in store[payload["certificateType"]]:
            store[payload["certificateType"]].append(certificate)
        log.info("%s: %s installed (%s)", self.settings.charge_point_id, payload["certificateType"],
                 certificate.subject.rfc4514_string())
        return {"status": "Accepted"}

    def _handle_get_installed_certificate_ids(self, payload: dict) -> dict:
        kept = self._certificates()[payload["certificateType"]]
        if not kept:
            return {"status": "NotFound"}
        return {"status": "Accepted", "certificateHashData": [self._certificate_hash(c) for c in kept]}

    def _handle_delete_certificate(self, payload: dict) -> dict:
        wanted = payload["certificateHashData"]
        algorithm = wanted.get("hashAlgorithm")
        if algorithm not in _HASHES:
            return {"status": "Failed"}
        for kept in self._certificates().values():
            for certificate in kept:
                ours = self._certificate_hash(certificate, algorithm)
                if all(str(wanted.get(k, "")).lower() == v.lower() for k, v in ours.items()
                       if k != "serialNumber") and \
                        str(wanted.get("serialNumber", "")).lower().lstrip("0") == ours["serialNumber"].lstrip("0"):
                    if not self.faults.active(Fault.DELETED_CERTIFICATE_KEPT):
                        kept.remove(certificate)
                    return {"status": "Accepted"}
        return {"status": "NotFound"}
