"""What a run has changed on the charge point and not yet set back, kept across runs.

The harness changes configuration keys and makes connectors Inoperative during cases, and sets
them back after each. A run that is interrupted (Ctrl-C, a killed CI job, a crash) cannot; the
next run reads this file before its first case and sets them back then. One small JSON file per
charge point, named by its id and the harness's listening address:

    {"sut": "...", "charge_point_id": "CP_1", "listen": "ws://...",
     "keys": {"MeterValueSampleInterval": "60"}, "inoperative": [2], "since": "2026-..."}

`keys` holds each key's value from before the run's first change; `inoperative` the connectors
the run made Inoperative. The file is removed once nothing is left to set back.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

DIRECTORY = Path(".ocpp-conformance")


@dataclass
class Leftovers:
    keys: dict[str, str] = field(default_factory=dict)
    inoperative: list[int] = field(default_factory=list)
    since: str = ""

    def __bool__(self) -> bool:
        return bool(self.keys or self.inoperative)

    def describe(self) -> str:
        parts = [f"{key} changed (it was {value!r})" for key, value in self.keys.items()]
        parts += ["the charge point (connector 0) Inoperative" if c == 0 else f"connector {c} Inoperative"
                  for c in self.inoperative]
        return ", ".join(parts)


class LeftoversFile:
    """The file of one charge point; every operation is best effort (an unwritable directory
    costs the protection, never the run)."""

    def __init__(self, directory: Path, charge_point_id: str, listen: str, sut: str):
        self.identity = {"sut": sut, "charge_point_id": charge_point_id, "listen": listen}
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{charge_point_id}@{listen.split('://')[-1]}").strip("_")
        self.path = directory / f"{name}.json"

    def load(self) -> Leftovers:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Leftovers()
        keys = data.get("keys") if isinstance(data, dict) else None
        inoperative = data.get("inoperative") if isinstance(data, dict) else None
        return Leftovers(
            keys={k: v for k, v in (keys or {}).items() if isinstance(k, str) and isinstance(v, str)},
            inoperative=sorted(c for c in (inoperative or []) if isinstance(c, int) and c >= 0),
            since=str(data.get("since", "")) if isinstance(data, dict) else "")

    def save(self, leftovers: Leftovers) -> None:
        if not leftovers:
            self.clear()
            return
        since = leftovers.since or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        leftovers.since = since
        data = {**self.identity, "keys": leftovers.keys, "inoperative": sorted(leftovers.inoperative), "since": since}
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
            temporary.replace(self.path)

    def clear(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
