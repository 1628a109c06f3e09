"""Profiles: every committed one loads, `--set` overrides are typed, the student is named once, and reading a
profile imports no stage module (no torch)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import REPO_ROOT, STAGES, ConfigError, Profile, load_profile

PROFILES = sorted((REPO_ROOT / "pipeline" / "configs").glob("*.yaml"))


def test_the_profiles_folder_holds_the_four_profiles():
    assert {p.stem for p in PROFILES} == {"smoke", "small", "gpu-7b-random", "full-scale"}


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_every_committed_profile_loads(path: Path):
    profile = load_profile(path)
    assert isinstance(profile, Profile) and profile.workdir.is_absolute()
    assert set(profile.stages) <= set(STAGES) and profile.student.model
    # The first line is the command that uses the profile.
    command = f"# python -m pipeline all --config pipeline/configs/{path.name}"
    assert path.read_text(encoding="utf-8").startswith(command)


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_no_stage_section_names_its_own_student(path: Path):
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert all("student" not in (raw.get(section) or {}) for section in STAGES)


def test_set_override_is_parsed_and_typed():
    profile = load_profile(
        REPO_ROOT / "pipeline/configs/smoke.yaml",
        ["distill.max_steps=7", "distill.learning_rate=1e-4", "data.style=r1", "student.model=pkg:x", "workdir=/w"],
    )
    assert profile.distill.max_steps == 7 and isinstance(profile.distill.max_steps, int)
    assert profile.distill.learning_rate == pytest.approx(1e-4) and isinstance(profile.distill.learning_rate, float)
    assert profile.data.style == "r1" and profile.student.model == "pkg:x" and profile.workdir == Path("/w")


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("distill.max_step=7", "unknown key.*max_step"),  # a typo is an error, not a silently ignored setting
        ("distill.max_steps=seven", "distill.max_steps: expected int"),
        ("distill.gradient_checkpointing=3", "expected bool"),
        ("data.style=chatml", "data.style: expected one of"),
        ("distill.objective=ppo", "objective: expected one of"),
        ("distill.alpha=1.5", "alpha and beta must be in"),
        ("evaluate.benchmarks={medqa: 5, usmle: 3}", "unknown usmle"),
        ("distill.max_steps", "section.key=value"),
        ("stages=[data, train]", "unknown stage"),
    ],
)
def test_bad_override_is_a_config_error(override: str, message: str):
    with pytest.raises(ConfigError, match=message):
        load_profile(REPO_ROOT / "pipeline/configs/smoke.yaml", [override])


def test_cli_reports_a_config_error_without_a_traceback():
    command = [sys.executable, "-m", "pipeline", "data", "--config", "pipeline/configs/smoke.yaml", "--set", "data.x=1"]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "unknown key(s) x" in done.stderr and "Traceback" not in done.stderr


def test_reading_a_profile_imports_no_stage_module_and_no_torch():
    code = (
        "import sys, pipeline.config as c; c.load_profile(c.REPO_ROOT / 'pipeline/configs/full-scale.yaml'); "
        "heavy = [m for m in ('torch', 'transformers', 'peft', 'trl', 'datasets') if m in sys.modules]; "
        "stages = [m for m in sys.modules if m.startswith('pipeline.') and m not in ('pipeline.config',)]; "
        "print(heavy, stages)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] []"
