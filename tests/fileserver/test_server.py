"""The file server on loopback: the plan's files over FTP and HTTP, and a record of every transfer."""

from __future__ import annotations

import asyncio

import pytest

from conformance.fileserver import (
    FAILED_UPLOAD,
    FIRMWARE,
    INVALID_FIRMWARE,
    MISSING_FIRMWARE,
    UPLOADS,
    FileServer,
    is_valid_image,
)
from conformance.fileserver.client import TransferFailed, download, upload
from conformance.fileserver.config import FileServerConfig
from conformance.fileserver.layout import valid_image


@pytest.fixture
def server():
    files = FileServer(FileServerConfig())
    files.start()
    yield files
    files.stop()


@pytest.mark.parametrize("scheme", ["ftp", "http"])
def test_the_plan_files_and_locations(server, scheme, tmp_path):
    assert is_valid_image(download(server.url(FIRMWARE, scheme), 5))
    assert not is_valid_image(download(server.url(INVALID_FIRMWARE, scheme), 5))
    with pytest.raises(TransferFailed, match="download_fail.fwi"):
        download(server.url(MISSING_FIRMWARE, scheme), 5)
    upload(server.url(UPLOADS, scheme), "cp.log", b"diagnostics", 5)
    with pytest.raises(TransferFailed, match="failedLocation"):
        upload(server.url(FAILED_UPLOAD, scheme), "cp.log", b"diagnostics", 5)

    assert asyncio.run(server.wait_until(lambda: len([t for t in server.since(0) if t.ok]) == 3, 5))
    records = server.since(0)
    assert [(t.kind, t.path, t.ok) for t in records] == [
        ("download", FIRMWARE, True), ("download", INVALID_FIRMWARE, True), ("download", MISSING_FIRMWARE, False),
        ("upload", f"{UPLOADS}/cp.log", True), ("upload", f"{FAILED_UPLOAD}/cp.log", False)]
    assert server.since(3, kind="upload", under=UPLOADS)[0].size == len(b"diagnostics")
    (kept,) = server.keep(records, tmp_path / "evidence")
    assert kept.read_bytes() == b"diagnostics"
    assert str(records[0]).startswith(f"{scheme.upper()} download of /{FIRMWARE}")


def test_a_wait_for_a_transfer_that_never_comes_ends_at_its_bound(server):
    assert asyncio.run(server.wait_until(lambda: bool(server.since(0)), 0.2)) is False


def test_a_truncated_image_is_not_valid():
    image = valid_image()
    assert is_valid_image(image) and not is_valid_image(image[:-10]) and not is_valid_image(b"x" + image)


def test_images_of_the_sut_description_are_served(tmp_path):
    good, bad = tmp_path / "good.bin", tmp_path / "bad.bin"
    good.write_bytes(b"vendor image")
    bad.write_bytes(b"broken image")
    files = FileServer(FileServerConfig(schemes=("http",), firmware=good, invalid_firmware=bad))
    files.start()
    try:
        assert download(files.url(FIRMWARE), 5) == b"vendor image"
        assert download(files.url(INVALID_FIRMWARE), 5) == b"broken image"
        assert "ftp" not in files.ports
    finally:
        files.stop()


def test_two_servers_in_one_process_serve_side_by_side():
    """A run with a charge point and a central system SUT has one server per role."""
    first, second = FileServer(FileServerConfig()), FileServer(FileServerConfig())
    first.start()
    second.start()
    try:
        for files in (first, second, first):
            assert is_valid_image(download(files.url(FIRMWARE), 5))
    finally:
        first.stop()
        second.stop()
