"""Build the assistant service from settings: the only place that chooses an engine."""

from __future__ import annotations

from pathlib import Path

from backend.audit import AuditLog
from backend.config import ENV_PREFIX, Settings, SettingsError
from backend.embedder import Embedder
from backend.engines.base import Engine
from backend.engines.embedded import EmbeddedEngine
from backend.engines.llama_server import LlamaServerConfig, LoraAdapter
from backend.engines.remote import RemoteEngine
from backend.model_triage import ModelTriage
from backend.models import ResolvedModel, guess_style, resolve_model
from backend.ratelimit import RateLimiter
from backend.service import AssistantService
from backend.types import GenerationParams, PromptStyle
from core.io import file_sha256
from knowledge import KnowledgeIndex


def adapter_label(model_name: str, lora: LoraAdapter) -> str:
    """The model name shown with every answer and audited, naming the adapter's file, its SHA-256 prefix (which
    weights answered) and a scale other than 1."""
    scale = "" if lora.scale == 1.0 else f" × {lora.scale:g}"
    return f"{model_name} + LoRA {Path(lora.path).name} (sha256 {file_sha256(Path(lora.path))[:12]}){scale}"


def _adapter(settings: Settings) -> LoraAdapter | None:
    if settings.lora is None:
        return None
    try:
        return LoraAdapter(settings.lora, settings.lora_scale)
    except ValueError as exc:
        raise SettingsError(f"lora ({ENV_PREFIX}LORA): {exc}") from None


def build_engine(settings: Settings) -> tuple[Engine, PromptStyle]:
    if settings.engine == "remote":
        engine = RemoteEngine(
            settings.endpoint,
            api_key=settings.api_key,
            model=settings.remote_model,
            timeout_s=settings.request_timeout_s,
        )
        style: PromptStyle = (
            guess_style(settings.remote_model) if settings.prompt_style == "auto" else settings.prompt_style
        )
        return engine, style
    model = resolve_model(settings.model, settings.model_cache_dir, settings.prompt_style)
    lora = _adapter(settings)
    if lora is not None:
        model = ResolvedModel(model.path, adapter_label(model.name, lora), model.style)
    config = LlamaServerConfig(
        model_path=model.path,
        threads=settings.threads,
        parallel=settings.parallel,
        context_per_session=settings.context_per_session,
        lora=lora,
    )
    return EmbeddedEngine(
        model, config, timeout_s=settings.request_timeout_s, startup_timeout_s=settings.startup_timeout_s
    ), model.style


def open_knowledge_index(settings: Settings, progress: bool = True) -> KnowledgeIndex:
    """The knowledge index the app cites from (benchmarks open the same one)."""
    # Where the data folder is absent (a Space) the index comes from the copy shipped in knowledge/data/.
    data = settings.medical_data_dir if settings.medical_data_dir.is_dir() else None
    # The same folder `python -m knowledge build` fills: $MEDASSIST_CACHE_DIR/knowledge, else var/knowledge.
    return KnowledgeIndex.open((settings.cache_dir or settings.data_dir) / "knowledge", data, progress=progress)


def build_service(settings: Settings) -> AssistantService:
    engine, style = build_engine(settings)
    audit = (
        AuditLog(
            settings.data_dir / "audit.sqlite3",
            retention_days=settings.audit_retention_days,
            store_text=not settings.demo_active,
        )
        if settings.audit
        else None
    )
    knowledge = open_knowledge_index(settings) if settings.retrieval else None
    defaults = GenerationParams(max_tokens=settings.max_tokens, temperature=settings.temperature, top_p=settings.top_p)
    return AssistantService(
        engine,
        style=style,
        audit=audit,
        rate_limiter=RateLimiter(settings.rate_limit_per_minute),
        defaults=defaults,
        practice_dir=settings.medical_data_dir,
        demo=settings.demo_active,
        knowledge=knowledge,
        llama_cpp=settings.engine == "embedded",  # the embedded engine is llama.cpp's server
        calculator_model_inputs=settings.calculator_model_inputs,
        model_triage=ModelTriage.for_engine(engine) if settings.model_triage else None,
        embedder=Embedder.packaged(settings.model_cache_dir) if settings.llm_heads else None,
    )
