"""Certificate management of the Security extension, the harness as central system: the roots of
the tool's store, the memory state CertificateInstalled, and the charge point's certificateHashData
judged against the suite's own calculation (conformance.checks.certificate_ids)."""

from __future__ import annotations

from typing import Any

from cryptography import x509

from ...checks import certificate_ids, rules
from ...checks.failures import PayloadMismatch
from ...checks.matchers import any_of

CENTRAL_SYSTEM_ROOT, MANUFACTURER_ROOT = "CentralSystemRootCertificate", "ManufacturerRootCertificate"


def store_root(central_system: Any, certificate_type: str) -> str:
    """The PEM of the store's root of this type (the SUT description's, or one made for the run)."""
    return central_system.profile.store_certificate(certificate_type)


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
