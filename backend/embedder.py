"""Sentence vectors from a small packaged LLM, for the learned heads that read them (safety.classifier).

A second llama-server runs the packaged Qwen2.5-0.5B-Instruct in embedding mode (`--embeddings --pooling mean`: the
mean of the last layer's hidden states over the prompt's tokens, L2-normalised). It is separate from the server that
answers (llama-server in embedding mode answers nothing else) and from whatever model is served, so the head trained
on these vectors holds whichever model answers, a remote one included. It starts with the service (~2 s), takes ~0.7 GB
of memory, and reads one request at a time (the vectors are then bit for bit those the head was trained on). A call
that fails or takes longer than `timeout_s` returns None and the caller goes on without this layer; after a failure
the layer stays off for `COOL_DOWN_S`, so a server that cannot start costs one request its wait, not every request.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import httpx

from backend.engines.llama_server import LlamaServer, LlamaServerConfig
from backend.models import ModelNotAvailable, resolve_model
from backend.types import BackendUnavailable
from safety.classifier import LLM_VECTOR_CHARS, head_text

log = logging.getLogger(__name__)

MODEL = "qwen2.5-0.5b-instruct"
"""The packaged model whose vectors the learned heads were trained on (their head files name it too)."""
POOLING = "mean"
CONTEXT = 8192  # tokens: embedding needs the whole input in one batch, so batch = micro-batch = context
MAX_CHARS = LLM_VECTOR_CHARS  # the first ~400 words; even at 4 tokens a character (other scripts) it fits CONTEXT
TIMEOUT_S = 10.0
COOL_DOWN_S = 60.0


class Embedder:
    """A lazily started embedding server for one model; `embed` is thread-safe."""

    def __init__(self, model_path: Path, *, threads: int = 0, timeout_s: float = TIMEOUT_S) -> None:
        config = LlamaServerConfig(
            model_path,
            threads=threads,
            parallel=1,  # one sequence at a time: the vectors the head was trained on, bit for bit the same
            context_per_session=CONTEXT,
            extra_args=(
                "--embeddings",
                "--pooling",
                POOLING,
                "--batch-size",
                str(CONTEXT),
                "--ubatch-size",
                str(CONTEXT),
            ),
            self_test=False,  # no text generation in embedding mode; the first embed() is the computation's test
        )
        self.server = LlamaServer(config, startup_timeout_s=60.0)
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self.error: str | None = None
        self._off_until = 0.0  # after a failure: no calls until then
        self._closed = False

    @classmethod
    def packaged(cls, cache_dir: Path, **kwargs) -> Embedder | None:
        """The embedder on the packaged model, or None (logged) when that model is not installed."""
        try:
            return cls(resolve_model(MODEL, cache_dir).path, **kwargs)
        except (ModelNotAvailable, OSError) as exc:
            log.warning("embedding model for the learned heads unavailable: %s", exc)
            return None

    def embed(self, texts: list[str]) -> list[list[float]] | None:
        """One unit vector per text, or None when the server cannot give them in time (or failed lately)."""
        if self._closed or time.monotonic() < self._off_until:
            return None
        try:
            with self._lock:
                if self._closed:  # close() ran while this call waited: do not start a server nobody will stop
                    return None
                self.server.ensure_running()
            response = httpx.post(
                f"{self.server.url}/v1/embeddings",
                json={"input": [head_text(t)[:MAX_CHARS] or " " for t in texts]},
                timeout=self.timeout_s,
            )
            response.raise_for_status()
            data = sorted(response.json()["data"], key=lambda d: d["index"])
            return [d["embedding"] for d in data]
        except httpx.HTTPStatusError as exc:  # the server answered: this input's fault, not the server's; no cool-down
            self.error = f"HTTP {exc.response.status_code}: {exc.response.text[:200]}"
            log.warning("embedding refused: %s", self.error)
            return None
        except (BackendUnavailable, httpx.HTTPError, KeyError, ValueError, OSError) as exc:
            self.error = f"{type(exc).__name__}: {exc}"
            self._off_until = time.monotonic() + COOL_DOWN_S
            log.warning("embedding failed (off for %.0f s): %s", COOL_DOWN_S, self.error)
            return None

    def close(self) -> None:
        self._closed = True
        self.server.stop()
