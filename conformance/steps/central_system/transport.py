"""The Security profile's transport checks with the harness as charge point (SUT: central system).

Refused handshakes (no credentials, no client certificate, an unknown subprotocol, an old
profile), the server certificate, TLS versions and cipher suites probed one handshake at a
time, AuthorizationKey and SecurityProfile changes the central system makes. Rules: OCPP 1.6
Security Whitepaper (edition 3), as in conformance.steps.transport.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import ssl
import warnings
from typing import Any
from urllib.parse import urlsplit

from ... import events
from ...checks import rules
from ...checks.failures import TransportViolation
from ...checks.verdicts import SetupError
from ...ocpp.validation import Problem
from ...roles.charge_point import ChargePointHarness
from ...sut.preflight import HandshakeProblem, closes_at_once, open_to_central_system
from ...transport.tls import (
    ECDSA_SUITES,
    REQUIRED_SUITES,
    RSA_SUITES,
    VERSIONS_OK,
    TlsSession,
    client_context,
    server_certificate_problems,
)
from ...transport.trace import hide
from ...transport.websocket import SUBPROTOCOL


async def closes_connection(charge_point: ChargePointHarness) -> None:
    """Reusable state "The OCTT closes the connection"."""
    with events.step("The harness closes its connection"):
        charge_point.trace.event("closing the connection (reusable state: the OCTT closes the connection)")
        await charge_point.close()


async def must_refuse(charge_point: ChargePointHarness, step: int | str, what: str, rule: str, **variant: Any) -> None:
    """A handshake the central system must turn away: it fails the step if it is upgraded."""
    with events.step(f"Step {step}: {what}: the central system must refuse it", step):
        try:
            ws = await open_to_central_system(charge_point.profile, **variant)
        except HandshakeProblem as problem:
            if problem.upgraded:
                charge_point.trace.event(problem.event)
                raise TransportViolation(f"{what}: {problem.line}", step=step, rule=rule) from None
            charge_point.trace.event(f"{what}: refused as it must be ({problem.event})")
            return
        chosen = ws.subprotocol
        offered = variant.get("subprotocols")
        if chosen is None and offered is not None and SUBPROTOCOL not in offered:
            # OCPP-J 1.6 §3.1.2: agreeing to none of the offered subprotocols, the central system
            # upgrades without one and closes at once; that is a refusal too.
            quiet = charge_point.data.quiet_period_s
            if await closes_at_once(ws, quiet):
                charge_point.trace.event(f"{what}: upgraded without a subprotocol and closed at once: refused as "
                                         "OCPP-J 1.6 §3.1.2 asks")
                return
            what = f"{what} (upgraded without a subprotocol and still open after {quiet:g} s)"
        with contextlib.suppress(Exception):
            await asyncio.wait_for(ws.close(code=1000), 2)
        charge_point.trace.event(f"{what}: upgraded (subprotocol {chosen or 'none'})")
        raise TransportViolation(f"{what}: the central system upgraded the connection "
                                 f"(subprotocol {chosen or 'none'}); it must refuse it", step=step, rule=rule)


def session_of(charge_point: ChargePointHarness) -> TlsSession:
    conn = charge_point.connection
    assert conn is not None
    return TlsSession.of(conn.ws.transport.get_extra_info("ssl_object"))


def check_server_certificate(step: int | str, charge_point: ChargePointHarness, tls: TlsSession) -> None:
    """Serial number, subject CN the host of the URL, the whitepaper's key size; TLS 1.2 or higher.
    (That it chains to the configured root the handshake itself checked.)"""
    host = urlsplit(charge_point.profile.connect_url).hostname or ""
    with events.step(f"Step {step}: check the TLS session ({tls.describe()})", step):
        if tls.version not in VERSIONS_OK:
            raise TransportViolation(f"TLS version {tls.version}; 1.2 or higher is required", step=step,
                                     rule=rules.TLS_VERSION)
        assert tls.peer_certificate is not None
        problems = server_certificate_problems(tls.peer_certificate, host=host)
        if problems:
            raise TransportViolation("the server certificate: " + "; ".join(problems), step=step,
                                     rule=rules.SERVER_CERTIFICATE)


async def _tls_handshake(charge_point: ChargePointHarness, context: ssl.SSLContext) -> TlsSession | str:
    """A bare TLS handshake with the central system's endpoint: the session, or why it failed."""
    parts = urlsplit(charge_point.profile.connect_url)
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(parts.hostname, parts.port or 443, ssl=context, server_hostname=parts.hostname),
            charge_point.data.connect_timeout_s)
    except (OSError, TimeoutError, ssl.SSLError) as exc:
        return str(exc) or type(exc).__name__
    session = TlsSession.of(writer.get_extra_info("ssl_object"))
    writer.close()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(writer.wait_closed(), 2)
    return session


async def refuses_old_tls(charge_point: ChargePointHarness, step: int | str) -> None:
    """TLS 1.2 or higher only: a handshake that offers at most TLS 1.1 must fail."""
    tls = charge_point.profile.tls
    assert tls is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context = client_context(tls, ciphers="ALL:@SECLEVEL=0")
        context.minimum_version = ssl.TLSVersion.TLSv1
        context.maximum_version = ssl.TLSVersion.TLSv1_1
    with events.step(f"Step {step}: a TLS handshake offering at most TLS 1.1 must fail", step):
        result = await _tls_handshake(charge_point, context)
        charge_point.trace.event(f"TLS 1.0/1.1 handshake: {result.describe() if isinstance(result, TlsSession) else result}")
        if isinstance(result, TlsSession):
            raise TransportViolation(f"the central system completed a {result.version} handshake; only TLS 1.2 or "
                                     "higher may be used", step=step, rule=rules.TLS_VERSION)


async def serves_cipher_suites(charge_point: ChargePointHarness, step: int | str, tls: TlsSession) -> None:
    """Each of the four suites the central system must support, one TLS 1.2 handshake each.

    A suite needs a certificate of its key type: the two of the certificate the central system
    presented must work (a failure); the other two can only work with a second certificate of
    the other type, which the plan asks for but few servers have (a warning).
    """
    material = charge_point.profile.tls
    assert material is not None and tls.peer_certificate is not None
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

    key = x509.load_der_x509_certificate(tls.peer_certificate).public_key()
    own = ECDSA_SUITES if isinstance(key, ec.EllipticCurvePublicKey) else RSA_SUITES
    with events.step(f"Step {step}: the four cipher suites, one TLS 1.2 handshake each", step):
        missing, other = [], []
        for iana, name in REQUIRED_SUITES.items():
            result = await _tls_handshake(charge_point, client_context(material, ciphers=name,
                                                                       maximum=ssl.TLSVersion.TLSv1_2))
            served = isinstance(result, TlsSession)
            charge_point.trace.event(f"cipher suite {iana}: {'served' if served else f'not served ({result})'}")
            if not served:
                (missing if iana in own else other).append(iana)
        if missing:
            raise TransportViolation(f"the central system does not serve {', '.join(missing)} with its "
                                     f"{'elliptic curve' if own is ECDSA_SUITES else 'RSA'} certificate", step=step,
                                     rule=rules.TLS_CIPHER_SUITES)
        if other:
            charge_point.warnings.append((Problem(rules.TLS_CIPHER_SUITES, f"step {step}: {', '.join(other)} not served: "
                                                  "they need a certificate of the other key type as well",
                                                  severity="warning"), ""))


async def negotiates(charge_point: ChargePointHarness, step: int | str, offered: list[str], wanted: str) -> None:
    """A handshake offering `offered` must be upgraded with `wanted` selected; it becomes the case's connection."""
    with events.step(f"Step {step}: a handshake offering {', '.join(offered)} must select {wanted}", step):
        try:
            ws = await open_to_central_system(charge_point.profile, subprotocols=offered)
        except HandshakeProblem as problem:
            charge_point.trace.event(problem.event)
            raise TransportViolation(f"a handshake offering {', '.join(offered)} was refused: {problem.line}",
                                     step=step, rule=rules.WEBSOCKET_SUBPROTOCOL) from None
        charge_point.attach(ws)
        if ws.subprotocol != wanted:
            raise TransportViolation(f"the upgrade selected subprotocol {ws.subprotocol or 'none'}, not {wanted}",
                                     step=step, rule=rules.WEBSOCKET_SUBPROTOCOL)


def new_test_key() -> str:
    """A fresh AuthorizationKey of 20 characters for TC_073_CSMS (never shown in a trace)."""
    key = "TC073-" + secrets.token_hex(7)
    hide(key)
    return key


@contextlib.asynccontextmanager
async def password_changed_at_central_system(charge_point: ChargePointHarness, central_system: Any, new: str) -> Any:
    """Afterwards the configured password is given back to the charge point, the same way (not a plan step)."""
    configured = charge_point.profile.password
    hide(configured)
    try:
        yield
    finally:
        charge_point.trace.event("giving the charge point its configured password back (not a plan step)")
        with contextlib.suppress(Exception):
            conn = charge_point.connection
            if conn is None or conn.closed.is_set():
                for password in (new, configured):
                    with contextlib.suppress(HandshakeProblem):
                        charge_point.attach(await open_to_central_system(charge_point.profile, password=password))
                        break
            charge_point.will_answer("restore", "ChangeConfiguration", when={"key": "AuthorizationKey"},
                                     status="Accepted")
            await central_system.manual("set_basic_auth_password", charge_point_id=charge_point.profile.charge_point_id,
                                        password=configured)


async def reconnects_with_new_key(charge_point: ChargePointHarness, step: int, value: Any) -> None:
    """Close, and open a new connection with the key just received: the central system must upgrade it."""
    with events.step(f"Step {step}: reconnect with the new AuthorizationKey", step):
        try:
            key = bytes.fromhex(value).decode()
        except (TypeError, ValueError):
            raise TransportViolation("the AuthorizationKey value is not hex encoded text", step=step,
                                     rule=rules.AUTHORIZATION_KEY_HEX) from None
        hide(key)
        await charge_point.close()
        try:
            ws = await open_to_central_system(charge_point.profile, password=key)
        except HandshakeProblem as problem:
            charge_point.trace.event(problem.event)
            raise TransportViolation(f"the reconnect with the new AuthorizationKey was refused: {problem.line}",
                                     step=step, rule=rules.NEW_AUTHORIZATION_KEY_ACCEPTED) from None
        charge_point.attach(ws)


@contextlib.asynccontextmanager
async def security_profile_raised_at_central_system(charge_point: ChargePointHarness, central_system: Any,
                                                    higher: int) -> Any:
    """Afterwards the operator sets the charge point back to the configured profile in the central
    system (`csms_set_security_profile`, a local change there; not a plan step)."""
    configured = charge_point.profile.security_profile
    if higher != 3 or charge_point.profile.tls_for(3) is None or charge_point.profile.tls_for(3).certificate is None:
        raise SetupError("the harness raises its connection from security profile 2 to 3 with a client certificate: "
                         "give [security] certificate and private_key (the client certificate for profile 3)")
    try:
        yield
    finally:
        charge_point.trace.event("setting the configured security profile back in the central system (not a plan step)")
        with contextlib.suppress(Exception):
            await central_system.manual("csms_set_security_profile",
                                        charge_point_id=charge_point.profile.charge_point_id, profile=configured)


async def reconnects_on_higher_profile(charge_point: ChargePointHarness, step: int, higher: int) -> None:
    """After the Reset: a reconnect on the old profile must be refused, one on the new profile upgraded."""
    old = charge_point.profile.tls_for(charge_point.profile.security_profile)
    await closes_connection(charge_point)
    await must_refuse(charge_point, f"{step} (old profile)", f"a reconnect on security profile "
                      f"{charge_point.profile.security_profile}", rules.LOWER_PROFILE_REFUSED, material=old)
    with events.step(f"Step {step}: reconnect on security profile {higher}", step):
        try:
            ws = await open_to_central_system(charge_point.profile, password=None,
                                              material=charge_point.profile.tls_for(higher))
        except HandshakeProblem as problem:
            charge_point.trace.event(problem.event)
            raise TransportViolation(f"the reconnect on security profile {higher} was refused: {problem.line}",
                                     step=step, rule=rules.HIGHER_PROFILE_ACCEPTED) from None
        charge_point.attach(ws)
