"""Every shell block of the READMEs and of docs/ works as written, on a fresh copy of the checkout.

A block (```sh) is run as one bash script in a copy of the tracked files, the checkout's virtual
environment linked in as `.venv` and on PATH, and the copy's own package first on PYTHONPATH, so a
file a command names must be tracked and a generated file must be the committed one. A command
ending in `&` runs in the background until its block ends. A comment before a block may say that
a test or `.ci/run` runs it (`<!-- commands run by: PATH[::TEST], ... -->`: each must exist) or why
it is not run (`<!-- commands not run: REASON -->`); `-rA` lists both.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["README.md", "bench/README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"(?:<!-- commands (run by|not run): (.*?) -->\n)?```(?:sh|console|bash)\n(.*?)```", re.S)


@dataclass(frozen=True)
class Block:
    page: str
    line: int
    status: str | None        # None: run here; "run by"; "not run"
    note: str
    script: str

    @property
    def name(self) -> str:
        return f"{self.page}:{self.line}"


def blocks() -> list[Block]:
    found = []
    for page in PAGES:
        text = (ROOT / page).read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            found.append(Block(page, text.count("\n", 0, match.start(3)), match.group(1), match.group(2) or "",
                               match.group(3)))
    return found


BLOCKS = blocks()


def test_the_docs_have_command_blocks_and_each_not_run_says_why():
    assert len(BLOCKS) >= 10 and any(b.status is None for b in BLOCKS)
    for block in BLOCKS:
        assert block.status != "not run" or len(block.note) > 10, block.name


def _test_exists(reference: str) -> bool:
    path, _, name = reference.partition("::")
    file = ROOT / path
    if not file.exists():
        return False
    if not name:
        return True
    tree = ast.parse(file.read_text(encoding="utf-8"))
    return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name for n in ast.walk(tree))


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.status == "run by"], ids=lambda b: b.name)
def test_a_block_run_elsewhere_names_what_runs_it(block):
    references = [r.strip() for r in block.note.split(",")]
    assert references and all(_test_exists(r) for r in references), f"{block.name}: {block.note}"


@pytest.fixture
def fresh_copy(tmp_path):
    """The tracked files of the checkout, as a fresh clone has them, with the virtual environment."""
    copy = tmp_path / "checkout"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, tracked.stdout.split("\0")):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    (copy / ".venv").symlink_to(Path(sys.prefix))
    return copy


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.status is None], ids=lambda b: b.name)
def test_a_block_works_as_written(block, fresh_copy):
    env = {**os.environ, "PATH": f"{Path(sys.prefix) / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(fresh_copy)}
    script = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + block.script
    done = subprocess.run(["bash", "-c", script], cwd=fresh_copy, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, f"{block.name} exited {done.returncode}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.status == "not run"], ids=lambda b: b.name)
def test_a_block_not_run(block):
    """Listed, with its reason, so a reader of the test report sees what is not run."""
    print(f"{block.name}: not run: {block.note}")


_TOML = re.compile(r"```toml\n(.*?)```", re.S)


@pytest.mark.parametrize("page", PAGES)
def test_a_sut_description_shown_in_the_docs_loads(page, tmp_path):
    from conformance.sut import profile as sut_profile

    for number, text in enumerate(_TOML.findall((ROOT / page).read_text(encoding="utf-8"))):
        path = tmp_path / f"shown-{number}.toml"
        path.write_text(text)
        assert sut_profile.load(path).charge_point_id, f"{page}: block {number + 1}"
