"""The reports of a run that stopped before its first case.

A CI job reads reports/junit.xml and summary.json whatever the exit code: a run refused for a
wrong URL, a handshake without answer or a bad SUT file must not leave the previous run's
verdicts there looking current. The reports of the earlier run are removed, and the new ones say
that the run did not start and why: junit.xml as one error, summary.json, summary.md and
index.html with the reason and no verdicts.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from ..sut.profile import SutProfile
from .summary import Summary

# What a run writes into the reports directory (hypothesis's example database stays).
FILES = ("junit.xml", "summary.json", "summary.md", "index.html")
FOLDERS = ("traces", "allure-results")


def write(directory: Path, reason: str, suts: list[SutProfile] | None = None) -> None:
    """Replace the reports in `directory` by those of a run that did not start, best effort:
    a directory that cannot be written (which may be the reason itself) is left alone."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            (directory / name).unlink(missing_ok=True)
        for name in FOLDERS:
            with contextlib.suppress(FileNotFoundError):
                shutil.rmtree(directory / name)
        summary = Summary(directory, list(suts or []))
        summary.not_started = reason
        summary.finish()
        (directory / "junit.xml").write_text(junit(reason), encoding="utf-8")
    except OSError:
        return


def junit(reason: str) -> str:
    """One test suite with one error: what a CI job's test report shows for a run that did not start."""
    message = f"the run did not start: {reason}"
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<testsuites name="ocpp-conformance" tests="1" errors="1" failures="0">'
            '<testsuite name="ocpp-conformance" tests="1" errors="1" failures="0" skipped="0">'
            '<testcase classname="ocpp-conformance" name="run did not start">'
            f'<error message={quoteattr(message)} type="ConfigError">{xml_escape(message)}</error>'
            "</testcase></testsuite></testsuites>\n")
