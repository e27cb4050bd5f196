"""The Security profile's transport cases against the reference SUTs over real TLS on loopback.

Each case passes on the correct reference SUT at the security profiles it is for, and fails
naming its rule on the matching fault; the certificates are made for the test session.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from conformance.sut.local import reference_sut, write_toml
from tests.conftest import TESTCASES, run_case

PASSWORD = "tls-test-auth-key-20"   # 20 characters: within the AuthorizationKey length rules


def security_sut(directory: Path, role: str, profile: int, *, faults: tuple[str, ...] = (),
                 modes: tuple[str, ...] = (), **test_data: Any) -> Path:
    """The reference SUT description at security profile `profile` (wss:// for 2 and 3)."""
    path = reference_sut(directory, role, faults=faults, modes=modes, profiles=["Core", "Security"], **test_data)
    tables = tomllib.loads(path.read_text())
    key = "listen" if role == "charge-point" else "url"
    scheme, _, rest = tables["sut"][key].partition("://")
    tables["sut"][key] = ("wss://" if profile >= 2 else "ws://") + rest
    tables["security"] = {"profile": profile, **({"password": PASSWORD} if profile in (1, 2) else {})}
    return write_toml(directory / f"{role}-p{profile}-{'-'.join(faults + modes) or 'correct'}.toml", tables)


CP, CSMS = "charge-point", "central-system"

# case, role, security profile: every profile the case is for, on the correct reference SUT.
CORRECT = [
    ("TC_073_CS", CP, 1), ("TC_073_CS", CP, 2),
    ("TC_085_CS", CP, 1), ("TC_085_CS", CP, 2),
    ("TC_086_CS", CP, 2), ("TC_086_CS", CP, 3),
    ("TC_087_CS", CP, 3),
    ("TC_083_CS", CP, 2),
    ("TC_084_CS", CP, 2), ("TC_084_CS", CP, 3),
    ("TC_073_CSMS", CSMS, 1), ("TC_073_CSMS", CSMS, 2),
    ("TC_083_CSMS", CSMS, 2),
    ("TC_085_CSMS", CSMS, 1), ("TC_085_CSMS", CSMS, 2),
    ("TC_086_CSMS", CSMS, 2), ("TC_086_CSMS", CSMS, 3),
    ("TC_087_CSMS", CSMS, 3),
    ("TC_088_CSMS", CSMS, 0), ("TC_088_CSMS", CSMS, 3),
]

# case, role, security profile, fault, the rule the case must name.
FAULTS = [
    ("TC_073_CS", CP, 2, "keeps_old_authorization_key", "authorization_key_used"),
    ("TC_085_CS", CP, 2, "basic_auth_unpadded", "basic_auth_header"),
    ("TC_086_CS", CP, 3, "tls_missing_cipher_suite", "tls_cipher_suites"),
    ("TC_087_CS", CP, 3, "certificate_wrong_cn", "client_certificate"),
    # Refused at every handshake (profile 3 asks for the certificate): the always-on check names it first.
    ("TC_087_CS", CP, 3, "no_client_certificate", "websocket_handshake"),
    ("TC_083_CS", CP, 2, "upgrade_without_certificate", "security_profile_upgraded"),
    ("TC_084_CS", CP, 2, "accept_security_profile_downgrade", "payload_matches_expectation"),
    ("TC_073_CSMS", CSMS, 2, "password_change_not_applied", "new_authorization_key_accepted"),
    ("TC_083_CSMS", CSMS, 2, "lower_profile_accepted", "lower_profile_refused"),
    ("TC_085_CSMS", CSMS, 2, "basic_auth_not_checked", "basic_auth_checked"),
    ("TC_086_CSMS", CSMS, 2, "tls_missing_cipher_suite", "tls_cipher_suites"),
    ("TC_086_CSMS", CSMS, 3, "tls_1_0_and_1_1", "tls_version"),
    # The plan asks for all four suites: two of them need a certificate of the other key type.
    ("TC_086_CSMS", CSMS, 2, "tls_one_key_type", "tls_cipher_suites"),
    # A server certificate that does not verify is the central system's failure in this case.
    ("TC_086_CSMS", CSMS, 2, "self_signed_server_certificate", "server_certificate"),
    ("TC_087_CSMS", CSMS, 3, "client_certificate_optional", "client_certificate_required"),
    ("TC_088_CSMS", CSMS, 0, "accepts_unknown_subprotocol", "websocket_subprotocol"),
    ("TC_088_CSMS", CSMS, 0, "selects_other_subprotocol", "websocket_handshake"),
    # A central system that breaks OCPP-J's subprotocol rules fails every case it is given.
    ("TC_001_CSMS", CSMS, 0, "selects_other_subprotocol", "websocket_handshake"),
    ("TC_001_CSMS", CSMS, 0, "no_subprotocol_keeps_open", "websocket_handshake"),
]

# case, role, security profile, mode: a behaviour the specification allows, which the case must pass.
MODES = [
    # OCPP-J 1.6 §3.1.2: no offered subprotocol agreed, the upgrade is made without one and closed at once.
    ("TC_088_CSMS", CSMS, 0, "closes_without_subprotocol"),
]


@pytest.mark.parametrize("case_id, role, profile", CORRECT)
def test_passes_on_the_correct_reference(pytester: pytest.Pytester, case_id: str, role: str, profile: int) -> None:
    sut = security_sut(pytester.path, role, profile)
    row = run_case(pytester, case_id, sut)
    assert row["verdict"] == "passed", row


@pytest.mark.parametrize("case_id, role, profile, mode", MODES)
def test_passes_in_each_allowed_mode(pytester: pytest.Pytester, case_id: str, role: str, profile: int,
                                     mode: str) -> None:
    row = run_case(pytester, case_id, security_sut(pytester.path, role, profile, modes=(mode,)))
    assert row["verdict"] == "passed", row


@pytest.mark.parametrize("case_id, role, profile, fault, rule", FAULTS)
def test_fails_naming_the_rule(pytester: pytest.Pytester, case_id: str, role: str, profile: int, fault: str,
                               rule: str) -> None:
    sut = security_sut(pytester.path, role, profile, faults=(fault,))
    row = run_case(pytester, case_id, sut)
    assert row["verdict"] == "failed", row
    assert row["rule"] == rule, row


@pytest.mark.parametrize("case_id, role, profile, wanted", [
    ("TC_087_CS", CP, 2, "security profile 3"), ("TC_085_CSMS", CSMS, 3, "security profile 1 or 2"),
    ("TC_086_CS", CP, 1, "security profile 2 or 3")])
def test_not_applicable_names_the_security_profile(pytester: pytest.Pytester, case_id: str, role: str, profile: int,
                                                   wanted: str) -> None:
    sut = security_sut(pytester.path, role, profile)
    reports = pytester.path / "reports"
    pytester.runpytest_inprocess(str(TESTCASES), "--sut", str(sut), "--case", case_id, "--reports", str(reports),
                                 "-p", "no:cacheprovider", "-p", "no:allure_pytest")
    (row,) = [c for c in json.loads((reports / "summary.json").read_text())["cases"] if c["id"] == case_id]
    assert row["verdict"] == "not applicable", row
    assert f"uses security profile {profile} ([security] profile)" in row["message"], row
    assert wanted in row["message"], row


ROBUSTNESS = TESTCASES / "robustness" / "test_tls_robustness.py"


@pytest.mark.parametrize("role, profile, fault, check", [
    (CP, 2, None, "test_charge_point_refuses_hostile_server_certificates"),
    (CP, 3, "tls_any_server_certificate", "test_charge_point_refuses_hostile_server_certificates"),
    (CP, 2, "tls_1_0_and_1_1", "test_charge_point_refuses_hostile_server_certificates"),
    (CSMS, 3, None, "test_central_system_refuses_hostile_client_certificates"),
    (CSMS, 3, "client_certificate_cn_not_checked", "test_central_system_refuses_hostile_client_certificates"),
])
def test_robustness_checks(pytester: pytest.Pytester, role: str, profile: int, fault: str | None, check: str) -> None:
    """The hostile-certificate checks pass on the correct reference SUT and fail on the fault."""
    sut = security_sut(pytester.path, role, profile, faults=(fault,) if fault else ())
    result = pytester.runpytest_inprocess(f"{ROBUSTNESS}::{check}", "--sut", str(sut), "-p", "no:cacheprovider",
                                          "-p", "no:allure_pytest")
    outcomes = result.parseoutcomes()
    if fault is None:
        assert outcomes.get("passed") == 1, result.stdout.str()
    else:
        assert outcomes.get("failed") == 1, result.stdout.str()
        expected = (("TLS 1.1 or lower" if fault == "tls_1_0_and_1_1" else "a certificate self-signed")
                    if role == CP
                    else "a charge point with another CN certificate: the central system upgraded the connection")
        assert expected in result.stdout.str(), result.stdout.str()


def test_the_hostile_server_check_waits_for_the_declared_retry(pytester: pytest.Pytester) -> None:
    """A charge point that retries only after 3 s, and would accept any server certificate, is caught:
    the check waits for the retry its SUT file declares (plus the tolerance), not a fixed window."""
    sut = security_sut(pytester.path, CP, 2, faults=("tls_any_server_certificate",), reconnect_interval_s=3.0)
    result = pytester.runpytest_inprocess(f"{ROBUSTNESS}::test_charge_point_refuses_hostile_server_certificates",
                                          "--sut", str(sut), "-p", "no:cacheprovider", "-p", "no:allure_pytest")
    assert result.parseoutcomes().get("failed") == 1, result.stdout.str()
    assert "a certificate self-signed" in result.stdout.str(), result.stdout.str()


NO_OLD_TLS_HERE = """
from conformance.steps.central_system import transport

_original = transport.client_context


def _without_security_level_0(material, *, ciphers=None, maximum=None):
    # An OpenSSL that will not go below security level 2: no TLS 1.0 or 1.1 in its ClientHello.
    if ciphers == "ALL:@SECLEVEL=0":
        ciphers = "DEFAULT:@SECLEVEL=2"
    return _original(material, ciphers=ciphers, maximum=maximum)


transport.client_context = _without_security_level_0
"""


def test_tc_086_csms_when_the_harness_cannot_offer_tls_1_1(pytester: pytest.Pytester) -> None:
    """A TLS 1.1 handshake the local OpenSSL never offered is no refusal by the central system:
    against one that serves TLS 1.1 the case is broken, saying the check was not possible."""
    pytester.makepyfile(no_old_tls_here=NO_OLD_TLS_HERE)
    pytester.syspathinsert()
    sut = security_sut(pytester.path, CSMS, 3, faults=("tls_1_0_and_1_1",))
    reports = pytester.path / "reports"
    pytester.runpytest_inprocess(str(TESTCASES), "--sut", str(sut), "--case", "TC_086_CSMS", "--reports", str(reports),
                                 "-p", "no_old_tls_here", "-p", "no:cacheprovider", "-p", "no:allure_pytest")
    (row,) = [c for c in json.loads((reports / "summary.json").read_text())["cases"] if c["id"] == "TC_086_CSMS"]
    assert row["verdict"] == "broken", row
    assert "cannot be checked on this machine" in row["message"], row


def test_tc_083_cs_issues_the_client_certificate_the_charge_point_asks_for(pytester: pytest.Pytester) -> None:
    """Memory state RenewChargePointCertificate: a charge point that comes without a client
    certificate gets one (SignCertificate, CertificateSigned) before its profile is raised."""
    sut = security_sut(pytester.path, CP, 2, modes=("certificate_by_csr_only",))
    row = run_case(pytester, "TC_083_CS", sut)
    assert row["verdict"] == "passed", row
    assert "SignCertificate" in row["trace"] and "CertificateSigned" in row["trace"]


def test_tc_083_cs_resets_a_charge_point_that_keeps_its_connection(pytester: pytest.Pytester) -> None:
    """Accepted, but no reconnect by itself: once the connection has stayed up for message_timeout_s
    the harness resets it on that connection (steps 3 to 8), without waiting connect_timeout_s."""
    sut = security_sut(pytester.path, CP, 2, modes=("security_profile_at_reset",), connect_timeout_s=30)
    row = run_case(pytester, "TC_083_CS", sut)
    assert row["verdict"] == "passed", row
    assert '"Reset"' in row["trace"].replace("'", '"') and row["duration_s"] < 30, row


@pytest.mark.asyncio
@pytest.mark.parametrize("profile, tls, key, wanted", [
    (1, None, None, "from 1 to 2 the charge point would need a wss:// endpoint"),
    (2, None, None, "give [security] ca_certificate"),
    (2, "root", None, "give [security] ca_private_key"),
])
async def test_tc_083_cs_names_what_the_upgrade_lacks(profile, tls, key, wanted) -> None:
    from types import SimpleNamespace

    from conformance.checks.verdicts import SetupError
    from conformance.steps.charge_point import transport
    from conformance.transport.tls import TlsMaterial

    harness = SimpleNamespace(security_profile=profile, profile=SimpleNamespace(
        tls=TlsMaterial(Path("root.pem")) if tls else None, ca_key=key))
    with pytest.raises(SetupError, match=re.escape(wanted)):
        async with transport.security_profile_raised(harness, None, profile + 1):
            pass


def test_tc_083_cs_when_the_upgrade_needs_a_reboot(pytester: pytest.Pytester) -> None:
    """RebootRequired: the harness resets the charge point (steps 3 to 8) and the boot is on profile 3."""
    sut = security_sut(pytester.path, CP, 2)
    tables = tomllib.loads(sut.read_text())
    tables["reference"]["modes"] = ["security_profile_reboot_required"]
    row = run_case(pytester, "TC_083_CS", write_toml(pytester.path / "reboot.toml", tables))
    assert row["verdict"] == "passed", row
    assert '"Reset", {"type": "Hard"}' in row["trace"].replace('"Reset",{"type":"Hard"}', '"Reset", {"type": "Hard"}')
    assert "RebootRequired" in row["trace"]
