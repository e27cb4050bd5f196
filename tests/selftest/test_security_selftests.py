"""The Security profile's transport cases against the reference SUTs over real TLS on loopback.

Each case passes on the correct reference SUT at the security profiles it is for, and fails
naming its rule on the matching fault; the certificates are made for the test session.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import reference_sut, run_case, write_toml

PASSWORD = "tls-test-auth-key-20"   # 20 characters: within the AuthorizationKey length rules


def security_sut(directory: Path, role: str, profile: int, *, faults: tuple[str, ...] = (),
                 **test_data: Any) -> Path:
    """The reference SUT description at security profile `profile` (wss:// for 2 and 3)."""
    path = reference_sut(directory, role, faults=faults, profiles=["Core", "Security"], **test_data)
    tables = tomllib.loads(path.read_text())
    key = "listen" if role == "charge-point" else "url"
    if profile >= 2:
        tables["sut"][key] = tables["sut"][key].replace("ws://", "wss://")
    tables["security"] = {"profile": profile, **({"password": PASSWORD} if profile in (1, 2) else {})}
    return write_toml(directory / f"{role}-p{profile}-{'-'.join(faults) or 'correct'}.toml", tables)


CORRECT = [
    ("TC_001_CS", "charge-point", 2), ("TC_001_CS", "charge-point", 3),
    ("TC_001_CSMS", "central-system", 2), ("TC_001_CSMS", "central-system", 3),
]


@pytest.mark.parametrize("case_id, role, profile", CORRECT)
def test_passes_over_tls(pytester: pytest.Pytester, case_id: str, role: str, profile: int) -> None:
    sut = security_sut(pytester.path, role, profile)
    row = run_case(pytester, case_id, sut)
    assert row["verdict"] == "passed", row
