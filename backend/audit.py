"""Audit and feedback records in SQLite (WAL). Everything is redacted before it is written."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from pathlib import Path

from backend.redaction import redact

_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    session TEXT NOT NULL,          -- a salted hash, never the raw session id
    task TEXT NOT NULL,
    template TEXT NOT NULL,
    model TEXT NOT NULL,
    outcome TEXT NOT NULL,          -- answered | declined | invalid | failed | stopped
    flags TEXT NOT NULL,            -- red-flag rule names, ';'-separated
    input_redacted TEXT NOT NULL,
    completion_tokens INTEGER,
    ttft_s REAL,
    total_s REAL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    session TEXT NOT NULL,
    task TEXT NOT NULL,
    rating INTEGER NOT NULL,        -- +1 helpful, -1 not helpful
    comment_redacted TEXT NOT NULL
);
"""


def session_hash(session_id: str) -> str:
    return hashlib.sha256(f"medassist:{session_id}".encode()).hexdigest()[:16]


class AuditLog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    def record_request(
        self,
        *,
        session_id: str,
        task: str,
        template: str,
        model: str,
        outcome: str,
        flags: tuple[str, ...],
        text: str,
        completion_tokens: int | None = None,
        ttft_s: float | None = None,
        total_s: float | None = None,
    ) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO requests (ts, session, task, template, model, outcome, flags, input_redacted,"
                " completion_tokens, ttft_s, total_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time.time(),
                    session_hash(session_id),
                    task,
                    template,
                    model,
                    outcome,
                    ";".join(flags),
                    redact(text)[:4000],
                    completion_tokens,
                    ttft_s,
                    total_s,
                ),
            )

    def record_feedback(self, *, session_id: str, task: str, rating: int, comment: str) -> None:
        if rating not in (-1, 1):
            raise ValueError("rating must be +1 or -1")
        with self._lock:
            self._db.execute(
                "INSERT INTO feedback (ts, session, task, rating, comment_redacted) VALUES (?, ?, ?, ?, ?)",
                (time.time(), session_hash(session_id), task, rating, redact(comment)[:2000]),
            )

    def rows(self, table: str) -> list[tuple]:
        if table not in ("requests", "feedback"):
            raise ValueError(table)
        with self._lock:
            return self._db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()
