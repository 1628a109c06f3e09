"""Lexical retrieval: SQLite FTS5 with BM25 ranking (standard library, no server). Porter stemming lets "symptom"
match "symptoms"; the title column weighs double because a MedQuAD title names the page's topic."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from knowledge.passage import Passage

TITLE_WEIGHT = 2.0
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Question words carry no topic: dropping them keeps BM25's OR query from scanning half the corpus.
STOPWORDS = frozenset(
    "a an and are as at be by can do does for from how i if in is it its me my of on or should the their there "
    "these this to was what when where which who why will with you your about get have has had".split()
)

SCHEMA = """
CREATE TABLE passages (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, title TEXT NOT NULL, text TEXT NOT NULL,
                       source TEXT NOT NULL, origin TEXT NOT NULL, url TEXT NOT NULL, licence TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(title, text, content='passages', content_rowid='rowid',
                                    tokenize='porter unicode61 remove_diacritics 2');
"""
_FIELDS = ("id", "title", "text", "source", "origin", "url", "licence")


def fts5_available() -> bool:
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    return True


def write_database(path: Path, passages: Iterable[Passage]) -> int:
    """Create the passage table and its full-text index at `path` (a new file); returns the passage count."""
    conn = sqlite3.connect(path)
    try:
        conn.executescript(SCHEMA)
        rows = ([getattr(p, f) for f in _FIELDS] for p in passages)
        conn.executemany(f"INSERT INTO passages ({', '.join(_FIELDS)}) VALUES ({', '.join('?' * len(_FIELDS))})", rows)
        conn.execute("INSERT INTO fts(rowid, title, text) SELECT rowid, title, text FROM passages")
        conn.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        conn.commit()
        return conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    finally:
        conn.close()


def match_expression(query: str) -> str:
    """An FTS5 query that ORs the query's content words, each quoted (so that no user text is FTS5 syntax)."""
    words = [w for w in _TOKEN.findall(query.lower()) if w not in STOPWORDS]
    if not words:  # a query of stop words only still deserves an answer
        words = _TOKEN.findall(query.lower())
    return " OR ".join(f'"{w}"' for w in dict.fromkeys(words))


class LexicalIndex:
    """Read-only access to a database written by `write_database`. One connection per thread (sqlite3's rule)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def search(self, query: str, limit: int) -> list[tuple[str, float]]:
        """(passage id, BM25 score; higher is better), best first."""
        expression = match_expression(query)
        if not expression:
            return []
        rows = self._conn.execute(
            "SELECT p.id, bm25(fts, ?, 1.0) AS s FROM fts JOIN passages p ON p.rowid = fts.rowid "
            "WHERE fts MATCH ? ORDER BY s LIMIT ?",
            (TITLE_WEIGHT, expression, limit),
        ).fetchall()
        return [(pid, -score) for pid, score in rows]  # SQLite's bm25() is negated: lower is better

    def passages(self) -> Iterator[Passage]:
        for row in self._conn.execute(f"SELECT {', '.join(_FIELDS)} FROM passages ORDER BY rowid"):
            yield Passage(*row)

    def close(self) -> None:
        self._conn.close()
