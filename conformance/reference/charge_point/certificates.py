"""The Security extension's client certificate: ExtendedTriggerMessage(SignChargePointCertificate),
SignCertificate with a fresh key's CSR, CertificateSigned installing what the central system had
signed (OCPP 1.6 Security Whitepaper, edition 3, "Use cases": certificate installation by the
charge point; the plan's memory state RenewChargePointCertificate)."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from .faults import Mode
from .replies import after_reply
from .settings import log


class CertificateMixin:
    """Owns the key pair of a pending certificate request and installs the signed certificate."""

    _pending_key: Any = None

    def _start_without_certificate(self) -> None:
        """Mode certificate_by_csr_only: no client certificate until one is signed for it."""
        if self.modes.active(Mode.CERTIFICATE_BY_CSR_ONLY):
            self.settings.certificate = self.settings.private_key = None

    def _handle_extended_trigger_message(self, payload: dict) -> dict:
        if payload["requestedMessage"] != "SignChargePointCertificate":
            return {"status": "NotImplemented"}
        after_reply(lambda: self._enqueue(self._request_certificate))
        return {"status": "Accepted"}

    async def _request_certificate(self) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        names = [x509.NameAttribute(NameOID.COMMON_NAME, self.settings.charge_point_id)]
        if self.config.value("CpoName"):
            names.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.config.value("CpoName")))
        csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(names)).sign(key, hashes.SHA256())
        self._pending_key = key
        await self._send("SignCertificate", {"csr": csr.public_bytes(serialization.Encoding.PEM).decode()})

    def _handle_certificate_signed(self, payload: dict) -> dict:
        """Installed only when the first certificate of the chain is for the pending key."""
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        key, chain = self._pending_key, payload["certificateChain"]
        try:
            certificate = x509.load_pem_x509_certificates(chain.encode())[0]
        except ValueError:
            return {"status": "Rejected"}
        public = serialization.PublicFormat.SubjectPublicKeyInfo
        if key is None or certificate.public_key().public_bytes(serialization.Encoding.PEM, public) != \
                key.public_key().public_bytes(serialization.Encoding.PEM, public):
            return {"status": "Rejected"}
        folder = tempfile.mkdtemp(prefix="reference-cp-certificate-")
        cert_path, key_path = os.path.join(folder, "charge-point.pem"), os.path.join(folder, "charge-point.key")
        with open(cert_path, "w") as f:
            f.write(chain)
        with open(os.open(key_path, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
        self.settings.certificate, self.settings.private_key, self._pending_key = cert_path, key_path, None
        log.info("%s: client certificate installed (%s)", self.settings.charge_point_id, certificate.subject.rfc4514_string())
        return {"status": "Accepted"}
