"""The generated documentation says what the registry says: docs/rules.md and the README's list."""

from __future__ import annotations

import shutil
from pathlib import Path

from conformance import docs
from conformance.checks.rules import RULES, Checked


def test_the_generated_documentation_is_up_to_date():
    assert docs.outdated() == [], "run: python -m conformance.docs"
    assert docs.main(["--check"]) == 0


def test_rules_md_lists_every_rule_and_the_readme_the_always_on_ones():
    text = docs.rules_md()
    for rule in RULES.values():
        assert f"| `{rule.name}` | {rule.strength.value} |" in text
    section = docs.readme_section()
    frame = [r for r in RULES.values() if r.checked is Checked.FRAME]
    assert section.count("\n- `") == len(frame) and "`timing`" not in section


def test_a_stale_copy_is_found_and_rewritten(tmp_path: Path):
    shutil.copy(docs.ROOT / docs.README, tmp_path / "README.md")
    readme = tmp_path / "README.md"
    readme.write_text(readme.read_text().replace("`frame_is_ocpp_j` (MUST)", "`frame_is_ocpp_j` (SHOULD)"))
    assert docs.outdated(tmp_path) == [docs.RULES_MD, docs.README]
    docs.write(tmp_path)
    assert docs.outdated(tmp_path) == []
    assert (tmp_path / docs.RULES_MD).read_text() == docs.rules_md()
