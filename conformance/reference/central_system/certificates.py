"""The reference central system's certificate management (OCPP 1.6 Security Whitepaper, Certificate
Management): an operator installs a root of its store on a charge point, or deletes the one it
installed, finding it by certificateHashData in the hashAlgorithm the charge point lists it with."""

from __future__ import annotations

from functools import cache
from typing import Any

from conformance.reference import certificate_hash

from .faults import Fault
from .settings import log

TYPES = ("CentralSystemRootCertificate", "ManufacturerRootCertificate")


@cache
def store_root(certificate_type: str) -> Any:
    """Its root of each type, made once per process (the key is not kept)."""
    from conformance.transport.pki import make_root

    kind = "manufacturer root" if certificate_type == "ManufacturerRootCertificate" else "central system root 2"
    return make_root(f"reference central system {kind}", "OCPP Conformance Lab")


class CertificateOperations:
    """Mixed into ReferenceCentralSystem: uses its send, faults and settings."""

    def sign_certificate_handler(self, charge_point_id: str) -> Any:
        """SignCertificate: Accepted for a CSR whose signature verifies; the certificate it then
        signs under its client root goes out in CertificateSigned (Security Whitepaper, Update Charge
        Point Certificate by request of Central System)."""
        def handle(payload: dict) -> dict:
            from cryptography import x509

            try:
                csr = x509.load_pem_x509_csr(str(payload.get("csr", "")).encode())
            except ValueError:
                return {"status": "Rejected"}
            if not csr.is_signature_valid or not (self.settings.client_root and self.settings.client_root_key):
                return {"status": "Rejected"}
            self._background(self._certificate_signed(charge_point_id, payload["csr"]))
            return {"status": "Accepted"}
        return handle

    async def _certificate_signed(self, charge_point_id: str, csr_pem: str) -> None:
        import asyncio
        from pathlib import Path

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        from conformance.transport.pki import sign_certificate_request

        await asyncio.sleep(0.05)   # its answer to SignCertificate goes out first
        if self.faults.active(Fault.CERTIFICATE_SIGNED_FOR_OTHER_KEY):
            csr = x509.load_pem_x509_csr(csr_pem.encode())
            other = (x509.CertificateSigningRequestBuilder().subject_name(csr.subject)
                     .sign(ec.generate_private_key(ec.SECP256R1()), hashes.SHA256()))
            csr_pem = other.public_bytes(serialization.Encoding.PEM).decode()
        chain = sign_certificate_request(csr_pem, root=Path(self.settings.client_root),
                                         root_key=Path(self.settings.client_root_key))
        try:
            await self.send(charge_point_id, "CertificateSigned", {"certificateChain": chain})
        except Exception as exc:   # the charge point went away, or answered with a CALLERROR
            log.info("central system: CertificateSigned to %s: %s", charge_point_id, exc)

    async def install_certificate(self, charge_point_id: str, certificate_type: str,
                                  timeout: float | None = None) -> dict:
        """InstallCertificate of its root of `certificate_type` (ValueError for another type)."""
        from cryptography import x509

        from conformance.transport.pki import pem

        if certificate_type not in TYPES:
            raise ValueError(f"certificate_type must be one of {', '.join(TYPES)}")
        certificate = pem(store_root(certificate_type))
        if self.faults.active(Fault.INSTALL_LEAF_CERTIFICATE) and self.settings.certificate:
            with open(self.settings.certificate) as f:
                certificate = pem(x509.load_pem_x509_certificate(f.read().encode()))
        sent_type = certificate_type
        if self.faults.active(Fault.INSTALL_CERTIFICATE_OTHER_TYPE):
            sent_type = next(t for t in TYPES if t != certificate_type)
        return await self.send(charge_point_id, "InstallCertificate",
                               {"certificateType": sent_type, "certificate": certificate}, timeout)

    async def delete_certificate(self, charge_point_id: str, certificate_type: str,
                                 timeout: float | None = None) -> dict:
        """GetInstalledCertificateIds of the type, then DeleteCertificate of its root, in the
        hashAlgorithm the charge point lists it with; LookupError when it is not listed."""
        listed = await self.send(charge_point_id, "GetInstalledCertificateIds", {"certificateType": certificate_type},
                                 timeout)
        root = store_root(certificate_type)
        for entry in listed.get("certificateHashData") or []:
            algorithm = entry.get("hashAlgorithm")
            if algorithm in certificate_hash.HASHES and \
                    certificate_hash.names(entry, certificate_hash.hash_data(root, algorithm)):
                wanted = certificate_hash.hash_data(root, algorithm, whole_key_info=self.faults.active(
                    Fault.DELETE_CERTIFICATE_HASH_OVER_KEY_INFO))
                return await self.send(charge_point_id, "DeleteCertificate", {"certificateHashData": wanted}, timeout)
        raise LookupError(f"{charge_point_id} does not list the {certificate_type} installed before")
