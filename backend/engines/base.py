from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from backend.types import ChatMessage, Delta, EngineHealth, GenerationParams


class Engine(Protocol):
    """Streams a chat completion. Raises `BackendUnavailable` / `GenerationError` (backend.types) on failure."""

    name: str  # e.g. "remote http://tgi:8080" or "embedded llama.cpp"
    model_name: str

    def stream(self, messages: list[ChatMessage], params: GenerationParams) -> Iterator[Delta]: ...

    def health(self) -> EngineHealth: ...

    def close(self) -> None: ...
