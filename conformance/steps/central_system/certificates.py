"""Certificate management of the Security extension, the harness as charge point: what a central
system installs is judged as the root it must be, and what it deletes by the suite's own
certificateHashData (conformance.checks.certificate_ids)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from cryptography import x509

from ...checks import certificate_ids, rules
from ...checks.failures import PayloadMismatch

CENTRAL_SYSTEM_ROOT, MANUFACTURER_ROOT = "CentralSystemRootCertificate", "ManufacturerRootCertificate"


def check_root_sent(step: int | str, payload: dict[str, Any], profile: Any, certificate_type: str) -> x509.Certificate:
    """The InstallCertificate.req carries one root CA certificate in PEM, valid now, self-signed,
    and the one the SUT description names for this type where it names one."""
    def fail(why: str) -> PayloadMismatch:
        return PayloadMismatch(f"InstallCertificate.req ({certificate_type}): {why}", step=step,
                               frame=json.dumps(payload)[:2000], rule=rules.ROOT_CERTIFICATE_SENT)

    text = str(payload.get("certificate", ""))
    try:
        found = x509.load_pem_x509_certificates(text.encode())
    except ValueError:
        raise fail("certificate is not an X.509 certificate in PEM") from None
    if len(found) != 1:
        raise fail(f"certificate holds {len(found)} certificates, not the one root")
    certificate = found[0]
    subject = certificate.subject.rfc4514_string()
    try:
        ca = certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        ca = False
    if not ca:
        raise fail(f"{subject} is not a CA certificate (basicConstraints CA is not true)")
    try:
        certificate.verify_directly_issued_by(certificate)
    except (ValueError, TypeError, Exception) as exc:   # InvalidSignature, another issuer
        raise fail(f"{subject} is not self-signed, so not a root ({type(exc).__name__})") from None
    now = dt.datetime.now(dt.UTC)
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise fail(f"{subject} is not valid now ({certificate.not_valid_before_utc:%Y-%m-%d} to "
                   f"{certificate.not_valid_after_utc:%Y-%m-%d})")
    configured = profile.store_files.get(certificate_type)
    if configured is not None and x509.load_pem_x509_certificate(configured.read_bytes()) != certificate:
        raise fail(f"{subject} is not the root [security] of the SUT description names ({configured})")
    return certificate


def check_delete_request(step: int | str, payload: dict[str, Any], certificate: x509.Certificate,
                         algorithm: str) -> None:
    """DeleteCertificate.req names the root by certificateHashData in the charge point's hashAlgorithm,
    field by field as the suite computes them."""
    wanted = payload.get("certificateHashData") or {}
    if wanted.get("hashAlgorithm") != algorithm:
        raise PayloadMismatch(f"DeleteCertificate.req: certificateHashData.hashAlgorithm is "
                              f"{wanted.get('hashAlgorithm')!r}, not {algorithm!r}, the one GetInstalledCertificateIds "
                              f"listed it with", step=step, frame=json.dumps(payload))
    expected = certificate_ids.hash_data(certificate, None, algorithm)
    wrong = certificate_ids.differences(wanted, expected)
    if wrong:
        raise PayloadMismatch(f"DeleteCertificate.req names {certificate.subject.rfc4514_string()} with "
                              + ", ".join(wrong), step=step, frame=json.dumps(payload), rule=rules.CERTIFICATE_HASH_DATA)
