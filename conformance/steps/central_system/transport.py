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
from ...checks.verdicts import NotCheckable, SetupError
from ...roles.charge_point import ChargePointHarness
from ...sut.preflight import HandshakeProblem, closes_at_once, open_to_central_system
from ...transport.tls import (
    ECDSA_SUITES,
    REQUIRED_SUITES,
    RSA_SUITES,
    VERSIONS_OK,
    TlsMaterial,
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
    result = await _tls_attempt(charge_point, context)
    return result if isinstance(result, TlsSession) else str(result) or type(result).__name__


def refused_by_the_server(failure: BaseException) -> bool:
    """Whether a failed handshake was ended by the server (an alert it sent, or its closing the
    connection) rather than by the harness's own OpenSSL (whose errors name no alert)."""
    if isinstance(failure, ssl.SSLError) and not isinstance(failure, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        return "ALERT" in (failure.reason or "")
    return isinstance(failure, OSError)


async def _tls_attempt(charge_point: ChargePointHarness, context: ssl.SSLContext) -> TlsSession | BaseException:
    parts = urlsplit(charge_point.profile.connect_url)
    try:
        _, writer = await asyncio.wait_for(
            asyncio.open_connection(parts.hostname, parts.port or 443, ssl=context, server_hostname=parts.hostname),
            charge_point.data.connect_timeout_s)
    except (OSError, TimeoutError, ssl.SSLError) as exc:
        return exc
    session = TlsSession.of(writer.get_extra_info("ssl_object"))
    writer.close()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(writer.wait_closed(), 2)
    return session


def old_tls_context(material: TlsMaterial) -> ssl.SSLContext:
    """The harness offering TLS 1.0 and 1.1 only, at OpenSSL's security level 0 (level 1 and up
    leave the old versions out of the ClientHello altogether)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context = client_context(material, ciphers="ALL:@SECLEVEL=0")
        context.minimum_version = ssl.TLSVersion.TLSv1
        context.maximum_version = ssl.TLSVersion.TLSv1_1
    return context


def offered_version(context: ssl.SSLContext, host: str | None) -> str | None:
    """The highest version the ClientHello of `context` offers ("TLSv1.1"), or None when the local
    OpenSSL sends none at all: it is made in memory, no byte leaves the harness."""
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = context.wrap_bio(incoming, outgoing, server_hostname=host)
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    except ssl.SSLError:
        return None
    hello = outgoing.read()
    # A TLS record (type 22, handshake), a ClientHello (type 1); its client_version follows the 4-byte header.
    if len(hello) < 11 or hello[0] != 22 or hello[5] != 1:
        return None
    return {(3, 1): "TLSv1", (3, 2): "TLSv1.1", (3, 3): "TLSv1.2"}.get((hello[9], hello[10]))


async def refuses_old_tls(charge_point: ChargePointHarness, step: int | str) -> None:
    """TLS 1.2 or higher only: a handshake that offers at most TLS 1.1 must fail.

    Only a refusal by the central system counts: the harness first makes sure its own OpenSSL
    really offers TLS 1.1 (some builds and security levels will not); where it cannot, the check
    is not possible here, and the case says so as broken rather than passing it.
    """
    tls = charge_point.profile.tls
    assert tls is not None
    context = old_tls_context(tls)
    host = urlsplit(charge_point.profile.connect_url).hostname
    with events.step(f"Step {step}: a TLS handshake offering at most TLS 1.1 must fail", step):
        offered = offered_version(context, host)
        if offered not in ("TLSv1", "TLSv1.1"):
            charge_point.trace.event(f"TLS 1.0/1.1 handshake: not made, the harness's OpenSSL "
                                     f"({ssl.OPENSSL_VERSION}) offers {offered or 'nothing'} with TLS 1.1 as the ceiling")
            raise NotCheckable(f"step {step}: the harness's OpenSSL ({ssl.OPENSSL_VERSION}) does not offer TLS 1.0 or "
                               "1.1 even at security level 0, so whether the central system refuses them cannot be "
                               "checked on this machine")
        result = await _tls_attempt(charge_point, context)
        if isinstance(result, TlsSession):
            charge_point.trace.event(f"TLS 1.0/1.1 handshake (the harness offered up to {offered}): {result.describe()}")
            raise TransportViolation(f"the central system completed a {result.version} handshake; only TLS 1.2 or "
                                     "higher may be used", step=step, rule=rules.TLS_VERSION)
        why = str(result) or type(result).__name__
        if not refused_by_the_server(result):
            charge_point.trace.event(f"TLS 1.0/1.1 handshake (the harness offered up to {offered}): ended by the "
                                     f"harness's own OpenSSL: {why}")
            raise NotCheckable(f"step {step}: the harness's OpenSSL ({ssl.OPENSSL_VERSION}) ended the TLS 1.0/1.1 "
                               f"handshake itself ({why}), so whether the central system refuses those versions "
                               "cannot be checked on this machine")
        charge_point.trace.event(f"TLS 1.0/1.1 handshake (the harness offered up to {offered}): refused by the "
                                 f"central system: {why}")


async def serves_cipher_suites(charge_point: ChargePointHarness, step: int | str, tls: TlsSession) -> None:
    """Each of the four suites the central system must support, one TLS 1.2 handshake each.

    A suite needs a certificate of its key type, so serving all four takes a second certificate
    of the other type besides the one presented by default; the plan requires all four.
    """
    material = charge_point.profile.tls
    assert material is not None and tls.peer_certificate is not None
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

    key = x509.load_der_x509_certificate(tls.peer_certificate).public_key()
    own = ECDSA_SUITES if isinstance(key, ec.EllipticCurvePublicKey) else RSA_SUITES
    with events.step(f"Step {step}: the four cipher suites, one TLS 1.2 handshake each", step):
        missing = []
        for iana, name in REQUIRED_SUITES.items():
            result = await _tls_handshake(charge_point, client_context(material, ciphers=name,
                                                                       maximum=ssl.TLSVersion.TLSv1_2))
            served = isinstance(result, TlsSession)
            charge_point.trace.event(f"cipher suite {iana}: {'served' if served else f'not served ({result})'}")
            if not served:
                missing.append(iana)
        if missing:
            other = [iana for iana in missing if iana not in own]
            hint = (f"; {', '.join(other)} need a certificate with {'an RSA' if own is ECDSA_SUITES else 'an elliptic curve'}"
                    " key besides the one it presents" if other else "")
            raise TransportViolation(f"the central system does not serve {', '.join(missing)}: all four suites are "
                                     f"required{hint}", step=step, rule=rules.TLS_CIPHER_SUITES)


async def _reconnect(charge_point: ChargePointHarness, step: int | str, what: str, rule: str, **variant: Any) -> Any:
    """A handshake the central system must accept: it becomes the case's connection, a refusal fails `rule`."""
    try:
        ws = await open_to_central_system(charge_point.profile, **variant)
    except HandshakeProblem as problem:
        charge_point.trace.event(problem.event)
        raise TransportViolation(f"{what} was refused: {problem.line}", step=step, rule=rule) from None
    charge_point.attach(ws)
    return ws


async def negotiates(charge_point: ChargePointHarness, step: int | str, offered: list[str], wanted: str) -> None:
    """A handshake offering `offered` must be upgraded with `wanted` selected; it becomes the case's connection."""
    with events.step(f"Step {step}: a handshake offering {', '.join(offered)} must select {wanted}", step):
        ws = await _reconnect(charge_point, step, f"a handshake offering {', '.join(offered)}",
                              rules.WEBSOCKET_SUBPROTOCOL, subprotocols=offered)
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
        await _reconnect(charge_point, step, "the reconnect with the new AuthorizationKey",
                         rules.NEW_AUTHORIZATION_KEY_ACCEPTED, password=key)


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
        await _reconnect(charge_point, step, f"the reconnect on security profile {higher}",
                         rules.HIGHER_PROFILE_ACCEPTED, password=None, material=charge_point.profile.tls_for(higher))
