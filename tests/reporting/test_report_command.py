"""`ocpp-conformance report`: Allure's HTML when its command line is there, one line when it is not."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CLI = [sys.executable, "-m", "conformance.cli", "report"]


def reports_with_results(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    (reports / "allure-results").mkdir(parents=True)
    (reports / "allure-results" / "x-result.json").write_text("{}")
    (reports / "index.html").write_text("<!DOCTYPE html>")
    return reports


def test_without_allure_one_line_says_what_to_install_and_where_the_page_is(tmp_path: Path):
    reports = reports_with_results(tmp_path)
    result = subprocess.run([*CLI, "--reports", str(reports)], capture_output=True, text=True, timeout=60,
                            cwd=ROOT, env={**os.environ, "PATH": "/nonexistent"})
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert "npm install -g allure-commandline" in line and str(reports / "index.html") in line


def test_with_allure_it_builds_allures_html(tmp_path: Path):
    reports = reports_with_results(tmp_path)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    allure = bin_dir / "allure"
    allure.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\nmkdir -p "$4" && echo report > "$4/index.html"\n')
    allure.chmod(allure.stat().st_mode | stat.S_IEXEC)
    result = subprocess.run([*CLI, "--reports", str(reports)], capture_output=True, text=True, timeout=60,
                            cwd=ROOT, env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "args").read_text().split() == [
        "generate", str(reports / "allure-results"), "-o", str(reports / "html"), "--clean", "--single-file"]
    assert f"report: {reports / 'html' / 'index.html'}" in result.stdout
