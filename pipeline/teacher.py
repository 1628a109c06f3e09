"""Stage 2 — teacher: reasoning traces from the teacher, cached per item, with rejection sampling.

The teacher is any OpenAI/TGI-compatible endpoint (`endpoint`: TGI, vLLM, SGLang, llama.cpp) or, with no
endpoint, a local GGUF served by the same supervised llama-server the app embeds (`model`). For items with a
verifiable answer — a gold option letter (MCQ) or a gold answer text (open problems) — up to `attempts` samples are
drawn and the first whose final answer verifies is kept; the acceptance rate is recorded. Free-answer items are kept
unless the teacher refused or returned nothing. A trace cut off at `max_tokens` is never kept. Every finished item is
appended to traces.jsonl at once, so a restarted run resumes where it stopped.
"""

from __future__ import annotations

import os
import re
import time
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm

from backend.config import load_settings
from backend.engines.base import Engine
from backend.engines.embedded import EmbeddedEngine
from backend.engines.llama_server import LlamaServerConfig
from backend.engines.remote import RemoteEngine
from backend.models import resolve_model
from backend.types import GenerationParams
from core.io import JsonlCache, atomic_write_jsonl, file_sha256, read_jsonl
from core.text import normalise
from core.types import ChatMessage
from meddata.answers import after_reasoning, answer_section, extract_choice, is_refusal
from pipeline.config import TeacherConfig
from pipeline.manifest import finished, write_manifest

__all__ = ["TeacherConfig", "generate", "run", "teacher_engine", "trace_item", "verify_open_answer"]


@contextmanager
def teacher_engine(model: str, endpoint: str = "", threads: int = 0, parallel: int = 1) -> Iterator[Engine]:
    """An endpoint when one is given (its key from $TEACHER_API_KEY), else `model` on a local llama-server."""
    if endpoint:
        engine: Engine = RemoteEngine(endpoint, api_key=os.environ.get("TEACHER_API_KEY", ""), timeout_s=600)
    else:
        resolved = resolve_model(model, load_settings().model_cache_dir)
        server = LlamaServerConfig(resolved.path, threads=threads, parallel=parallel, context_per_session=4096)
        engine = EmbeddedEngine(resolved, server, timeout_s=600)
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


def verify_open_answer(text: str, gold: str) -> bool:
    """Whether the final answer (the answer section when there is one, else all text after the reasoning) states
    the gold answer text, compared case- and whitespace-insensitively, whole words only.

    Strict on purpose: a paraphrase ("heart attack" for "myocardial infarction") is rejected, so a kept trace has
    verifiably the gold answer; HuatuoGPT-o1 used an LLM verifier here instead, which keeps more at some risk."""
    answer = after_reasoning(text)
    region = normalise(answer_section(answer) or answer)
    wanted = normalise(gold).rstrip(".")
    return bool(wanted) and re.search(rf"(?<![\w-]){re.escape(wanted)}(?![\w-])", region) is not None


def trace_item(engine: Engine, item: dict, cfg: TeacherConfig) -> dict:
    verifiable = bool(item.get("gold") or item.get("answer"))
    attempts = cfg.attempts if verifiable else 1
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
        elif item.get("answer"):
            verified = verify_open_answer(text, item["answer"])
            ok = complete and verified
            tries.append({"verified": verified, "finish": finish})
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
        engine_cm = teacher_engine(cfg.model, cfg.endpoint, cfg.threads, cfg.concurrency)
        with engine_cm as engine, ThreadPoolExecutor(cfg.concurrency) as pool:
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
    gold = [r for r in results if by_id[r["id"]].get("gold") or by_id[r["id"]].get("answer")]
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
