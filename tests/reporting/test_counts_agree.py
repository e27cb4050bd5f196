"""One run, one set of numbers: the terminal, pytest's last line, summary.json, index.html and the README agree.

A legacy ID of the plan (one that later plans split) shows its parts' verdict and is counted once, in its parts.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter

from conformance.catalog import SPLIT, implemented_cases
from conformance.sut.local import reference_sut
from tests.conftest import ROOT

CASES = ("TC_001_CS", "TC_003_CS", "TC_007_CS", "TC_017_2_CS")   # TC_007_CS: TC_007_1_CS and TC_007_2_CS
FAULT = "start_with_other_id_tag"   # fails TC_003_CS


def test_every_report_gives_the_same_numbers_and_a_legacy_id_its_parts_verdict(tmp_path):
    sut = reference_sut(tmp_path, "charge-point", faults=(FAULT,))
    reports = tmp_path / "reports"
    done = subprocess.run([sys.executable, "-m", "conformance.cli", "run", "--sut", str(sut), "--reports", str(reports),
                           *[a for case in CASES for a in ("--case", case)]], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr
    summary = json.loads((reports / "summary.json").read_text())
    totals = summary["totals"]
    verdicts = {c["id"]: c["verdict"] for c in summary["cases"]}
    assert set(verdicts) == {"TC_001_CS", "TC_003_CS", "TC_007_1_CS", "TC_007_2_CS", "TC_017_2_CS"}
    assert totals == dict(Counter(verdicts.values())) and totals.get("failed", 0) >= 1

    # pytest's last line: a not applicable case is a skipped test
    last = done.stdout.strip().splitlines()[-1]
    said = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|skipped|error)", last)}
    assert said.get("passed", 0) == totals.get("passed", 0) + totals.get("passed with warnings", 0), last
    assert said.get("failed", 0) == totals.get("failed", 0), last
    assert said.get("skipped", 0) == totals.get("not applicable", 0), last

    # the terminal's summary
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("all cases of the plan")]
    assert dict((v, int(n)) for n, v in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", line.split("  ")[-1].strip())) == totals

    # summary.json's matrix: the legacy row repeats its parts' verdict and is not counted
    rows = {r["id"]: r for g in summary["matrix"] for r in g["cases"]}
    legacy = rows["TC_007_CS"]
    parts = [verdicts[p] for p in SPLIT["TC_007_CS"]]
    assert legacy["covered_by"] == list(SPLIT["TC_007_CS"]) and legacy["verdict"] != "not implemented"
    assert legacy["verdict"] == ("failed" if "failed" in parts else parts[0] if len(set(parts)) == 1 else legacy["verdict"])
    counted = Counter()
    for group in summary["matrix"]:
        counted.update(group["totals"])
    assert dict(counted) == totals

    # summary.json's and summary.md's verdict per profile: the same counts, the whole profile's verdict
    (core,) = [p for p in summary["profile_verdicts"] if p["profile"] == "Core"]
    assert core["totals"] == next(g["totals"] for g in summary["matrix"] if g["profile"] == "Core")
    assert core["verdict"] == "failed" and core["declared"]
    assert "| reference charge point | Core | failed |" in (reports / "summary.md").read_text()

    # index.html: its title and its totals row
    page = (reports / "index.html").read_text()
    title = re.search(r"<title>OCPP 1.6 conformance report: (.*?)</title>", page).group(1)
    assert dict((v, int(n)) for n, v in re.findall(r"(\d+) ([a-z ]+?)(?:,|$)", title)) == totals
    assert 'id="row-TC_007_CS" class="' in page and "legacy ID, covered by" in page
    assert "not implemented" not in page.split('id="row-TC_007_CS"')[1].split("</tr>")[0]


def test_the_readme_gives_the_number_of_cases_only_as_the_suite_has_it():
    implemented = implemented_cases(ROOT / "testcases")
    claims = re.findall(r"`ocpp-conformance run`[^.]*?\b(\d+) cases", (ROOT / "README.md").read_text())
    assert all(int(n) == len(implemented) for n in claims), (claims, len(implemented))
