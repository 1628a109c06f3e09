"""Stage 2 — teacher: reasoning traces from the teacher, cached per item, with rejection sampling.

The teacher is any OpenAI/TGI-compatible endpoint (`endpoint`: TGI, vLLM, SGLang, llama.cpp) or, with no
endpoint, a local GGUF served by the same supervised llama-server the app embeds (`model`). For items with a gold
answer, up to `attempts` samples are drawn and the first whose final answer is right is kept; the acceptance rate
is recorded. Free-answer items are kept unless the teacher refused or returned nothing; a trace cut off at
`max_tokens` is never kept. Every finished item is
appended to traces.jsonl at once, so a restarted run resumes where it stopped.
"""

from __future__ import annotations

import os
import time
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from backend.config import Settings
from backend.engines.base import Engine
from backend.engines.embedded import EmbeddedEngine
from backend.engines.llama_server import LlamaServerConfig
from backend.engines.remote import RemoteEngine
from backend.models import resolve_model
from backend.types import ChatMessage, GenerationParams
from pipeline.answers import extract_choice, is_refusal
from pipeline.common import JsonlCache, atomic_write_jsonl, file_sha256, finished, read_jsonl, write_manifest


@dataclass
class TeacherConfig:
    model: str = "qwen2.5-1.5b-instruct"  # a packaged GGUF or .gguf path, served locally when endpoint is empty
    endpoint: str = ""  # e.g. http://tgi:8080 (TGI Messages API) or http://vllm:8000/v1; key from $TEACHER_API_KEY
    max_items: int | None = None
    max_tokens: int = 512
    temperature: float = 0.6
    top_p: float = 0.95
    attempts: int = 4  # rejection sampling: samples per gold-answer item at most
    concurrency: int = 4
    threads: int = 0  # llama-server threads for the local teacher (0 = all cores)
    seed: int = 7


@contextmanager
def teacher_engine(cfg: TeacherConfig) -> Iterator[Engine]:
    if cfg.endpoint:
        engine: Engine = RemoteEngine(cfg.endpoint, api_key=os.environ.get("TEACHER_API_KEY", ""), timeout_s=600)
    else:
        model = resolve_model(cfg.model, Settings().model_cache_dir)
        server = LlamaServerConfig(model.path, threads=cfg.threads, parallel=cfg.concurrency, context_per_session=4096)
        engine = EmbeddedEngine(model, server, timeout_s=600)
        engine.start()
    try:
        yield engine
    finally:
        engine.close()


def generate(engine: Engine, messages: list[dict], params: GenerationParams) -> tuple[str, str | None]:
    """The teacher's whole output and why it stopped ("stop", or "length" when cut off by max_tokens).

    A server that returns reasoning separately (`reasoning_content`) gets it back inside <think> tags."""
    content, reasoning, finish = [], [], None
    for delta in engine.stream([ChatMessage(m["role"], m["content"]) for m in messages], params):
        content.append(delta.content)
        reasoning.append(delta.reasoning)
        finish = delta.finish_reason or finish
    text, thought = "".join(content).strip(), "".join(reasoning).strip()
    return (f"<think>\n{thought}\n</think>\n\n{text}" if thought else text), finish


def trace_item(engine: Engine, item: dict, cfg: TeacherConfig) -> dict:
    attempts = cfg.attempts if item.get("gold") else 1
    tries = []
    for attempt in range(attempts):
        # A distinct seed per attempt: a resampled trace must be a new draw, also after a restart.
        seed = (zlib.crc32(item["id"].encode()) % 100_000) * 100 + attempt + cfg.seed
        params = GenerationParams(max_tokens=cfg.max_tokens, temperature=cfg.temperature, top_p=cfg.top_p, seed=seed)
        text, finish = generate(engine, item["messages"], params)
        # A trace cut off by max_tokens would teach the student to stop mid-thought: never keep one.
        complete = finish == "stop"
        if item.get("gold"):
            chosen = extract_choice(text, item["options"])
            ok = complete and chosen == item["gold"]
            tries.append({"chosen": chosen, "finish": finish})
        else:
            refused = is_refusal(text)
            ok = complete and bool(text) and not refused
            tries.append({"refused": refused, "finish": finish})
        if ok:
            return {"id": item["id"], "accepted": True, "attempts": attempt + 1, "text": text, "tries": tries}
    return {"id": item["id"], "accepted": False, "attempts": attempts, "text": text, "tries": tries}


def run(cfg: TeacherConfig, data: Path, out: Path, force: bool = False) -> dict:
    if not force and (done := finished(out, cfg)) and done.get("inputs") == _inputs(data):
        return done
    started = time.time()
    items = read_jsonl(data / "train.jsonl")[: cfg.max_items]
    cache = JsonlCache(out / "traces.jsonl")
    todo = [item for item in items if item["id"] not in cache]
    if todo:
        with teacher_engine(cfg) as engine, ThreadPoolExecutor(cfg.concurrency) as pool:
            for result in tqdm(
                pool.map(lambda item: trace_item(engine, item, cfg), todo), total=len(todo), desc="teacher traces"
            ):
                cache.add(result)
    by_id = {item["id"]: item for item in items}
    results = [cache.items[item["id"]] for item in items]
    accepted = [r for r in results if r["accepted"]]
    sft = [
        {
            "id": r["id"],
            "task": by_id[r["id"]]["task"],
            "prompt": by_id[r["id"]]["messages"],
            "completion": [{"role": "assistant", "content": r["text"]}],
        }
        for r in accepted
    ]
    atomic_write_jsonl(out / "sft.jsonl", sft)
    gold = [r for r in results if by_id[r["id"]].get("gold")]
    gold_ok = [r for r in gold if r["accepted"]]
    return write_manifest(
        out,
        "teacher",
        cfg,
        started,
        inputs=_inputs(data),
        items=len(results),
        accepted=len(accepted),
        gold_items=len(gold),
        gold_accepted=len(gold_ok),
        acceptance_rate_gold=round(len(gold_ok) / len(gold), 4) if gold else None,
        first_try_rate_gold=round(sum(r["attempts"] == 1 for r in gold_ok) / len(gold), 4) if gold else None,
        samples_drawn=sum(r["attempts"] for r in results),
    )


def _inputs(data: Path) -> dict:
    return {"train.jsonl": file_sha256(data / "train.jsonl")}
