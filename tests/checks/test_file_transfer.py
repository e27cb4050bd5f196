"""A reported transfer against the file server's record of it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conformance.checks import rules
from conformance.checks.failures import ConformanceFailure
from conformance.checks.file_transfer import attempts_within, matching, never_fetched_note, transferred


@dataclass
class Record:
    kind: str
    path: str
    ok: bool

    def __str__(self) -> str:
        return f"{self.kind} of /{self.path} ({'complete' if self.ok else 'failed'})"


FIRMWARE = Record("download", "firmware/firmware.bin", True)
FAILED = Record("download", "firmware/firmware.bin", False)
UPLOAD = Record("upload", "diagnostics/cp.log", True)


def test_a_file_or_the_files_of_a_directory_match():
    assert matching([FIRMWARE, UPLOAD], "download", "/firmware/firmware.bin") == [FIRMWARE]
    assert matching([FIRMWARE, UPLOAD], "upload", "diagnostics/") == [UPLOAD]
    assert matching([FIRMWARE, UPLOAD], "upload", "diagnosticsX") == []


def test_a_reported_transfer_needs_a_complete_one_recorded():
    assert transferred(5, "Downloaded", [FAILED, FIRMWARE], "download", "firmware/firmware.bin") is FIRMWARE
    with pytest.raises(ConformanceFailure, match=r"step 5: .*reported Downloaded, but .* no complete download of "
                                                 r"/firmware/firmware.bin \(it saw: download of .* \(failed\)\)") as e:
        transferred(5, "Downloaded", [FAILED], "download", "firmware/firmware.bin")
    assert e.value.rule == rules.FILE_TRANSFER_AS_REPORTED
    with pytest.raises(ConformanceFailure, match=r"it saw: nothing"):
        transferred(5, "Uploaded", [], "upload", "diagnostics")


def test_retries_bound_the_attempts():
    assert attempts_within(5, "DownloadFailed", [FAILED], "download", "firmware/firmware.bin", 0) == 1
    with pytest.raises(ConformanceFailure, match=r"2 download attempts .* with retries 0 \(at most 1\)") as e:
        attempts_within(5, "DownloadFailed", [FAILED, FAILED], "download", "firmware/firmware.bin", 0)
    assert e.value.rule == rules.FILE_TRANSFER_RETRIES


def test_a_reported_failure_needs_an_attempt():
    with pytest.raises(ConformanceFailure, match=r"reported UploadFailed, but never tried the location") as e:
        attempts_within(5, "UploadFailed", [FIRMWARE], "upload", "files/failedLocation", 0)
    assert e.value.rule == rules.FILE_TRANSFER_AS_REPORTED


def test_a_missing_notification_says_whether_the_file_was_fetched():
    assert never_fetched_note([FIRMWARE], "download", "firmware/firmware.bin") == ""
    assert "saw no download of /firmware/firmware.bin" in never_fetched_note([], "download", "firmware/firmware.bin")
