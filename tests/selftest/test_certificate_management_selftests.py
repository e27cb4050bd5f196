"""The Security profile's certificate management cases (TC_075, TC_076) against the reference SUTs
over TLS: each passes on the correct reference SUT and fails, naming its rule, on the matching fault."""

from __future__ import annotations

import pytest

from tests.conftest import run_case, run_cases
from tests.selftest.test_security_selftests import CP, CSMS, PASSWORD, security_sut

CORRECT = [
    ("TC_075_1_CS", CP, 2), ("TC_075_2_CS", CP, 3), ("TC_076_CS", CP, 2),
    ("TC_075_1_CSMS", CSMS, 2), ("TC_075_2_CSMS", CSMS, 3), ("TC_076_CSMS", CSMS, 2),
    ("TC_074_CS", CP, 3), ("TC_077_CS", CP, 3), ("TC_078_CS", CP, 2),
    ("TC_074_CSMS", CSMS, 3), ("TC_077_CSMS", CSMS, 3), ("TC_078_CSMS", CSMS, 2),
]

FAULTS = [
    ("TC_075_1_CS", CP, 2, "installed_certificate_not_kept", "certificate_store"),
    ("TC_075_2_CS", CP, 2, "certificate_key_hash_over_key_info", "certificate_hash_data"),
    ("TC_076_CS", CP, 2, "deleted_certificate_kept", "certificate_store"),
    ("TC_076_CS", CP, 2, "certificate_key_hash_over_key_info", "certificate_hash_data"),
    ("TC_074_CS", CP, 3, "csr_without_organization", "certificate_signing_request"),
    ("TC_074_CS", CP, 3, "keeps_old_certificate", "new_certificate_used"),
    ("TC_077_CS", CP, 3, "accepts_invalid_certificate", "payload_matches_expectation"),
    ("TC_077_CS", CP, 3, "no_security_event", "security_event_reported"),
    ("TC_078_CS", CP, 2, "accepts_invalid_certificate", "payload_matches_expectation"),
    ("TC_078_CS", CP, 2, "no_security_event", "security_event_reported"),
    ("TC_074_CSMS", CSMS, 3, "trigger_with_connector", "payload_matches_expectation"),
    ("TC_074_CSMS", CSMS, 3, "certificate_signed_for_other_key", "signed_certificate_sent"),
    ("TC_077_CSMS", CSMS, 3, "security_event_callerror", "no_callerror"),
    ("TC_078_CSMS", CSMS, 2, "security_event_callerror", "no_callerror"),
    ("TC_078_CSMS", CSMS, 2, "install_certificate_other_type", "payload_matches_expectation"),
    ("TC_075_1_CSMS", CSMS, 2, "install_certificate_other_type", "payload_matches_expectation"),
    ("TC_075_2_CSMS", CSMS, 2, "install_leaf_certificate", "root_certificate_sent"),
    ("TC_076_CSMS", CSMS, 2, "delete_certificate_hash_over_key_info", "certificate_hash_data"),
]


@pytest.mark.parametrize("case_id, role, profile", CORRECT)
def test_passes_on_the_correct_reference(pytester: pytest.Pytester, case_id: str, role: str, profile: int) -> None:
    row = run_case(pytester, case_id, security_sut(pytester.path, role, profile))
    assert row["verdict"] == "passed", row


@pytest.mark.parametrize("case_id, role, profile, fault, rule", FAULTS)
def test_fails_naming_the_rule(pytester: pytest.Pytester, case_id: str, role: str, profile: int, fault: str,
                               rule: str) -> None:
    row = run_case(pytester, case_id, security_sut(pytester.path, role, profile, faults=(fault,)))
    assert row["verdict"] == "failed", row
    assert row["rule"] == rule, row


def test_the_baseline_deletes_what_a_case_installed(pytester: pytest.Pytester) -> None:
    """TC_075_2_CS leaves its root installed; the baseline deletes it, so TC_076_CS installs it again
    in its memory state instead of finding it there."""
    cases = run_cases(pytester, ["TC_075_2_CS", "TC_076_CS"], security_sut(pytester.path, CP, 2))
    assert [cases[c]["verdict"] for c in ("TC_075_2_CS", "TC_076_CS")] == ["passed", "passed"], cases
    assert "baseline: delete the CentralSystemRootCertificate the case installed" in cases["TC_075_2_CS"]["trace"]
    assert "CertificateInstalled 3" in cases["TC_076_CS"]["trace"]


@pytest.mark.parametrize("role, profile, cases", [
    (CP, 3, ["TC_074_CS", "TC_077_CS"]), (CP, 2, ["TC_075_1_CS", "TC_078_CS"]),
    (CSMS, 3, ["TC_074_CSMS"]), (CSMS, 2, ["TC_078_CSMS", "TC_076_CSMS"])])
def test_no_private_key_or_password_in_any_report(pytester: pytest.Pytester, role: str, profile: int,
                                                  cases: list[str]) -> None:
    """Keys are made and used (the charge point's new key, the CA's key that signs it); the traces
    show CSRs and certificates, which are public, and never a private key or the password."""
    run = run_cases(pytester, cases, security_sut(pytester.path, role, profile))
    assert all(run[c]["verdict"] == "passed" for c in cases), run
    reports = pytester.path / "reports-run"
    everything = "".join(p.read_text(errors="replace") for p in reports.rglob("*") if p.is_file())
    assert "BEGIN CERTIFICATE REQUEST" in everything or "BEGIN CERTIFICATE" in everything   # the check can see PEM
    assert "PRIVATE KEY" not in everything
    assert PASSWORD not in everything and PASSWORD.encode().hex() not in everything


def test_a_central_system_that_installs_another_root_than_the_configured_one_fails(pytester: pytest.Pytester) -> None:
    """[security] manufacturer_root_certificate names the root the central system must install; the
    reference central system installs its own, a valid root, which is then the wrong one."""
    import tomllib

    from conformance.sut.local import write_toml
    from conformance.transport.pki import make_root, pem

    (pytester.path / "lab-root.pem").write_text(pem(make_root("lab manufacturer root", "Lab")))
    sut = security_sut(pytester.path, CSMS, 2)
    tables = tomllib.loads(sut.read_text())
    tables["security"]["manufacturer_root_certificate"] = str(pytester.path / "lab-root.pem")
    row = run_case(pytester, "TC_075_1_CSMS", write_toml(sut, tables))
    assert row["verdict"] == "failed" and row["rule"] == "root_certificate_sent", row
    assert "is not the root the SUT description names" in row["message"], row
