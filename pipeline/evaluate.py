"""Stage 7 — evaluate every configuration on the same fixed subsets, with a stated protocol.

Accuracy protocol (`accuracy`): zero-shot; the question and its lettered options in one user turn of the model's
chat template, instructing a single-letter answer; the assistant turn is opened with "Answer:" and the option whose
letter token (" A", " B", …) has the highest next-token log-probability is the model's answer (log-likelihood
scoring as in lm-evaluation-harness: no sampling, no parsing, deterministic). 95% Wilson intervals.

Reasoning completeness (`completeness`): on the first k questions of the MedQA subset the model answers through the
app's education template (free generation, greedy, `max_new_tokens`); the teacher grades the output against a
4-criterion rubric (RUBRIC below), 0–2 each, so 0–8 → 0–1; CONCLUSION is set to 0 without asking the judge when
no final answer can be extracted from the output (small judges are lenient). Generated-answer accuracy on those k
(answer extraction by meddata.answers) and latency (time to first token, decode tokens/s) come from the same
generations.

Template compliance, from the same generations: the share with no extractable answer and the mean output tokens.

Memory: bytes of the weights in memory (transformers' `get_memory_footprint`; the file size for a GGUF, which
llama.cpp maps as is, plus its LoRA adapter's). A GGUF configuration runs on llama.cpp's server — the app's embedded
engine — with the same prompts (the server applies the model's own chat template) and the letter scores from its
top-50 log-probabilities; an entry with `lora` gets the adapter served on top (`--lora`), as the app serves it.

Every scored item is appended at once to cache/<name>-<key>.jsonl (`key`: the entry and the protocol), so a run cut
off mid-configuration resumes at the next unscored item; each configuration's results go to results/<name>.json when
it finishes, and a rerun skips those. Paired comparisons between configurations are the report's (pipeline.paired).
"""

from __future__ import annotations

import gc
import json
import math
import re
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import asdict
from pathlib import Path

import httpx
import torch
from tqdm import tqdm

from backend.config import load_settings
from backend.engines.base import Engine
from backend.engines.llama_server import LlamaServer, LlamaServerConfig, LoraAdapter
from backend.engines.remote import RemoteEngine
from backend.models import resolve_model
from backend.types import GenerationParams
from core.io import JsonlCache, atomic_write_json
from core.stats import wilson
from core.types import ChatMessage
from meddata.answers import extract_choice
from meddata.boundary import fixed_subset
from meddata.mcq import MCQ, format_mcq
from pipeline.config import REPO_ROOT, EvaluateConfig, JudgeConfig, ModelEntry
from pipeline.hf_models import load_model, load_tokenizer
from pipeline.manifest import config_hash, finished, write_manifest
from pipeline.teacher import generate, teacher_engine
from prompts.loader import load_template, render_messages

__all__ = ["ANSWER_PREFIX", "INSTRUCTION", "RUBRIC", "EvaluateConfig", "ModelEntry", "evaluate_model", "run"]

INSTRUCTION = "Answer the following multiple-choice question with the letter of the single best option."
ANSWER_PREFIX = "Answer:"
RUBRIC = """You are grading a model's explanation of a medical multiple-choice question for completeness of reasoning.
Score each criterion 0 (absent), 1 (partial) or 2 (complete):
1. FINDINGS: it identifies the key findings or facts in the question.
2. ALTERNATIVES: it weighs the other options or a differential, not only the chosen one.
3. CHAIN: each step follows from the previous ones, with no unexplained jump.
4. CONCLUSION: it ends in one explicit answer that its reasoning supports.
Reply with exactly one line: SCORES: <findings> <alternatives> <chain> <conclusion>"""
_SCORES = re.compile(r"SCORES?\s*:?\s*\**\s*([0-2])\D{1,3}([0-2])\D{1,3}([0-2])\D{1,3}([0-2])", re.IGNORECASE)


def mcq_messages(item: MCQ) -> list[dict]:
    return [{"role": "user", "content": f"{INSTRUCTION}\n\n{format_mcq(item)}"}]


def timed_generation(text: str, new_tokens: int, start: float, first: float | None, end: float) -> dict:
    """Time to first token, and decode rate over the tokens after the first."""
    decode_s = end - (first or end)
    return {
        "text": text,
        "new_tokens": new_tokens,
        "ttft_s": round((first or end) - start, 3),
        "decode_tok_s": round((new_tokens - 1) / decode_s, 2) if new_tokens > 1 and decode_s > 0 else None,
    }


class ServerModel:
    """A GGUF (a path or a packaged key) on llama.cpp's server, the app's embedded engine (continuous batching,
    prompt cache), with the entry's LoRA adapter on top: the same prompts, scored from the server's next-token
    log-probabilities, generation timed from its stream."""

    def __init__(self, entry: ModelEntry, threads: int) -> None:
        gguf = resolve_model(entry.path.removeprefix("packaged:"), load_settings().model_cache_dir).path
        lora = LoraAdapter(Path(entry.lora), entry.lora_scale) if entry.lora else None
        self.size = gguf.stat().st_size + (lora.path.stat().st_size if lora else 0)
        config = LlamaServerConfig(gguf, threads=threads, parallel=1, context_per_session=4096, lora=lora)
        self.server = LlamaServer(config)
        self.server.ensure_running()
        self.http = httpx.Client(base_url=self.server.url, timeout=600)
        self.engine = RemoteEngine(self.server.url, timeout_s=600, retries=0)

    def memory_bytes(self) -> int:
        return self.size

    def choose(self, item: MCQ) -> str:
        prompt = self.http.post("/apply-template", json={"messages": mcq_messages(item)}).json()["prompt"]
        # No prompt cache: a prefix reused from the previous item is computed in another batch shape, and llama.cpp's
        # logits are not bit-identical across batch sizes (its server README), so a near-tie could flip with the order
        # of the items or after an interruption (the clean-clone run of 2026-12-07 saw one flip). Costs the shared
        # chat-template prefix once per item.
        body = {
            "prompt": prompt + ANSWER_PREFIX, "n_predict": 1, "n_probs": 50, "temperature": 0, "cache_prompt": False,
        }  # fmt: skip
        top = self.http.post("/completion", json=body).json()["completion_probabilities"][0]["top_logprobs"]
        scores = {t["token"].strip(): t["logprob"] for t in top if t["token"].startswith(" ")}
        letters = [letter for letter, _ in item.options]
        # A letter outside the top 50 has a log-probability below all of them: rank it last.
        return max(letters, key=lambda letter: scores.get(letter, -math.inf))

    def generate(self, messages: list[dict], max_new_tokens: int) -> dict:
        params = GenerationParams(max_tokens=max_new_tokens, temperature=0.0)
        start, first, pieces, chunks = time.perf_counter(), None, [], 0
        for delta in self.engine.stream([ChatMessage(m["role"], m["content"]) for m in messages], params):
            if delta.content and first is None:
                first = time.perf_counter()
            chunks += bool(delta.content)  # llama-server streams one token per chunk
            pieces.append(delta.content)
        return timed_generation("".join(pieces), chunks, start, first, time.perf_counter())

    def close(self) -> None:
        self.http.close()
        self.server.stop()


class TorchModel:
    """A transformers or GPTQModel checkpoint: letter log-probabilities and timed greedy generation."""

    def __init__(self, entry: ModelEntry) -> None:
        if entry.kind == "gptq":
            from gptqmodel import GPTQModel

            wrapper = GPTQModel.load(entry.path)
            self.model, self.tokenizer = wrapper.model, wrapper.tokenizer
        else:
            self.model, self.tokenizer = load_model(entry.path, entry.dtype), load_tokenizer(entry.path)
        self.model.eval()

    def memory_bytes(self) -> int:
        return int(self.model.get_memory_footprint())

    def _letter_ids(self, letters: list[str]) -> list[int]:
        ids = [self.tokenizer.encode(f" {letter}", add_special_tokens=False) for letter in letters]
        if any(len(i) != 1 for i in ids):
            raise ValueError(f"option letters are not single tokens for this tokenizer: {ids}")
        return [i[0] for i in ids]

    @torch.inference_mode()
    def choose(self, item: MCQ) -> str:
        text = self.tokenizer.apply_chat_template(mcq_messages(item), add_generation_prompt=True, tokenize=False)
        ids = self.tokenizer(text + ANSWER_PREFIX, return_tensors="pt", add_special_tokens=False).input_ids
        logits = self.model(input_ids=ids.to(self.model.device)).logits[0, -1]
        letters = [letter for letter, _ in item.options]
        scores = logits[self._letter_ids(letters)]
        return letters[int(scores.argmax())]

    @torch.inference_mode()
    def generate(self, messages: list[dict], max_new_tokens: int) -> dict:
        from transformers import TextIteratorStreamer

        ids = self.tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, return_tensors="pt", return_dict=True
        )
        ids = {k: v.to(self.model.device) for k, v in ids.items()}
        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
        result: dict = {}

        def work() -> None:
            result["out"] = self.model.generate(
                **ids, max_new_tokens=max_new_tokens, do_sample=False, streamer=streamer
            )

        start = time.perf_counter()
        thread = threading.Thread(target=work)
        thread.start()
        first, pieces = None, []
        for piece in streamer:
            if first is None and piece:
                first = time.perf_counter()
            pieces.append(piece)
        thread.join()
        new = int(result["out"].shape[1] - ids["input_ids"].shape[1])
        return timed_generation("".join(pieces), new, start, first, time.perf_counter())

    def close(self) -> None:
        del self.model
        gc.collect()


def _judge(engine: Engine, judge: JudgeConfig, item: MCQ, answer: str, *, answered: bool) -> dict:
    messages = [
        {"role": "system", "content": RUBRIC},
        {"role": "user", "content": f"QUESTION:\n{format_mcq(item)}\n\nMODEL OUTPUT:\n{answer}\n\nGrade it now."},
    ]
    params = GenerationParams(max_tokens=judge.max_tokens, temperature=judge.temperature, seed=judge.seed)
    reply, _ = generate(engine, messages, params)
    match = _SCORES.search(reply)
    scores = [int(g) for g in match.groups()] if match else None
    if scores and not answered:
        scores[3] = 0  # CONCLUSION: no final answer can be extracted (meddata.answers), whatever the judge says
    return {"judge_reply": reply, "scores": scores, "score": sum(scores) / 8 if scores else None}


def _cached(cache: JsonlCache, key: str, score: Callable[[], dict]) -> dict:
    """The item's row from the cache, else scored now and appended at once (a restart resumes after it)."""
    if key not in cache:
        cache.add({"id": key, **score()})
    return cache.items[key]


def _generation(model: ServerModel | TorchModel, cfg: EvaluateConfig, item: MCQ, judge_engine: Engine | None) -> dict:
    """One free answer through the app's education template: extracted answer, tokens, timing, rubric grade."""
    messages = [m.as_dict() for m in render_messages(load_template("education"), {"question": format_mcq(item)})]
    out = model.generate(messages, cfg.completeness_max_new_tokens)
    out["chosen"] = extract_choice(out["text"], item.options)
    out["correct"] = out["chosen"] == item.answer
    if judge_engine is None:
        out.update({"judge_reply": None, "scores": None, "score": None})
    else:
        out.update(_judge(judge_engine, cfg.judge, item, out["text"], answered=out["chosen"] is not None))
    return out


def _engine_label(entry: ModelEntry) -> str:
    if entry.kind != "gguf":
        return "transformers generate"
    return "llama.cpp server + LoRA" if entry.lora else "llama.cpp server"


def _mean(values: list[float], digits: int) -> float | None:
    return round(sum(values) / len(values), digits) if values else None


def evaluate_model(
    entry: ModelEntry, cfg: EvaluateConfig, subsets: dict[str, list[MCQ]], judge_engine: Engine | None, cache_path: Path
) -> dict:
    if entry.kind not in ("hf", "gptq", "gguf"):
        raise ValueError(f"{entry.name}: kind must be hf, gptq or gguf, got {entry.kind!r}")
    cache = JsonlCache(cache_path)
    model = ServerModel(entry, cfg.threads) if entry.kind == "gguf" else TorchModel(entry)
    result: dict = {"entry": asdict(entry), "memory_bytes": model.memory_bytes(), "accuracy": {}}
    for benchmark, items in subsets.items():
        answers = []
        for item in tqdm(items, desc=f"{entry.name} · {benchmark}"):
            row = _cached(cache, f"{benchmark}:{item.id}", lambda item=item: {"chosen": model.choose(item)})
            answers.append({"id": item.id, "chosen": row["chosen"], "gold": item.answer})
        correct = sum(a["chosen"] == a["gold"] for a in answers)
        result["accuracy"][benchmark] = {
            "n": len(items),
            "correct": correct,
            "accuracy": round(correct / len(items), 4) if items else None,
            "ci95": tuple(round(x, 4) for x in wilson(correct, len(items))),
            "answers": answers,
        }
    generations = []
    for item in tqdm(subsets.get("medqa", [])[: cfg.completeness_items], desc=f"{entry.name} · generation"):
        row = _cached(cache, f"generation:{item.id}", lambda item=item: _generation(model, cfg, item, judge_engine))
        generations.append({**row, "id": item.id})
    model.close()
    scored = [g["score"] for g in generations if g["score"] is not None]
    rates = [g["decode_tok_s"] for g in generations if g["decode_tok_s"]]
    result["completeness"] = {
        "k": len(generations),
        "judged": len(scored),
        "mean": _mean(scored, 4),
        "generated_answer_correct": sum(g["correct"] for g in generations),
        "no_answer_share": _mean([float(g["chosen"] is None) for g in generations], 4),
        "mean_output_tokens": _mean([g["new_tokens"] for g in generations], 1),
        "generations": generations,
    }
    result["latency"] = {
        "ttft_s_mean": _mean([g["ttft_s"] for g in generations], 3),
        "decode_tok_s_mean": _mean(rates, 2),
        "engine": _engine_label(entry),
        "device": "cpu" if entry.kind == "gguf" or not torch.cuda.is_available() else torch.cuda.get_device_name(),
        "threads": cfg.threads or torch.get_num_threads(),
    }
    return result


def _portable(entry: ModelEntry) -> dict:
    """The entry with paths inside the repository made relative to it: a run committed under pipeline/runs and
    resumed in a checkout at another path must find its cached items under the same key."""
    fields = asdict(entry)
    for name in ("path", "lora"):
        value = fields.get(name)
        if value and Path(value).is_absolute() and Path(value).is_relative_to(REPO_ROOT):
            fields[name] = str(Path(value).relative_to(REPO_ROOT))
    return fields


def run(cfg: EvaluateConfig, data_dir: Path, out: Path, force: bool = False) -> dict:
    # The items are part of what a result depends on: the same config drew other items before fixed_subset became a
    # prefix of one seeded order (8.0.0), and a run scored on those must not be taken for one on these.
    subsets = {b: fixed_subset(b, data_dir, n, cfg.seed) for b, n in cfg.benchmarks.items()}
    subset_ids = {b: [i.id for i in items] for b, items in subsets.items()}
    if not force and (done := finished(out, cfg)) and done.get("subsets") == subset_ids:
        return done
    started = time.time()
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    results = {}
    judged = teacher_engine(cfg.judge.model, cfg.judge.endpoint, cfg.judge.threads) if cfg.judge.enabled else None
    with judged or nullcontext() as judge:
        for entry in cfg.models:
            path = out / "results" / f"{entry.name}.json"
            # The result depends on this entry and the protocol, not on which other configurations are in the list.
            protocol = {k: v for k, v in asdict(cfg).items() if k != "models"}
            key = config_hash({"entry": _portable(entry), "protocol": protocol, "items": subset_ids})
            if path.is_file() and not force:
                cached = json.loads(path.read_text(encoding="utf-8"))
                if cached.get("key") == key:
                    results[entry.name] = cached
                    continue
            result = evaluate_model(entry, cfg, subsets, judge, out / "cache" / f"{entry.name}-{key}.jsonl")
            result["key"] = key
            atomic_write_json(path, result)
            results[entry.name] = result
    return write_manifest(out, "evaluate", cfg, started, subsets=subset_ids, models=list(results))
