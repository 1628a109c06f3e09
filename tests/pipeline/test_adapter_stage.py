"""Stage adapter: a real distilled LoRA (tests/pipeline/adapter_fixture.py: data → distill 2 steps on the packaged
0.5B) exported by llama.cpp's own convert_lora_to_gguf.py, with a manifest that says what it is and where it came
from. That llama-server serves it is tests/integration/test_lora_adapter.py."""

from __future__ import annotations

import json
import shutil

import pytest

pytest.importorskip("peft")

from backend.config import load_settings
from core.io import file_sha256
from pipeline import adapter
from pipeline.config import REPO_ROOT, AdapterConfig, StudentConfig
from pipeline.merge import StudentMismatch
from prompts import load_template
from tests.pipeline.adapter_fixture import STUDENT, adapter_workdir, build_test_adapter


@pytest.fixture(scope="module")
def built(settings_data_dir):
    return build_test_adapter(settings_data_dir)


def test_export_is_a_gguf_lora_adapter_on_the_attention_projections(built):
    from gguf import GGUFReader

    path, _ = built
    reader = GGUFReader(path)
    fields = {key: reader.fields[key].contents() for key in ("general.architecture", "general.type", "adapter.type")}
    assert fields == {"general.architecture": "qwen2", "general.type": "adapter", "adapter.type": "lora"}
    assert reader.fields["adapter.lora.alpha"].contents() == 32.0
    modules = ("q", "k", "v", "output")  # peft's q_proj, k_proj, v_proj, o_proj in llama.cpp's names
    expected = {f"blk.{i}.attn_{m}.weight.lora_{ab}" for i in range(24) for m in modules for ab in "ab"}
    assert {t.name for t in reader.tensors} == expected
    assert all(t.tensor_type.name == "F16" for t in reader.tensors)
    # No trace of this machine's folders (the base was converted under the model cache) in a file meant to ship.
    cache = str(load_settings().model_cache_dir)
    assert not any(cache in str(field.contents()) for field in reader.fields.values())


def test_manifest_names_base_size_hash_templates_and_data(built):
    path, manifest = built
    assert manifest["gguf_bytes"] == path.stat().st_size and 2e6 < manifest["gguf_bytes"] < 10e6  # r=16, f16: ~4.3 MB
    assert manifest["gguf_sha256"] == file_sha256(path)
    assert manifest["base_model"] == "packaged:qwen2.5-0.5b-instruct"
    assert manifest["serve_with"].startswith(f"MEDASSIST_MODEL=qwen2.5-0.5b-instruct MEDASSIST_LORA={path} ")
    assert manifest["prompt_templates"] == [load_template("education").id]
    assert manifest["training_items"] == 3 and manifest["training_items_by_source"] == {"pubmedqa": 2, "mmlu_dev": 1}
    assert manifest["data_licences"] == {"pubmedqa": "MIT", "mmlu_dev": "MIT"}
    assert manifest["distill"]["target_modules"] == ["q_proj", "k_proj", "v_proj", "o_proj"]
    assert manifest["distill"]["steps"] == 2


def test_export_is_skipped_when_unchanged_and_redone_for_new_weights(built, tmp_path):
    from safetensors.torch import load_file, save_file

    distill_dir = tmp_path / "distill"
    shutil.copytree(adapter_workdir() / "distill", distill_dir, ignore=shutil.ignore_patterns("checkpoints"))
    first = adapter.run(AdapterConfig(), STUDENT, distill_dir, tmp_path / "adapter")
    assert first["gguf_sha256"] == built[1]["gguf_sha256"]  # the same adapter exports to the same bytes
    assert adapter.run(AdapterConfig(), STUDENT, distill_dir, tmp_path / "adapter")["started"] == first["started"]
    weights = distill_dir / "adapter" / adapter.ADAPTER_WEIGHTS
    save_file({name: 2 * tensor for name, tensor in load_file(weights).items()}, weights)  # "distill ran again"
    again = adapter.run(AdapterConfig(), STUDENT, distill_dir, tmp_path / "adapter")
    assert again["inputs"] != first["inputs"] and again["gguf_sha256"] != first["gguf_sha256"]


def test_an_adapter_trained_on_another_student_is_refused(built, tmp_path):
    other = StudentConfig(model="packaged:qwen2.5-1.5b-instruct")
    with pytest.raises(StudentMismatch, match=r"trained on 'packaged:qwen2\.5-0\.5b-instruct'"):
        adapter.run(AdapterConfig(), other, adapter_workdir() / "distill", tmp_path / "adapter")


def test_the_cli_runs_the_stage_on_a_profile(built, tmp_path):
    import subprocess
    import sys

    import yaml

    for stage in ("data", "teacher", "distill"):
        shutil.copytree(adapter_workdir() / stage, tmp_path / stage, ignore=shutil.ignore_patterns("checkpoints"))
    profile = {"workdir": str(tmp_path), "student": {"model": STUDENT.model}, "stages": ["adapter"]}
    (tmp_path / "profile.yaml").write_text(yaml.safe_dump(profile), encoding="utf-8")
    command = [sys.executable, "-m", "pipeline", "all", "--config", str(tmp_path / "profile.yaml")]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    manifest = json.loads((tmp_path / "adapter" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["gguf"] == str(tmp_path / "adapter" / "adapter-f16.gguf")
    assert manifest["gguf_sha256"] == built[1]["gguf_sha256"]


def test_a_committed_run_without_distills_safetensors_keeps_its_finished_adapter(tmp_path):
    """pipeline/runs commits the GGUF adapter and the manifests but not distill's safetensors: in a fresh checkout
    the finished adapter stage is taken as done instead of failing on the missing weights."""
    from dataclasses import asdict

    from pipeline.manifest import write_manifest

    cfg, student = AdapterConfig(), StudentConfig(model=STUDENT.model)
    out = tmp_path / "adapter"
    (out / f"adapter-{cfg.outtype}.gguf").parent.mkdir(parents=True)
    (out / f"adapter-{cfg.outtype}.gguf").write_bytes(b"GGUF")
    written = write_manifest(out, "adapter", {"student": asdict(student), **asdict(cfg)}, 0.0, gguf_bytes=4)
    (tmp_path / "distill").mkdir()  # checkpoints and adapter/ were not committed
    assert adapter.run(cfg, student, tmp_path / "distill", out) == written
    with pytest.raises(FileNotFoundError):  # with nothing finished there is nothing to stand on
        adapter.run(cfg, student, tmp_path / "distill", tmp_path / "elsewhere")
