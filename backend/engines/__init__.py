"""Engines: one small interface (`Engine`), two implementations (remote server, embedded llama.cpp server)."""

from backend.engines.base import Engine

__all__ = ["Engine"]
