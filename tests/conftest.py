"""Shared fixtures: real llama.cpp servers on loopback, the embedded engine, and the app served on a free port.

Tests use the packaged Qwen2.5-Coder-0.5B-Instruct by default (real text, fast on 2 cores); set MEDASSIST_TEST_MODEL
to another packaged key or a .gguf path to run them on something else. Each server gets one thread, as the test
client and Gradio share the same two cores.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from backend.audit import AuditLog
from backend.config import load_settings
from backend.embedder import Embedder
from backend.engines.embedded import EmbeddedEngine
from backend.engines.llama_server import LlamaServer, LlamaServerConfig, free_port
from backend.models import ResolvedModel, resolve_model
from backend.service import AssistantService

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
TEST_MODEL = os.environ.get("MEDASSIST_TEST_MODEL", "qwen2.5-0.5b-instruct")
SETTINGS = load_settings()  # honours MEDASSIST_CACHE_DIR / MEDASSIST_DATA_DIR / MEDASSIST_MEDICAL_DATA_DIR


def server_config(model: ResolvedModel, **overrides) -> LlamaServerConfig:
    values = {"model_path": model.path, "threads": 1, "parallel": 4, "context_per_session": 2048}
    values.update(overrides)
    return LlamaServerConfig(**values)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def settings_data_dir() -> Path:
    """The real medical data (../shared/data); its evaluation splits are read-only."""
    path = SETTINGS.medical_data_dir
    if not path.is_dir():
        pytest.fail(f"{path} is missing: the data tests need ../shared/data beside the checkout")
    return path


@pytest.fixture(scope="session")
def test_model() -> ResolvedModel:
    return resolve_model(TEST_MODEL, SETTINGS.model_cache_dir)


@pytest.fixture(scope="session")
def llama_server(test_model) -> Iterator[LlamaServer]:
    """A real OpenAI/TGI-compatible HTTP server (llama.cpp) on loopback, for the remote engine."""
    server = LlamaServer(server_config(test_model), startup_timeout_s=180)
    server.ensure_running()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def embedded_engine(test_model) -> Iterator[EmbeddedEngine]:
    engine = EmbeddedEngine(test_model, server_config(test_model), timeout_s=120, startup_timeout_s=180)
    engine.start()
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def audit_log(tmp_path_factory) -> AuditLog:
    return AuditLog(tmp_path_factory.mktemp("audit") / "audit.sqlite3")


@pytest.fixture(scope="session")
def misuse_embedder() -> Iterator[Embedder]:
    """The misuse head's embedding server on the packaged 0.5B, as the app runs it (backend.embedder)."""
    embedder = Embedder.packaged(SETTINGS.model_cache_dir, threads=1)
    assert embedder is not None, "the packaged qwen2.5-0.5b-instruct is in requirements.txt"
    yield embedder
    embedder.close()


@pytest.fixture(scope="session")
def service(embedded_engine, audit_log, misuse_embedder) -> AssistantService:
    # As backend.factory builds it for the embedded engine: llama.cpp request fields (MCQ grammar, DRY) on, and the
    # misuse head on the 0.5B's sentence vectors.
    return AssistantService(
        embedded_engine,
        style=embedded_engine.model.style,
        audit=audit_log,
        practice_dir=SETTINGS.medical_data_dir,
        llama_cpp=True,
        embedder=misuse_embedder,
    )


@contextmanager
def served_app(service: AssistantService) -> Iterator[str]:
    """The real Gradio app around `service`, launched in this process on a free loopback port."""
    from ui.layout import CSS, build_app

    demo = build_app(service, concurrency=4)
    demo.queue(max_size=64)
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, css=CSS, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


@pytest.fixture(scope="session")
def app_url(service) -> Iterator[str]:
    with served_app(service) as url:
        yield url
