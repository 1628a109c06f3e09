"""Clinical calculators on patient notes: the model alone vs the app with its tools, scored as MedCalc-Bench does.

    python -m bench calculators                          # both arms, every development case, the default 1.5B model
    python -m bench calculators --arms tools --n 20      # the first 20 cases (grouped by note), tools arm only
    python -m bench calculators --model qwen2.5-0.5b-instruct
    python -m bench calculators --smoke                  # 3 cases, the 0.5B model, tools arm (default test tier)

Cases: bench/cases/calculators_dev.jsonl (development cases written for this app; see its README). They steer
extraction rules, so a score on them is optimistic. The MedCalc-Bench test split is a held-out evaluation and is
never read here.

Two arms on the same engine, greedy:
  model  the note and the question; the model works it out and answers; the answer is the number (or date) after
         its last "Answer:", else the last number (or date) in its text;
  tools  calculators.match_question(question) picks the calculator; calculators.extract_inputs reads what the note
         states; the model fills the rest through schema-constrained JSON with a quote per value
         (backend.extraction), quotes checked against the note; calculators.compute does the arithmetic.
         A yes/no criterion of a score that neither the parsers nor the model found stated is counted as absent
         (the convention of MDCalc and MedCalc-Bench: an unmentioned history item is not scored); each case
         records which criteria were assumed so, and the report gives the accuracy without that convention too.
Scoring: decimals within the case's relative tolerance, integers and dates exact. Per calculator, per category
and overall, with 95% Wilson intervals; mean latency; for the tools arm, why each failure failed.
The arms run side by side in two server slots; within an arm, the questions about one note run back to back, so
the server reuses the note's cached prompt prefix (latency is that of a warm cache for the second and later
questions about a note, with the other arm decoding beside it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import statistics
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal

from tqdm import tqdm

from backend.calculator_inputs import Filled, fill_inputs, missing_required
from backend.config import load_settings
from backend.engines.embedded import EmbeddedEngine
from backend.engines.llama_server import LlamaServerConfig
from backend.models import resolve_model
from backend.types import BackendError, ChatMessage, GenerationParams
from bench.machine import machine_info
from calculators import REGISTRY, CalculatorInputError, CalculatorSpec, compute
from calculators import match_question as match_calculator
from core.concurrency import run_in_threads
from core.io import JsonlCache, atomic_write_json
from core.stats import wilson
from core.types import SEED

CASES = Path("bench/cases/calculators_dev.jsonl")
ARMS = ("model", "tools")
SMOKE_CASES = ("gestational_age_01", "due_date_01", "conception_date_01")  # one short note; each asks the model
# The cases name some calculators by a shorter id than the library does.
CASE_ALIASES = {
    "crcl_cg": "creatinine_clearance",
    "ibw": "ideal_body_weight",
    "abw": "adjusted_body_weight",
    "anion_gap_albumin": "albumin_corrected_anion_gap",
    "ldl": "ldl_friedewald",
    "heart": "heart_score",
    "apache2": "apache_ii",
}
AnswerType = Literal["decimal", "integer", "date"]
Answer = float | str  # a number, or an ISO date
Reason = Literal[
    "correct", "no calculator matched", "wrong calculator", "input missing", "compute error", "wrong value"
]


@dataclass(frozen=True)
class Case:
    id: str
    calculator: str
    note: str
    question: str
    answer: Answer
    answer_type: AnswerType
    tolerance: float = 0.0  # decimals only

    @property
    def calculator_id(self) -> str:
        return CASE_ALIASES.get(self.calculator, self.calculator)

    @property
    def category(self) -> str:
        spec = REGISTRY.get(self.calculator_id)
        return spec.category if spec else "unknown"


@dataclass
class Outcome:
    case: str
    arm: str
    calculator: str
    category: str
    correct: bool
    got: Answer | None
    expected: Answer
    latency_s: float
    reason: Reason | None = None  # tools arm only
    detail: str = ""
    output: str = ""  # model arm: the model's text; tools arm: the model's JSON
    completion_tokens: int = 0
    inputs: dict[str, dict] = field(default_factory=dict)  # tools arm: name → value, unit, source
    assumed_absent: list[str] = field(default_factory=list)


def load_cases(path: Path = CASES) -> list[Case]:
    fields = Case.__dataclass_fields__
    with path.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [Case(**{k: v for k, v in row.items() if k in fields}) for row in rows]


def by_note(cases: list[Case], seed: int = SEED) -> list[Case]:
    """Cases about one note together (for the server's prompt cache), the notes in a seeded random order, so that
    the first N cases (--n, or an interrupted run) are a sample across calculators rather than the first few."""
    notes = list(dict.fromkeys(case.note for case in cases))
    random.Random(seed).shuffle(notes)
    rank = {note: index for index, note in enumerate(notes)}
    return sorted(cases, key=lambda case: rank[case.note])  # stable: a note's cases keep the file's order


# --- answers and scoring (pure) ----------------------------------------------------------------------------------

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE = re.compile(
    rf"(?P<iso>\d{{4}}-\d{{1,2}}-\d{{1,2}})|(?P<us>\d{{1,2}}/\d{{1,2}}/\d{{4}})"
    rf"|(?P<md>(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
    rf"|(?P<dm>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS}),?\s+\d{{4}})",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?|-?\.\d+")
_ANSWER_MARK = re.compile(r"answer\s*(?:is)?\s*[:=]?", re.IGNORECASE)


def _iso(match: re.Match) -> str | None:
    text = re.sub(r"(?<=\d)(st|nd|rd|th)|\bof\b|,|\.", " ", match.group(0), flags=re.IGNORECASE)
    text = " ".join(text.split())
    for kind, formats in (("iso", ("%Y-%m-%d",)), ("us", ("%m/%d/%Y",)), ("md", ("%B %d %Y",)), ("dm", ("%d %B %Y",))):
        if match.group(kind) is None:
            continue
        for fmt_ in formats:
            try:
                return dt.datetime.strptime(text, fmt_).date().isoformat()
            except ValueError:
                continue
    return None


def parse_answer(text: str, answer_type: AnswerType) -> Answer | None:
    """The answer in a model's text: the first number (or date) after its last "Answer:", else the last one."""
    marks = list(_ANSWER_MARK.finditer(text))
    tail = text[marks[-1].end() :] if marks else ""
    for region, pick_first in ((tail, True), (text, False)):
        if answer_type == "date":
            dates = [d for d in (_iso(m) for m in _DATE.finditer(region)) if d]
            if dates:
                return dates[0] if pick_first else dates[-1]
            continue
        numbers = [m.group(0) for m in _NUMBER.finditer(region)]
        if numbers:
            return float((numbers[0] if pick_first else numbers[-1]).replace(",", ""))
    return None


def result_answer(value: float | str | dt.date) -> Answer | None:
    """A calculator's value as an answer: dates as ISO, "12 weeks 3 days" as its completed weeks."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        match = _NUMBER.search(value)
        return float(match.group(0)) if match else None
    return float(value)


def is_correct(got: Answer | None, case: Case) -> bool:
    """MedCalc-Bench's rule: a decimal within the relative tolerance, an integer or a date exactly."""
    if got is None:
        return False
    if case.answer_type == "date":
        return got == case.answer
    if isinstance(got, str) or isinstance(case.answer, str):
        return False
    if case.answer_type == "integer":
        return got == case.answer
    return abs(got - case.answer) <= case.tolerance * abs(case.answer)


# --- the two arms ------------------------------------------------------------------------------------------------

MODEL_SYSTEM = "You are a careful clinical assistant. You answer calculation questions about patient notes."


def model_messages(case: Case) -> list[ChatMessage]:
    unit = "a date as YYYY-MM-DD" if case.answer_type == "date" else "a number"
    user = (
        f'Patient note:\n"""\n{case.note.strip()}\n"""\n\n{case.question}\n'
        f"Work it out step by step, briefly, then end with a last line 'Answer: <{unit}>'."
    )
    return [ChatMessage("system", MODEL_SYSTEM), ChatMessage("user", user)]


def _stream(engine, messages: list[ChatMessage], params: GenerationParams) -> tuple[str, int]:
    pieces, tokens = [], 0
    for delta in engine.stream(messages, params):
        pieces.append(delta.content)
        tokens = delta.usage.completion_tokens if delta.usage else tokens
    return "".join(pieces), tokens


def run_model_arm(engine, case: Case, max_tokens: int) -> Outcome:
    started = time.monotonic()
    params = GenerationParams(max_tokens=max_tokens, temperature=0.0)
    try:
        text, tokens = _stream(engine, model_messages(case), params)
    except BackendError as exc:
        text, tokens = f"[engine error: {exc}]", 0
    got = parse_answer(text, case.answer_type)
    return Outcome(
        case.id,
        "model",
        case.calculator,
        case.category,
        is_correct(got, case),
        got,
        case.answer,
        time.monotonic() - started,
        output=text,
        completion_tokens=tokens,
    )


# A choice whose first option is the finding's absence ("none", "absent") is a criterion like a yes/no one.
_ABSENT_CHOICES = {"none", "absent", "none or diet-controlled"}
ASSUMED = "assumed absent (not mentioned)"


def _assume_absent(spec: CalculatorSpec, filled: Filled) -> list[str]:
    """Criteria nobody found stated (yes/no ones, and choices whose first option is "none"/"absent"): scored as
    absent, the MDCalc / MedCalc-Bench convention. Numbers, dates and other choices are never assumed."""
    absent: list[str] = []
    for item in spec.inputs:
        if item.name in filled.values and filled.values[item.name] is not None:
            continue
        if item.kind == "bool":
            value: object = False
        elif item.kind == "choice" and item.choices and item.choices[0] in _ABSENT_CHOICES:
            value = item.choices[0]
        else:
            continue
        absent.append(item.name)
        filled.values[item.name] = value
        filled.sources[item.name] = {"value": value, "unit": "", "source": ASSUMED, "quote": ""}
    return absent


def run_tools_arm(engine, case: Case) -> Outcome:
    started = time.monotonic()
    spec = match_calculator(case.question)
    outcome = Outcome(
        case.id, "tools", case.calculator, case.category, False, None, case.answer, 0.0, detail=spec.id if spec else ""
    )
    if spec is None:
        outcome.reason, outcome.latency_s = "no calculator matched", time.monotonic() - started
        return outcome
    filled, extraction = fill_inputs(engine, spec, case.note, case.question)
    if extraction is not None:
        outcome.output, outcome.completion_tokens = extraction.raw, extraction.completion_tokens
    outcome.assumed_absent = _assume_absent(spec, filled)
    outcome.inputs = filled.sources
    outcome.latency_s = time.monotonic() - started
    missing = missing_required(spec, filled)
    if missing:
        outcome.reason, outcome.detail = "input missing", ", ".join(missing)
        return outcome
    try:
        result = compute(spec.id, {k: v for k, v in filled.values.items() if v is not None}, filled.units)
    except CalculatorInputError as exc:
        outcome.reason, outcome.detail = "compute error", str(exc)
        return outcome
    outcome.got = result_answer(result.value)
    outcome.correct = is_correct(outcome.got, case)
    outcome.detail = result.substituted
    if outcome.correct:
        outcome.reason = "correct"
    else:
        outcome.reason = "wrong calculator" if spec.id != case.calculator_id else "wrong value"
    return outcome


# --- summary and report ------------------------------------------------------------------------------------------


def _rate(outcomes: list[Outcome]) -> dict:
    correct = sum(o.correct for o in outcomes)
    low, high = wilson(correct, len(outcomes))
    return {"n": len(outcomes), "correct": correct, "accuracy": correct / len(outcomes), "ci95": [low, high]}


def summarise_arm(outcomes: list[Outcome]) -> dict:
    groups: dict[str, dict[str, list[Outcome]]] = {"calculator": defaultdict(list), "category": defaultdict(list)}
    for outcome in outcomes:
        groups["calculator"][outcome.calculator].append(outcome)
        groups["category"][outcome.category].append(outcome)
    summary = {
        "overall": _rate(outcomes),
        "latency_mean_s": statistics.fmean(o.latency_s for o in outcomes),
        "completion_tokens_mean": statistics.fmean(o.completion_tokens for o in outcomes),
        "per_category": {k: _rate(v) for k, v in sorted(groups["category"].items())},
        "per_calculator": {k: _rate(v) for k, v in sorted(groups["calculator"].items())},
    }
    if outcomes and outcomes[0].arm == "tools":
        summary["reasons"] = dict(Counter(o.reason for o in outcomes).most_common())
        strict = [o for o in outcomes if not (o.correct and o.assumed_absent)]
        summary["correct_without_assuming_absent"] = _rate(strict)["correct"]
        summary["accuracy_without_assuming_absent"] = _rate(strict)["correct"] / len(outcomes)
    return summary


def make_engine(model_key: str, threads: int, parallel: int) -> tuple[EmbeddedEngine, str]:
    model = resolve_model(model_key, load_settings().model_cache_dir)
    config = LlamaServerConfig(model.path, threads=threads, parallel=parallel, context_per_session=4096)
    engine = EmbeddedEngine(model, config, timeout_s=900)
    engine.start()
    return engine, model.name


def _row_id(key: str, arm: str, case: Case, max_tokens: int) -> str:
    return f"{key}|{arm}|{max_tokens if arm == 'model' else ''}|{case.id}"


def cached(cache: JsonlCache, key: str, arm: str, cases: list[Case], max_tokens: int) -> list[Outcome]:
    """The finished cases of an arm in the cache (--report-only: a table of an interrupted or running run)."""
    rows = (cache.items.get(_row_id(key, arm, case, max_tokens)) for case in cases)
    return [Outcome(**{k: v for k, v in row.items() if k != "id"}) for row in rows if row is not None]


def run_arm(engine, arm: str, cases: list[Case], args: argparse.Namespace, cache: JsonlCache | None, key: str) -> list:
    """One arm over the cases in order (one note's cases back to back), resuming from the cache."""
    outcomes: list[Outcome] = []
    for case in tqdm(cases, desc=arm, unit="case", position=ARMS.index(arm)):
        row_id = _row_id(key, arm, case, args.max_tokens)
        if cache is not None and row_id in cache:
            outcomes.append(Outcome(**{k: v for k, v in cache.items[row_id].items() if k != "id"}))
            continue
        outcome = run_model_arm(engine, case, args.max_tokens) if arm == "model" else run_tools_arm(engine, case)
        outcomes.append(outcome)
        if cache is not None:
            with _CACHE_LOCK:
                cache.add({"id": row_id, **asdict(outcome)})
    return outcomes


_CACHE_LOCK = threading.Lock()


def run(args: argparse.Namespace) -> dict:
    """The arms run side by side, each in its own server slot (continuous batching: on a CPU two sequences cost
    little more than one, and each slot keeps its own arm's note cached). Latency is measured under that load."""
    cases = by_note(load_cases(args.cases))
    if args.smoke:
        cases = [case for case in cases if case.id in SMOKE_CASES]
    cases = cases[: args.n] if args.n else cases
    arms = [arm for arm in ARMS if arm in args.arms]
    cache = JsonlCache(args.cache) if args.cache else None
    started = time.monotonic()
    if args.report_only:
        if cache is None:
            raise SystemExit("--report-only needs --cache")
        model_name = resolve_model(args.model, load_settings().model_cache_dir).name
        per_arm = [cached(cache, model_name, arm, cases, args.max_tokens) for arm in arms]
    else:
        engine, model_name = make_engine(args.model, args.threads, parallel=len(arms))
        try:
            per_arm = run_in_threads([partial(run_arm, engine, arm, cases, args, cache, model_name) for arm in arms])
        finally:
            engine.close()
    outcomes = [outcome for arm_outcomes in per_arm for outcome in arm_outcomes]
    return {
        "machine": machine_info(),
        "model": model_name,
        "threads": args.threads,
        "server_slots": len(arms),
        "model_arm_max_tokens": args.max_tokens,
        "cases_file": str(args.cases),
        "wall_s": time.monotonic() - started,
        "complete": all(len(outcomes_) == len(cases) for outcomes_ in per_arm),
        "summary": {arm: summarise_arm(done) for arm in arms if (done := [o for o in outcomes if o.arm == arm])},
        "cases": [asdict(o) for o in outcomes],
    }


def _pct(rate: dict) -> str:
    low, high = rate["ci95"]
    return f"{rate['accuracy']:.0%} ({low:.0%}–{high:.0%})"


def print_report(report: dict) -> None:
    summary = report["summary"]
    arms = list(summary)
    m = report["machine"]
    print(f"\n{report['model']} · greedy · {report['threads']} threads · {m['cpu']} · {m['date']}")
    print(f"wall time {report['wall_s'] / 60:.1f} min")
    head = " | ".join(f"{arm} correct (95% CI)" for arm in arms)
    print(f"| | n | {head} |\n|---|---|" + "---|" * len(arms))
    rows: Iterable[tuple[str, str]] = [("overall", "overall")]
    rows = [*rows, *((f"category: {c}", c) for c in summary[arms[0]]["per_category"])]
    for label, key in rows:
        cells = [summary[arm]["overall"] if key == "overall" else summary[arm]["per_category"][key] for arm in arms]
        print(f"| {label} | {cells[0]['n']} | " + " | ".join(_pct(c) for c in cells) + " |")
    print("| latency mean s | | " + " | ".join(f"{summary[a]['latency_mean_s']:.1f}" for a in arms) + " |")
    print(
        "\nper calculator (correct / n): "
        + "; ".join(
            f"{calc} "
            + "/".join(f"{summary[a]['per_calculator'][calc]['correct']}" for a in arms)
            + f" of {summary[arms[0]]['per_calculator'][calc]['n']}"
            for calc in summary[arms[0]]["per_calculator"]
        )
    )
    if "tools" in summary:
        tools = summary["tools"]
        print(f"tools arm outcomes: {tools['reasons']}")
        print(
            f"tools arm without counting unmentioned criteria as absent: "
            f"{tools['accuracy_without_assuming_absent']:.0%}"
        )
        for case in report["cases"]:
            if case["arm"] == "tools" and not case["correct"]:
                print(
                    f"  {case['case']}: {case['reason']} — got {case['got']}, expected {case['expected']}; "
                    f"{case['detail'][:160]}"
                )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default=load_settings().model, help="packaged model for the embedded engine")
    parser.add_argument("--n", type=int, default=0, help="only the first N cases (grouped by note); 0 = all")
    parser.add_argument(
        "--arms",
        type=lambda text: [a.strip() for a in text.split(",") if a.strip()],
        default=list(ARMS),
        help="comma-separated: model,tools",
    )
    parser.add_argument("--max-tokens", type=int, default=512, help="the model arm's cap (its working and answer)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--out", type=Path, default=Path("bench/results/calculators.json"))
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="JSONL of finished cases, to resume an interrupted run (e.g. var/bench/calculators.jsonl)",
    )
    parser.add_argument("--report-only", action="store_true", help="summarise the cases finished in --cache, run none")
    parser.add_argument("--smoke", action="store_true", help="3 cases, the 0.5B model, the tools arm only")


def main(args: argparse.Namespace) -> dict:
    unknown = set(args.arms) - set(ARMS)
    if unknown or not args.arms:
        raise SystemExit(f"--arms takes a comma-separated subset of {','.join(ARMS)}, got {args.arms}")
    if args.smoke:  # the tools arm only: the model arm's long prompt alone takes ~30 s on a busy 2-core machine
        args.model, args.arms = "qwen2.5-0.5b-instruct", ["tools"]
        if args.out == Path("bench/results/calculators.json"):
            args.out = Path("bench/results/calculators-smoke.json")
    report = run(args)
    atomic_write_json(args.out, report)
    print_report(report)
    return report
