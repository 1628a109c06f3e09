"""Profiles: every committed one loads, `--set` overrides are typed, the student is named once, and reading a
profile imports no stage module (no torch)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import REPO_ROOT, STAGES, ConfigError, LmEvalModel, Profile, load_profile

PROFILES = sorted((REPO_ROOT / "pipeline" / "configs").glob("*.yaml"))


def test_the_profiles_folder_holds_the_six_profiles():
    assert {p.stem for p in PROFILES} == {
        "smoke",
        "small",
        "gpu-7b-random",
        "full-scale",
        "adapter-1.5b",
        "adapter-0.5b",
    }


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
        ("adapter.outtype=q4_0", "adapter.outtype: expected one of"),
        ("evaluate.models=[{name: m, kind: hf, path: p, lora: a.gguf}]", "lora needs kind gguf"),
        (
            "evaluate.models=[{name: m, kind: gguf, path: p, lora: a.gguf, lora_scale: 9}]",
            r"lora_scale must be in \[0, 4\]",
        ),
        ("report.pairs=[{base: teacher, candidate: nobody}]", "must be evaluate.models names"),
        ("lmeval.batch_sise=2", "unknown key.*batch_sise"),
        ("lmeval.models=[{name: m, path: p, precision: fp32}]", "unknown key.*precision"),
        ("lmeval.models=[{name: m, path: p, dtype: float16}]", "dtype: expected one of"),
        ("lmeval.benchmarks={medqa: 3, pubmedqa: 3}", "unknown pubmedqa"),
        ("lmeval.benchmarks={medqa: three}", "lmeval.benchmarks.medqa: expected int"),
        ("lmeval.benchmarks={medqa: 0}", "sizes must be >= 1 or null"),
        ("lmeval.num_fewshot=5", "needs a training split"),
        ("lmeval.models=[{name: m, path: p}, {name: m, path: q}]", "names must be unique"),
    ],
)
def test_bad_override_is_a_config_error(override: str, message: str):
    with pytest.raises(ConfigError, match=message):
        load_profile(REPO_ROOT / "pipeline/configs/smoke.yaml", [override])


def test_lmeval_section_is_parsed_and_typed():
    profile = load_profile(
        REPO_ROOT / "pipeline/configs/smoke.yaml",
        [
            'lmeval.models=[{name: base, path: "@student"}, {name: 1.5B, path: "packaged:qwen2.5-1.5b-instruct", '
            "dtype: float32}]",
            "lmeval.benchmarks={mmlu_medical: null, medqa: 20}",
            "lmeval.batch_size=4",
        ],
    )
    base, large = profile.lmeval.models
    assert isinstance(base, LmEvalModel) and base.dtype == "bfloat16" and large.dtype == "float32"
    assert profile.lmeval.benchmarks == {"mmlu_medical": None, "medqa": 20} and profile.lmeval.batch_size == 4
    assert profile.lmeval.num_fewshot == 0
    assert STAGES.index("evaluate") < STAGES.index("lmeval") < STAGES.index("report")


def test_a_profile_without_lmeval_models_has_an_empty_section():
    assert load_profile(REPO_ROOT / "pipeline/configs/smoke.yaml").lmeval.models == []


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


def test_the_adapter_profile_is_self_distillation_on_verifiable_training_items_scored_through_the_app():
    from pipeline.__main__ import _resolve

    profile = load_profile(REPO_ROOT / "pipeline/configs/adapter-1.5b.yaml")
    # The app's default model is student and teacher: the same packaged weights.
    assert profile.student.model == f"packaged:{profile.teacher.model}" == "packaged:qwen2.5-1.5b-instruct"
    assert profile.teacher.endpoint == "" and profile.teacher.attempts > 1  # rejection sampling on the local GGUF
    # Training-allowed items with a gold letter only: PubMedQA's training half and the MMLU few-shot rows.
    assert set(profile.data.per_source) == {"pubmedqa", "mmlu_dev"}
    assert profile.distill.objective == "sft"
    assert profile.distill.target_modules == ["q_proj", "k_proj", "v_proj", "o_proj"]
    assert profile.stages == ["data", "teacher", "distill", "adapter", "evaluate", "lmeval", "report"]
    assert [m.path for m in profile.lmeval.models] == ["packaged:qwen2.5-1.5b-instruct"]  # lm-eval on the base model
    # >= 1,000 paired items of MedQA test + MMLU-medical test (seeded subsets), both rows on llama-server; lm-eval's
    # items lie inside them (fixed_subset's smaller draws are inside its larger ones), so they pair item by item.
    assert set(profile.evaluate.benchmarks) == {"medqa", "mmlu_medical"}
    assert sum(profile.evaluate.benchmarks.values()) >= 1000
    assert all(profile.lmeval.benchmarks[b] <= n for b, n in profile.evaluate.benchmarks.items())
    base, tuned = profile.evaluate.models
    assert base.kind == tuned.kind == "gguf" and base.path == tuned.path and not base.lora
    assert _resolve(tuned.lora, profile) == str(profile.workdir / "adapter" / "adapter-f16.gguf")
    assert [(p.base, p.candidate) for p in profile.report.pairs] == [(base.name, tuned.name)]


def test_the_adapter_run_is_committed_so_a_fresh_checkout_resumes_it():
    """The 1.5B run takes more CPU hours than one working session and a fresh checkout keeps only what git keeps: its
    workdir lives under pipeline/runs/, whose .gitignore keeps the per-item caches, the manifests and the GGUF adapter
    and leaves out distill's checkpoints and its safetensors copy (tens of MB, only needed while distill runs)."""
    profile = load_profile(REPO_ROOT / "pipeline/configs/adapter-1.5b.yaml")
    workdir = profile.workdir.relative_to(REPO_ROOT)
    assert workdir.parts[:2] == ("pipeline", "runs")
    assert profile.report_dir is not None
    assert profile.report_dir.relative_to(REPO_ROOT).parts[:2] == ("pipeline", "reports")
    paths = {
        workdir / "teacher" / "traces.jsonl": False,
        workdir / "evaluate" / "cache" / "1.5B-abc.jsonl": False,
        workdir / "adapter" / "adapter-f16.gguf": False,
        workdir / "distill" / "manifest.json": False,
        workdir / "distill" / "checkpoints" / "checkpoint-3" / "optimizer.pt": True,
        workdir / "distill" / "adapter" / "adapter_model.safetensors": True,
    }
    for path, ignored in paths.items():
        check = subprocess.run(["git", "check-ignore", "-q", str(path)], cwd=REPO_ROOT, check=False)
        assert (check.returncode == 0) == ignored, path


def test_an_evaluate_entry_is_keyed_by_paths_relative_to_the_repository():
    """A committed run resumed in a checkout at another path finds its cached items: the adapter's absolute path
    (from `@adapter`) enters the cache key relative to the repository."""
    from pipeline.config import ModelEntry
    from pipeline.evaluate import _portable

    here = ModelEntry("x", "gguf", "packaged:m", lora=str(REPO_ROOT / "pipeline/runs/r/adapter/adapter-f16.gguf"))
    assert _portable(here)["lora"] == "pipeline/runs/r/adapter/adapter-f16.gguf"
    assert _portable(ModelEntry("x", "gguf", "/elsewhere/m.gguf"))["path"] == "/elsewhere/m.gguf"
