"""Audit and feedback records in SQLite (WAL). Everything is redacted before it is written."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from pathlib import Path

from safety import redact

_SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    session TEXT NOT NULL,          -- a salted hash, never the raw session id
    user TEXT,                      -- the signed-in clinician (an account name, not a patient)
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
    def __init__(self, path: Path, *, retention_days: int = 0, store_text: bool = True) -> None:
        """store_text=False (a public demo): rows keep task, outcome, flags and timings; no input or comment text."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.retention_days = retention_days
        self.store_text = store_text
        self._lock = threading.Lock()
        self._writes = 0
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # durable across app crashes with WAL; fast enough per request
        self._db.executescript(_SCHEMA)
        self.purge_expired()

    def _stored(self, text: str, limit: int) -> str:
        """The first `limit` characters of `text`, redacted. Only twice that is read (a refused request's fields come
        unshortened, and redact() reads every character), cut at a blank so that no identifier is read in half."""
        if not self.store_text:
            return ""
        head = text[: 2 * limit]
        if len(text) > len(head) and (blank := head.rfind(" ")) > limit:
            head = head[:blank]
        return redact(head)[:limit]

    def purge_expired(self, now: float | None = None) -> int:
        """Delete rows older than the retention period; returns how many went."""
        if self.retention_days <= 0:
            return 0
        cutoff = (now or time.time()) - self.retention_days * 86400
        with self._lock:
            gone = self._db.execute("DELETE FROM requests WHERE ts < ?", (cutoff,)).rowcount
            gone += self._db.execute("DELETE FROM feedback WHERE ts < ?", (cutoff,)).rowcount
        return gone

    def _after_write(self) -> None:
        with self._lock:  # Gradio workers write concurrently: count under the lock, purge outside it
            self._writes += 1
            due = self._writes % 500 == 0
        if due:
            self.purge_expired()

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
        user: str | None = None,
        ts: float | None = None,
    ) -> None:
        row = (
            ts or time.time(),
            session_hash(session_id),
            user,
            task,
            template,
            model,
            outcome,
            ";".join(flags),
            self._stored(text, 4000),
            completion_tokens,
            ttft_s,
            total_s,
        )
        with self._lock:
            self._db.execute(
                "INSERT INTO requests (ts, session, user, task, template, model, outcome, flags, input_redacted,"
                " completion_tokens, ttft_s, total_s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
        self._after_write()

    def record_feedback(self, *, session_id: str, task: str, rating: int, comment: str) -> None:
        if rating not in (-1, 1):
            raise ValueError("rating must be +1 or -1")
        with self._lock:
            self._db.execute(
                "INSERT INTO feedback (ts, session, task, rating, comment_redacted) VALUES (?, ?, ?, ?, ?)",
                (
                    time.time(),
                    session_hash(session_id),
                    task,
                    rating,
                    redact(comment)[:2000] if self.store_text else "",
                ),
            )
        self._after_write()

    def rows(self, table: str) -> list[dict]:
        if table not in ("requests", "feedback"):
            raise ValueError(table)
        with self._lock:
            cursor = self._db.execute(f"SELECT * FROM {table} ORDER BY id")
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        with self._lock:
            self._db.close()
