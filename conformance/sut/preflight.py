"""Before a run: can the harness serve and reach the SUTs it was given? One clear line if not."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from ..ocpp.actions import Role
from ..verdicts import ConfigError
from .profile import SutProfile


def check(profile: SutProfile) -> None:
    """Raise ConfigError when the run could not even start against this SUT."""
    _ = profile.password  # an unset password_env stops the run here, not inside a case
    if profile.role is Role.CHARGE_POINT:
        host, port = profile.listen_host_port
        _port_free(profile, host, port, "[sut] listen")
        return
    parts = urlsplit(profile.connect_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if profile.driver == "reference":
        _port_free(profile, host, port, "[sut] url")
        return
    try:
        socket.create_connection((host, port), timeout=min(5.0, profile.test_data.connect_timeout_s)).close()
    except OSError as exc:
        raise ConfigError(f"{profile.path}: cannot reach the central system at {profile.connect_url} "
                          f"({exc.strerror or exc}): is it running, and is [sut] url right?") from None


def _port_free(profile: SutProfile, host: str, port: int, key: str) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(f"{profile.path}: cannot listen on {host}:{port} ({exc.strerror or exc}): "
                              f"free the port or change {key}") from None
