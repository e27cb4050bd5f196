"""The robustness suites' run: hypothesis profiles, the example database, a connected SUT per role.

Profiles (select with `--hypothesis-profile NAME`): `quick` (the default, a handful of examples
per property: what the project's own test command runs), `ci` and `soak`. `[robustness]
max_examples` in the SUT description overrides the profile's budget. Failing examples are kept
in `reports/hypothesis/` (the example database), so a rerun replays them first.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

from ..ocpp.actions import Role
from ..roles.central_system import CentralSystemHarness
from ..roles.charge_point import ChargePointHarness
from ..sut.driver import SutHandle
from ..sut.profile import SutProfile
from ..transport.trace import Trace
from .actions import fuzzed_actions
from .budgets import PROFILES
from .runner import Fuzzer

# With a budget in seconds, the examples left when it is spent are still drawn (hypothesis needs
# the same draws for the same choices), not sent: at most this many examples per second of budget
# keep that drawing from outlasting the budget by much (drawing costs about a millisecond).
EXAMPLES_PER_BUDGET_SECOND = 500


def _chosen_profile() -> settings:
    chosen = settings.get_current_profile_name()
    return settings.get_profile(chosen if chosen in PROFILES else "quick")


def examples_budget(sut: SutProfile, seconds: float | None = None) -> int:
    """Examples per property and action: the chosen profile (quick unless one of ours was chosen),
    [robustness] max_examples, capped by a budget in seconds."""
    budget = sut.robustness.get("max_examples", _chosen_profile().max_examples)
    if seconds is not None:
        budget = max(1, min(budget, int(seconds * EXAMPLES_PER_BUDGET_SECOND)))
    return budget


def example_settings(sut: SutProfile, reports: Path | None, seconds: float | None = None) -> settings:
    """The settings of one property: its budget, and its example database under reports/."""
    parent = _chosen_profile()
    budget = examples_budget(sut, seconds)
    database = DirectoryBasedExampleDatabase(str((reports or Path("reports")) / "hypothesis"))
    return settings(parent, max_examples=budget, database=database)


class Target:
    """A SUT of one role, connected, with what the robustness properties need of it."""

    def __init__(self, sut: SutProfile, fuzzer: Fuzzer, handle: SutHandle | None, only_profiles: tuple[str, ...]):
        self.sut = sut
        self.fuzzer = fuzzer
        self.handle = handle
        self.actions = fuzzed_actions(sut.role, sut.profiles, tuple(sut.robustness.get("actions", ())), only_profiles)
        self.test_id_tags = [sut.test_data.valid_id_tag, sut.test_data.invalid_id_tag, sut.test_data.blocked_id_tag,
                             sut.test_data.expired_id_tag]


@contextlib.asynccontextmanager
async def charge_point_target(plugin: Any, sut: SutProfile, started_driver: Any,
                              only_profiles: tuple[str, ...]) -> AsyncIterator[Target]:
    """The harness as central system, the charge point at the plan's baseline; restored afterwards."""
    harness = plugin.harnesses.get(Role.CHARGE_POINT)
    if harness is None:
        harness = CentralSystemHarness(sut)
        plugin.harnesses[Role.CHARGE_POINT] = harness
        await harness.start()
    harness.begin_case(Trace())
    driver = await started_driver(plugin, Role.CHARGE_POINT)
    handle = SutHandle(sut, driver, harness.trace.event, harness.operator_action)
    try:
        await harness.prepare(handle, idle=True)
        harness.start_steps()

        async def reconnect() -> None:
            await harness.wait_connected()

        yield Target(sut, Fuzzer(harness, lenient=_lenient(sut), reconnect=reconnect), handle, only_profiles)
    finally:
        harness.end_case()
        await harness.restore_baseline(handle)
        _write_trace(plugin, "robustness-charge-point", harness.trace)
        harness.detach_case()


@contextlib.asynccontextmanager
async def central_system_target(plugin: Any, sut: SutProfile, started_driver: Any,
                                only_profiles: tuple[str, ...]) -> AsyncIterator[Target]:
    """The harness as a charge point that booted, on its own connection to the central system."""
    await started_driver(plugin, Role.CENTRAL_SYSTEM)
    harness = ChargePointHarness(sut)
    harness.begin_case(Trace())

    async def reconnect() -> None:
        await harness.connect()
        await harness.call("BootNotification", harness.boot_notification())

    try:
        await reconnect()
        harness.start_steps()
        yield Target(sut, Fuzzer(harness, lenient=_lenient(sut), reconnect=reconnect), None, only_profiles)
    finally:
        harness.end_case()
        await harness.close()
        _write_trace(plugin, "robustness-central-system", harness.trace)
        harness.detach_case()


def _lenient(sut: SutProfile) -> bool:
    return sut.robustness.get("callerror_codes", "strict") == "lenient"


def _write_trace(plugin: Any, name: str, trace: Trace) -> None:
    """Every frame of a robustness suite's run, next to the cases' traces."""
    reports = getattr(plugin, "reports", None)
    if reports is not None:
        traces = Path(reports) / "traces"
        traces.mkdir(parents=True, exist_ok=True)
        (traces / f"{name}.txt").write_text(trace.as_text(), encoding="utf-8")
