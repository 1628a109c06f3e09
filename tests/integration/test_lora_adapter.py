"""The app serves base + LoRA adapter (MEDASSIST_LORA) on the real engine: llama-server reports the adapter loaded,
greedy text moves with it and equals the base at scale 0, the answer's model label and the audit name the adapter,
and a bad adapter stops the app with a message naming the setting.

The adapter is a real one: the pipeline's distill stage (2 steps on the packaged 0.5B) exported by its adapter stage
(llama.cpp's convert_lora_to_gguf.py); built once into the model cache (tests/pipeline/adapter_fixture.py).
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from backend.audit import AuditLog
from backend.config import SettingsError, load_settings
from backend.engines.base import Engine
from backend.engines.embedded import EmbeddedEngine
from backend.engines.remote import RemoteEngine
from backend.factory import build_engine
from backend.service import AssistantService
from backend.types import BackendUnavailable, ChatMessage, Finished, GenerationParams, TaskRequest
from core.io import file_sha256
from prompts import load_template
from tests.conftest import SETTINGS, TEST_MODEL

pytest.importorskip("peft")  # the adapter is trained by the pipeline

from tests.pipeline.adapter_fixture import build_test_adapter

REPO = Path(__file__).resolve().parents[2]
MESSAGES = [
    ChatMessage("system", "You are a careful medical assistant."),
    ChatMessage("user", "What is the first-line treatment of uncomplicated hypertension? Answer briefly."),
]
GREEDY = GenerationParams(max_tokens=40, temperature=0.0, seed=1)


@pytest.fixture(scope="module")
def lora(settings_data_dir) -> tuple[Path, dict]:
    return build_test_adapter(settings_data_dir)


@contextmanager
def app_engine(**settings) -> Iterator[EmbeddedEngine]:
    """The engine exactly as the app builds it (backend.factory), one thread, started."""
    values = {"engine": "embedded", "model": TEST_MODEL, "threads": 1, "parallel": 2, "context_per_session": 2048}
    engine, _ = build_engine(dataclasses.replace(SETTINGS, **(values | settings)))
    assert isinstance(engine, EmbeddedEngine)
    try:
        engine.start()
        yield engine
    finally:
        engine.close()


def _greedy(engine: Engine) -> str:
    return "".join(delta.content for delta in engine.stream(MESSAGES, GREEDY))


def test_the_server_loads_the_adapter_and_the_answer_names_it(lora, tmp_path):
    path, manifest = lora
    with app_engine(lora=path) as engine:
        assert engine.server.lora_adapters() == [
            {"id": 0, "path": str(path.resolve()), "scale": 1.0, "task_name": "", "prompt_prefix": ""}
        ]
        label = engine.model_name
        assert label.endswith(f"+ LoRA adapter-f16.gguf (sha256 {manifest['gguf_sha256'][:12]})")
        assert manifest["gguf_sha256"] == file_sha256(path)
        audit = AuditLog(tmp_path / "audit.sqlite3")
        # As backend.factory builds it for the embedded engine (llama.cpp request fields on).
        service = AssistantService(
            engine, style="instruct", audit=audit, practice_dir=SETTINGS.medical_data_dir, llama_cpp=True
        )
        template = load_template("education")
        request = TaskRequest("education", template.examples[0], GenerationParams(max_tokens=48, seed=7))
        finished = [e for e in service.run(request) if isinstance(e, Finished)]
        assert finished and finished[0].meta.model == label
        assert [row["model"] for row in audit.rows("requests")] == [label]


def test_greedy_output_moves_with_the_adapter_and_scale_zero_is_the_base(lora, llama_server):
    path, _ = lora
    base = _greedy(RemoteEngine(llama_server.url, timeout_s=120, retries=0))
    with app_engine(lora=path) as engine:
        tuned = _greedy(engine)
    with app_engine(lora=path, lora_scale=0.0) as engine:
        assert engine.server.lora_adapters()[0]["scale"] == 0.0
        assert engine.model_name.endswith(" × 0")
        off = _greedy(engine)
    assert base and tuned != base
    assert off == base


def test_an_adapter_for_another_architecture_fails_at_start_with_llama_cpp_reason(lora):
    path, _ = lora
    # SmolLM2 is a llama model: the qwen2 adapter cannot apply to it.
    with pytest.raises(BackendUnavailable, match="LoRA arch mismatch"):
        with app_engine(model="smollm2-135m-instruct", lora=path):
            pass


def test_a_bad_adapter_path_is_refused_naming_the_setting(lora, tmp_path):
    with pytest.raises(SettingsError, match=r"MEDASSIST_LORA.*is not a file"):
        load_settings(env={"MEDASSIST_LORA": str(tmp_path / "missing.gguf")})
    peft_weights = lora[0].parent.parent / "distill" / "adapter" / "adapter_model.safetensors"
    with pytest.raises(SettingsError, match="not a GGUF file"):
        load_settings(env={"MEDASSIST_LORA": str(peft_weights)})
    toml = tmp_path / "medassist.toml"
    toml.write_text(f'lora = "{tmp_path / "missing.gguf"}"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="`lora` in the settings file"):
        load_settings(env={}, file=toml)
    with pytest.raises(SettingsError, match="applies to the embedded engine"):
        load_settings(env={"MEDASSIST_LORA": str(lora[0]), "MEDASSIST_ENDPOINT": "http://127.0.0.1:9"})
    # The app itself: exit status 2 and the message on stderr, before any engine starts.
    env = {**os.environ, "MEDASSIST_LORA": str(tmp_path / "missing.gguf"), "MEDASSIST_SETTINGS": ""}
    done = subprocess.run([sys.executable, "app.py"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "medassist: cannot start: lora (MEDASSIST_LORA" in done.stderr and "missing.gguf" in done.stderr
