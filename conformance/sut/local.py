"""SUT descriptions written for runs on this machine: a free loopback port, a TOML writer, and
copies of the reference descriptions with faults, modes and short intervals. The project's own
tests and the bench recipes share them."""

from __future__ import annotations

import json
import socket
import tomllib
from pathlib import Path
from typing import Any

from .capabilities import CAPABILITIES

REFERENCE_DESCRIPTIONS = Path(__file__).resolve().parents[2] / "fixtures" / "suts"

# Short protocol intervals: a self-test or a benchmark judges behaviour, not endurance.
FAST = {"message_timeout_s": 3, "quiet_period_s": 1, "reboot_timeout_s": 10, "connect_timeout_s": 10,
        "action_timeout_s": 10, "reconnect_interval_s": 0.2, "heartbeat_interval_s": 1, "boot_retry_interval_s": 1,
        "timing_tolerance_s": 0.8}
# A charge point's own timers may end timing_tolerance_s + 1 s early (conformance.checks.timing):
# a retry interval that a charge point ignoring it (0.2 s) cannot meet.
CHARGE_POINT_TIMERS = {"boot_retry_interval_s": 3}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def toml_value(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return repr(value)


def write_toml(path: Path, tables: dict[str, dict[str, Any]]) -> Path:
    lines = []
    for table, values in tables.items():
        lines.append(f"[{table}]")
        lines += [f"{key} = {toml_value(value)}" for key, value in values.items()]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def reference_sut(directory: Path, role: str, *, faults: tuple[str, ...] = (), modes: tuple[str, ...] = (),
                  timestamps: str = "utc", profiles: list[str] | None = None, **test_data: Any) -> Path:
    """A copy of the reference SUT description on a free port, fast intervals, with faults and modes."""
    name = "reference-charge-point.toml" if role == "charge-point" else "reference-central-system.toml"
    tables = tomllib.loads((REFERENCE_DESCRIPTIONS / name).read_text())
    port = free_port()
    key = "listen" if role == "charge-point" else "url"
    scheme = tables["sut"][key].partition(":")[0]   # wss for the security profile the description has
    tables["sut"][key] = f"{scheme}://127.0.0.1:{port}/ocpp"
    timers = CHARGE_POINT_TIMERS if role == "charge-point" else {}
    tables["test_data"] = {**tables.get("test_data", {}), **FAST, **timers, **test_data}
    tables["reference"] = {"faults": list(faults), **({"modes": list(modes)} if modes else {})}
    tables["checks"] = {"timestamps": timestamps}
    if profiles is not None:
        tables["capabilities"]["profiles"] = profiles
        # A feature of a profile left out is not declared either (that would be a set-up error).
        for name in [n for n in tables["capabilities"] if n in CAPABILITIES]:
            if CAPABILITIES[name].profile not in (None, *profiles):
                del tables["capabilities"][name]
    return write_toml(directory / f"{role}-{'-'.join(faults + modes) or 'correct'}.toml", tables)
