"""The generated documentation says what the code says, and a stale copy is found."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from conformance import docs
from conformance.catalog import catalog
from conformance.checks.rules import RULES, Checked
from conformance.docs import markdown
from conformance.docs.cases import case_files, cases_md
from conformance.docs.plan_order import plan_order
from conformance.docs.sut_file import keys_md, schema, template, undocumented
from conformance.reference import faults
from conformance.sut import profile as sut_profile
from conformance.sut.driver import ACTIONS
from conformance.sut.keys import CP, CSMS


def test_the_generated_documentation_is_up_to_date():
    assert docs.outdated() == [], "run: python -m conformance.docs"
    assert docs.main(["--check"]) == 0


def test_every_generated_section_has_one_home():
    found = [name for page in docs.PAGES for name in markdown.sections((docs.ROOT / page).read_text())]
    assert sorted(found) == sorted(docs.SECTIONS), "each section of docs.SECTIONS sits in exactly one page"


def test_rules_md_lists_every_rule_and_the_readme_the_always_on_ones():
    text = docs.rules_md()
    for rule in RULES.values():
        assert f"| `{rule.name}` | {rule.strength.value} |" in text
    readme = (docs.ROOT / docs.README).read_text()
    frame = [r for r in RULES.values() if r.checked is Checked.FRAME]
    assert all(f"- `{r.name}` ({r.strength.value})" in readme for r in frame) and "- `timing`" not in readme


def test_cases_md_has_every_case_file_with_its_docstring_in_plan_order():
    text = cases_md()
    files = case_files()
    assert {i for i in files if i in catalog()} >= {"TC_001_CS", "TC_003_CSMS", "TC_088_CSMS"}
    for case_id, found in files.items():
        assert f"### {case_id} " in text, case_id
        assert found.docstring.strip().splitlines()[-1].replace("<", "&lt;").strip() in text, case_id
    order = plan_order(list(catalog()))
    assert order.index("TC_068_CS") < order.index("TC_005_1_CS") < order.index("TC_010_CS")   # the document's order
    assert order.index("TC_023_CS") + 1 == order.index("TC_023_4_CS")                          # a split part follows
    assert order.index("TC_087_CSMS") < order.index("TC_088_CSMS")                             # a later addition too
    assert sorted(order) == sorted(catalog())
    assert text.index("### TC_068_CS ") < text.index("### TC_005_1_CS ")


def test_every_key_of_the_loader_has_a_meaning_type_and_default():
    assert undocumented() == [], "give each key its meaning in conformance/sut/keys.py"
    table = keys_md()
    for table_name, keys in schema().items():
        for key in keys:
            assert f"| `{key}` |" in table, (table_name, key)
    assert "| `connection_timeout_s` | number |" in table and "| `30.0` |" in table and "| `\"utc\"` |" in table


@pytest.mark.parametrize("role", [CP, CSMS])
def test_a_template_loads_shows_every_key_of_its_role_and_each_case(role, tmp_path):
    text = template(role)
    path = tmp_path / "template.toml"
    path.write_text(text)
    assert sut_profile.load(path).role.value == role
    assert tomllib.loads(text)["sut"]["role"] == role
    assert "connection_timeout_s = 30.0" in text
    for name, (action_role, _, _) in ACTIONS.items():
        assert (f"#   {name} " in text) == (action_role.value == role), name
    for case_id, found in case_files().items():
        entry = catalog().get(case_id)
        if entry is not None:
            assert (f"#   {case_id} " in text) == (entry.sut_role.value == role), case_id


def test_the_reference_faults_are_in_their_page():
    page = (docs.ROOT / "docs/reference-suts.md").read_text()
    assert faults.markdown() in page


def test_a_stale_copy_is_found_and_rewritten(tmp_path: Path):
    for path in [*docs.PAGES, *docs.WHOLE]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(docs.ROOT / path, tmp_path / path)
    readme = tmp_path / docs.README
    readme.write_text(readme.read_text().replace("`frame_is_ocpp_j` (MUST)", "`frame_is_ocpp_j` (SHOULD)"))
    (tmp_path / docs.CASES_MD).unlink()
    page = tmp_path / "docs/reference-suts.md"
    page.write_text(page.read_text().replace("| `no_authorize` |", "| `no_authorise` |"))
    assert sorted(docs.outdated(tmp_path)) == sorted([docs.CASES_MD, docs.README, Path("docs/reference-suts.md")])
    docs.write(tmp_path)
    assert docs.outdated(tmp_path) == []
    assert (tmp_path / docs.CASES_MD).read_text() == cases_md()


def test_an_unknown_section_name_is_an_error_not_a_silent_skip():
    text = "a\n" + markdown.BEGIN.format(name="no-such-table") + "\nold\n" + markdown.END + "\n"
    with pytest.raises(KeyError, match="no-such-table"):
        markdown.fill(text, docs.SECTIONS)


def test_a_test_data_key_without_an_entry_is_documented_by_its_comment_in_testdata(monkeypatch):
    from conformance.docs import sut_file
    from conformance.sut import keys

    monkeypatch.setitem(keys.KEYS, "test_data", {k: v for k, v in keys.KEYS["test_data"].items() if k != "reset_delay_s"})
    assert "answering Reset" in sut_file.key_doc("test_data", "reset_delay_s").meaning
    monkeypatch.setitem(keys.KEYS, "sut", {k: v for k, v in keys.KEYS["sut"].items() if k != "name"})
    assert sut_file.undocumented() == ["[sut] name"]


def test_applies_when_speaks_of_each_kind_of_capability(monkeypatch):
    from conformance.docs import cases

    entry = catalog()["TC_042_1_CS"]
    monkeypatch.setattr(cases, "requirements", lambda: {"TC_042_1_CS": [
        {"profile": "absent"}, {"local_auth_list_max_length": 2, "trigger_messages": ["Heartbeat"], "fixed_cable": True}]})
    said = cases.applies_when(entry)
    assert said == ("the LocalAuthListManagement profile is not declared or `profiles` has LocalAuthListManagement, "
                    "`local_auth_list_max_length` is at least 2, `trigger_messages` has Heartbeat, `fixed_cable = true`")
