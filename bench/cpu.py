"""CPU serving benchmark: raw llama.cpp vs the app's engine and full backend, at several concurrency levels.

    python -m bench cpu --model qwen2.5-0.5b-instruct --concurrency 1 8 32 64 --prompt-tokens 512 --output-tokens 256
    python -m bench cpu --smoke            # seconds; run by the default test tier

Layers, on the same llama-server (same GGUF, threads and slots) and the same rendered prompts:
  raw      httpx straight to /v1/chat/completions (SSE): what llama.cpp itself delivers
  engine   backend.engines.remote.RemoteEngine (huggingface_hub InferenceClient), at concurrency 1
  backend  backend.service.AssistantService: validation, safety checks, template, <think>/step parsing per token
Every request generates exactly --output-tokens (ignore_eos). Each prompt carries a unique case number, so the
template's shared prefix is cached (as in production) but the case text is processed every time.
The memory-bandwidth floor is measured bandwidth / bytes of weights read per token (the GGUF's size).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import httpx

from backend.config import load_settings
from backend.engines.llama_server import LlamaServer, LlamaServerConfig
from backend.engines.remote import RemoteEngine
from backend.models import resolve_model
from backend.service import AssistantService
from backend.types import ChatMessage, Finished, GenerationParams, Progress, TaskRequest
from bench.machine import machine_info, package_version
from core.concurrency import run_in_threads
from core.io import atomic_write_json
from prompts import load_template, render_messages

FILLER = (
    "The patient reports intermittent chest discomfort, fatigue and breathlessness on exertion; past history "
    "includes hypertension and type 2 diabetes treated with metformin and ramipril. "
)


@dataclass
class Sample:
    ttft_s: float
    total_s: float
    tokens: int

    @property
    def decode_tok_s(self) -> float:
        return (self.tokens - 1) / max(self.total_s - self.ttft_s, 1e-9)


@dataclass
class Row:
    layer: str
    concurrency: int
    requests: int
    ttft_p50_s: float
    decode_tok_s_per_request: float
    aggregate_tok_s: float
    latency_p50_s: float
    latency_p95_s: float


TEMPLATE_TOKENS = 190  # the education template around the question, measured with /tokenize


def _question(tokens: int, case: int) -> str:
    """A case of about `tokens` prompt tokens in all (the exact count is measured and reported)."""
    words_per_token = 0.75  # English clinical prose in the Qwen tokenizer
    words = max(tokens - TEMPLATE_TOKENS, 16) * words_per_token
    text = f"Case {case}. " + FILLER * max(1, round(words / len(FILLER.split())))
    return text + "What is the most likely diagnosis?"


def _raw(url: str, messages: list[ChatMessage], out_tokens: int) -> Sample:
    body = {
        "messages": [m.as_dict() for m in messages],
        "max_tokens": out_tokens,
        "temperature": 0.0,
        "stream": True,
        "ignore_eos": True,
    }
    started = time.monotonic()
    first, tokens = None, 0
    with httpx.stream("POST", f"{url}/v1/chat/completions", json=body, timeout=600) as response:
        for line in response.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            choices = json.loads(line[6:])["choices"]
            delta = choices[0]["delta"] if choices else {}
            if delta.get("content"):
                tokens += 1
                first = first or time.monotonic()
    return Sample((first or time.monotonic()) - started, time.monotonic() - started, tokens)


def _engine(engine: RemoteEngine, messages: list[ChatMessage], out_tokens: int) -> Sample:
    started = time.monotonic()
    first, tokens = None, 0
    for delta in engine.stream(messages, GenerationParams(max_tokens=out_tokens, temperature=0.0, ignore_eos=True)):
        if delta.content:
            tokens += 1
            first = first or time.monotonic()
    return Sample((first or time.monotonic()) - started, time.monotonic() - started, tokens)


def _backend(service: AssistantService, question: str, out_tokens: int) -> Sample:
    started = time.monotonic()
    request = TaskRequest(
        "education", {"question": question}, GenerationParams(max_tokens=out_tokens, temperature=0.0, ignore_eos=True)
    )
    first, meta, seen = None, None, []
    for event in service.run(request):
        if isinstance(event, Progress) and first is None:
            first = time.monotonic()
        if isinstance(event, Finished):
            meta = event.meta
        elif not isinstance(event, Progress):
            seen.append(event)
    if meta is None:
        raise RuntimeError(f"backend request did not finish: {seen}")
    return Sample((first or time.monotonic()) - started, time.monotonic() - started, meta.completion_tokens)


def transformers_samples(model_key: str, messages, out_tokens: int, args: argparse.Namespace) -> tuple[list, str]:
    """Plain transformers at batch 1 on the same weights (the packaged GGUF, dequantized once to a bf16 folder by
    the pipeline's loader), the same rendered prompts, greedy, exactly `out_tokens` new tokens, on the same threads.
    Needs the pipeline's environment (torch); the app's own has none."""
    import torch
    from transformers.generation.streamers import BaseStreamer

    from pipeline.hf_models import load_model, load_tokenizer

    class FirstTokenClock(BaseStreamer):
        """generate() hands the prompt to put() first, then each new token: the second call is the first token."""

        def __init__(self) -> None:
            self.calls, self.first = 0, None

        def put(self, value) -> None:
            self.calls += 1
            if self.calls == 2:
                self.first = time.monotonic()

        def end(self) -> None:
            pass

    torch.set_num_threads(args.threads)
    spec = f"packaged:{model_key}"
    tokenizer, model = load_tokenizer(spec), load_model(spec, dtype="bfloat16", device="cpu")
    samples = []
    for index in range(args.repeats + 1):  # the first run warms up (weights paged in, kernels picked)
        chat = [m.as_dict() for m in messages()]
        inputs = tokenizer.apply_chat_template(chat, add_generation_prompt=True, return_tensors="pt", return_dict=True)
        clock = FirstTokenClock()
        started = time.monotonic()
        with torch.inference_mode():
            out = model.generate(
                **inputs, max_new_tokens=out_tokens, min_new_tokens=out_tokens, do_sample=False, streamer=clock
            )
        total = time.monotonic() - started
        if index:
            samples.append(
                Sample((clock.first or started) - started, total, out.shape[1] - inputs["input_ids"].shape[1])
            )
    return samples, f"transformers {package_version('transformers')}, torch {torch.__version__}, bf16, batch 1"


def _row(layer: str, concurrency: int, samples: list[Sample], wall: float) -> Row:
    latencies = sorted(s.total_s for s in samples)
    return Row(
        layer,
        concurrency,
        len(samples),
        statistics.median(s.ttft_s for s in samples),
        statistics.median(s.decode_tok_s for s in samples),
        sum(s.tokens for s in samples) / wall,
        statistics.median(latencies),
        latencies[round(0.95 * (len(latencies) - 1))],
    )


def memory_bandwidth_gbs(megabytes: int = 512) -> float:
    import numpy as np

    src = np.ones(megabytes * (1 << 20) // 8)
    dst = np.empty_like(src)
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - started)
    return 2 * src.nbytes / best / 1e9  # bytes read + bytes written


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(args: argparse.Namespace) -> dict:
    model = resolve_model(args.model, load_settings().model_cache_dir)
    server = LlamaServer(
        LlamaServerConfig(
            model.path,
            threads=args.threads,
            parallel=args.parallel,
            context_per_session=args.prompt_tokens + args.output_tokens + 256,
            # A CUDA build offloads every layer with --gpu-layers 99 (flash attention, as llama-bench -fa 1).
            extra_args=("--n-gpu-layers", str(args.gpu_layers), "--flash-attn", "on") if args.gpu_layers else (),
        )
    )
    server.ensure_running()
    template = load_template("education")
    try:
        probe = render_messages(template, {"question": _question(args.prompt_tokens, 0)}, model.style)
        n_prompt = len(httpx.post(f"{server.url}/tokenize", json={"content": probe[-1].content}).json()["tokens"])
        engine = RemoteEngine(server.url, retries=0, timeout_s=600, model_name=model.name)
        service = AssistantService(engine, style=model.style)
        case = iter(range(1, 10**6))

        def messages() -> list[ChatMessage]:
            return render_messages(template, {"question": _question(args.prompt_tokens, next(case))}, model.style)

        _raw(server.url, messages(), 8)  # warm-up: load weights into cache, fill the template prefix
        rows: list[Row] = []
        for concurrency in args.concurrency:
            for layer in ("raw", "backend"):
                calls = []
                for _ in range(max(concurrency, args.repeats if concurrency == 1 else 0)):
                    if layer == "raw":
                        calls.append(partial(_raw, server.url, messages(), args.output_tokens))
                    else:
                        question = _question(args.prompt_tokens, next(case))
                        calls.append(partial(_backend, service, question, args.output_tokens))
                started = time.monotonic()
                if concurrency == 1:
                    samples = [call() for call in calls]
                else:
                    samples = run_in_threads(calls)
                rows.append(_row(layer, concurrency, samples, time.monotonic() - started))
                print(_format_row(rows[-1]), flush=True)
        engine_samples = [_engine(engine, messages(), args.output_tokens) for _ in range(args.repeats)]
        rows.append(_row("engine", 1, engine_samples, sum(s.total_s for s in engine_samples)))
        print(_format_row(rows[-1]), flush=True)
        server_peak_mb = _peak_rss_mb(server._proc.pid)
    finally:
        server.stop()
    transformers_note = "not measured (--transformers runs it where torch and transformers are installed)"
    if args.transformers:
        samples, transformers_note = transformers_samples(args.model, messages, args.output_tokens, args)
        rows.append(_row("transformers", 1, samples, sum(s.total_s for s in samples)))
        print(_format_row(rows[-1]), flush=True)

    bandwidth = memory_bandwidth_gbs()
    weight_bytes = model.path.stat().st_size
    by = {(r.layer, r.concurrency): r for r in rows}
    raw1, backend1 = by[("raw", 1)], by[("backend", 1)]
    overhead = {
        "per_token_ms": 1000 * (1 / backend1.decode_tok_s_per_request - 1 / raw1.decode_tok_s_per_request),
        "ttft_ms": 1000 * (backend1.ttft_p50_s - raw1.ttft_p50_s),
    }
    return {
        "machine": machine_info(),
        "model": model.name,
        "gguf_bytes": weight_bytes,
        "threads": args.threads,
        "gpu_layers": args.gpu_layers,
        "parallel_slots": args.parallel,
        "prompt_tokens": n_prompt,
        "output_tokens": args.output_tokens,
        "rows": [asdict(r) for r in rows],
        "backend_overhead": overhead,
        "memory_bandwidth_gbs": bandwidth,
        "bandwidth_floor_tok_s": bandwidth * 1e9 / weight_bytes,
        "server_peak_rss_mb": server_peak_mb,
        "transformers": transformers_note,
    }


def _format_row(r: Row) -> str:
    return (
        f"| {r.layer} | {r.concurrency} | {r.requests} | {r.ttft_p50_s:.2f} | {r.decode_tok_s_per_request:.1f} | "
        f"{r.aggregate_tok_s:.1f} | {r.latency_p50_s:.1f} | {r.latency_p95_s:.1f} |"
    )


def print_report(report: dict) -> None:
    m = report["machine"]
    print(
        f"\n{report['model']} · {m['cpu']} · {m['cores']} cores · threads={report['threads']} · "
        f"slots={report['parallel_slots']} · {report['prompt_tokens']} prompt tokens (user turn) → "
        f"{report['output_tokens']} out · {m['date']} · commit {m['commit']}"
    )
    print(
        "| layer | concurrency | requests | TTFT p50 s | decode tok/s per request | aggregate tok/s | "
        "latency p50 s | latency p95 s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for row in report["rows"]:
        print(_format_row(Row(**row)))
    o = report["backend_overhead"]
    print(
        f"\nbackend overhead vs raw llama.cpp at concurrency 1: {o['per_token_ms']:+.2f} ms/token, "
        f"{o['ttft_ms']:+.0f} ms on time to first token"
    )
    print(
        f"memory bandwidth {report['memory_bandwidth_gbs']:.1f} GB/s · "
        f"weights {report['gguf_bytes'] / 1e9:.2f} GB/token "
        f"→ floor {report['bandwidth_floor_tok_s']:.1f} tok/s (batch 1) · llama-server peak RSS "
        f"{report['server_peak_rss_mb']:.0f} MB"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default="qwen2.5-0.5b-instruct")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32, 64])
    parser.add_argument("--prompt-tokens", type=int, default=512)
    parser.add_argument("--output-tokens", type=int, default=256)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--parallel", type=int, default=4, help="llama.cpp slots (the app's default is 4)")
    parser.add_argument("--gpu-layers", type=int, default=0, help="layers offloaded by a CUDA build (99 = all)")
    parser.add_argument("--repeats", type=int, default=3, help="sequential requests at concurrency 1")
    parser.add_argument("--out", type=Path, default=Path("bench/results/cpu.json"))
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: a check that the harness runs")
    parser.add_argument(
        "--transformers", action="store_true", help="add plain transformers (bf16, batch 1) on the same weights"
    )


def main(args: argparse.Namespace) -> dict:
    if args.smoke:
        args.model, args.concurrency, args.prompt_tokens, args.output_tokens, args.repeats = (
            "smollm2-135m-instruct",
            [1, 2],
            64,
            8,
            1,
        )
    report = run(args)
    atomic_write_json(args.out, report)
    print_report(report)
    return report


if __name__ == "__main__":  # python -m bench.cpu …: the harness alone, without the other benchmarks' imports
    _parser = argparse.ArgumentParser(prog="python -m bench.cpu", description=__doc__)
    add_arguments(_parser)
    main(_parser.parse_args())
