"""Imports run one way (pyproject.toml [tool.importlinter]): core at the bottom, the UI only on the service.

The contracts are checked by import-linter on the real tree, and shown to bite: the same check on a copy of the tree
with one wrong-way import planted must fail and name that import.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy_tree(target: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(ROOT / package, target / package, ignore=shutil.ignore_patterns("*.pyc", "__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def test_every_package_is_under_contract():
    ours = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "scripts", "docs"}
    assert ours <= set(PACKAGES), f"add {sorted(ours - set(PACKAGES))} to [tool.importlinter] root_packages"


def test_imports_follow_the_layers():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


@pytest.mark.parametrize(
    ("module", "planted", "reported"),
    [
        ("core/text.py", "import backend.service", "core.text -> backend.service"),  # the lowest layer reaching up
        ("meddata/mcq.py", "import pipeline", "meddata.mcq -> pipeline"),
        ("ui/render.py", "import prompts", "ui.render -> prompts"),  # the UI going around the service
    ],
)
def test_a_planted_wrong_way_import_breaks_the_contract(tmp_path, module, planted, reported):
    tree = _copy_tree(tmp_path)
    with (tree / module).open("a", encoding="utf-8") as fh:
        fh.write(f"\n{planted}  # planted by the test\n")
    result = _lint(tree)
    assert result.returncode != 0 and reported in result.stdout, result.stdout[-3000:]
