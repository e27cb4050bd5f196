"""What a report says about the run: the suite's version and each SUT description, secrets removed.

A report is evidence that is mailed and attached to tickets: the SUT description is shown as
its file says it (so a reader can repeat the run), but a password, a credential in a URL or
anything named like a secret is replaced, and so is the value of a password another key
repeats (a `command` that passes it on, say).
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..sut.profile import SutProfile

HIDDEN = "(not shown)"
_SECRET_KEY = re.compile(r"pass(word)?|secret|token|credential|api_?key|auth_?key", re.IGNORECASE)


@cache
def suite_version() -> str:
    try:
        return metadata.version("ocpp-conformance")
    except metadata.PackageNotFoundError:
        return "unknown"


def sut_description(sut: SutProfile) -> dict[str, Any]:
    """The SUT description file as tables of values, with every secret replaced by HIDDEN."""
    try:
        tables: dict[str, Any] = tomllib.loads(sut.path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        tables = {"sut": {"role": sut.role.value, "charge_point_id": sut.charge_point_id}}
    secrets = {s for s in (sut.password_text, _env_password(sut)) if s}
    described = _scrub(tables, secrets)
    from ..catalog import PROFILES

    declared = sorted(sut.profiles, key=lambda p: (PROFILES.index(p) if p in PROFILES else len(PROFILES), p))
    return {"name": sut.label, "role": sut.role.value, "file": sut.path.name, "profiles": declared,
            "tables": described}


def _env_password(sut: SutProfile) -> str | None:
    return os.environ.get(sut.password_env) if sut.password_env else None


def _scrub(value: Any, secrets: set[str], key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _scrub(v, secrets, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secrets, key) for v in value]
    if key and _SECRET_KEY.search(key) and not key.endswith("_env"):
        return HIDDEN
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, HIDDEN)
        return _without_url_credentials(value)
    return value


def _without_url_credentials(text: str) -> str:
    """ws://user:pw@host/?token=t -> ws://user:(not shown)@host/?token=(not shown); the rest unchanged."""
    def replace(match: re.Match[str]) -> str:
        url = match.group(0)
        try:
            parts = urlsplit(url)
            password = parts.password
        except ValueError:
            return url
        if password is not None:
            host = parts.netloc.rsplit("@", 1)[1]
            parts = parts._replace(netloc=f"{parts.username}:{HIDDEN}@{host}")
        if parts.query:
            query = re.sub(r"(^|&)([^=&]+)=([^&]*)",
                           lambda q: f"{q[1]}{q[2]}={HIDDEN}" if _SECRET_KEY.search(q[2]) else q[0], parts.query)
            parts = parts._replace(query=query)
        return urlunsplit(parts)

    return re.sub(r"\b[a-z][a-z0-9+.-]*://[^\s\"'<>]+", replace, text)


def description_lines(described: dict[str, Any]) -> list[str]:
    """The described SUT in the SUT description's own notation, one `key = value` a line."""
    lines: list[str] = []
    for table, values in described["tables"].items():
        lines.append(f"[{table}]")
        if isinstance(values, dict):
            lines += [f"{k} = {_toml(v)}" for k, v in values.items()]
    return lines


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)
