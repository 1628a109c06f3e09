"""Prompt templates vs a generic prompt on the same questions, through an engine: output tokens, latency, accuracy.

    python -m bench prompts --n 40                        # the embedded default model, 2 threads
    python -m bench prompts --n 40 --model qwen2.5-0.5b-instruct
    python -m bench prompts --prompts template template_v1 generic   # v1 beside v2
    python -m bench prompts --server-option repeat_penalty=1.1       # llama.cpp repetition controls, all prompts
    python -m bench prompts --tabs                        # repetition loops per tab (v1/v2 templates, own cases)
    python -m bench prompts --url http://host:8080        # any OpenAI/TGI Messages server (TGI, vLLM, llama.cpp)
    python -m bench prompts --smoke                       # seconds: a check that the harness runs (default test tier)

Questions: a fixed, seeded subset of the practice bank (meddata.practice: MMLU medical dev rows and PubMedQA's
training half, half from each), never an evaluation split, because a result here steers template changes.
Each question is asked once per prompt, on the same engine, greedy, sequentially (latency is one request's), the
order rotating between questions so no prompt always meets a warmer cache:
  template     the current education template as the service sends it (prompts.generation_spec): its own token cap
               and stop sequences, and for the instruct layout a grammar that forces "## Answer\nAnswer: <letter>"
               first; for the r1 layout a missing letter is asked for in a second, constrained phase (counted);
  template_v1  the first template (prompts/v1), the harness cap, no constraint;
  generic      "You are a helpful assistant." and the same question text, the harness cap.
Per prompt: accuracy (meddata.answers.extract_choice on the whole output; no extractable choice counts as wrong),
output tokens (the server's usage count), time to first token, latency p50/p95, answers cut at the cap, refusals,
repetition loops (backend.degeneration on the finished text).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from backend.config import load_settings
from backend.degeneration import detect_loop
from backend.engines.embedded import EmbeddedEngine
from backend.engines.llama_server import LlamaServerConfig
from backend.engines.remote import RemoteEngine
from backend.models import resolve_model
from backend.types import ChatMessage, GenerationParams
from bench.machine import machine_info
from core.io import atomic_write_json
from core.stats import wilson
from core.types import SEED, PromptStyle, Task
from meddata.answers import extract_choice, is_refusal
from meddata.mcq import MCQ, format_mcq
from meddata.practice import practice_bank
from prompts import load_template, render_messages
from prompts.loader import (
    ANSWER_PREFIX,
    V1_DIR,
    answer_grammar,
    answer_phase_messages,
    generation_spec,
)

SUBSET_SEED = SEED
PROMPTS = ("template", "generic")
ALL_PROMPTS = ("template", "template_v1", "generic")
GENERIC_SYSTEM = "You are a helpful assistant."


@dataclass
class Answer:
    item: str
    prompt: str
    correct: bool
    choice: str | None
    output_tokens: int
    ttft_s: float
    latency_s: float
    finish_reason: str | None
    refusal: bool
    loop: str | None  # the kind of repetition loop found in the finished text, if any
    phases: int  # 2 when a second, constrained request had to ask for the letter
    text: str  # practice questions only, never patient data: kept so a reader can audit the extraction


@dataclass
class Streamed:
    text: str
    tokens: int
    ttft_s: float | None
    finish_reason: str | None


def subset(data_dir: Path, n: int) -> list[MCQ]:
    """n practice items, half MMLU medical dev and half PubMedQA training half (fewer if a source runs short)."""
    rng = random.Random(SUBSET_SEED)
    bank = practice_bank(data_dir)
    chosen: list[MCQ] = []
    for source, count in (("mmlu", n - n // 2), ("pubmedqa", n // 2)):
        pool = sorted((i for i in bank if i.id.startswith(source)), key=lambda i: i.id)
        chosen += rng.sample(pool, min(count, len(pool)))
    if not chosen:
        raise SystemExit(f"no practice questions under {data_dir} (see ../shared/data)")
    return chosen


def messages_for(prompt: str, item: MCQ, style: PromptStyle) -> list[ChatMessage]:
    fields = {"question": format_mcq(item)}
    if prompt == "template":
        return render_messages(load_template("education"), fields, style)
    if prompt == "template_v1":
        return render_messages(load_template("education", V1_DIR), fields, style)
    return [ChatMessage("system", GENERIC_SYSTEM), ChatMessage("user", format_mcq(item))]


def params_for(
    prompt: str, item: MCQ, style: PromptStyle, max_tokens: int, server_options: tuple[tuple[str, Any], ...] = ()
) -> GenerationParams:
    """Greedy settings; the current template adds its own cap, stop sequences and answer grammar."""
    if prompt != "template":
        return GenerationParams(max_tokens=max_tokens, temperature=0.0, server_options=server_options)
    spec = generation_spec(load_template("education"), {"question": format_mcq(item)}, style)
    options = server_options + ((("grammar", spec.grammar),) if spec.grammar else ())
    return GenerationParams(
        max_tokens=min(spec.max_tokens or max_tokens, max_tokens),
        temperature=0.0,
        stop=spec.stop,
        server_options=options,
    )


def stream_text(engine, messages: list[ChatMessage], params: GenerationParams) -> Streamed:
    started = time.monotonic()
    first, chunks, usage, finish, text = None, 0, None, None, []
    for delta in engine.stream(messages, params):
        if delta.content or delta.reasoning:  # llama.cpp, TGI and vLLM stream one token per chunk
            chunks += 1
            first = first or time.monotonic()
            text.append(delta.reasoning + delta.content)
        finish = delta.finish_reason or finish
        usage = delta.usage or usage
    tokens = usage.completion_tokens if usage is not None else chunks
    return Streamed("".join(text), tokens, (first - started) if first else None, finish)


def ask(
    engine,
    prompt: str,
    item: MCQ,
    style: PromptStyle,
    max_tokens: int,
    server_options: tuple[tuple[str, Any], ...] = (),
) -> Answer:
    started = time.monotonic()
    messages = messages_for(prompt, item, style)
    out = stream_text(engine, messages, params_for(prompt, item, style, max_tokens, server_options))
    output, tokens, phases = out.text, out.tokens, 1
    choice = extract_choice(output, item.options)
    if choice is None and prompt == "template" and not is_refusal(output):
        # The service's second phase: the letter only, under a grammar (r1 layout, or a cut-short instruct answer).
        grammar = answer_grammar(item.letters, prefix=ANSWER_PREFIX, free_tail=False)
        params = GenerationParams(max_tokens=4, temperature=0.0, server_options=(("grammar", grammar),))
        second = stream_text(engine, answer_phase_messages(messages, output), params)
        output, tokens, phases = f"{output}\n{second.text}", tokens + second.tokens, 2
        choice = extract_choice(second.text, item.options)
    latency = time.monotonic() - started
    loop = detect_loop(output, final=True)
    return Answer(
        item.id,
        prompt,
        choice == item.answer,
        choice,
        tokens,
        out.ttft_s if out.ttft_s is not None else latency,
        latency,
        out.finish_reason,
        is_refusal(output),
        loop.kind if loop else None,
        phases,
        output,
    )


def summarise(answers: list[Answer]) -> dict:
    n = len(answers)
    correct = sum(a.correct for a in answers)
    latencies = sorted(a.latency_s for a in answers)
    return {
        "n": n,
        "accuracy": correct / n,
        "ci95": wilson(correct, n),
        "unparsed": sum(a.choice is None for a in answers),
        "cut_at_cap": sum(a.finish_reason == "length" for a in answers),
        "refusals": sum(a.refusal for a in answers),
        "loops": sum(a.loop is not None for a in answers),
        "second_phase": sum(a.phases > 1 for a in answers),
        "output_tokens_mean": statistics.fmean(a.output_tokens for a in answers),
        "output_tokens_p50": statistics.median(a.output_tokens for a in answers),
        "ttft_p50_s": statistics.median(a.ttft_s for a in answers),
        "latency_mean_s": statistics.fmean(latencies),
        "latency_p50_s": statistics.median(latencies),
        "latency_p95_s": latencies[round(0.95 * (n - 1))],
    }


def make_engine(args: argparse.Namespace):
    """(engine, prompt style, model name): a remote server for --url, else the embedded engine (started)."""
    if args.url:
        return RemoteEngine(args.url, model=args.server_model, timeout_s=600, retries=0), args.style, args.url
    model = resolve_model(args.model, load_settings().model_cache_dir)
    config = LlamaServerConfig(model.path, threads=args.threads, parallel=1, context_per_session=4096)
    engine = EmbeddedEngine(model, config, timeout_s=600)
    engine.start()
    return engine, model.style, model.name


def parse_server_options(pairs: Sequence[str]) -> tuple[tuple[str, Any], ...]:
    """["repeat_penalty=1.1", "dry_multiplier=0.8"] -> (("repeat_penalty", 1.1), ("dry_multiplier", 0.8))."""
    options = []
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key:
            raise SystemExit(f"--server-option wants KEY=VALUE, got {pair!r}")
        try:
            value: Any = int(raw)
        except ValueError:
            try:
                value = float(raw)
            except ValueError:
                value = raw
        options.append((key, value))
    return tuple(options)


def run(args: argparse.Namespace) -> dict:
    items = subset(args.data_dir, args.n)
    prompts = tuple(args.prompts)
    options = parse_server_options(args.server_option)
    engine, style, model_name = make_engine(args)
    answers: list[Answer] = []
    report: dict = {}
    try:
        ask(engine, "generic", items[0], style, 4)  # warm-up: weights into memory, outside the figures
        for index, item in enumerate(tqdm(items, desc="questions", unit="q")):
            shift = index % len(prompts)
            for prompt in prompts[shift:] + prompts[:shift]:
                answers.append(ask(engine, prompt, item, style, args.max_tokens, options))
            report = _report(args, model_name, style, options, items, answers, prompts)
            atomic_write_json(args.out, report)  # after every question: a stopped run keeps what it measured
    finally:
        engine.close()
    return report


def _report(args, model_name, style, options, items, answers, prompts) -> dict:
    summary = {p: summarise([a for a in answers if a.prompt == p]) for p in prompts}
    return {
        "machine": machine_info(),
        "model": model_name,
        "style": style,
        "threads": args.threads if not args.url else None,
        "max_tokens": args.max_tokens,
        "server_options": dict(options),
        "template": load_template("education").id,
        "template_v1": load_template("education", V1_DIR).id,
        "subset": {"seed": SUBSET_SEED, "items": [i.id for i in items]},
        "completed": len({a.item for a in answers}),
        "summary": summary,
        "template_vs_generic": _versus(summary, "template", "generic"),
        "answers": [asdict(a) for a in answers],
    }


def _versus(summary: dict, a: str, b: str) -> dict | None:
    if a not in summary or b not in summary:
        return None
    x, y = summary[a], summary[b]
    return {
        "latency_mean_change": x["latency_mean_s"] / y["latency_mean_s"] - 1,
        "output_tokens_change": x["output_tokens_mean"] / max(y["output_tokens_mean"], 1e-9) - 1,
        "accuracy_points": 100 * (x["accuracy"] - y["accuracy"]),
    }


def print_report(report: dict) -> None:
    m = report["machine"]
    print(
        f"\n{report['model']} ({report['style']} layout) · {m['cpu']} · {m['cores']} cores · "
        f"template {report['template']} · greedy, cap {report['max_tokens']} tokens · "
        f"server options {report['server_options'] or 'none'} · {m['date']}"
    )
    print(
        "| prompt | n | accuracy (95% CI) | no choice found | cut at cap | loops | refusals | output tokens mean / p50 "
        "| TTFT p50 s | latency mean / p50 / p95 s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for prompt, s in report["summary"].items():
        low, high = s["ci95"]
        print(
            f"| {prompt} | {s['n']} | {s['accuracy']:.0%} ({low:.0%}–{high:.0%}) | {s['unparsed']} | "
            f"{s['cut_at_cap']} | {s['loops']} | {s['refusals']} | {s['output_tokens_mean']:.0f} / "
            f"{s['output_tokens_p50']:.0f} | {s['ttft_p50_s']:.2f} | {s['latency_mean_s']:.1f} / "
            f"{s['latency_p50_s']:.1f} / {s['latency_p95_s']:.1f} |"
        )
    if d := report.get("template_vs_generic"):
        print(
            f"template vs generic: latency {d['latency_mean_change']:+.1%}, output tokens "
            f"{d['output_tokens_change']:+.1%}, accuracy {d['accuracy_points']:+.0f} points"
        )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=load_settings().model, help="packaged model for the embedded engine")
    parser.add_argument(
        "--url", default="", help="base URL of an OpenAI/TGI Messages server, instead of the embedded engine"
    )
    parser.add_argument("--server-model", default="tgi", help="model name to send to --url")
    parser.add_argument("--style", default="instruct", choices=("instruct", "r1"), help="prompt layout for --url")
    parser.add_argument("--n", type=int, default=40, help="questions (each asked with every prompt)")
    parser.add_argument("--prompts", nargs="+", default=list(PROMPTS), choices=ALL_PROMPTS)
    parser.add_argument("--max-tokens", type=int, default=768, help="the app's default cap")
    parser.add_argument(
        "--server-option", action="append", default=[], metavar="KEY=VALUE", help="extra request field, repeatable"
    )
    parser.add_argument("--tabs", action="store_true", help="repetition loops per tab on cases of our own")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--data-dir", type=Path, default=load_settings().medical_data_dir)
    parser.add_argument("--out", type=Path, default=Path("bench/results/prompts.json"))
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: a check that the harness runs")


def main(args: argparse.Namespace) -> dict:
    if args.smoke:
        args.model, args.n, args.max_tokens = "smollm2-135m-instruct", 2, 24
    if args.tabs:
        report = run_tabs(args)
        atomic_write_json(args.out, report)
        print_tabs(report)
        return report
    report = run(args)
    atomic_write_json(args.out, report)
    print_report(report)
    return report


# --- Repetition loops per tab: the templates' own examples plus practice-style cases written for this benchmark ---
# (invented vignettes, no patient data; the education tab's share comes from the MCQ run above).
OWN_CASES: dict[Task, tuple[dict[str, str], ...]] = {
    "symptom_analysis": (
        {
            "age": "45",
            "sex": "female",
            "symptoms": "Sudden severe headache, the worst ever, with vomiting",
            "duration": "1 hour, thunderclap onset",
            "vitals": "BP 170/100, HR 90",
            "history": "None",
        },
        {
            "age": "70",
            "sex": "male",
            "symptoms": "Painless jaundice, dark urine, pale stools, weight loss",
            "duration": "6 weeks",
            "vitals": "T 36.8 °C, HR 80",
            "history": "Smoker, type 2 diabetes",
        },
        {
            "age": "30",
            "sex": "male",
            "symptoms": "Productive cough, fever, right-sided pleuritic chest pain",
            "duration": "3 days",
            "vitals": "T 38.9 °C, HR 105, RR 24, SpO2 93%",
            "history": "Asthma",
        },
    ),
    "diagnosis": (
        {
            "vignette": "A 30-year-old woman has heat intolerance, weight loss, tremor and palpitations for 2 months.",
            "findings": "Diffuse goitre with a bruit, exophthalmos. TSH < 0.01 mU/L, free T4 48 pmol/L.",
        },
        {
            "vignette": "A 55-year-old man who drinks heavily has severe epigastric pain radiating to the back and "
            "vomiting since last night.",
            "findings": "Epigastric tenderness, HR 112. Lipase 1,200 U/L.",
        },
        {
            "vignette": "An 8-year-old boy has thirst, passing urine often and weight loss for 3 weeks; today he is "
            "vomiting and breathing deeply.",
            "findings": "Glucose 24 mmol/L, urine ketones 3+, pH 7.18.",
        },
    ),
    "prescription": (
        {
            "condition": "Uncomplicated lower urinary tract infection",
            "age": "28",
            "weight": "60 kg",
            "pregnancy": "not pregnant",
            "renal": "normal",
            "hepatic": "normal",
            "allergies": "none known",
            "medications": "none",
        },
        {
            "condition": "Type 2 diabetes, newly diagnosed, HbA1c 64 mmol/mol",
            "age": "60",
            "weight": "95 kg",
            "pregnancy": "not applicable",
            "renal": "eGFR 50 mL/min/1.73m2",
            "hepatic": "normal",
            "allergies": "none known",
            "medications": "atorvastatin 20 mg",
        },
        {
            "condition": "Acute gout of the first toe",
            "age": "65",
            "weight": "80 kg",
            "pregnancy": "not applicable",
            "renal": "eGFR 35 mL/min/1.73m2",
            "hepatic": "normal",
            "allergies": "none known",
            "medications": "warfarin 5 mg daily, ramipril 10 mg",
        },
    ),
}
TAB_TEMPLATES = ("template", "template_v1")


def tab_cases(task: Task) -> tuple[dict[str, str], ...]:
    return (*load_template(task).examples, *OWN_CASES[task])


def ask_tab(engine, task: Task, which: str, fields: dict[str, str], style: PromptStyle, args, options) -> dict:
    template = load_template(task) if which == "template" else load_template(task, V1_DIR)
    spec = generation_spec(template, fields, style)
    params = GenerationParams(
        max_tokens=min(spec.max_tokens or args.max_tokens, args.max_tokens),
        temperature=0.0,
        stop=spec.stop,
        server_options=options,
    )
    started = time.monotonic()
    out = stream_text(engine, render_messages(template, fields, style), params)
    loop = detect_loop(out.text, final=True)
    return {
        "task": task,
        "template": template.id,
        "loop": loop.kind if loop else None,
        "repeated": loop.repeated if loop else None,
        "output_tokens": out.tokens,
        "latency_s": time.monotonic() - started,
        "finish_reason": out.finish_reason,
        "text": out.text,
    }


def run_tabs(args: argparse.Namespace) -> dict:
    """Each tab's cases with the v2 and v1 templates, greedy, with the given server options (none = baseline)."""
    options = parse_server_options(args.server_option)
    engine, style, model_name = make_engine(args)
    rows: list[dict] = []
    tasks: tuple[Task, ...] = ("symptom_analysis", "diagnosis", "prescription")
    try:
        for task in tasks:
            cases = tab_cases(task)[: 1 if args.smoke else None]
            for fields in tqdm(cases, desc=task, unit="case"):
                rows += [ask_tab(engine, task, which, fields, style, args, options) for which in TAB_TEMPLATES]
    finally:
        engine.close()
    summary = {}
    for task in tasks:
        for which in TAB_TEMPLATES:
            chosen = [
                r
                for r in rows
                if r["task"] == task and (r["template"] == load_template(task).id) == (which == "template")
            ]
            summary[f"{task}/{which}"] = {
                "n": len(chosen),
                "loops": sum(r["loop"] is not None for r in chosen),
                "cut_at_cap": sum(r["finish_reason"] == "length" for r in chosen),
                "output_tokens_mean": statistics.fmean(r["output_tokens"] for r in chosen),
            }
    return {
        "machine": machine_info(),
        "model": model_name,
        "style": style,
        "max_tokens": args.max_tokens,
        "server_options": dict(options),
        "summary": summary,
        "answers": rows,
    }


def print_tabs(report: dict) -> None:
    print(
        f"\n{report['model']} · greedy, cap {report['max_tokens']} · "
        f"server options {report['server_options'] or 'none'}"
    )
    print("| tab / template | n | loops | cut at cap | output tokens mean |")
    print("|---|---|---|---|---|")
    for key, s in report["summary"].items():
        print(f"| {key} | {s['n']} | {s['loops']} | {s['cut_at_cap']} | {s['output_tokens_mean']:.0f} |")
