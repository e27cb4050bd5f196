"""The SUT description's [file_server] table: which schemes the SUT transfers files with, and
at which address the SUT reaches the harness's file server."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SCHEMES = ("ftp", "http")


@dataclass(frozen=True)
class FileServerConfig:
    schemes: tuple[str, ...] = SCHEMES        # what the SUT supports; the cases use the first
    address: str = "127.0.0.1"               # the host the SUT reaches the server at (in every URL)
    bind: str | None = None                  # where the server listens; None: address
    ftp_port: int = 0                        # 0: a free port, chosen when the server starts
    http_port: int = 0
    firmware: Path | None = None             # a valid image of the SUT's own (default: a built-in dummy)
    invalid_firmware: Path | None = None     # one the SUT downloads and refuses to install

    @property
    def bind_host(self) -> str:
        return self.bind or self.address

    @property
    def scheme(self) -> str:
        """The scheme the cases hand the SUT."""
        return self.schemes[0]
