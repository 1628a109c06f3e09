"""Grounding in the cited sources (issue 15): the share of answers with ≥ 1 valid citation and no invalid one.

    python -m bench grounding                               # 100 questions, the default model, resumable cache
    python -m bench.grounding --n 100 --cache var/bench/grounding.jsonl
    python -m bench.grounding --report-only                 # the table of the questions finished in --cache
    python -m bench.grounding --rescore                     # re-score the stored answers' attribution, no model

Questions: a seeded sample (core.types.SEED), half and half:
  practice  practice-bank MCQs (meddata.practice: PubMedQA's training half and MMLU medical few-shot dev rows, minus
            anything that recurs in an evaluation split), written into the education tab's box as the app writes
            them (meddata.mcq.format_mcq), with sources "on": by default an MCQ gets no sources (backend.sources);
  medquad   MedQuAD questions (the question text alone, whitespace tidied), education tab, sources "auto".
The sample is a seeded shuffle of each pool, so the first N of one kind are the same for every --n: a smaller run is
a prefix of a larger one and reuses its cached rows. Practice PubMedQA items and MedQuAD answers are both in the
knowledge index (training-allowed data), so retrieval often returns the item's own abstract or page: the benchmark
measures whether the answer cites what it was given, not whether retrieval finds something new.

Each question runs through the real service as the app builds it (backend.factory.build_service: embedded engine,
retrieval on, the app's default temperature and the education template's token cap), and the event stream is read
by backend.types.AnswerState (the fold the UI's ViewState builds on). Outcome per question:
  grounded               the Grounding event has ≥ 1 valid citation and no invalid one;
  invalid citation       it cites a number that was never given (whatever else it cites);
  no citation            it cites nothing, in the answer or in the reasoning steps (the app checks both; rows
                         record which part cited what);
  no sources retrieved   the answer finished, but no passage was given to the model;
  failed                 no finished answer (an error, a safety decline, an empty completion).
Shares are of all questions, with 95% Wilson intervals, overall and per kind. Writes bench/results/grounding.json.
Questions run one at a time by default (--parallel N: N sessions at once, as N users would; latency is then measured
under that load).

Attribution by the app (backend.attribution): each claim sentence of the answer and of its reasoning steps matched to
the passage that supports it, as the Grounding event carries it. Reported per answer that had sources: whether at
least one sentence is supported, and the share of its claim sentences that are. Rows store it; `--rescore` re-scores
the rows already in --out with today's attribution without running the model (the passages' texts are recovered by
running the same retrieval again, and a row whose passages no longer come back the same is left out).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import statistics
import sys
import threading
import time
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal, get_args

from tqdm import tqdm

from backend import attribution
from backend.config import Settings, load_settings
from backend.models import resolve_model
from backend.reasoning import split_steps
from backend.sources import (
    PASSAGES,
    SourcesSetting,
    check_citations,
    check_grounding,
    cited_numbers,
    retrieve,
)
from backend.types import (
    AnswerState,
    Grounding,
    GroundingStatus,
    Progress,
    SourcePassage,
    Sources,
    Statement,
    TaskRequest,
)
from bench.machine import machine_info, typed_command
from core.io import JsonlCache, atomic_write_json
from core.stats import wilson
from core.types import SEED
from meddata import medquad
from meddata.mcq import format_mcq
from meddata.practice import practice_bank, source_label
from prompts import load_template
from prompts.loader import generation_spec

RESULTS = Path("bench/results/grounding.json")
CACHE = Path("var/bench/grounding.jsonl")
TASK = "education"
Kind = Literal["practice", "medquad"]
KINDS: tuple[Kind, ...] = ("practice", "medquad")
SOURCES_SETTING: dict[Kind, SourcesSetting] = {"practice": "on", "medquad": "auto"}
Outcome = Literal["grounded", "invalid citation", "no citation", "no sources retrieved", "failed"]
OUTCOMES: tuple[Outcome, ...] = ("grounded", "invalid citation", "no citation", "no sources retrieved", "failed")


@dataclass(frozen=True)
class Question:
    id: str  # "pubmedqa:<pmid>", "mmlu_medical:<…>", "medquad:<file>#<qid>"
    kind: Kind
    text: str  # exactly what goes into the education tab's question box
    origin: str  # the practice item's source label, or the MedQuAD question type

    @property
    def sources(self) -> SourcesSetting:
        return SOURCES_SETTING[self.kind]


# --- the sample (pure but for reading the data) ----------------------------------------------------------------

_QUESTION_END = re.compile(r"(\s*\?)+$")


def medquad_text(question: str) -> str:
    """A MedQuAD question as a person would type it: "What is (are) Gout ?" → "What is (are) Gout?"."""
    return _QUESTION_END.sub("?", " ".join(question.split()))


def _shuffled(items: list, label: str, seed: int) -> list:
    order = list(items)
    random.Random(f"{seed}:grounding:{label}").shuffle(order)
    return order


def sample_questions(n: int, data_dir: Path | None, seed: int = SEED) -> list[Question]:
    """n questions, half practice-bank MCQs and half MedQuAD questions (the odd one a practice item), interleaved.

    data_dir: the shared data folder the app reads (Settings.medical_data_dir); MedQuAD must be in it. The practice
    bank is the app's own (the bundled copy when data_dir lacks PubMedQA)."""
    if n < 0:
        raise ValueError(f"n must be ≥ 0, got {n}")
    n_practice, n_medquad = (n + 1) // 2, n // 2
    bank = _shuffled(list(practice_bank(data_dir)), "practice", seed)
    if data_dir is None or not all(p.is_file() for p in medquad.input_files(data_dir)):
        raise FileNotFoundError(f"MedQuAD is not under {data_dir}: the benchmark needs ../shared/data/medquad")
    by_text: dict[str, medquad.MedQuADPair] = {}
    for pair in medquad.load_pairs(data_dir):  # one question per text: MedQuAD repeats some across pages
        by_text.setdefault(medquad_text(pair.question).lower(), pair)
    pairs = _shuffled(list(by_text.values()), "medquad", seed)
    if n_practice > len(bank) or n_medquad > len(pairs):
        raise ValueError(f"asked for {n_practice} + {n_medquad}, have {len(bank)} practice and {len(pairs)} MedQuAD")
    practice = [Question(item.id, "practice", format_mcq(item), source_label(item)) for item in bank[:n_practice]]
    open_ = [Question(f"medquad:{p.key}", "medquad", medquad_text(p.question), p.qtype) for p in pairs[:n_medquad]]
    interleaved = [q for pair in zip(practice, open_, strict=False) for q in pair]
    return interleaved + practice[len(open_) :] + open_[len(practice) :]


# --- one question through the service ----------------------------------------------------------------------------


@dataclass
class Row:
    id: str
    kind: str
    origin: str
    sources_setting: str
    question: str
    outcome: Outcome
    detail: str = ""  # why it failed (the error or the notices shown), or ""
    passages: list[dict] = field(default_factory=list)  # number, title, origin, url, text (as given to the model)
    answer: str = ""
    reasoning: str = ""
    cited: list[int] = field(default_factory=list)
    invalid: list[int] = field(default_factory=list)
    answer_cited: list[int] = field(default_factory=list)  # [n] in the answer section
    reasoning_cited: list[int] = field(default_factory=list)  # [n] in the reasoning steps
    notices: list[str] = field(default_factory=list)  # "kind: title" of each notice shown
    app_status: str = ""  # Grounding.status: the citations and the app's attribution together ("" = not scored)
    statements: list[dict] = field(default_factory=list)  # backend.types.Statement of each claim sentence
    completion_tokens: int | None = None
    prompt_tokens: int | None = None
    latency_s: float | None = None  # AnswerMeta.total_s: retrieval, prompt and generation, as the UI reports it
    ttft_s: float | None = None
    finish_reason: str | None = None
    wall_s: float = 0.0  # the whole request, admission (safety checks) included


def classify(*, finished: bool, passages: int, grounding: Grounding | None) -> Outcome:
    """The outcome of one question from what the service streamed."""
    if not finished:
        return "failed"
    if passages == 0:
        return "no sources retrieved"
    if grounding is None:  # the service checks every finished answer that had sources: none means it broke
        return "failed"
    if grounding.invalid:
        return "invalid citation"
    return "grounded" if grounding.cited else "no citation"


def row_from_view(question: Question, view: AnswerState, wall_s: float) -> Row:
    """A row from what the UI would show at the end of the stream."""
    passages = view.sources.passages if view.sources is not None else ()
    finished = view.meta is not None and not view.error
    outcome = classify(finished=finished, passages=len(passages), grounding=view.grounding)
    notices = [f"{n.kind}: {n.title}" for n in view.notices]
    if view.error:
        detail = view.error
    elif not finished:
        detail = "; ".join(notices) or "the stream ended without an answer"
    elif outcome == "failed":
        detail = "no Grounding event for an answer given sources"
    else:
        detail = ""
    meta = view.meta
    progress = view.progress
    return Row(
        id=question.id,
        kind=question.kind,
        origin=question.origin,
        sources_setting=question.sources,
        question=question.text,
        outcome=outcome,
        detail=detail,
        passages=[
            {"number": p.number, "title": p.title, "origin": p.origin, "url": p.url, "text": p.text} for p in passages
        ],
        answer=progress.answer if progress else "",
        reasoning=progress.reasoning if progress else "",
        cited=list(view.grounding.cited) if view.grounding else [],
        invalid=list(view.grounding.invalid) if view.grounding else [],
        answer_cited=cited_numbers(progress.answer) if progress else [],
        reasoning_cited=cited_numbers(progress.reasoning) if progress else [],
        notices=notices,
        app_status=view.grounding.status if view.grounding else "",
        statements=[dataclasses.asdict(st) for st in view.grounding.statements] if view.grounding else [],
        completion_tokens=meta.completion_tokens if meta else None,
        prompt_tokens=meta.prompt_tokens if meta else None,
        latency_s=meta.total_s if meta else None,
        ttft_s=meta.time_to_first_token_s if meta else None,
        finish_reason=meta.finish_reason if meta else None,
        wall_s=wall_s,
    )


def ask(service, question: Question, params) -> Row:
    """One question as the education tab sends it (every field of the form, the level left empty), the stream read
    by backend.types.AnswerState, as the UI reads it. Each question is its own session, as separate users are (the
    rate limit is per session)."""
    request = TaskRequest(
        TASK,
        {"question": question.text, "level": ""},
        params,
        session_id=f"bench-grounding:{question.id}",
        sources=question.sources,
    )
    view = AnswerState()
    started = time.monotonic()
    for event in service.run(request):
        view.apply(event)
    return row_from_view(question, view, time.monotonic() - started)


# --- summary and report (pure) -----------------------------------------------------------------------------------


def share(count: int, n: int) -> dict:
    low, high = wilson(count, n)
    return {"count": count, "share": count / n if n else 0.0, "ci95": [low, high]}


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.fmean(present) if present else None


def summarise(rows: list[Row]) -> dict:
    n = len(rows)
    counts = {outcome: sum(r.outcome == outcome for r in rows) for outcome in OUTCOMES}
    return {
        "n": n,
        "outcomes": counts,
        "grounded": share(counts["grounded"], n),
        "invalid_citation": share(counts["invalid citation"], n),
        "no_citation": share(counts["no citation"], n),
        "no_sources": share(counts["no sources retrieved"], n),
        "failed": share(counts["failed"], n),
        # Grounded answers whose answer section cites nothing: only a reasoning step does (an MCQ's letter line).
        "grounded_by_reasoning_only": sum(r.outcome == "grounded" and not r.answer_cited for r in rows),
        "latency_mean_s": _mean(r.latency_s for r in rows),
        "wall_mean_s": _mean(r.wall_s for r in rows),
        "completion_tokens_mean": _mean(r.completion_tokens for r in rows),
    }


def summarise_all(rows: list[Row]) -> dict:
    per_kind = {kind: summarise(done) for kind in KINDS if (done := [r for r in rows if r.kind == kind])}
    return {"overall": summarise(rows), "per_kind": per_kind}


# --- attribution by the app (pure) ---------------------------------------------------------------------------------

STATUSES: tuple[str, ...] = get_args(GroundingStatus)


def attributed(row: Row) -> bool:
    """A finished answer that was given passages and has been scored by the app's attribution."""
    return row.outcome in ("grounded", "invalid citation", "no citation") and bool(row.app_status)


def grounding_of(statements: list[dict]) -> Grounding:
    """Stored statements (a row's JSON) as the service's Grounding, so that its claims and share are counted once."""
    made = (Statement(**{**st, "unsourced_numbers": tuple(st["unsourced_numbers"])}) for st in statements)
    return Grounding((), (), tuple(made))


def attribution_summary(rows: list[Row]) -> dict:
    """Per answer given sources: ≥ 1 supported claim sentence (share of answers, with its interval), and the mean
    share of its claims supported (over answers making a claim of their own; sentences that only repeat the question,
    e.g. a practice item's abstract, are counted apart). Also the answer section alone (an MCQ's answer section is
    its letter, so its claims are all in the steps)."""
    done = [r for r in rows if attributed(r)]
    n = len(done)
    answer_parts = [[st for st in r.statements if st["step"] is None] for r in done]
    statements = [st for r in done for st in r.statements]
    return {
        "n": n,
        "with_supported": share(sum(any(st["supported"] for st in r.statements) for r in done), n),
        "no_claim": sum(not grounding_of(r.statements).claims for r in done),
        "mean_supported_share": _mean(grounding_of(r.statements).supported_share for r in done),
        "mean_supported_share_answer_section": _mean(grounding_of(part).supported_share for part in answer_parts),
        "answers_with_answer_section_claims": sum(bool(grounding_of(part).claims) for part in answer_parts),
        "statements": len(statements),
        "claims": len(grounding_of(statements).claims),
        "statements_supported": sum(st["supported"] for st in statements),
        "statements_repeating_the_question": len(statements) - len(grounding_of(statements).claims),
        "statements_with_unsourced_numbers": sum(bool(st["unsourced_numbers"]) for st in statements),
        "statuses": {status: sum(r.app_status == status for r in done) for status in STATUSES},
    }


def attribution_all(rows: list[Row]) -> dict:
    per_kind = {kind: attribution_summary(done) for kind in KINDS if (done := [r for r in rows if r.kind == kind])}
    return {"overall": attribution_summary(rows), "per_kind": per_kind}


def _share_pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def attribution_table(summary: dict) -> str:
    lines = [
        "| questions | answers with sources | ≥ 1 supported sentence (95% CI) | mean share of claims supported "
        "| claims supported | repeat the question "
        "| cites / cites unmatched / supported / partly / not supported / no claims / invalid |",
        "|---|---|---|---|---|---|---|",
    ]
    parts = [("all", summary["overall"]), *((KIND_LABELS[k], s) for k, s in summary["per_kind"].items())]
    for label, s in parts:
        statuses = " / ".join(str(s["statuses"][status]) for status in STATUSES)
        lines.append(
            f"| {label} | {s['n']} | {_pct(s['with_supported'])} | {_share_pct(s['mean_supported_share'])} "
            f"| {s['statements_supported']} of {s['claims']} | {s['statements_repeating_the_question']} | {statuses} |"
        )
    return "\n".join(lines)


def _pct(rate: dict) -> str:
    low, high = rate["ci95"]
    return f"{rate['share']:.0%} ({low:.0%}–{high:.0%})"


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


KIND_LABELS = {"practice": "practice-bank MCQs (sources on)", "medquad": "MedQuAD questions (sources auto)"}


def report_table(summary: dict) -> str:
    lines = [
        "| questions | n | grounded (95% CI) | invalid citation (95% CI) | no citation (95% CI) | no sources | failed "
        "| latency mean s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    parts = [("all", summary["overall"]), *((KIND_LABELS[k], s) for k, s in summary["per_kind"].items())]
    for label, s in parts:
        lines.append(
            f"| {label} | {s['n']} | {_pct(s['grounded'])} | {_pct(s['invalid_citation'])} | {_pct(s['no_citation'])} "
            f"| {s['no_sources']['count']} | {s['failed']['count']} | {_seconds(s['latency_mean_s'])} |"
        )
    return "\n".join(lines)


def print_report(report: dict) -> None:
    m = report["machine"]
    print(
        f"\n{report['model']} · {report['template']} · max tokens {report['max_tokens_requested']} "
        f"(template caps {report['max_tokens_caps']}) · "
        f"temperature {report['temperature']} · {report['threads']} threads · {m['cpu']} · {m['date']}"
    )
    done = report["summary"]["overall"]["n"]
    complete = "" if report["complete"] else f" (incomplete: {done} of {report['questions']})"
    print(f"wall time {report['wall_s'] / 60:.1f} min{complete}\n")
    print(report_table(report["summary"]))
    overall = report["summary"]["overall"]
    print(
        f"\ngrounded answers whose citations are all in the reasoning steps: {overall['grounded_by_reasoning_only']}; "
        f"mean wall time per question {_seconds(overall['wall_mean_s'])} s"
    )
    for row in report["rows"]:
        if row["outcome"] == "failed":
            print(f"  failed {row['id']}: {row['detail'][:160]}")
    if report.get("attribution", {}).get("overall", {}).get("n"):
        print(f"\nattribution by the app (threshold {report.get('attribution_threshold')}):\n")
        print(attribution_table(report["attribution"]))


# --- running ------------------------------------------------------------------------------------------------------


def app_settings(args: argparse.Namespace) -> Settings:
    """The app's settings (environment and medassist.toml) with the benchmark's engine choices on top."""
    settings = load_settings()
    return dataclasses.replace(
        settings,
        engine="embedded",
        model=args.model,
        threads=args.threads,
        parallel=max(settings.parallel, args.parallel),
        retrieval=True,
        audit=False,  # the benchmark's requests are not users' requests; auditing changes nothing in an answer
    )


def effective_max_tokens(requested: int, question: Question) -> int:
    """What the service allows this question: backend.generation.request_params caps a request at the template's
    budget for it (education: 160 tokens for an MCQ, 320 for a question without options)."""
    cap = generation_spec(load_template(TASK), {"question": question.text}, "instruct").max_tokens
    return min(requested, cap) if cap else requested


def _row_id(model: str, template: str, max_tokens: int, temperature: float, question: Question) -> str:
    return f"{model}|{template}|{max_tokens}|t{temperature}|{question.id}"


def _from_cache(row: dict) -> Row:
    return Row(**{k: v for k, v in row.items() if k in Row.__dataclass_fields__})


def run(args: argparse.Namespace) -> dict:
    settings = app_settings(args)
    template = load_template(TASK)
    questions = sample_questions(args.n, settings.medical_data_dir)
    max_tokens = args.max_tokens  # the tab's slider; the template caps each question (effective_max_tokens)
    model_name = resolve_model(args.model, settings.model_cache_dir).name
    keys = {q.id: _row_id(model_name, template.id, max_tokens, settings.temperature, q) for q in questions}
    cache = JsonlCache(args.cache) if args.cache else None
    print(
        f"{len(questions)} questions · {model_name} · {template.id} · max tokens {max_tokens} as the slider, "
        f"capped by the template at {template.max_tokens} for an MCQ and {template.open_max_tokens} otherwise · "
        f"temperature {settings.temperature} · top-p {settings.top_p} · {PASSAGES} passages"
    )
    started = time.monotonic()
    rows: dict[str, Row] = {}
    if cache is not None:
        rows = {q.id: _from_cache(cache.items[keys[q.id]]) for q in questions if keys[q.id] in cache}
    todo = [q for q in questions if q.id not in rows]
    if args.report_only:
        if cache is None:
            raise SystemExit("--report-only needs --cache")
    elif todo:
        rows.update(_run_questions(settings, todo, max_tokens, args.parallel, cache, keys))
    done = [rows[q.id] for q in questions if q.id in rows]
    return {
        "machine": machine_info(),
        "model": model_name,
        "template": template.id,
        "engine": "embedded (llama.cpp server)",
        "threads": args.threads,
        "parallel_sessions": args.parallel,
        "max_tokens_requested": args.max_tokens,
        "max_tokens_caps": {"mcq": template.max_tokens, "open question": template.open_max_tokens},
        "temperature": settings.temperature,
        "top_p": settings.top_p,
        "passages_per_answer": PASSAGES,
        "seed": SEED,
        "questions": len(questions),
        "data_dir": str(settings.medical_data_dir),
        "wall_s": time.monotonic() - started,
        "complete": len(done) == len(questions),
        "summary": summarise_all(done),
        "attribution_threshold": attribution.THRESHOLD,
        "attribution": attribution_all(done),
        "rows": [asdict(r) for r in done],
    }


def _run_questions(
    settings: Settings,
    questions: list[Question],
    max_tokens: int,
    parallel: int,
    cache: JsonlCache | None,
    keys: dict[str, str],
) -> dict[str, Row]:
    from backend.factory import build_service  # the engine stack is imported only when a model runs
    from backend.service import with_overrides

    service = build_service(settings)
    params = with_overrides(service.defaults, max_tokens=max_tokens)  # as the tab's slider, then the template's cap
    lock = threading.Lock()
    rows: dict[str, Row] = {}
    try:
        service.start()
        progress = tqdm(total=len(questions), desc="grounding", unit="question")

        def one(question: Question) -> None:
            row = ask(service, question, params)
            with lock:
                rows[question.id] = row
                if cache is not None:
                    cache.add({"id": keys[question.id], "model": service.engine.model_name, **asdict(row)})
                progress.update()

        with ThreadPoolExecutor(max_workers=parallel) as pool:
            list(pool.map(one, questions))  # re-raises a worker's exception here
        progress.close()
    finally:
        service.close()
    return rows


# --- re-scoring the stored answers (no model) ----------------------------------------------------------------------


def stored_sources(row: Row) -> Sources | None:
    """The passages a row's answer was given, from the row itself (rows written since passages carry their text)."""
    if not row.passages or not all("text" in p for p in row.passages):
        return None
    return Sources(
        tuple(SourcePassage(p["number"], p["title"], p["origin"], p["url"], "", p["text"]) for p in row.passages)
    )


def recovered_sources(row: Row, search) -> Sources | None:
    """The passages again, by the retrieval the service ran (the question as admitted: NFC, stripped); None when
    they do not come back the same (number, title and URL each), e.g. after the index's data changed.

    search: backend.sources.retrieve's first argument, the knowledge index."""
    question = unicodedata.normalize("NFC", row.question).strip()
    sources = retrieve(search, TASK, {"question": question}, k=len(row.passages))
    got = [(p.number, p.title, p.url) for p in sources.passages]
    return sources if got == [(p["number"], p["title"], p["url"]) for p in row.passages] else None


def rescored(row: Row, sources: Sources) -> Row:
    """The row with the app's attribution of its stored answer and reasoning against `sources`, as the service would
    compute it for that final answer (backend.sources.check_grounding)."""
    final = Progress(reasoning=row.reasoning, steps=split_steps(row.reasoning), answer=row.answer, reasoning_done=True)
    grounding = check_grounding(final, sources, {"question": row.question, "level": ""})
    return dataclasses.replace(
        row,
        passages=[
            {"number": p.number, "title": p.title, "origin": p.origin, "url": p.url, "text": p.text}
            for p in sources.passages
        ],
        app_status=grounding.status,
        statements=[dataclasses.asdict(st) for st in grounding.statements],
    )


def open_index():
    """The knowledge index as the app opens it."""
    from backend.factory import open_knowledge_index

    return open_knowledge_index(load_settings(), progress=False)


def rescore(report: dict, index_opener=open_index) -> dict:
    """The report with every stored answer that was given passages re-scored by today's attribution."""
    rows = [_from_cache(r) for r in report["rows"]]
    index = None
    out: list[Row] = []
    lost: list[str] = []
    citations_differ: list[str] = []
    for row in rows:
        if not row.passages:
            out.append(row)
            continue
        sources = stored_sources(row)
        if sources is None:
            index = index or index_opener()
            sources = recovered_sources(row, index)
        if sources is None:
            lost.append(row.id)
            out.append(dataclasses.replace(row, app_status="", statements=[]))
            continue
        new = rescored(row, sources)
        checked = check_citations(f"{row.answer}\n{row.reasoning}", sources)
        if (list(checked.cited), list(checked.invalid)) != (row.cited, row.invalid):
            citations_differ.append(row.id)
        out.append(new)
    return {
        **report,
        "summary": summarise_all(out),
        "attribution_threshold": attribution.THRESHOLD,
        "attribution": attribution_all(out),
        "rescored": {
            "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "answers_with_passages": sum(bool(r.passages) for r in rows),
            "passages_not_recovered": lost,
            "citations_differ": citations_differ,  # the citation check on the stored text: should be none
        },
        "rows": [asdict(r) for r in out],
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    settings = load_settings()
    parser.add_argument("--n", type=int, default=100, help="questions, half practice-bank MCQs and half MedQuAD")
    parser.add_argument("--model", default=settings.model, help="packaged model for the embedded engine")
    parser.add_argument("--threads", type=int, default=2, help="CPU threads for the embedded engine")
    parser.add_argument(
        "--max-tokens",
        type=int,
        default=settings.max_tokens,
        help="the answer budget sent with each request, as the tab's slider (default: the app's); the service caps "
        "it at the education template's budget for the question",
    )
    parser.add_argument("--parallel", type=int, default=1, help="questions in flight at once (default one at a time)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="JSONL of finished questions, to resume a run")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--report-only", action="store_true", help="summarise the questions finished in --cache")
    parser.add_argument(
        "--rescore",
        action="store_true",
        help="re-score the app's attribution of the answers stored in --out (no model runs) and rewrite it",
    )


def command_line(argv: list[str]) -> str:
    """The command as typed: `python -m bench.grounding …` or `python -m bench grounding …`."""
    return typed_command(argv, "grounding")


def main(args: argparse.Namespace) -> dict:
    if args.rescore:
        if not args.out.is_file():
            raise SystemExit(f"--rescore reads the answers in {args.out}: run the benchmark first")
        report = rescore(json.loads(args.out.read_text(encoding="utf-8")))
        report["rescored"]["command"] = command_line(sys.argv)
        atomic_write_json(args.out, report)
        print_report(report)
        lost = report["rescored"]["passages_not_recovered"]
        print(f"\nre-scored; passages not recovered for {len(lost)} answer(s): {lost[:5]}\n-> {args.out}")
        return report
    if args.n < 1 or args.parallel < 1 or args.max_tokens < 1:
        raise SystemExit("--n, --parallel and --max-tokens must be at least 1")
    report = run(args)
    report["command"] = command_line(sys.argv)
    atomic_write_json(args.out, report)
    print_report(report)
    print(f"-> {args.out}")
    return report


if __name__ == "__main__":
    _parser = argparse.ArgumentParser(prog="python -m bench.grounding", description=__doc__)
    add_arguments(_parser)
    main(_parser.parse_args())
