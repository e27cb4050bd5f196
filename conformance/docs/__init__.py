"""The documentation the code knows, generated so that it cannot drift from the code.

Whole files: docs/rules.md (the rule registry), docs/cases.md (the case files' docstrings in the
plan's order) and the templates fixtures/suts/template-*.toml (the loader's keys). Marked
sections of hand-written pages (conformance.docs.markdown): the always-on rules in the README,
the SUT-file keys, the operator actions, the reference SUTs' faults and modes.

`python -m conformance.docs` rewrites them all; `--check` only says which are out of date
(exit 1), as tests/test_docs.py does.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ..ocpp.actions import Role
from ..reference import faults
from ..sut.keys import CP, CSMS
from . import markdown
from .actions import vocabulary_md
from .cases import case_actions_md, cases_md
from .rules import frame_rules, rules_md
from .sut_file import keys_md, template

ROOT = Path(__file__).resolve().parent.parent.parent
README = Path("README.md")
RULES_MD = Path("docs/rules.md")
CASES_MD = Path("docs/cases.md")

# Files written whole.
WHOLE: dict[Path, Callable[[], str]] = {
    RULES_MD: rules_md,
    CASES_MD: cases_md,
    Path("fixtures/suts/template-charge-point.toml"): lambda: template(CP),
    Path("fixtures/suts/template-central-system.toml"): lambda: template(CSMS),
}

# Sections of hand-written pages, by the name their markers give.
SECTIONS: dict[str, Callable[[], str]] = {
    "frame-rules": frame_rules,
    "sut-keys": keys_md,
    "actions": vocabulary_md,
    "case-actions-charge-point": lambda: case_actions_md(Role.CHARGE_POINT),
    "case-actions-central-system": lambda: case_actions_md(Role.CENTRAL_SYSTEM),
    "reference-faults": faults.markdown,
}

# The hand-written pages that hold sections.
PAGES = (README, Path("docs/sut-file.md"), Path("docs/operator-actions.md"), Path("docs/reference-suts.md"))


def wanted(root: Path = ROOT) -> dict[Path, str]:
    """Every generated file's text as the code gives it."""
    texts = {path: make() for path, make in WHOLE.items()}
    for page in PAGES:
        texts[page] = markdown.fill((root / page).read_text(encoding="utf-8"), SECTIONS)
    return texts


def outdated(root: Path = ROOT) -> list[Path]:
    """The generated files whose text differs from what the code gives."""
    return [path for path, text in wanted(root).items()
            if not (root / path).exists() or (root / path).read_text(encoding="utf-8") != text]


def write(root: Path = ROOT) -> list[Path]:
    """Rewrite what is out of date; the paths rewritten."""
    stale = outdated(root)
    texts = wanted(root)
    for path in stale:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(texts[path], encoding="utf-8")
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the generated files are current")
    args = parser.parse_args(argv)
    if args.check:
        stale = outdated()
        for path in stale:
            print(f"{path} is out of date: run python -m conformance.docs", file=sys.stderr)
        return 1 if stale else 0
    for path in write():
        print(f"rewrote {path}")
    return 0
