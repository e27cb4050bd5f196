"""Certificate management of the Security extension, the harness as central system: the roots of
the tool's store, the memory state CertificateInstalled, and the charge point's certificateHashData
judged against the suite's own calculation (conformance.checks.certificate_ids)."""

from __future__ import annotations

from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from ...checks import certificate_ids, rules
from ...checks.expectations import Reply
from ...checks.failures import NoMessageWithinDeadline, PayloadMismatch, TransportViolation, UnexpectedMessage
from ...checks.matchers import any_of
from ...checks.verdicts import SetupError
from ...transport.pki import sign_certificate_request
from ...transport.tls import csr_problems

CENTRAL_SYSTEM_ROOT, MANUFACTURER_ROOT = "CentralSystemRootCertificate", "ManufacturerRootCertificate"


def store_root(central_system: Any, certificate_type: str) -> str:
    """The PEM of the store's root of this type (the SUT description's, or one made for the run)."""
    return central_system.profile.store_certificate(certificate_type)


def expired_root(central_system: Any) -> str:
    """A CentralSystemRootCertificate whose validity period is over (TC_078), made for the run."""
    return central_system.profile.generated_pki.expired_root.read_text()


def _reported(conf: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry for entry in conf.get("certificateHashData") or [] if isinstance(entry, dict)]


def find(conf: dict[str, Any], pem: str) -> dict[str, Any] | None:
    """The entry of a GetInstalledCertificateIds.conf that names this root, computed in the
    hashAlgorithm of each entry."""
    certificate = x509.load_pem_x509_certificate(pem.encode())
    for entry in _reported(conf):
        algorithm = entry.get("hashAlgorithm")
        if algorithm in certificate_ids.ALGORITHMS and \
                certificate_ids.same(entry, certificate_ids.hash_data(certificate, None, algorithm)):
            return entry
    return None


def check_listed(step: int | str, conf: dict[str, Any], pem: str, *, listed: bool = True) -> dict[str, Any] | None:
    """The root is (or, with listed=False, is no longer) among the reported certificateHashData.

    An entry with the root's serial number but other hashes is a miscalculation
    (certificate_hash_data); no such entry at all means the root is not in the store
    (certificate_store)."""
    entry = find(conf, pem)
    certificate = x509.load_pem_x509_certificate(pem.encode())
    subject = certificate.subject.rfc4514_string()
    if listed and entry is None:
        reported = _reported(conf)
        algorithm = next((e.get("hashAlgorithm") for e in reported if e.get("hashAlgorithm") in
                          certificate_ids.ALGORITHMS), "SHA256")
        expected = certificate_ids.hash_data(certificate, None, algorithm)
        serial = expected["serialNumber"]
        same_serial = [e for e in reported
                       if str(e.get("serialNumber", "")).lower().lstrip("0") == serial.lstrip("0")]
        if same_serial:
            raise PayloadMismatch(
                f"GetInstalledCertificateIds.conf names the root {subject} (serial {serial}) with hashes the suite "
                f"does not compute: {certificate_ids.closest(same_serial, expected)}",
                step=step, rule=rules.CERTIFICATE_HASH_DATA)
        raise PayloadMismatch(
            f"GetInstalledCertificateIds.conf does not list the root {subject} installed before (serial {serial}); "
            f"{certificate_ids.closest(reported, expected)}", step=step, rule=rules.CERTIFICATE_STORE)
    if not listed and entry is not None:
        raise PayloadMismatch(f"GetInstalledCertificateIds.conf still lists the deleted root {subject}: {entry}",
                              step=step, rule=rules.CERTIFICATE_STORE)
    return entry


async def install(central_system: Any, step: int, certificate_type: str, pem: str) -> dict[str, Any]:
    """InstallCertificate of a store root; once Accepted, the baseline deletes it after the case."""
    conf = await central_system.send(step, "InstallCertificate", certificateType=certificate_type, certificate=pem)
    if conf.get("status") == "Accepted":
        central_system.installed_roots[pem] = certificate_type
    return conf


async def certificate_installed(central_system: Any, certificate_type: str = CENTRAL_SYSTEM_ROOT) -> str:
    """Memory state CertificateInstalled: the store's root is installed (installed now unless the
    charge point lists it already). Returns its PEM."""
    pem = store_root(central_system, certificate_type)
    conf = await central_system.send("CertificateInstalled 1", "GetInstalledCertificateIds",
                                     certificateType=certificate_type)
    central_system.check("CertificateInstalled 2", "GetInstalledCertificateIds.conf", conf,
                         status=any_of("Accepted", "NotFound"))
    if find(conf, pem) is None:
        conf = await install(central_system, "CertificateInstalled 3", certificate_type, pem)
        central_system.check("CertificateInstalled 4", "InstallCertificate.conf", conf, status="Accepted")
    return pem


def delete_request(pem: str, algorithm: str) -> dict[str, str]:
    """certificateHashData of a root for DeleteCertificate, in the algorithm the charge point reported."""
    certificate = x509.load_pem_x509_certificate(pem.encode())
    return certificate_ids.hash_data(certificate, None, algorithm)


# -- the harness as certificate authority (TC_074, TC_077) --------------------------------------------

async def cpo_name_state(central_system: Any) -> str:
    """Configuration state: CpoName is the configured vendor name ([security] operator, else
    [test_data] vendor); the baseline sets it back."""
    operator = central_system.profile.operator or central_system.data.vendor
    conf = await central_system.send("configuration state", "ChangeConfiguration", key="CpoName", value=operator)
    central_system.check("configuration state", "ChangeConfiguration.conf", conf, status="Accepted")
    return operator


async def certificate_requested(central_system: Any, operator: str) -> str:
    """Steps 1 to 4: ExtendedTriggerMessage(SignChargePointCertificate) without a connector,
    Accepted; the SignCertificate.req it triggers carries a CSR for the charge point's identity
    and the CpoName, answered Accepted. Returns the CSR."""
    central_system.will_answer(4, "SignCertificate", status="Accepted")
    conf = await central_system.send(1, "ExtendedTriggerMessage", requestedMessage="SignChargePointCertificate")
    central_system.check(2, "ExtendedTriggerMessage.conf", conf, status="Accepted")
    request = await central_system.expect(3, "SignCertificate", reply=Reply(4))
    csr = str(request.payload.get("csr", ""))
    problems = csr_problems(csr, charge_point_id=central_system.profile.charge_point_id, organization=operator)
    if problems:
        raise PayloadMismatch("SignCertificate.req: the csr: " + "; ".join(problems), step=3,
                              rule=rules.CERTIFICATE_SIGNING_REQUEST)
    return csr


def signed(central_system: Any, step: int, csr: str, *, invalid: str | None = None) -> str:
    """The certificate chain the harness, as certificate authority, issues for the CSR under
    [security] ca_certificate (for a reference SUT: the run's test root)."""
    profile = central_system.profile
    tls = profile.tls
    if tls is None or tls.ca_certificate is None or profile.ca_key is None:
        raise SetupError("the harness cannot sign certificates: give [security] ca_certificate and ca_private_key "
                         "(`ocpp-conformance pki --out DIR` makes them)")
    return sign_certificate_request(csr, root=tls.ca_certificate, root_key=profile.ca_key, invalid=invalid)


async def reconnects_with(central_system: Any, step: int, since: float, chain: str) -> None:
    """The charge point drops its connection and opens a new one that presents the first
    certificate of `chain`, within connect_timeout_s."""
    data = central_system.data
    if not await central_system.wait_for(lambda: central_system.handshake_since(since), data.connect_timeout_s):
        raise TransportViolation(f"after CertificateSigned Accepted the charge point did not reconnect within "
                                 f"{data.connect_timeout_s:g} s (connect_timeout_s)", step=step,
                                 rule=rules.NEW_CERTIFICATE_USED)
    handshake = central_system.handshake_since(since)
    tls = handshake.tls
    wanted = x509.load_pem_x509_certificates(chain.encode())[0].public_bytes(serialization.Encoding.DER)
    if tls is None or tls.peer_certificate != wanted:
        shown = "no client certificate" if tls is None or tls.peer_certificate is None else "another certificate"
        raise TransportViolation(f"the charge point reconnected with {shown}, not the one signed at step 5 "
                                 f"({handshake.describe()})", step=step, rule=rules.NEW_CERTIFICATE_USED)


async def security_event(central_system: Any, step: int, kind: str) -> None:
    """A SecurityEventNotification of this type, answered; none within message_timeout_s fails."""
    try:
        await central_system.expect(step, "SecurityEventNotification", type=kind, reply=Reply(step + 1))
    except (NoMessageWithinDeadline, PayloadMismatch, UnexpectedMessage) as exc:
        raise type(exc)(exc.message, step=step, frame=exc.frame, rule=rules.SECURITY_EVENT_REPORTED) from None
