"""Robustness checks of TLS (security profiles 2 and 3): hostile certificates must be turned away.

Not cases of the test plan (they are not in the summary); the plan implies them: a charge
point checks the central system's certificate against its root (TC_086, TC_087), a central
system checks the charge point's (TC_087_CSMS). Security Whitepaper (edition 3), "TLS with
Basic Authentication" and "TLS with Client Side Certificates": a certificate that does not
verify ends the connection. Each check skips, saying why, when the SUT does not use TLS.
"""

from __future__ import annotations

import functools
import ssl
import tempfile
import time
import warnings
from pathlib import Path

import pytest

from conformance.checks import rules
from conformance.checks.failures import ConformanceFailure
from conformance.fixtures import _started_driver
from conformance.ocpp.actions import Role
from conformance.roles.central_system import CentralSystemHarness
from conformance.roles.charge_point import ChargePointHarness
from conformance.steps.central_system import transport as central_system_transport
from conformance.transport.pki import make_test_pki
from conformance.transport.tls import HARNESS_CIPHERS, TlsMaterial

pytestmark = [pytest.mark.robustness, pytest.mark.asyncio(loop_scope="session")]


def _sut(plugin, role: Role, profiles: tuple[int, ...]):
    sut = plugin.suts.get(role)
    if sut is None:
        pytest.skip(f"robustness check for a {role.value} SUT: none given")
    if sut.security_profile not in profiles:
        pytest.skip(f"not applicable: {sut.label} uses security profile {sut.security_profile} ([security] profile); "
                    f"this check is for security profile {' or '.join(map(str, profiles))}")
    return sut


def _hostile_material(sut, tmp: Path) -> dict[str, tuple[Path, Path]]:
    """Certificate and key of each hostile variant. A certificate that expired under the SUT's own
    root needs that root's key: only the test PKI of the reference SUTs has it."""
    other = make_test_pki(tmp, charge_point_id=sut.charge_point_id, operator=sut.operator or "another operator",
                          variants=True)
    variants = {"self-signed": (other.path("central-system-self-signed.pem"), other.server_key),
                "issued under another root": (other.server_certificate, other.server_key),
                "charge point self-signed": (other.path("charge-point-self-signed.pem"), other.client_key),
                "charge point of another root": (other.client_certificate, other.client_key)}
    if sut.driver == "reference":
        own = sut.generated_pki
        variants["expired"] = (own.path("central-system-expired.pem"), own.server_key)
        variants["charge point with another CN"] = (own.path("charge-point-wrong-cn.pem"), own.client_key)
    return variants


async def test_charge_point_refuses_hostile_server_certificates(_conformance_session):
    """The charge point must not open its WebSocket to a central system whose certificate is
    self-signed, issued under another root, or expired, nor over TLS 1.0 or 1.1: the harness
    presents each, drops the connection, and no HTTP upgrade may reach it while it does."""
    plugin = _conformance_session
    sut = _sut(plugin, Role.CHARGE_POINT, (2, 3))
    await _started_driver(plugin, Role.CHARGE_POINT)
    harness = plugin.harnesses.get(Role.CHARGE_POINT)
    if harness is None:
        harness = plugin.harnesses[Role.CHARGE_POINT] = CentralSystemHarness(sut)
        await harness.start()
    await harness.wait_connected()
    good = harness.profile.tls
    context = harness.tls_context

    def configured() -> None:
        context.load_cert_chain(good.certificate, good.private_key, password=good.key_password)
        context.maximum_version = ssl.TLSVersion.MAXIMUM_SUPPORTED
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.set_ciphers(HARNESS_CIPHERS)

    def old_tls() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = ssl.TLSVersion.TLSv1_1
        context.set_ciphers("ALL:@SECLEVEL=0")

    accepted = []
    with tempfile.TemporaryDirectory() as tmp:
        variants = {f"a certificate {k}": functools.partial(context.load_cert_chain, cert, key)
                    for k, (cert, key) in _hostile_material(sut, Path(tmp)).items() if not k.startswith("charge point")}
        variants["TLS 1.1 or lower"] = old_tls
        try:
            for name, hostile in variants.items():
                # Each variant from a fresh connection, so the charge point's reconnect back-off starts short.
                await harness.wait_connected()
                hostile()
                if await _connects(harness, name):
                    accepted.append(name)
                configured()
                harness.trace.event("robustness: the configured TLS set-up again")
        finally:
            configured()
        await harness.wait_connected()
    assert not accepted, (f"the charge point connected to a central system with {', '.join(accepted)}: it must "
                          "check the certificate against its root and use TLS 1.2 or higher only, and refuse")


async def _connects(harness: CentralSystemHarness, what: str) -> bool:
    """Whether the charge point opens its WebSocket after the harness dropped it. It retries after
    the interval its SUT file declares; the window holds that retry with the tolerance to spare,
    so a charge point that would accept the hostile set-up has made its attempt by then (a correct
    one fails in the TLS handshake)."""
    window = harness.data.reconnect_interval_s + harness.data.timing_tolerance_s
    harness.trace.event(f"robustness: the harness now offers {what}")
    since = time.monotonic()
    await harness.close()
    return await harness.wait_for(lambda: harness.handshake_since(since), window)


async def test_central_system_refuses_hostile_client_certificates(_conformance_session):
    """Profile 3: a client certificate that is self-signed, issued under another root, or names
    another charge point must not open a connection."""
    plugin = _conformance_session
    sut = _sut(plugin, Role.CENTRAL_SYSTEM, (3,))
    await _started_driver(plugin, Role.CENTRAL_SYSTEM)
    charge_point = ChargePointHarness(sut)
    root = sut.tls.ca_certificate
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (cert, key) in _hostile_material(sut, Path(tmp)).items():
            if not name.startswith("charge point"):
                continue
            try:
                await central_system_transport.must_refuse(charge_point, rules.ROBUSTNESS, f"a {name} certificate",
                                            rules.CLIENT_CERTIFICATE_CHECKED, material=TlsMaterial(root, cert, key))
            except ConformanceFailure as failure:
                failures.append(failure.message)
    assert not failures, "; ".join(failures)
