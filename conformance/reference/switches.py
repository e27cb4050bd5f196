"""Fault switches and modes of a reference SUT, each described once.

A fault is a deliberate misbehaviour a self-test turns on to show that a case notices it; a
mode is a behaviour the specification allows besides the default one, which a case must
accept as well. Every name a reference SUT understands is registered with a one-line meaning
in its registry, so that a name given anywhere (command line, SUT file) is checked against
one list, the list can be printed (`--list-faults`) and documented (`markdown()`), and the
code asks about a registered `Switch`, never about a string that may be misspelt.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

FAULT, MODE = "fault", "mode"


class UnknownSwitch(ValueError):
    """A fault or mode name the reference SUT does not have; the message is one line."""


@dataclass(frozen=True)
class Switch:
    name: str
    meaning: str
    kind: str  # FAULT or MODE
    sut: str  # the registry's SUT, e.g. "charge-point"


class Registry:
    """The faults and modes of one reference SUT, in the order they were registered."""

    def __init__(self, sut: str):
        self.sut = sut
        self._switches: dict[tuple[str, str], Switch] = {}

    def fault(self, name: str, meaning: str) -> Switch:
        return self._register(name, meaning, FAULT)

    def mode(self, name: str, meaning: str) -> Switch:
        return self._register(name, meaning, MODE)

    def _register(self, name: str, meaning: str, kind: str) -> Switch:
        if (kind, name) in self._switches or not meaning:
            raise ValueError(f"{kind} {name!r} registered twice or without a meaning")
        switch = Switch(name, meaning, kind, self.sut)
        self._switches[kind, name] = switch
        return switch

    def __iter__(self) -> Iterator[Switch]:
        return iter(self._switches.values())

    def __contains__(self, switch: object) -> bool:
        return isinstance(switch, Switch) and self._switches.get((switch.kind, switch.name)) is switch

    def meanings(self, kind: str) -> dict[str, str]:
        """Name -> meaning of every switch of that kind."""
        return {s.name: s.meaning for s in self if s.kind == kind}

    def refusal(self, kind: str, unknown: Iterable[str]) -> str | None:
        """The one line that refuses the names of that kind this SUT lacks; None if it has them all."""
        known = self.meanings(kind)
        missing = sorted(set(unknown) - known.keys())
        if not missing:
            return None
        names = ", ".join(repr(name) for name in missing)
        choice = f"known: {', '.join(sorted(known))}" if known else f"the reference {self.sut} has none"
        return f"unknown {kind}{'s' if len(missing) > 1 else ''} {names} ({choice})"

    def select(self, kind: str, names: Iterable[str]) -> Active:
        """The switches of that kind turned on; UnknownSwitch for a name not registered."""
        names = frozenset(names)
        refusal = self.refusal(kind, names)
        if refusal is not None:
            raise UnknownSwitch(refusal)
        return Active(self, kind, names)

    def listing(self) -> str:
        """Faults and modes with their meanings, aligned, as `--list-faults` prints them."""
        width = max((len(s.name) for s in self), default=0)
        lines = []
        for kind in (FAULT, MODE):
            switches = [s for s in self if s.kind == kind]
            lines.append(f"{kind}s of the reference {self.sut}:" + ("" if switches else " none"))
            lines += [f"  {s.name.ljust(width)}  {s.meaning}" for s in switches]
        return "\n".join(lines)

    def markdown(self) -> str:
        """One table per kind (name | meaning), for the README."""
        parts = []
        for kind in (FAULT, MODE):
            switches = [s for s in self if s.kind == kind]
            if not switches:
                continue
            rows = [f"| `{s.name}` | {s.meaning.replace('|', '/')} |" for s in switches]
            parts.append("\n".join([f"| {kind} | meaning |", "| --- | --- |", *rows]))
        return "\n\n".join(parts)


class Active:
    """The switches of one kind turned on for a reference SUT.

    Asking about a switch of another kind or SUT is a bug in the reference, not a "no", so it
    raises rather than answering False.
    """

    def __init__(self, registry: Registry, kind: str, names: frozenset[str]):
        self._registry, self._kind, self.names = registry, kind, names

    def active(self, switch: Switch) -> bool:
        if switch not in self._registry or switch.kind != self._kind:
            raise LookupError(f"{switch.name!r} is not a {self._kind} of the reference {self._registry.sut}")
        return switch.name in self.names

    def __repr__(self) -> str:
        return f"Active({self._kind}s: {', '.join(sorted(self.names)) or 'none'})"
