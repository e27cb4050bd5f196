"""The Security extension's certificate store: InstallCertificate, GetInstalledCertificateIds and
DeleteCertificate (OCPP 1.6 Security Whitepaper, edition 3, Certificate Management), with the
reference SUTs' own certificateHashData (conformance.reference.certificate_hash)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conformance.reference import certificate_hash

from .faults import Fault
from .settings import log

TYPES = ("CentralSystemRootCertificate", "ManufacturerRootCertificate")
STORE_MAX = 10            # CertificateStoreMaxLength it reports


class CertificateStoreMixin:
    """Roots by certificateType; each kept as (certificate, its hash data in SHA-256)."""

    _store: dict[str, list[Any]]

    def _certificate_hash(self, certificate: Any, algorithm: str = "SHA256") -> dict[str, str]:
        return certificate_hash.hash_data(certificate, algorithm, whole_key_info=self.faults.active(
            Fault.CERTIFICATE_KEY_HASH_OVER_KEY_INFO))

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
        valid = ca and certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc
        if not valid and not self.faults.active(Fault.ACCEPTS_INVALID_CERTIFICATE):
            if payload["certificateType"] == "CentralSystemRootCertificate":
                self._security_event("InvalidCentralSystemCertificate", "the root is not a valid CA certificate now")
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
        if algorithm not in certificate_hash.HASHES:
            return {"status": "Failed"}
        for kept in self._certificates().values():
            for certificate in kept:
                if certificate_hash.names(wanted, self._certificate_hash(certificate, algorithm)):
                    if not self.faults.active(Fault.DELETED_CERTIFICATE_KEPT):
                        kept.remove(certificate)
                    return {"status": "Accepted"}
        return {"status": "NotFound"}
