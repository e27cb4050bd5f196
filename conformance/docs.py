"""The documentation generated from the rule registry: docs/rules.md and the README's list of
what is checked on every frame, so that neither can drift from what the suite judges.

`python -m conformance.docs` rewrites both; `--check` only says whether they are up to date
(exit 1 if not), as the tests do.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .checks.rules import RULES, Checked, Rule

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = Path("docs/rules.md")
README = Path("README.md")
BEGIN, END = "<!-- generated from conformance/checks/rules.py: begin -->", "<!-- generated: end -->"

_HEADINGS = {
    Checked.FRAME: "Every frame and every connection (always on)",
    Checked.STEP: "The steps of a case",
    Checked.TRANSPORT: "The security profiles",
    Checked.ROBUSTNESS: "The robustness suites",
    Checked.BEYOND: "The checks beyond the plan (--beyond)",
    Checked.LOAD: "Load runs (ocpp-conformance load), across every simulated charge point",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def rules_md() -> str:
    lines = ["# The rules the suite judges", "",
             "Generated from `conformance/checks/rules.py` by `python -m conformance.docs`; do not edit by hand.",
             "A failed case names one of these rules; reports show its meaning and source next to the verdict.",
             "A MUST broken fails the case; a SHOULD broken passes it with a warning.", ""]
    for checked, heading in _HEADINGS.items():
        chosen = [r for r in RULES.values() if r.checked is checked]
        lines += [f"## {heading}", "", "| rule | strength | meaning | source |", "|---|---|---|---|"]
        lines += [f"| `{r.name}` | {r.strength.value} | {_cell(r.meaning)} | {_cell(r.source)} |" for r in chosen]
        lines.append("")
    return "\n".join(lines)


def _bullet(rule: Rule) -> str:
    return f"- `{rule.name}` ({rule.strength.value}): {rule.meaning}. Source: {rule.source}."


def readme_section() -> str:
    """The list between the README's markers: the always-on rules."""
    bullets = [_bullet(r) for r in RULES.values() if r.checked is Checked.FRAME]
    return "\n".join([BEGIN, *bullets, END])


def readme(current: str) -> str:
    """The README with its generated section replaced (it must have the markers)."""
    start, end = current.index(BEGIN), current.index(END) + len(END)
    return current[:start] + readme_section() + current[end:]


def outdated(root: Path = ROOT) -> list[Path]:
    """The generated files whose text differs from what the registry gives."""
    wanted = {RULES_MD: rules_md(), README: readme((root / README).read_text(encoding="utf-8"))}
    return [path for path, text in wanted.items()
            if not (root / path).exists() or (root / path).read_text(encoding="utf-8") != text]


def write(root: Path = ROOT) -> None:
    (root / RULES_MD).parent.mkdir(exist_ok=True)
    (root / RULES_MD).write_text(rules_md(), encoding="utf-8")
    (root / README).write_text(readme((root / README).read_text(encoding="utf-8")), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the generated files are current")
    args = parser.parse_args(argv)
    if args.check:
        stale = outdated()
        for path in stale:
            print(f"{path} is out of date: run python -m conformance.docs", file=sys.stderr)
        return 1 if stale else 0
    write()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
