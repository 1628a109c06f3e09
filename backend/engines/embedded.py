"""Embedded engine: a packaged small model served by a supervised llama-server on loopback.

It is the remote engine pointed at a server this process owns, plus supervision: if the server dies, the next
request restarts it, and a request that fails because it died is reported, not hung.
"""

from __future__ import annotations

from collections.abc import Iterator

from backend.engines.llama_server import LlamaServer, LlamaServerConfig
from backend.engines.remote import RemoteEngine
from backend.models import ResolvedModel
from backend.types import BackendUnavailable, ChatMessage, Delta, EngineHealth, GenerationParams


class EmbeddedEngine:
    def __init__(
        self,
        model: ResolvedModel,
        config: LlamaServerConfig,
        *,
        timeout_s: float = 120.0,
        startup_timeout_s: float = 300.0,
    ) -> None:
        self.model = model
        self.model_name = model.name
        self.name = "embedded llama.cpp"
        self.server = LlamaServer(config, startup_timeout_s=startup_timeout_s)
        # No retries inside: supervision below decides whether a restart makes sense.
        self._client = RemoteEngine(
            self.server.url,
            timeout_s=timeout_s,
            retries=0,
            name=self.name,
            model_name=model.name,
            model=model.path.name,
        )

    def start(self) -> None:
        self.server.ensure_running()

    def stream(self, messages: list[ChatMessage], params: GenerationParams) -> Iterator[Delta]:
        self.server.ensure_running()
        try:
            yield from self._client.stream(messages, params)
        except BackendUnavailable:
            if self.server.running:
                raise
            why = self.server.exit_reason() or "it stopped"
            raise BackendUnavailable(
                f"the embedded model server stopped ({why}); it restarts on the next request"
            ) from None

    def health(self) -> EngineHealth:
        ok = self.server.healthy()
        detail = "" if ok else ("starting or restarting" if not self.server.running else "not answering /health")
        return EngineHealth(ok=ok, engine=self.name, model=self.model_name, detail=detail)

    def close(self) -> None:
        self.server.stop()
