"""Certificate management of the Security extension, the harness as charge point: what a central
system installs is judged as the root it must be, and what it deletes by the suite's own
certificateHashData (conformance.checks.certificate_ids)."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ...checks import certificate_ids, rules
from ...checks.expectations import Reply
from ...checks.failures import ConformanceFailure, PayloadMismatch, TransportViolation
from ...ocpp.datetime import utc_now
from ...transport.tls import TlsMaterial

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
    configured = _not_configured(profile, certificate_type, certificate)
    if configured:
        raise fail(f"{subject} is not the root the SUT description names ({configured})")
    return certificate


def _not_configured(profile: Any, certificate_type: str, certificate: x509.Certificate) -> Path | None:
    """The SUT description's root of this type, when it names one and `certificate` is another."""
    configured = profile.store_files.get(certificate_type)
    if configured is not None and x509.load_pem_x509_certificate(configured.read_bytes()) != certificate:
        return configured
    return None


def check_configured(step: int | str, payload: dict[str, Any], profile: Any, certificate_type: str) -> None:
    """The InstallCertificate.req carries an X.509 certificate in PEM, the configured one where the
    SUT description names one (TC_078_CSMS refuses whatever comes, so validity is not judged)."""
    try:
        certificate = x509.load_pem_x509_certificate(str(payload.get("certificate", "")).encode())
    except ValueError:
        raise PayloadMismatch(f"InstallCertificate.req ({certificate_type}): certificate is not an X.509 certificate "
                              f"in PEM", step=step, frame=json.dumps(payload)[:2000],
                              rule=rules.ROOT_CERTIFICATE_SENT) from None
    configured = _not_configured(profile, certificate_type, certificate)
    if configured:
        raise PayloadMismatch(f"InstallCertificate.req ({certificate_type}): not the certificate the SUT description "
                              f"names ({configured})", step=step, rule=rules.ROOT_CERTIFICATE_SENT)


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


# -- a certificate the central system signs (TC_074, TC_077) ------------------------------------------

async def triggered_to_ask(charge_point: Any, central_system: Any) -> None:
    """Steps 1 and 2: the operator makes the central system trigger a certificate request: an
    ExtendedTriggerMessage for SignChargePointCertificate without a connectorId, Accepted."""
    charge_point.will_answer(2, "ExtendedTriggerMessage", status="Accepted")
    await central_system.manual("csms_send", charge_point_id=charge_point.profile.charge_point_id,
                                action="ExtendedTriggerMessage", payload={"requestedMessage": "SignChargePointCertificate"})
    request = await charge_point.expect(1, "ExtendedTriggerMessage", requestedMessage="SignChargePointCertificate",
                                        reply=Reply(2))
    if "connectorId" in request.payload:
        raise PayloadMismatch(f"ExtendedTriggerMessage.req: connectorId is {request.payload['connectorId']!r}; the "
                              f"plan has it left out for SignChargePointCertificate", step=1,
                              frame=json.dumps(request.payload))


async def asks_for_certificate(charge_point: Any) -> Any:
    """Steps 3 and 4: the harness makes a new key and sends its CSR (CN its identity, O the
    operator or vendor); SignCertificate.conf Accepted. Returns the key."""
    profile = charge_point.profile
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.NameAttribute(NameOID.COMMON_NAME, profile.charge_point_id),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, profile.operator or charge_point.data.vendor)]
    csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(names)).sign(key, hashes.SHA256())
    conf = await charge_point.send(3, "SignCertificate", csr=csr.public_bytes(serialization.Encoding.PEM).decode())
    charge_point.check(4, "SignCertificate.conf", conf, status="Accepted")
    return key


def check_signed_chain(step: int | str, payload: dict[str, Any], key: Any, charge_point_id: str) -> str:
    """CertificateSigned.req: a PEM chain whose first certificate is for the CSR's key and the
    charge point identity, valid now. Returns the chain."""
    chain = str(payload.get("certificateChain", ""))

    def fail(why: str) -> PayloadMismatch:
        return PayloadMismatch(f"CertificateSigned.req: {why}", step=step, frame=json.dumps(payload)[:2000],
                               rule=rules.SIGNED_CERTIFICATE_SENT)

    try:
        leaf = x509.load_pem_x509_certificates(chain.encode())[0]
    except (ValueError, IndexError):
        raise fail("certificateChain is not a chain of X.509 certificates in PEM") from None
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if leaf.public_key().public_bytes(serialization.Encoding.DER, spki) != \
            key.public_key().public_bytes(serialization.Encoding.DER, spki):
        raise fail("its first certificate is not for the key of the CSR the charge point sent")
    names = [str(a.value) for a in leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
    if names != [charge_point_id]:
        raise fail(f"its first certificate's subject CN is {names or 'missing'}, not {charge_point_id!r}")
    now = dt.datetime.now(dt.UTC)
    if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
        raise fail("its first certificate is not valid now")
    return chain


async def reconnects_with(charge_point: Any, step: int | str, chain: str, key: Any) -> None:
    """The harness drops its connection and reconnects presenting the new certificate; the central
    system must accept it. Its key is a file readable by its owner only, outside reports/."""
    folder = Path(tempfile.mkdtemp(prefix="ocpp-conformance-signed-"))
    certificate, key_file = folder / "charge-point.pem", folder / "charge-point.key"
    certificate.write_text(chain)
    with os.fdopen(os.open(key_file, os.O_WRONLY | os.O_CREAT, 0o600), "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
    tls = charge_point.profile.tls
    charge_point.own_tls = TlsMaterial(tls.ca_certificate if tls else None, certificate, key_file)
    try:
        await charge_point.close()
        await charge_point.connect()
    except ConformanceFailure as exc:
        raise TransportViolation(f"the central system refused the connection with the certificate it signed: "
                                 f"{exc.message}", step=step, rule=rules.SIGNED_CERTIFICATE_SENT) from None
    finally:
        charge_point.own_tls = None   # the next case connects with the configured certificate


async def security_event(charge_point: Any, step: int, kind: str, tech_info: str) -> None:
    """The harness reports a security event; the central system answers it (an empty .conf)."""
    await charge_point.send(step, "SecurityEventNotification", type=kind, timestamp=utc_now(), techInfo=tech_info)
