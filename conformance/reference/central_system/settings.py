"""What the reference central system is given, checked before it starts."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from conformance.reference.switches import FAULT, MODE

from .faults import SWITCHES

log = logging.getLogger("conformance.reference.central_system")

PROG = "ocpp-conformance reference central-system"

BOOT_STATUSES = ("Accepted", "Pending", "Rejected")


@dataclass
class CentralSystemSettings:
    """How the reference central system answers; the defaults make it fully correct."""

    listen: str = "ws://127.0.0.1:9000"
    boot_status: str = "Accepted"
    heartbeat_interval: int = 300
    retry_interval: int = 10
    valid_id_tags: tuple[str, ...] = ("VALID_TAG",)
    invalid_id_tags: tuple[str, ...] = ()
    blocked_id_tags: tuple[str, ...] = ()
    expired_id_tags: tuple[str, ...] = ()
    parent_id_tags: dict[str, str] = field(default_factory=dict)   # idTag -> its parentIdTag (OCPP 1.6 §3.4)
    passwords: dict[str, str] = field(default_factory=dict)
    # TLS (a wss:// listen address): the server certificate and key; with a client root
    # (security profile 3) every charge point must present a certificate issued by it whose
    # subject CN is its identity.
    certificate: str | None = None
    private_key: str | None = None
    rsa_certificate: str | None = None   # a second one of the other key type: all four suites
    rsa_private_key: str | None = None
    client_root: str | None = None
    client_root_key: str | None = None   # signs the certificates charge points ask for (SignCertificate)
    # The security profile charge points connect with; None: 3 with a client root, 2 on wss://,
    # 1 with passwords, else 0. With 2 and a client root, a charge point can be raised to 3.
    security_profile: int | None = None
    faults: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset()
    call_timeout: float = 10.0


def parse_listen(listen: str) -> tuple[str, int, str]:
    """Split "ws://HOST:PORT[/PREFIX]" into host, port and path prefix (no trailing slash)."""
    hint = "expected ws://HOST:PORT or ws://HOST:PORT/PREFIX (wss:// with a certificate), e.g. ws://127.0.0.1:9000"
    parts = urlsplit(listen)
    if parts.scheme not in ("ws", "wss"):
        raise ValueError(f"listen address {listen!r}: {hint}")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"listen address {listen!r} has an invalid port; {hint}") from None
    if not parts.hostname or port is None:
        raise ValueError(f"listen address {listen!r} needs a host and a port; {hint}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"listen address {listen!r} must not carry credentials, a query or a fragment; {hint}")
    return parts.hostname, port, parts.path.rstrip("/")


def check_settings(settings: CentralSystemSettings) -> None:
    """Reject contradictory settings up front rather than answering arbitrarily later."""
    parse_listen(settings.listen)
    if settings.listen.startswith("wss://") and not (settings.certificate and settings.private_key):
        raise ValueError("a wss:// listen address needs a server certificate and its private key")
    if settings.boot_status not in BOOT_STATUSES:
        raise ValueError(f"boot status {settings.boot_status!r} is not one of {', '.join(BOOT_STATUSES)}")
    SWITCHES.select(FAULT, settings.faults)  # UnknownSwitch, a ValueError
    SWITCHES.select(MODE, settings.modes)
    if settings.heartbeat_interval < 0 or settings.retry_interval < 0:
        raise ValueError("heartbeat and retry intervals must not be negative")
    seen: dict[str, str] = {}
    for kind, tags in (
        ("valid", settings.valid_id_tags),
        ("invalid", settings.invalid_id_tags),
        ("blocked", settings.blocked_id_tags),
        ("expired", settings.expired_id_tags),
    ):
        for tag in tags:
            key = tag.casefold()
            if key in seen and seen[key] != kind:
                raise ValueError(f"idTag {tag!r} is listed as both {seen[key]} and {kind}")
            seen[key] = kind
