"""The Security extension's client certificate: ExtendedTriggerMessage(SignChargePointCertificate),
SignCertificate with a fresh key's CSR, CertificateSigned installing what the central system had
signed (OCPP 1.6 Security Whitepaper, edition 3, "Use cases": certificate installation by the
charge point; the plan's memory state RenewChargePointCertificate)."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from typing import Any

from .faults import Fault, Mode
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
        if self.config.value("CpoName") and not self.faults.active(Fault.CSR_WITHOUT_ORGANIZATION):
            names.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, self.config.value("CpoName")))
        csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(names)).sign(key, hashes.SHA256())
        self._pending_key = key
        await self._send("SignCertificate", {"csr": csr.public_bytes(serialization.Encoding.PEM).decode()})

    def _handle_certificate_signed(self, payload: dict) -> dict:
        """Installed only when the first certificate of the chain is for the pending key, valid now,
        for its identity and issued by the root it trusts; a refused one is a security event."""
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        key, chain = self._pending_key, payload["certificateChain"]
        try:
            certificate = x509.load_pem_x509_certificates(chain.encode())[0]
        except ValueError:
            return self._refuse_certificate("the certificate chain is no PEM")
        public = serialization.PublicFormat.SubjectPublicKeyInfo
        if key is None or certificate.public_key().public_bytes(serialization.Encoding.PEM, public) != \
                key.public_key().public_bytes(serialization.Encoding.PEM, public):
            return self._refuse_certificate("the certificate is not for the key of the pending request")
        problem = self._signed_certificate_problem(certificate)
        if problem and not self.faults.active(Fault.ACCEPTS_INVALID_CERTIFICATE):
            return self._refuse_certificate(problem)
        folder = tempfile.mkdtemp(prefix="reference-cp-certificate-")
        cert_path, key_path = os.path.join(folder, "charge-point.pem"), os.path.join(folder, "charge-point.key")
        with open(cert_path, "w") as f:
            f.write(chain)
        with open(os.open(key_path, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
        self.settings.certificate, self.settings.private_key, self._pending_key = cert_path, key_path, None
        log.info("%s: client certificate installed (%s)", self.settings.charge_point_id, certificate.subject.rfc4514_string())
        if self._security_profile() == 3 and not self.faults.active(Fault.KEEPS_OLD_CERTIFICATE):
            after_reply(lambda: self._enqueue(self.drop_connection))   # the next connection uses it
        return {"status": "Accepted"}

    def _signed_certificate_problem(self, certificate: Any) -> str | None:
        from cryptography import x509
        from cryptography.x509.oid import NameOID

        now = datetime.now(UTC)
        if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
            return "the certificate is not valid now"
        if [a.value for a in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)] != \
                [self.settings.charge_point_id]:
            return "the certificate's CN is not its identity"
        if self.settings.ca_certificate:
            with open(self.settings.ca_certificate, "rb") as f:
                root = x509.load_pem_x509_certificate(f.read())
            try:
                certificate.verify_directly_issued_by(root)
            except Exception:
                return "the certificate is not issued by the root it trusts"
        return None

    def _refuse_certificate(self, why: str) -> dict:
        log.info("%s: signed certificate refused: %s", self.settings.charge_point_id, why)
        self._security_event("InvalidChargePointCertificate", why)
        return {"status": "Rejected"}

    def _security_event(self, kind: str, tech_info: str) -> None:
        """SecurityEventNotification after the answer (Security Whitepaper, security events)."""
        if self.faults.active(Fault.NO_SECURITY_EVENT):
            return
        payload = {"type": kind, "timestamp": self._now(), "techInfo": tech_info[:255]}
        after_reply(lambda: self._enqueue(lambda: self._send("SecurityEventNotification", payload)))
