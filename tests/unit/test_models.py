"""Model assembly on a real packaged GGUF (SmolLM2, 98 MB): verified once, then served from the cache."""

import json

import pytest

from backend.models import PACKAGED_MODELS, ModelNotAvailable, assemble, resolve_model


@pytest.fixture
def smollm():
    return PACKAGED_MODELS["smollm2-135m-instruct"]


def test_assemble_verifies_and_caches(tmp_path, smollm):
    path = assemble(smollm, tmp_path)
    assert path.stat().st_size == smollm.size
    assert path.read_bytes()[:4] == b"GGUF"
    stamp = json.loads((tmp_path / f"{smollm.filename}.verified.json").read_text())
    assert stamp["sha256"] == smollm.sha256
    mtime = path.stat().st_mtime_ns
    assert assemble(smollm, tmp_path) == path and path.stat().st_mtime_ns == mtime  # not rebuilt


def test_a_corrupted_cache_is_rebuilt(tmp_path, smollm):
    path = assemble(smollm, tmp_path)
    with path.open("r+b") as fh:
        fh.truncate(1000)
    assert assemble(smollm, tmp_path).stat().st_size == smollm.size


def test_a_wrong_hash_is_refused(tmp_path, smollm):
    from dataclasses import replace

    bad = replace(smollm, key="tampered", sha256="0" * 64)
    with pytest.raises(ModelNotAvailable, match="SHA-256"):
        assemble(bad, tmp_path)
    assert not (tmp_path / bad.filename).exists()


def test_a_missing_package_is_a_clear_error(tmp_path, smollm):
    from dataclasses import replace

    missing = replace(smollm, key="missing", parts=(("no_such_model_package", "x.gguf"),))
    with pytest.raises(ModelNotAvailable, match="not installed"):
        assemble(missing, tmp_path)


def test_resolve_accepts_a_local_path_and_style_override(tmp_path, smollm):
    path = assemble(smollm, tmp_path)
    resolved = resolve_model(str(path), tmp_path, "r1")
    assert resolved.path == path and resolved.style == "r1"


def test_resolve_rejects_unknown_names(tmp_path):
    with pytest.raises(ModelNotAvailable, match="neither a packaged model"):
        resolve_model("gpt-17", tmp_path)


def test_hub_spec_without_network_fails_clearly(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotAvailable, match="could not download"):
        resolve_model("hf:deepseek-ai/DeepSeek-R1-Distill-Qwen-7B-GGUF:model-q4_k_m.gguf", tmp_path)
