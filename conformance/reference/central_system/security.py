"""Who may connect to the reference central system: TLS, client certificates, basic auth, and the
security profile of each charge point (Security Whitepaper, profiles 1 to 3)."""

from __future__ import annotations

import http
import ssl
import tempfile
import warnings

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import InvalidHeader
from websockets.headers import build_www_authenticate_basic, parse_authorization_basic
from websockets.http11 import Request, Response

from conformance.reference.switches import Active

from .faults import Fault
from .settings import CentralSystemSettings


def self_signed_copy(certificate: str, private_key: str) -> str:
    """The certificate's subject and names, signed by its own key: a file beside no root."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    with open(certificate, "rb") as f:
        cert = x509.load_pem_x509_certificate(f.read())
    with open(private_key, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    builder = (x509.CertificateBuilder().subject_name(cert.subject).issuer_name(cert.subject)
               .public_key(cert.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(cert.not_valid_before_utc).not_valid_after(cert.not_valid_after_utc))
    for extension in cert.extensions:
        if extension.oid != x509.ExtensionOID.AUTHORITY_KEY_IDENTIFIER:
            builder = builder.add_extension(extension.value, extension.critical)
    signed = builder.sign(key, hashes.SHA256())  # type: ignore[arg-type]
    handle = tempfile.NamedTemporaryFile("wb", suffix=".pem", delete=False)  # noqa: SIM115 - read by OpenSSL later
    with handle:
        handle.write(signed.public_bytes(serialization.Encoding.PEM))
    return handle.name


class Admission:
    """The security profile charge points connect with, the ones raised above it, and the handshake check."""

    def __init__(self, settings: CentralSystemSettings, faults: Active):
        self._settings, self._faults = settings, faults
        s = settings
        derived = 3 if s.client_root else 2 if s.listen.startswith("wss://") else 1 if s.passwords else 0
        self.profile = derived if s.security_profile is None else s.security_profile
        self._raised: dict[str, int] = {}  # charge points whose profile differs from self.profile

    def profile_of(self, cp_id: str) -> int:
        return self._raised.get(cp_id, self.profile)

    def lower_to(self, cp_id: str, profile: int) -> None:
        """A local change: back at the common profile the charge point is no longer a raised one."""
        if profile == self.profile:
            self._raised.pop(cp_id, None)
        else:
            self._raised[cp_id] = profile

    def raise_to(self, cp_id: str, profile: int) -> None:
        self._raised[cp_id] = profile

    def tls_context(self) -> ssl.SSLContext:
        """Profiles 2 and 3: TLS 1.2 or higher and the whitepaper's four cipher suites."""
        s, faults = self._settings, self._faults
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        suites = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "AES128-GCM-SHA256",
                  "AES256-GCM-SHA384"]
        if faults.active(Fault.TLS_MISSING_CIPHER_SUITE):
            suites.remove("ECDHE-ECDSA-AES256-GCM-SHA384")
        if faults.active(Fault.TLS_1_0_AND_1_1):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                context.minimum_version = ssl.TLSVersion.TLSv1
            suites.append("ALL:@SECLEVEL=0")
        context.set_ciphers(":".join(suites))
        assert s.certificate and s.private_key
        certificate = s.certificate
        if faults.active(Fault.SELF_SIGNED_SERVER_CERTIFICATE):
            certificate = self_signed_copy(s.certificate, s.private_key)
        context.load_cert_chain(certificate, s.private_key)
        if s.rsa_certificate and s.rsa_private_key and not faults.active(Fault.TLS_ONE_KEY_TYPE) \
                and not faults.active(Fault.SELF_SIGNED_SERVER_CERTIFICATE):
            context.load_cert_chain(s.rsa_certificate, s.rsa_private_key)
        if s.client_root:
            context.load_verify_locations(cafile=s.client_root)
            # Below profile 3 a certificate is asked for (and checked) for charge points raised to 3.
            optional = self.profile < 3 or faults.active(Fault.CLIENT_CERTIFICATE_OPTIONAL)
            context.verify_mode = ssl.CERT_OPTIONAL if optional else ssl.CERT_REQUIRED
        return context

    def refusal(self, cp_id: str, connection: ServerConnection, request: Request) -> Response | None:
        """The HTTP answer that turns the handshake of cp_id away, or None to let it in."""
        faults = self._faults
        if self.profile_of(cp_id) == 3 and not faults.active(Fault.CLIENT_CERTIFICATE_OPTIONAL):
            ssl_object = connection.transport.get_extra_info("ssl_object")
            subject = dict(x[0] for x in (ssl_object.getpeercert() or {}).get("subject", ()))
            raised_but_old = cp_id in self._raised and not subject and faults.active(Fault.LOWER_PROFILE_ACCEPTED)
            if subject.get("commonName") != cp_id and not faults.active(Fault.CLIENT_CERTIFICATE_CN_NOT_CHECKED) \
                    and not raised_but_old:
                return connection.respond(http.HTTPStatus.FORBIDDEN, "the client certificate is not this charge point's\n")
            if not raised_but_old:
                return None   # profile 3: the certificate, not basic auth
        passwords = self._settings.passwords
        if not passwords or faults.active(Fault.BASIC_AUTH_NOT_CHECKED):
            return None
        try:
            username, password = parse_authorization_basic(request.headers["Authorization"])
        except (KeyError, InvalidHeader):
            return _unauthorized(connection, "HTTP Basic credentials required\n")
        expected = passwords.get(cp_id)
        # Security profile 1: the user name is the charge point's own identity.
        if username != cp_id or expected is None or password != expected:
            return _unauthorized(connection, "invalid credentials\n")
        return None


def _unauthorized(connection: ServerConnection, text: str) -> Response:
    response = connection.respond(http.HTTPStatus.UNAUTHORIZED, text)
    response.headers["WWW-Authenticate"] = build_www_authenticate_basic("OCPP")
    return response
