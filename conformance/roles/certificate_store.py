"""The harness's certificate store when it plays the charge point (`_CSMS` cases of the Security
extension): what a central system installs is kept by certificateType, listed with
certificateHashData in the SUT description's certificate_hash_algorithm, and deleted when a
DeleteCertificate names it (OCPP 1.6 Security Whitepaper, Certificate Management)."""

from __future__ import annotations

from typing import Any

from cryptography import x509

from ..checks import certificate_ids

ACTIONS = frozenset({"InstallCertificate", "GetInstalledCertificateIds", "DeleteCertificate"})


class CertificateStore:
    def __init__(self, algorithm: str):
        self.algorithm = algorithm
        self.kept: dict[str, list[x509.Certificate]] = {}

    def answer(self, action: str, payload: dict[str, Any]) -> dict[str, Any]:
        """A correct charge point's answer; what it judges of the request is each case's."""
        if action == "InstallCertificate":
            try:
                certificate = x509.load_pem_x509_certificate(str(payload.get("certificate", "")).encode())
            except ValueError:
                return {"status": "Rejected"}
            kept = self.kept.setdefault(payload.get("certificateType", ""), [])
            if certificate not in kept:
                kept.append(certificate)
            return {"status": "Accepted"}
        if action == "GetInstalledCertificateIds":
            kept = self.kept.get(payload.get("certificateType", ""), [])
            if not kept:
                return {"status": "NotFound"}
            return {"status": "Accepted", "certificateHashData": [self.hash_data(c) for c in kept]}
        wanted = payload.get("certificateHashData") or {}
        algorithm = wanted.get("hashAlgorithm")
        if algorithm not in certificate_ids.ALGORITHMS:
            return {"status": "Failed"}
        for kept in self.kept.values():
            for certificate in kept:
                if certificate_ids.same(wanted, certificate_ids.hash_data(certificate, None, algorithm)):
                    kept.remove(certificate)
                    return {"status": "Accepted"}
        return {"status": "NotFound"}

    def hash_data(self, certificate: x509.Certificate) -> dict[str, str]:
        return certificate_ids.hash_data(certificate, None, self.algorithm)
