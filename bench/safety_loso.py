"""python -m bench.safety_loso: the misuse and emergency heads scored on writers they never saw, to choose their
settings on development data only.

Each development case set was written by a different writer. Leaving one set out at a time, a head is trained on the
misuse requests and must-answer texts of the others (bench.safety.misuse_examples) and scores the set left out; so
every development text gets a score from a head that never saw its writer. Pooled over the sets, for each L2 strength
and each refusal budget (the share of legitimate questions refused by the rules or the head), it prints the share of
misuse requests declined, overall and per set. The early sets (dev, dev2, dev3, v1test) were the rules' own tuning
data, which the rules decline in full; the later sets show what an unseen writer meets. The threshold here is set on
the left-out scores themselves, so the legitimate-refusal rate equals the budget by construction: this compares
settings, it does not measure the shipped head's refusal rate. `--features minilm` (the MiniLM features of
safety.classifier) or `--features llm` (the LLM sentence vectors of backend.embedder, cached by bench.safety's
llm_vectors). Writes bench/results/safety-misuse-loso[-llm].json.

`--head emergency` does the same for the emergency heads (bench.safety.emergency_examples): each set's emergencies and
look-alikes scored by a head trained without that set, and, at each budget (the share of the look-alikes the rules
leave silent that the head may flag, the shipped heads' rule), the share of emergencies escalated by the rules or the
head and of look-alikes over-escalated (the latter is the rules' rate plus the budget by construction, as the
misuse branch's refusal rate is: it compares features and settings, not the shipped head's false alarms). Writes
bench/results/safety-emergency-loso[-llm].json.

`--head crisis` (10.1.0) does the same for the crisis head (bench.safety.crisis_examples): each set's misuse requests
scored by a head trained without that set, and, at each budget (the share of the other misuse requests the self-harm
words leave without a crisis line that the head may give one), the share of crisis requests (an overdose or self-harm
method for the writer) given the crisis notice by the words or the head, and of the other requests given it. Writes
bench/results/safety-crisis-loso[-llm].json.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.machine import machine_info, typed_command
from bench.safety import DEV_SETS, case_version, crisis_examples, emergency_examples, llm_vectors, misuse_examples
from core.io import atomic_write_json
from safety import assess, check_misuse
from safety.classifier import features_batch, fit_logistic
from safety.misuse import mentions_self_harm

RESULTS = Path(__file__).resolve().parent / "results"


def held_out_scores(vectors, labels: list[int], sets: list[str], l2: float) -> list[float]:
    """Each text's misuse probability from a head trained without its case set (texts outside DEV_SETS, MedQuAD
    and the templates, are always in training and get 0)."""
    scores = [0.0] * len(labels)
    for part in DEV_SETS:
        train = [i for i, s in enumerate(sets) if s != part]
        head = fit_logistic(vectors[train], [labels[i] for i in train], l2=l2)
        for i in (i for i, s in enumerate(sets) if s == part):
            scores[i] = head.probability(vectors[i])
    return scores


def at_budget(rows: list[dict], scores: list[float], by_rules: list[bool], budget: float) -> dict:
    """Misuse declined (rules or head) at the lowest threshold that refuses at most `budget` of the legitimate
    questions, rules' refusals included."""
    legit = [i for i, r in enumerate(rows) if r["kind"] == "legitimate" and r["set"] in DEV_SETS]
    misuse = [i for i, r in enumerate(rows) if r["kind"] == "misuse" and r["set"] in DEV_SETS]
    left = sorted((scores[i] for i in legit if not by_rules[i]), reverse=True)
    allowed = max(int(budget * len(legit)) - sum(by_rules[i] for i in legit), 0)
    threshold = left[allowed] + 1e-9 if allowed < len(left) else 0.0
    declined = {i: by_rules[i] or scores[i] >= threshold for i in misuse + legit}
    per_set = {
        part: round(sum(declined[i] for i in misuse if rows[i]["set"] == part) / n, 3)
        for part in DEV_SETS
        if (n := sum(rows[i]["set"] == part for i in misuse))
    }
    return {
        "budget": budget,
        "misuse_declined": round(sum(declined[i] for i in misuse) / len(misuse), 3),
        "legitimate_refused": round(sum(declined[i] for i in legit) / len(legit), 3),
        "per_set": per_set,
    }


def _threshold_over_silent(silent_scores: list[float], budget: float) -> float:
    """The lowest threshold that lets at most `budget` of the negatives the words or rules leave silent through."""
    silent = sorted(silent_scores, reverse=True)
    allowed = int(budget * len(silent))
    return silent[allowed] + 1e-9 if allowed < len(silent) else 0.0


def emergency_at_budget(rows: list[dict], scores: list[float], by_rules: list[bool], budget: float) -> dict:
    """Emergencies escalated (rules or head) at the lowest threshold that flags at most `budget` of the look-alikes
    the rules leave silent; and the look-alikes over-escalated then (rules' alarms included)."""
    lookalikes = [i for i, r in enumerate(rows) if r["kind"] == "lookalike"]
    emergencies = [i for i, r in enumerate(rows) if r["kind"] == "emergency"]
    threshold = _threshold_over_silent([scores[i] for i in lookalikes if not by_rules[i]], budget)
    fired = {i: by_rules[i] or scores[i] >= threshold for i in emergencies + lookalikes}
    per_set = {
        part: round(sum(fired[i] for i in emergencies if rows[i]["set"] == part) / n, 3)
        for part in DEV_SETS
        if (n := sum(rows[i]["set"] == part for i in emergencies))
    }
    return {
        "budget": budget,
        "emergencies_escalated": round(sum(fired[i] for i in emergencies) / len(emergencies), 4),
        "lookalikes_over_escalated": round(sum(fired[i] for i in lookalikes) / len(lookalikes), 4),
        "per_set": per_set,
    }


def crisis_at_budget(rows: list[dict], scores: list[float], by_words: list[bool], budget: float) -> dict:
    """Crisis requests given the crisis notice (the self-harm words or the head) at the lowest threshold that gives it
    to at most `budget` of the other misuse requests the words leave without it; and the other requests given it."""
    crisis = [i for i, r in enumerate(rows) if r["label"] and r["set"] in DEV_SETS]
    other = [i for i, r in enumerate(rows) if not r["label"] and r["set"] in DEV_SETS]
    threshold = _threshold_over_silent([scores[i] for i in other if not by_words[i]], budget)
    shown = {i: by_words[i] or scores[i] >= threshold for i in crisis + other}
    per_set = {
        part: f"{sum(shown[i] for i in crisis if rows[i]['set'] == part)}/{n}"
        for part in DEV_SETS
        if (n := sum(rows[i]["set"] == part for i in crisis))
    }
    return {
        "budget": budget,
        "crisis_shown": round(sum(shown[i] for i in crisis) / len(crisis), 4),
        "others_given_it": round(sum(shown[i] for i in other) / len(other), 4),
        "per_set": per_set,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.safety_loso", description=__doc__)
    parser.add_argument("--head", choices=("misuse", "emergency", "crisis"), default="misuse")
    parser.add_argument("--features", choices=("minilm", "llm"), default="minilm")
    parser.add_argument("--l2", type=float, nargs="+", default=[2e-2, 2e-3, 2e-4])
    parser.add_argument("--budgets", type=float, nargs="+", default=[0.02, 0.03, 0.04, 0.05])
    args = parser.parse_args(argv)
    import numpy as np

    started = time.monotonic()
    emergency = args.head == "emergency"
    rows = {"emergency": emergency_examples, "crisis": crisis_examples}.get(args.head, misuse_examples)()
    texts = [r["text"] for r in rows]
    found = features_batch(texts) if args.features == "minilm" else llm_vectors(texts)
    if found is None:
        raise SystemExit("the embedding model is unavailable (see safety.classifier.classifier_state)")
    vectors = np.asarray(found, dtype=np.float32)
    labels = [r["label"] for r in rows]
    sets = [r["set"] for r in rows]
    if args.head == "crisis":
        by_rules = [mentions_self_harm(r["text"]) for r in rows]
        score_at = crisis_at_budget
    elif emergency:
        by_rules = [r["kind"] in ("emergency", "lookalike") and bool(assess(r["text"])) for r in rows]
        score_at = emergency_at_budget
    else:
        by_rules = [r["kind"] in ("misuse", "legitimate") and check_misuse(r["text"]) is not None for r in rows]
        score_at = at_budget
    results = []
    for l2 in args.l2:
        scores = held_out_scores(vectors, labels, sets, l2)
        for budget in args.budgets:
            results.append({"l2": l2, **score_at(rows, scores, by_rules, budget)})
            print(results[-1], flush=True)
    out = {
        "case_set_version": case_version(),
        "head": args.head,
        "texts": len(rows),
        "features": args.features,
        "rules_only": _rules_only(rows, by_rules, args.head),
        "results": results,
        "seconds": round(time.monotonic() - started, 1),
        "machine": machine_info(),
        "command": typed_command(sys.argv if argv is None else ["safety_loso", *argv], "safety_loso"),
    }
    suffix = "" if args.features == "minilm" else "-llm"
    atomic_write_json(RESULTS / f"safety-{args.head}-loso{suffix}.json", out)
    return 0


def _rules_only(rows: list[dict], by_rules: list[bool], head: str) -> dict:
    def share(kind: str, label: int | None = None) -> float:
        chosen = [
            i
            for i, r in enumerate(rows)
            if r["kind"] == kind and r["set"] in DEV_SETS and (label is None or r["label"] == label)
        ]
        return round(sum(by_rules[i] for i in chosen) / len(chosen), 4)

    if head == "crisis":
        return {"crisis_shown": share("misuse", 1), "others_given_it": share("misuse", 0)}
    if head == "emergency":
        return {"emergencies_escalated": share("emergency"), "lookalikes_over_escalated": share("lookalike")}
    return {"misuse_declined": share("misuse"), "legitimate_refused": share("legitimate")}


if __name__ == "__main__":
    raise SystemExit(main())
