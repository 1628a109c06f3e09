"""Settings from environment variables (MEDASSIST_*) and an optional TOML file.

Precedence: environment > settings file > defaults. The file is `MEDASSIST_SETTINGS` if set, else `medassist.toml`
in the working directory if present. Secrets (the API key) come from the environment only.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Literal, get_args, get_type_hints

EngineKind = Literal["embedded", "remote"]

ENV_PREFIX = "MEDASSIST_"
REPO_ROOT = Path(__file__).resolve().parents[1]


class SettingsError(ValueError):
    """A setting has a wrong type or value; the message names the setting and where it came from."""


@dataclass(frozen=True)
class Settings:
    engine: EngineKind = "embedded"
    """embedded: start a llama.cpp server on loopback with a packaged model. remote: use `endpoint`."""
    endpoint: str = ""
    """Base URL of a TGI / vLLM / SGLang / llama.cpp server (OpenAI-compatible Messages API), e.g. http://tgi:8080."""
    api_key: str = field(default="", repr=False)
    """Bearer token for the remote server (env MEDASSIST_API_KEY or HF_TOKEN only)."""
    remote_model: str = "tgi"
    """The `model` field sent to the remote server (TGI ignores it; vLLM wants the served name)."""
    model: str = "qwen2.5-1.5b-instruct"
    """Embedded model: a packaged model key (see backend/models.py), a path to a .gguf, or hf:<repo>:<file.gguf>."""
    lora: Path | None = None
    """A GGUF LoRA adapter served on top of the embedded model (llama-server `--lora`), e.g. one exported by
    `python -m pipeline adapter`; it must have been trained on that base. Answers name the adapter with the model."""
    lora_scale: float = 1.0
    """Strength of the adapter (0 = the base model's own outputs)."""
    prompt_style: Literal["auto", "instruct", "r1"] = "auto"
    """core.types.PromptStyle of the served model: instruct (system prompt) or r1 (all in the user turn; the chat
    template opens `<think>`); auto guesses r1 from model names containing "deepseek"/"r1"."""
    threads: int = 0
    """CPU threads for the embedded engine; 0 = all cores."""
    parallel: int = 4
    """Sessions the embedded engine decodes together (llama.cpp slots, continuous batching)."""
    context_per_session: int = 4096
    max_tokens: int = 768
    """Default answer budget (each tab's slider starts here)."""
    temperature: float = 0.6
    """Default sampling temperature (each tab's slider starts here); DeepSeek recommends 0.5–0.7 for R1 models."""
    top_p: float = 0.95
    request_timeout_s: float = 120.0
    startup_timeout_s: float = 300.0
    host: str = "127.0.0.1"
    port: int = 7860
    queue_size: int = 64
    """Requests waiting beyond the running ones; more get Gradio's "Queue is full" message."""
    data_dir: Path = REPO_ROOT / "var"
    """Audit database and model cache live here (cache: data_dir/models unless MEDASSIST_CACHE_DIR is set)."""
    cache_dir: Path | None = None
    audit: bool = True
    medical_data_dir: Path = REPO_ROOT.parent / "shared" / "data"
    """The medical datasets (../shared/data): practice questions and the knowledge index are built from their
    training-allowed parts. Where the folder is absent (a Space), the copies shipped in the repository are used."""
    retrieval: bool = True
    """Cited sources from the local knowledge index (MedQuAD, PubMedQA's training half, DrugBank) in every tab."""
    calculator_model_inputs: bool = True
    """The model reads the calculator inputs the parsers could not find, for one calculator per request (a
    schema-constrained JSON call before the answer, ~10–30 s on 2 CPU cores; each value is shown with its quote).
    Off: parsers only."""
    model_triage: bool = True
    """The safety floor's third layer: where the rules and the learned head found nothing, the served model is asked
    whether the request is a possible emergency (~0.7 s of prompt reading on 2 cores); only for a model with a
    calibrated threshold (prompts/triage_label.yaml). It can only add a notice."""
    llm_heads: bool = True
    """What no rule matched is judged by the learned heads on a small LLM's sentence vector (a second llama-server on
    the packaged Qwen2.5-0.5B in embedding mode, ~0.7 GB; one vector a request for both heads) instead of the heads on
    MiniLM's features: on writers they never saw they escalate more emergencies and decline more misuse at the same
    false-alarm and refusal rates. Off, or when that model cannot run, the MiniLM heads judge. Either only adds
    notices and refusals to the rules' (none removes a rule's), and one replaces the other."""
    audit_retention_days: int = 90
    """Audit and feedback rows older than this are deleted (0 keeps them forever)."""
    rate_limit_per_minute: int = 20
    """Generations a user (or browser session, without sign-in) may start per minute."""
    auth_file: Path | None = None
    """Users file of PBKDF2 hashes (python -m backend.auth add NAME); required when listening beyond localhost."""
    allow_unauthenticated: bool = False
    """Listen beyond localhost without credentials (only behind a proxy that authenticates)."""
    users: str = field(default="", repr=False)
    """name:password pairs from env MEDASSIST_USERS only (hashed in memory)."""
    demo: Literal["auto", "on", "off"] = "auto"
    """Public demo mode, for a Hugging Face Space: no sign-in, a demo banner, no text stored (only counts of outcomes),
    rate limits per client address. auto: on when SPACE_ID is set (Spaces set it) and no users are configured."""
    space_id: str = ""
    """The Space's id, from the SPACE_ID variable Hugging Face sets (empty elsewhere)."""

    def __post_init__(self) -> None:
        if self.engine == "remote" and not self.endpoint:
            raise SettingsError("engine = 'remote' needs an endpoint (MEDASSIST_ENDPOINT=http://host:port)")
        if self.endpoint and not self.endpoint.startswith(("http://", "https://")):
            raise SettingsError(f"endpoint must start with http:// or https://, got {self.endpoint!r}")
        for name, low, high in (
            ("parallel", 1, 64),
            ("threads", 0, 256),
            ("context_per_session", 256, 131072),
            ("max_tokens", 16, 32768),
            ("port", 1, 65535),
            ("queue_size", 1, 10000),
            ("audit_retention_days", 0, 36500),
            ("rate_limit_per_minute", 1, 100000),
        ):
            if not low <= getattr(self, name) <= high:
                raise SettingsError(f"{name} must be in [{low}, {high}], got {getattr(self, name)}")
        if not 0.0 <= self.temperature <= 2.0 or not 0.0 < self.top_p <= 1.0:
            raise SettingsError("temperature must be in [0, 2] and top_p in (0, 1]")
        if self.lora is not None:
            _check_lora(self.lora, self.lora_scale, self.engine)

    @property
    def demo_active(self) -> bool:
        if self.demo == "auto":
            return bool(self.space_id) and not (self.users or self.auth_file)
        return self.demo == "on"

    @property
    def model_cache_dir(self) -> Path:
        return self.cache_dir or self.data_dir / "models"


def _check_lora(lora: Path, scale: float, engine: EngineKind) -> None:
    """Refuse at start an adapter the engine could not load, naming the setting (llama-server's own error would
    come later, when the engine starts, and without the setting's name)."""
    where = f"lora ({ENV_PREFIX}LORA or `lora` in the settings file)"
    if engine != "embedded":
        raise SettingsError(f"{where} applies to the embedded engine; load adapters on the remote server itself")
    if not lora.is_file():
        raise SettingsError(f"{where}: {lora} is not a file")
    with lora.open("rb") as fh:
        if fh.read(4) != b"GGUF":
            raise SettingsError(
                f"{where}: {lora} is not a GGUF file; export a peft adapter with `python -m pipeline adapter`"
            )
    if not 0.0 <= scale <= 4.0:
        raise SettingsError(f"lora_scale must be in [0, 4], got {scale}")


def _coerce(name: str, raw: object, hint: object, source: str) -> object:
    try:
        if hint is bool:
            if isinstance(raw, bool):
                return raw
            value = str(raw).strip().lower()
            if value not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
                raise ValueError(value)
            return value in {"1", "true", "yes", "on"}
        if hint is int:
            return int(raw)
        if hint is float:
            return float(raw)
        if hint in (Path, Path | None):
            return Path(str(raw)).expanduser() if str(raw) else None
        if get_args(hint) and all(isinstance(a, str) for a in get_args(hint)):  # a Literal
            if raw not in get_args(hint):
                raise ValueError(f"expected one of {get_args(hint)}")
            return raw
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"{name} from {source}: cannot use {raw!r} ({exc})") from None


# Earlier names of settings, still read (a file or an environment written for them keeps working): old -> new.
RENAMED = {"misuse_llm_head": "llm_heads"}  # 7.0.0: the LLM vector serves the emergency head too


def load_settings(env: dict[str, str] | None = None, file: Path | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    hints = get_type_hints(Settings)
    values: dict[str, object] = {}

    path = file or (Path(env[f"{ENV_PREFIX}SETTINGS"]) if env.get(f"{ENV_PREFIX}SETTINGS") else Path("medassist.toml"))
    if path.is_file():
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for key, raw in data.items():
            key = RENAMED.get(key, key)
            if key not in hints or key in ("api_key", "users"):
                raise SettingsError(f"{path}: unknown or disallowed setting {key!r}")
            values[key] = _coerce(key, raw, hints[key], str(path))
    elif file is not None:
        raise SettingsError(f"settings file {file} does not exist")

    for old, new in RENAMED.items():
        if env.get(ENV_PREFIX + old.upper()) and not env.get(ENV_PREFIX + new.upper()):
            env[ENV_PREFIX + new.upper()] = env[ENV_PREFIX + old.upper()]
    for f in fields(Settings):
        raw = env.get(ENV_PREFIX + f.name.upper())
        if raw is not None and raw != "":
            values[f.name] = _coerce(f.name, raw, hints[f.name], ENV_PREFIX + f.name.upper())
    api_key = env.get(f"{ENV_PREFIX}API_KEY") or env.get("HF_TOKEN") or ""
    if "host" not in values and env.get("GRADIO_SERVER_NAME"):
        values["host"] = env["GRADIO_SERVER_NAME"]  # Hugging Face Spaces set this (0.0.0.0) for the container
    if "port" not in values and env.get("GRADIO_SERVER_PORT"):
        values["port"] = _coerce("port", env["GRADIO_SERVER_PORT"], int, "GRADIO_SERVER_PORT")
    if env.get("SPACE_ID"):
        values["space_id"] = env["SPACE_ID"]
    if values.get("endpoint") and "engine" not in values:
        values["engine"] = "remote"  # configuring an endpoint is enough to select the remote engine
    secrets = {"api_key": api_key, "users": env.get(f"{ENV_PREFIX}USERS", "")}
    return replace(Settings(**{k: v for k, v in values.items() if k not in secrets}), **secrets)
