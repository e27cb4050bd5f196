"""What the file server holds, by path: the plan's files and locations.

A built-in firmware image is a text header a charge point could check and a body; the reference
charge point "installs" one whose header is right and refuses any other. A SUT file may name
images of its own (a real charger needs one it can install, and one it refuses).
"""

from __future__ import annotations

import hashlib

FIRMWARE = "firmware/firmware.bin"              # a valid image (TC_044_1)
INVALID_FIRMWARE = "firmware/not_supported.bin"  # downloads, fails to install (TC_044_3)
MISSING_FIRMWARE = "download_fail.fwi"           # not on the server: the download fails (TC_044_2)
UPLOADS = "diagnostics"                         # the upload sink (TC_045_1)
FAILED_UPLOAD = "files/failedLocation"          # refuses every upload (TC_045_2)

MAGIC = b"OCPP-CONFORMANCE-FIRMWARE/1\n"


def valid_image() -> bytes:
    """A dummy image: header, a body, and the body's SHA-256 so a truncated download shows."""
    body = b"".join(b"block %06d of the dummy firmware image\n" % n for n in range(2048))
    return MAGIC + hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def invalid_image() -> bytes:
    """Bytes no charge point can install: no header, no checksum."""
    return b"\x7fNOT-A-FIRMWARE-IMAGE" + bytes(range(256)) * 64


def is_valid_image(data: bytes) -> bool:
    """Whether `data` is a complete built-in image (the reference charge point's install check)."""
    if not data.startswith(MAGIC):
        return False
    digest, _, body = data[len(MAGIC):].partition(b"\n")
    return hashlib.sha256(body).hexdigest().encode() == digest
