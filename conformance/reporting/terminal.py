"""What a run shows on the terminal: operator prompts while a case waits, the summary at the end."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest

from .. import events
from .summary import Summary


class TerminalReporter:
    def __init__(self, config: pytest.Config, bus: events.Bus, summary: Summary | None = None,
                 reports: Path | None = None):
        self.config = config
        self.bus = bus
        self.summary = summary
        self.reports = reports
        self._awaiting: set[str] = set()   # what a wait for a connection was shown for

    def __call__(self, event: events.Event) -> None:
        match event:
            case events.OperatorPrompted(text=text, timeout_s=timeout):
                # On stderr: the harness lifted pytest's capture for the person to see it.
                print(f"\n>>> {text}\n>>> press Enter when done (within {timeout:g} s) ", end="", file=sys.stderr,
                      flush=True)
            case events.OperatorPromptExpired():
                print("", file=sys.stderr)
            case events.ConnectionAwaited(what=what, url=url, waited_s=waited, bound_s=bound) if waited > 0:
                self._awaiting.add(what)
                self._line(f"... waiting for {what} to connect to {url}: {waited:.0f} s of {bound:g} s")
            case events.ConnectionAwaitEnded(what=what, connected=connected, waited_s=waited) \
                    if what in self._awaiting:
                self._awaiting.discard(what)
                self._line(f"... {what} " + (f"connected after {waited:.0f} s" if connected
                                             else f"did not connect within {waited:.0f} s"))
            case events.RobustnessProgress(property=name, examples=done, budget=budget, findings=found,
                                           seconds=seconds):
                self._line(f"... robustness {name}: {done} examples sent (budget {budget}, and the shrinking of a failure), "
                           f"{found} finding{'' if found == 1 else 's'} so far, {seconds:.0f} s")
            case events.RunFinished():
                self._finished()

    def _line(self, text: str) -> None:
        """A line on the real terminal while a case runs (pytest's capture lifted for it)."""
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        capman = self.config.pluginmanager.get_plugin("capturemanager")
        if reporter is None:
            return
        with capman.global_and_fixture_disabled() if capman is not None else contextlib.nullcontext():
            reporter.ensure_newline()
            reporter.write_line(text)

    def _finished(self) -> None:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is None:
            return
        if self.summary is not None and self.summary.anything:
            reporter.write_line("")  # ends the progress line, or leaves one blank line
            reporter.write_sep("=", "OCPP 1.6 conformance summary")
            reporter.write_line(self.summary.console())
            reporter.write_line(f"reports: {self.reports} (open {self.reports / 'index.html'} in a browser)")
        if self.bus.failed:
            # The verdicts stand; what a failing reporter wrote may be incomplete.
            failing = sorted({repr(subscriber) for subscriber, _, _ in self.bus.failures})
            reporter.write_line(f"ocpp-conformance: {self.bus.failed} report events failed in "
                                f"{', '.join(failing)}; the first: {self.bus.failures[0][2]!r}", red=True)
