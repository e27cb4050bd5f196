"""The Security profile's transport checks with the harness as central system (SUT: charge point).

Basic auth header, TLS version, cipher suites, client certificates, AuthorizationKey and
SecurityProfile changes. The rules come from the OCPP 1.6 Security Whitepaper (edition 3), sections "Unsecured
Transport with Basic Authentication" (profile 1), "TLS with Basic Authentication" (profile
2), "TLS with Client Side Certificates" (profile 3) and "Certificate Properties", as the
test case document's tool validations of TC_085 to TC_087 apply them.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from ... import events
from ...checks import rules
from ...checks.expectations import Reply, expect
from ...checks.failures import NoMessageWithinDeadline, TransportViolation
from ...checks.verdicts import SetupError
from ...roles.central_system import CentralSystemHarness, Handshake
from ...transport.pki import sign_certificate_request
from ...transport.tls import (
    ECDSA_SUITES,
    REQUIRED_SUITES,
    RSA_SUITES,
    VERSIONS_OK,
    TlsSession,
    charge_point_certificate_problems,
)
from ...transport.trace import hide

# AuthorizationKey: at least 16 characters (plan TC_085: the key), at most 40 hex digits when
# hex encoded (20 characters): the whitepaper's 16 to 20 bytes.
KEY_MIN, KEY_MAX = 16, 20


# -- the harness as central system (SUT: charge point) -----------------------------------------------

async def triggered_to_reset(central_system: CentralSystemHarness, step: str) -> float:
    """Reusable state "The Charge Point is triggered to reset": Reset(Hard), Accepted.

    Returns when it was sent: the connection the charge point opens after it is the one the
    case judges, and its BootNotification must be the first message there.
    """
    since = time.monotonic()
    central_system.action_started = since
    conf = await central_system.send(step, "Reset", type="Hard")
    central_system.check(step, "Reset.conf", conf, status="Accepted")
    return since


async def new_handshake(central_system: CentralSystemHarness, step: int, since: float) -> Handshake:
    """The first opening handshake after `since`, within the reboot timeout."""
    bound = central_system.data.reboot_timeout_s
    with events.step(f"Step {step}: the charge point opens a new connection", step):
        if not await central_system.wait_for(lambda: central_system.handshake_since(since), bound):
            raise NoMessageWithinDeadline(f"no new connection attempt within {bound:g} s after the reset", step=step)
        handshake = central_system.handshake_since(since)
        assert handshake is not None
        return handshake


def check_basic_auth(step: int, handshake: Handshake, charge_point_id: str) -> None:
    """`Authorization: Basic base64(<ChargePointId>:<AuthorizationKey>)`, the id that of the URL,
    the key 16 to 20 characters (what the header shows is judged; the key itself never)."""
    auth = handshake.auth
    with events.step(f"Step {step}: check the Authorization header of the HTTP upgrade request", step):
        if not auth.present:
            raise TransportViolation("the HTTP upgrade request has no Authorization header", step=step,
                                     rule=rules.BASIC_AUTH_HEADER)
        if not auth.well_formed:
            raise TransportViolation("the Authorization header is not 'Basic ' followed by the padded base64 of "
                                     "'<ChargePointId>:<AuthorizationKey>' (RFC 7617)", step=step,
                                     rule=rules.BASIC_AUTH_HEADER)
        url_id = handshake.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        if auth.user != url_id or auth.user != charge_point_id:
            raise TransportViolation(f"the basic auth user is {auth.user!r}; it must be the charge point identity at "
                                     f"the end of the URL ({url_id!r})", step=step, rule=rules.BASIC_AUTH_HEADER)
        assert auth.key_length is not None
        if not KEY_MIN <= auth.key_length <= KEY_MAX:
            raise TransportViolation(f"the AuthorizationKey has {auth.key_length} characters; it must have "
                                     f"{KEY_MIN} to {KEY_MAX} (hex encoded at most 40)", step=step,
                                     rule=rules.AUTHORIZATION_KEY_LENGTH)


def check_tls(step: int, handshake: Handshake) -> TlsSession:
    """TLS 1.2 or higher, and the cipher suites a charge point must support: both ECDSA suites or
    both RSA suites (judged from the suites it offered that the harness shares)."""
    tls = handshake.tls
    with events.step(f"Step {step}: check the TLS session ({tls.describe() if tls else 'none'})", step):
        if tls is None:
            raise TransportViolation("the charge point connected without TLS", step=step, rule=rules.TLS_VERSION)
        if tls.version not in VERSIONS_OK:
            raise TransportViolation(f"TLS version {tls.version}; 1.2 or higher is required", step=step,
                                     rule=rules.TLS_VERSION)
        offered = set(tls.shared_ciphers)
        if not (set(ECDSA_SUITES.values()) <= offered or set(RSA_SUITES.values()) <= offered):
            shown = [iana for iana, name in REQUIRED_SUITES.items() if name in offered]
            raise TransportViolation(
                f"the charge point offers {', '.join(shown) or 'none'} of the required suites; it must offer "
                f"{' and '.join(ECDSA_SUITES)}, or {' and '.join(RSA_SUITES)}", step=step, rule=rules.TLS_CIPHER_SUITES)
        return tls


def check_client_certificate(step: int, tls: TlsSession, charge_point_id: str, operator: str | None) -> None:
    """Profile 3: a certificate with a serial number, subject CN the charge point identity, O the
    operator (when [security] operator names it), a key of the whitepaper's size. It travels in
    DER inside the TLS handshake; the PEM of the plan is how it is stored, not sent."""
    with events.step(f"Step {step}: check the charge point's client certificate", step):
        if tls.peer_certificate is None:
            raise TransportViolation("the charge point presented no client certificate", step=step,
                                     rule=rules.CLIENT_CERTIFICATE)
        problems = charge_point_certificate_problems(tls.peer_certificate, charge_point_id=charge_point_id,
                                                     operator=operator)
        if problems:
            raise TransportViolation("the client certificate: " + "; ".join(problems), step=step,
                                     rule=rules.CLIENT_CERTIFICATE)


async def boot_and_statuses(central_system: CentralSystemHarness, connectors: int, *, boot_step: int,
                            status_step: int) -> None:
    """BootNotification first on the new connection (answered Accepted), then a StatusNotification
    for connector 0 and each connector, in any order."""
    await central_system.expect(boot_step, "BootNotification", first_after_power_cycle=True,
                                reply=Reply(boot_step + 1), timeout=central_system.data.reboot_timeout_s)
    await central_system.expect_in_any_order(
        "one per connector and one for connector 0",
        *[expect(status_step, "StatusNotification", connectorId=c, reply=Reply(status_step + 1))
          for c in range(0, connectors + 1)])


# -- AuthorizationKey changes (TC_073) -----------------------------------------------------------------

# The key TC_073 sets: "OCA_OCTT_admin_test". The configuration key holds it hex encoded; the
# basic auth header carries the key itself (whitepaper, "Unsecured Transport with Basic
# Authentication", and TC_085's rule that the hex form is twice as long as the key).
NEW_AUTHORIZATION_KEY = "OCA_OCTT_admin_test"


def hex_key(key: str) -> str:
    return key.encode().hex().upper()


@contextlib.asynccontextmanager
async def authorization_key_changed(central_system: CentralSystemHarness, new: str) -> Any:
    """From now on the harness accepts only `new`; afterwards the configured key is set back.

    Setting it back is not a plan step: the next case needs the charge point on the key of
    the SUT description. It is best effort and bounded, like the plan's baseline.
    """
    configured = central_system.accepted_password
    hide(configured)
    central_system.accepted_password = new
    started = time.monotonic()
    central_system.trace.event("the harness now accepts only the new AuthorizationKey")
    try:
        yield
    finally:
        central_system.accepted_password = configured
        conn = central_system.connection
        if conn is not None and not conn.closed.is_set() and conn.opened_at >= started:
            central_system.trace.event("setting the configured AuthorizationKey back (not a plan step)")
            since = time.monotonic()
            with contextlib.suppress(Exception):
                await central_system.call("ChangeConfiguration", {"key": "AuthorizationKey",
                                                                  "value": hex_key(configured or "")})
                await central_system.wait_for(
                    lambda: (h := central_system.handshake_since(since)) is not None and h.auth.key_matches is True,
                    central_system.data.reboot_timeout_s)


async def reconnects_with_key(central_system: CentralSystemHarness, step: int, since: float) -> None:
    """The charge point's next connection carries the key the harness now expects, and is upgraded."""
    handshake = await new_handshake(central_system, step, since)
    with events.step(f"Step {step}: the new connection uses the new AuthorizationKey", step):
        if handshake.auth.key_matches is not True:
            what = "no credentials" if not handshake.auth.present else "another key"
            raise TransportViolation(f"the charge point reconnected with {what}, not the new AuthorizationKey "
                                     f"({handshake.describe()})", step=step, rule=rules.AUTHORIZATION_KEY_USED)
        bound = central_system.data.connect_timeout_s
        if not await central_system.wait_for(lambda: central_system.connection is not None
                                             and central_system.connection.opened_at >= since, bound):
            raise NoMessageWithinDeadline(f"no connection within {bound:g} s after the key change", step=step)


# -- SecurityProfile upgrades (TC_083) ----------------------------------------------------------------

@contextlib.asynccontextmanager
async def security_profile_raised(central_system: CentralSystemHarness, charge_point: Any, higher: int) -> Any:
    """The harness serves the higher profile to new connections; afterwards the charge point is
    set back to the configured profile by the operator (`set_security_profile`: a downgrade over
    OCPP is rejected, TC_084) and the harness serves the configured one again (not plan steps)."""
    configured = central_system.security_profile
    tls = central_system.profile.tls
    if higher != 3:
        raise SetupError(f"the harness raises a charge point from security profile 2 to 3 only: from {configured} to "
                         f"{higher} the charge point would need a wss:// endpoint besides [sut] listen, which the "
                         "harness does not serve")
    if tls is None or tls.ca_certificate is None:
        raise SetupError("give [security] ca_certificate: the root the charge point's client certificate is checked "
                         "against once it is raised to security profile 3")
    if central_system.profile.ca_key is None:
        raise SetupError("give [security] ca_private_key: the key of [security] ca_certificate, which signs the client "
                         "certificate the charge point asks for (memory state RenewChargePointCertificate)")
    central_system.switch_security_profile(higher)
    try:
        yield
    finally:
        central_system.switch_security_profile(configured)
        since = time.monotonic()
        with contextlib.suppress(Exception):
            await charge_point.manual("set_security_profile", profile=configured)
            await central_system.wait_for(lambda: (h := central_system.handshake_since(since)) is not None
                                          and h.refused is None, central_system.data.connect_timeout_s)


async def renew_charge_point_certificate(central_system: CentralSystemHarness, charge_point: Any) -> None:
    """Memory state RenewChargePointCertificate: with CpoName set, the charge point is triggered to
    ask for a certificate (ExtendedTriggerMessage SignChargePointCertificate, Accepted), sends
    SignCertificate with its CSR (answered Accepted), and installs the certificate the harness
    issues under [security] ca_certificate (CertificateSigned, Accepted)."""
    profile, state = central_system.profile, "RenewChargePointCertificate"
    operator = profile.operator or central_system.data.vendor
    conf = await central_system.send(f"{state} before", "ChangeConfiguration", key="CpoName", value=operator)
    central_system.check(f"{state} before", "ChangeConfiguration.conf", conf, status="Accepted")
    central_system.will_answer(f"{state} 4", "SignCertificate", status="Accepted")
    conf = await central_system.send(f"{state} 1", "ExtendedTriggerMessage", requestedMessage="SignChargePointCertificate")
    central_system.check(f"{state} 2", "ExtendedTriggerMessage.conf", conf, status="Accepted")
    request = await central_system.expect(f"{state} 3", "SignCertificate", reply=Reply(f"{state} 4"))
    tls = profile.tls
    assert tls is not None and tls.ca_certificate is not None and profile.ca_key is not None
    try:
        chain = sign_certificate_request(str(request.payload.get("csr", "")), root=tls.ca_certificate,
                                         root_key=profile.ca_key)
    except ValueError as exc:
        raise TransportViolation(f"the SignCertificate.req's csr is no certificate signing request the harness can "
                                 f"sign ({exc})", step=f"{state} 3", rule=rules.CLIENT_CERTIFICATE) from None
    conf = await central_system.send(f"{state} 5", "CertificateSigned", certificateChain=chain)
    central_system.check(f"{state} 6", "CertificateSigned.conf", conf, status="Accepted")


async def reconnects_by_itself(central_system: CentralSystemHarness, since: float) -> bool:
    """After SecurityProfile Accepted: a charge point that reconnects by itself drops its connection
    or opens a new one within message_timeout_s; one that keeps its connection that long does not
    (steps 3 to 8 follow, on that connection). One that dropped it must be back within
    connect_timeout_s: a Reset can no longer reach it."""
    data, old = central_system.data, central_system.connection
    dropped = lambda: old is None or old.closed.is_set()  # noqa: E731 - read twice below
    await central_system.wait_for(lambda: central_system.handshake_since(since) or dropped(), data.message_timeout_s)
    if central_system.handshake_since(since) is None and not dropped():
        return False
    if not await central_system.wait_for(lambda: central_system.handshake_since(since), data.connect_timeout_s):
        raise NoMessageWithinDeadline(f"the charge point closed its connection after the SecurityProfile change and "
                                      f"did not connect again within {data.connect_timeout_s:g} s", step=2)
    return True


async def reconnects_on_profile(central_system: CentralSystemHarness, charge_point: Any, status: str, since: float
                                ) -> None:
    """Steps 3 to 8 (when RebootRequired, or when the charge point does not reconnect by itself
    within connect_timeout_s): Reset Hard, BootNotification, StatusNotification Available for
    connector 0 and each connector. Either way the new connection must use the new profile: a
    client certificate, with the whitepaper's properties."""
    data = central_system.data
    reconnected = status == "Accepted" and await reconnects_by_itself(central_system, since)
    if not reconnected:
        central_system.trace.event("steps 3 to 8: RebootRequired, or no reconnect by itself")
        since = await triggered_to_reset(central_system, 3)
    handshake = await new_handshake(central_system, 5 if not reconnected else 2, since)
    step = 5 if not reconnected else 2
    with events.step(f"Step {step}: the new connection uses security profile 3", step):
        tls = handshake.tls
        if tls is None or tls.peer_certificate is None:
            raise TransportViolation(f"the charge point reconnected without a client certificate "
                                     f"({handshake.describe()})", step=step, rule=rules.SECURITY_PROFILE_UPGRADED)
    check_client_certificate(step, tls, charge_point.profile.charge_point_id, charge_point.profile.operator)
    if not reconnected:
        await central_system.expect(5, "BootNotification", first_after_power_cycle=True, reply=Reply(6),
                                    timeout=data.reboot_timeout_s)
        await central_system.expect_in_any_order(
            "one per connector and one for connector 0",
            *[expect(7, "StatusNotification", connectorId=c, status="Available", reply=Reply(8))
              for c in range(0, charge_point.profile.connectors + 1)])
