"""Stage 8 — lm-evaluation-harness beside our evaluator: the same base weights and the same items, lm-eval's prompts.

Our evaluate stage scores the app's Q4_K_M GGUFs on llama-server with a chat-template letter protocol; published
tables come from lm-evaluation-harness with raw prompts. This stage runs lm-eval on the same models, so that a reader
can place our figures among published ones.

Why the `hf` backend and not our engine: lm-eval's log-likelihood tasks need the prompt's token log-probabilities
(`echo` on /v1/completions), which llama.cpp's server rejects (llama.cpp issues #8942 and #27174; lm-eval issue
#4158). So each model runs through transformers on the bf16 folder converted once from the same packaged GGUF
(pipeline.hf_models: `packaged:<key>` is var/models/hf/<key>): the same weights as the GGUF, dequantized, not 4-bit.

The items are the evaluate stage's (`meddata.boundary.fixed_subset` with its seed), passed to lm-eval as `samples`
(document indices per task, pipeline.lmeval_tasks), so per-item correctness pairs with evaluate's by id. Outputs under
<workdir>/lmeval/: tasks/ (the task files, and samples.json: `lm_eval --include_path tasks --samples …` reruns
them), results/<name>.json per model
(aggregates and per-item rows; a model whose file exists for this protocol is skipped unless --force), results.json
(the aggregates of every model) and manifest.json.
"""

from __future__ import annotations

import gc
import json
import logging
import time
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

import torch
from lm_eval import simple_evaluate
from lm_eval.api.metrics import mean_stderr
from lm_eval.models.huggingface import HFLM
from lm_eval.tasks import TaskManager

from core.io import atomic_dir, atomic_write_json, file_sha256
from meddata.boundary import fixed_subset
from pipeline.config import LmEvalConfig, LmEvalModel
from pipeline.hf_models import resolve_folder
from pipeline.lmeval_tasks import data_files, doc_indices, item_id, write_tasks
from pipeline.manifest import config_hash, finished, write_manifest

__all__ = ["LmEvalConfig", "LmEvalModel", "evaluate_model", "run"]

log = logging.getLogger(__name__)
LETTERS = "ABCD"
METRICS = ("acc", "acc_norm")
SAMPLES = "samples.json"


def _item(task: str, sample: dict) -> dict:
    """One scored document: our id, lm-eval's metrics, and the letter with the highest log-likelihood."""
    loglikelihoods = [ll for ll, _ in sample["filtered_resps"]]
    return {
        "id": item_id(task, sample["doc_id"]),
        "chosen": LETTERS[loglikelihoods.index(max(loglikelihoods))],
        "gold": LETTERS[sample["target"]],
        **{m: sample[m] for m in METRICS},
    }


def _task_figures(row: dict, n: int) -> dict:
    figures = {"n": n}
    for m in METRICS:
        stderr = row.get(f"{m}_stderr,none")
        figures[m] = row[f"{m},none"]
        figures[f"{m}_stderr"] = stderr if isinstance(stderr, float) else None  # lm-eval writes "N/A" at n = 1
    return figures


def _figures(tasks: list[str], output: dict) -> dict:
    """A benchmark's figures pooled over its tasks' items (lm-eval's group mean weighted by size), and per task."""
    items = [_item(task, s) for task in tasks for s in output["samples"][task]]
    pooled: dict = {"n": len(items), "correct": int(sum(i["acc"] for i in items))}
    for m in METRICS:
        values = [float(i[m]) for i in items]
        pooled[m] = sum(values) / len(values)
        pooled[f"{m}_stderr"] = mean_stderr(values) if len(values) > 1 else None
    counts = output["n-samples"]
    pooled["tasks"] = {t: _task_figures(output["results"][t], counts[t]["effective"]) for t in tasks}
    pooled["items"] = items
    return pooled


def _benchmark(lm: HFLM, manager: TaskManager, leaves: dict[str, list[int]], cfg: LmEvalConfig) -> dict:
    """One benchmark's documents through lm-eval, timed on its own (so seconds per item are per benchmark)."""
    started = time.time()
    output = simple_evaluate(
        model=lm,
        tasks=list(leaves),
        task_manager=manager,
        samples=leaves,
        num_fewshot=cfg.num_fewshot,
        apply_chat_template=False,  # the raw prompt, as published lm-eval tables score base and instruct models
        log_samples=True,
    )
    wall_s = time.time() - started
    figures = _figures(list(leaves), output)
    return {**figures, "wall_s": round(wall_s, 1), "s_per_item": round(wall_s / figures["n"], 3)}


def evaluate_model(
    model: LmEvalModel, cfg: LmEvalConfig, samples: dict[str, dict[str, list[int]]], tasks: Path
) -> dict:
    """lm-eval's `hf` backend on the model's folder, loaded once, over the given documents of every benchmark."""
    folder = resolve_folder(model.path)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    started = time.time()
    lm = HFLM(pretrained=folder, dtype=model.dtype, device=device, batch_size=cfg.batch_size)
    load_s = round(time.time() - started, 1)
    manager = TaskManager(include_path=str(tasks), include_defaults=False)
    benchmarks = {b: _benchmark(lm, manager, leaves, cfg) for b, leaves in samples.items()}
    del lm
    gc.collect()
    return {
        "model": asdict(model),
        "folder": folder,
        "device": torch.cuda.get_device_name() if device == "cuda" else "cpu",
        "threads": torch.get_num_threads(),
        "batch_size": cfg.batch_size,
        "load_s": load_s,
        "wall_s": round(time.time() - started, 1),
        "benchmarks": benchmarks,
    }


def _scored(model: LmEvalModel, cfg: LmEvalConfig, samples: dict, out: Path, data_identity: dict, force: bool) -> dict:
    """The model's results, from results/<name>.json when it holds this very protocol, else scored now."""
    path = out / "results" / f"{model.name}.json"
    # What the scores depend on: not the other models, nor the thread count.
    protocol = {k: v for k, v in asdict(cfg).items() if k not in ("models", "threads")}
    tasks = {p.name: p.read_text(encoding="utf-8") for p in sorted((out / "tasks").iterdir()) if p.suffix != ".json"}
    key = config_hash(
        {
            "model": asdict(model),
            "protocol": protocol,
            "samples": samples,
            "lm_eval": metadata.version("lm_eval"),
            "tasks": tasks,
            "data": data_identity,
        }
    )
    if path.is_file() and not force:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            log.info("lmeval: %s already scored (%s), skipped", model.name, path)
            return cached
    log.info("lmeval: %s (%s, %s)", model.name, model.path, model.dtype)
    result = {**evaluate_model(model, cfg, samples, out / "tasks"), "key": key}
    atomic_write_json(path, result)
    return result


def _summary(result: dict) -> dict:
    """A model's aggregates without its per-item rows."""
    benchmarks = {b: {k: v for k, v in figures.items() if k != "items"} for b, figures in result["benchmarks"].items()}
    return {**{k: v for k, v in result.items() if k not in ("benchmarks", "key")}, "benchmarks": benchmarks}


def run(cfg: LmEvalConfig, data_dir: Path, out: Path, seed: int, force: bool = False) -> dict:
    """`seed` is the evaluate stage's: the same seeded subsets, so the same items."""
    stage_config = {"lmeval": asdict(cfg), "seed": seed}
    if not force and (done := finished(out, stage_config)):
        return done
    started = time.time()
    if not cfg.models:
        (out / "results.json").unlink(missing_ok=True)  # an earlier run's figures must not reach the report
        return write_manifest(out, "lmeval", stage_config, started, models={}, note="no models: nothing scored")
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    samples = {b: doc_indices(b, fixed_subset(b, data_dir, n, seed)) for b, n in cfg.benchmarks.items()}
    with atomic_dir(out / "tasks") as scratch:
        files = [p.name for b in cfg.benchmarks for p in write_tasks(b, data_dir, scratch)]
        # `lm_eval … --samples "$(cat samples.json)"` reruns these very items
        atomic_write_json(scratch / SAMPLES, {t: i for leaves in samples.values() for t, i in leaves.items()})
    # What a cached score also depends on: the lm-eval version, the task files and the data they read.
    data_identity = {b: file_sha256(p) for b in cfg.benchmarks for p in data_files(b, data_dir)}
    results = {m.name: _scored(m, cfg, samples, out, data_identity, force) for m in cfg.models}
    version = metadata.version("lm_eval")
    summaries = {name: _summary(r) for name, r in results.items()}
    atomic_write_json(out / "results.json", {"lm_eval": version, "num_fewshot": cfg.num_fewshot, "models": summaries})
    return write_manifest(
        out,
        "lmeval",
        stage_config,
        started,
        lm_eval=version,
        models={
            name: {"path": r["model"]["path"], "folder": r["folder"], "wall_s": r["wall_s"]}
            for name, r in results.items()
        },
        task_files=files,
    )
