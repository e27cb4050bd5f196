"""A real run with a failed case, shared by the report tests: what a lab engineer gets to review."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conformance.sut.local import reference_sut
from tests.conftest import ROOT

FAILED, PASSED = "TC_003_CS", "TC_001_CS"
FAULT = "start_with_other_id_tag"   # StartTransaction with another idTag: a frame the case's own check rejects


@pytest.fixture(scope="session")
def failed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`ocpp-conformance run` against a faulty reference charge point: TC_001_CS passes, TC_003_CS fails."""
    directory = tmp_path_factory.mktemp("failed-run")
    sut = reference_sut(directory, "charge-point", faults=(FAULT,))
    reports = directory / "reports"
    result = subprocess.run([sys.executable, "-m", "conformance.cli", "run", "--sut", str(sut), "--case", PASSED,
                             "--case", FAILED, "--reports", str(reports)], cwd=ROOT, capture_output=True, text=True,
                            timeout=240, stdin=subprocess.DEVNULL)
    assert result.returncode == 1, result.stdout + result.stderr
    return reports
