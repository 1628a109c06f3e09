"""The whole smoke profile, end to end on the real packaged teacher (1.5B) and student (0.5B): ~8 min on 2 cores.

bash scripts/run_tests.sh -m slow -k smoke_profile
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import STAGES

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.timeout(2400)
def test_smoke_profile_runs_every_stage_and_resumes(tmp_path):
    command = [
        sys.executable,
        "-m",
        "pipeline",
        "all",
        "--config",
        "pipeline/configs/smoke.yaml",
        "--set",
        f"workdir={tmp_path}",
    ]
    subprocess.run(command, cwd=REPO, check=True)
    for stage in STAGES:
        manifest = json.loads((tmp_path / stage / "manifest.json").read_text())
        assert manifest["stage"] == stage and manifest["wall_s"] >= 0
    markdown = (tmp_path / "report" / "report.md").read_text()
    for row in ("teacher", "student base", "student + LoRA", "student 4-bit", "student 4-bit + serving"):
        assert f"| **{row}** |" in markdown
    four_bit = json.loads((tmp_path / "evaluate" / "results" / "student 4-bit.json").read_text())
    lora = json.loads((tmp_path / "evaluate" / "results" / "student + LoRA.json").read_text())
    assert four_bit["memory_bytes"] < 0.7 * lora["memory_bytes"]
    # A second run finds every stage finished and redoes nothing.
    started = {s: json.loads((tmp_path / s / "manifest.json").read_text())["started"] for s in STAGES[:-1]}
    again = subprocess.run(command, cwd=REPO, check=True, capture_output=True, text=True)
    assert started == {s: json.loads((tmp_path / s / "manifest.json").read_text())["started"] for s in STAGES[:-1]}
    assert "teacher traces" not in again.stderr  # no generation on the rerun
