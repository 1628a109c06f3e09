"""Validates the hand-written safety evaluation cases in tests/safety/cases (format, counts, split, spans).

These checks read data files only: no model, no app code. They guard the case set itself, so that a scorer
built on it can trust every line (see cases/README.md for the format and the split rule).

Two case sets live side by side: "v1" (the `dev`/`test` split, version 1.0.0) and "dev2" (development-only
additions of version 1.1.0, `*.dev2.jsonl`). dev2 keeps v1's schema but sits outside the split rule, so the split
and v1 count checks read v1 only, while schema, id, wording, coverage and span checks run on both.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parent / "cases"
SPLITS = ("dev", "test")
DEV_FRACTION = 0.4
CASE_SETS = ("v1", "dev2")
DEV2_ID_PREFIX = "d2-"
# The dev2 brief: totals per kind, and a floor per category for the kinds whose brief names one.
DEV2_MIN_CASES = {"emergency": 132, "non_emergency": 90, "misuse": 60, "legitimate": 45, "identifiers": 40}
DEV2_MIN_PER_CATEGORY = {"emergency": 4, "misuse": 6}
JACCARD_LIMIT = 0.5

EXPECTED = {
    "emergency": "escalate",
    "non_emergency": "no_escalation",
    "misuse": "decline",
    "legitimate": "answer",
}
ID_PREFIX = {"emergency": "em-", "non_emergency": "ne-", "misuse": "mis-", "legitimate": "leg-", "identifiers": "phi-"}
MIN_CASES = {"emergency": 150, "non_emergency": 120, "misuse": 40, "legitimate": 40, "identifiers": 50}
KEYS = {
    "emergency": ({"id", "category", "style", "text", "expected"}, set()),
    "non_emergency": ({"id", "category", "style", "text", "expected"}, set()),
    "misuse": ({"id", "category", "text", "expected"}, {"crisis"}),
    "legitimate": ({"id", "category", "text", "expected"}, set()),
    "identifiers": ({"id", "category", "text", "identifiers", "keep"}, set()),
}
EMERGENCY_STYLES = {"lay", "clinical", "vitals", "non_native", "negated_distractor"}
NON_EMERGENCY_STYLES = {"lay", "clinical", "vitals", "non_native", "negated", "education"}
SELF_HARM_CATEGORIES = {"overdose_method", "self_harm_method"}
IDENTIFIER_KINDS = {
    "NAME", "LOCATION", "DATE", "AGE_OVER_89", "PHONE", "FAX", "EMAIL", "SSN", "MRN", "HEALTH_PLAN", "ACCOUNT",
    "LICENSE", "VEHICLE", "DEVICE", "URL", "IP", "OTHER_ID",
}  # fmt: skip
# The emergencies the brief names; each must be a category with at least 5 phrasings.
REQUIRED_EMERGENCIES = {
    "acs_stemi", "aortic_dissection", "pulmonary_embolism", "stroke", "subarachnoid_haemorrhage", "meningitis",
    "sepsis_septic_shock", "anaphylaxis", "severe_asthma_respiratory_failure", "upper_gi_bleed",
    "lower_gi_bleed_haemodynamic", "massive_haemoptysis", "diabetic_ketoacidosis", "severe_hypoglycaemia",
    "overdose_taken", "suicidal_intent_plan", "infant_fever_under_3_months", "pre_eclampsia_eclampsia",
    "ectopic_pregnancy", "testicular_torsion", "cauda_equina", "acute_abdomen_perforation", "status_epilepticus",
    "unconscious_low_gcs", "major_head_injury", "airway_burns", "acute_limb_ischaemia", "necrotising_fasciitis",
    "meningococcal_rash_child", "infant_severe_dehydration", "acute_angle_closure_glaucoma_vision_loss",
    "hyperkalaemia_ecg_changes", "tension_pneumothorax",
}  # fmt: skip


def load(kind: str) -> dict[str, list[dict]]:
    """Cases of one kind keyed by split; every non-empty line must be one JSON object."""
    out: dict[str, list[dict]] = {}
    for split in SPLITS:
        lines = (CASES / f"{kind}.{split}.jsonl").read_text(encoding="utf-8").splitlines()
        out[split] = [json.loads(line) for line in lines if line.strip()]
    return out


def all_cases(kind: str) -> list[dict]:
    by_split = load(kind)
    return by_split["dev"] + by_split["test"]


def load_dev2(kind: str) -> list[dict]:
    """The development-only additions of one kind (no split: every line is dev)."""
    lines = (CASES / f"{kind}.dev2.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def cases_of(case_set: str, kind: str) -> list[dict]:
    return all_cases(kind) if case_set == "v1" else load_dev2(kind)


def id_prefix(case_set: str, kind: str) -> str:
    return ID_PREFIX[kind] if case_set == "v1" else DEV2_ID_PREFIX + ID_PREFIX[kind]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def expected_split(cases: list[dict]) -> dict[str, str]:
    """The documented split rule (README.md): stratified largest-remainder apportionment ranked by sha256(id)."""
    by_cat: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        by_cat[case["category"]].append(case["id"])
    quota = {cat: DEV_FRACTION * len(ids) for cat, ids in by_cat.items()}
    n_dev = {cat: min(len(ids) - 1, max(1, math.floor(quota[cat]))) for cat, ids in by_cat.items()}
    remaining = math.floor(DEV_FRACTION * len(cases) + 0.5) - sum(n_dev.values())
    for cat in sorted(by_cat, key=lambda c: (-(quota[c] - math.floor(quota[c])), _sha(c))):
        if remaining <= 0:
            break
        if n_dev[cat] < len(by_cat[cat]) - 1:
            n_dev[cat] += 1
            remaining -= 1
    return {
        case_id: "dev" if rank < n_dev[cat] else "test"
        for cat, ids in by_cat.items()
        for rank, case_id in enumerate(sorted(ids, key=_sha))
    }


def spans(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)]


def tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b)


@pytest.mark.parametrize("case_set", CASE_SETS)
@pytest.mark.parametrize("kind", list(KEYS))
def test_every_line_has_exactly_the_documented_keys(kind: str, case_set: str) -> None:
    required, optional = KEYS[kind]
    for case in cases_of(case_set, kind):
        assert required <= case.keys() <= required | optional, case.get("id")
        assert isinstance(case["text"], str) and case["text"].strip() == case["text"] and case["text"], case["id"]
        assert case["id"].startswith(id_prefix(case_set, kind)), case["id"]
        if kind in EXPECTED:
            assert case["expected"] == EXPECTED[kind], case["id"]


def test_ids_are_unique_across_all_files() -> None:
    ids = Counter(case["id"] for kind in KEYS for case_set in CASE_SETS for case in cases_of(case_set, kind))
    assert [i for i, n in ids.items() if n > 1] == []


@pytest.mark.parametrize("kind", list(KEYS))
def test_texts_are_distinct_and_not_templated(kind: str) -> None:
    cases = all_cases(kind)
    assert len({c["text"] for c in cases}) == len(cases)
    bags = [(c["id"], tokens(c["text"])) for c in cases]
    for i, (id_a, a) in enumerate(bags):
        for id_b, b in bags[i + 1 :]:
            assert len(a & b) / len(a | b) < 0.5, (id_a, id_b)


@pytest.mark.parametrize("kind", list(KEYS))
def test_dev2_texts_are_new_and_not_templated(kind: str) -> None:
    """No dev2 text may repeat or paraphrase-by-template any other dev2 or v1 case (dev or test) of its kind.

    Only ids are reported, so a failure never prints held-out wording.
    """
    dev2 = [(c["id"], c["text"], tokens(c["text"])) for c in load_dev2(kind)]
    others = [(c["id"], c["text"], tokens(c["text"])) for c in all_cases(kind)]
    clashes = [
        (id_a, id_b)
        for i, (id_a, text_a, a) in enumerate(dev2)
        for id_b, text_b, b in dev2[i + 1 :] + others
        if text_a == text_b or jaccard(a, b) >= JACCARD_LIMIT
    ]
    assert not clashes, " ".join(f"{a}~{b}" for a, b in clashes)


@pytest.mark.parametrize("kind", list(KEYS))
def test_dev2_counts_and_categories_meet_the_brief(kind: str) -> None:
    """dev2 reuses v1's category names and reaches the brief's totals and per-category floors."""
    dev2 = load_dev2(kind)
    assert len(dev2) >= DEV2_MIN_CASES[kind]
    per_cat = Counter(c["category"] for c in dev2)
    v1_categories = {c["category"] for c in all_cases(kind)}
    assert per_cat.keys() <= v1_categories, sorted(per_cat.keys() - v1_categories)
    if kind in DEV2_MIN_PER_CATEGORY:
        assert per_cat.keys() == v1_categories, sorted(v1_categories - per_cat.keys())
        short = {cat: n for cat, n in per_cat.items() if n < DEV2_MIN_PER_CATEGORY[kind]}
        assert short == {}


def test_dev2_emergencies_spread_all_five_styles() -> None:
    """Every style is well represented overall, and no category leans on fewer than three styles."""
    dev2 = load_dev2("emergency")
    styles = Counter(c["style"] for c in dev2)
    assert styles.keys() == EMERGENCY_STYLES
    assert min(styles.values()) >= len(dev2) // 10, styles
    by_cat: dict[str, set[str]] = defaultdict(set)
    for case in dev2:
        by_cat[case["category"]].add(case["style"])
    assert {cat: s for cat, s in by_cat.items() if len(s) < 3} == {}


def test_dev2_non_emergencies_use_every_style() -> None:
    assert {c["style"] for c in load_dev2("non_emergency")} == NON_EMERGENCY_STYLES


@pytest.mark.parametrize("kind", list(KEYS))
def test_counts_meet_the_brief(kind: str) -> None:
    by_split = load(kind)
    total = len(by_split["dev"]) + len(by_split["test"])
    assert total >= MIN_CASES[kind]
    assert 0.35 <= len(by_split["dev"]) / total <= 0.45


@pytest.mark.parametrize("kind", list(KEYS))
def test_split_follows_the_documented_rule_and_covers_every_category(kind: str) -> None:
    by_split = load(kind)
    rule = expected_split(by_split["dev"] + by_split["test"])
    for split, cases in by_split.items():
        assert all(rule[c["id"]] == split for c in cases), split
    assert {c["category"] for c in by_split["dev"]} == {c["category"] for c in by_split["test"]}


def test_emergency_categories_have_five_phrasings_in_every_style() -> None:
    by_cat: dict[str, list[dict]] = defaultdict(list)
    for case in all_cases("emergency"):
        assert case["style"] in EMERGENCY_STYLES, case["id"]
        by_cat[case["category"]].append(case)
    assert len(by_cat) >= 30
    assert REQUIRED_EMERGENCIES <= by_cat.keys()
    for cat, cases in by_cat.items():
        assert len(cases) >= 5, cat
        assert {c["style"] for c in cases} == EMERGENCY_STYLES, cat


@pytest.mark.parametrize("case_set", CASE_SETS)
def test_infant_fever_cases_use_weeks_days_months_and_both_scales(case_set: str) -> None:
    cases = cases_of(case_set, "emergency")
    texts = " ".join(c["text"] for c in cases if c["category"] == "infant_fever_under_3_months")
    for unit in (r"\bweeks?\b|\bwk\b|/52", r"\bdays?\b|day \d+ of life", r"\bmonths?\b"):
        assert re.search(unit, texts), unit
    assert re.search(r"\d\s*°?\s*C\b", texts) and re.search(r"\d{3}(\.\d)?\s*°?\s*F\b", texts)


@pytest.mark.parametrize("case_set", CASE_SETS)
def test_non_emergencies_name_the_emergency_they_resemble(case_set: str) -> None:
    emergencies = {c["category"] for c in all_cases("emergency")}
    for case in cases_of(case_set, "non_emergency"):
        assert case["category"] in emergencies, case["id"]
        assert case["style"] in NON_EMERGENCY_STYLES, case["id"]


@pytest.mark.parametrize("case_set", CASE_SETS)
def test_misuse_marks_self_harm_as_crisis(case_set: str) -> None:
    cases = cases_of(case_set, "misuse")
    for case in cases:
        assert case.get("crisis", False) in (True, False), case["id"]
        if case["category"] in SELF_HARM_CATEGORIES:
            assert case.get("crisis") is True, case["id"]
    assert sum(bool(c.get("crisis")) for c in cases) >= 5


@pytest.mark.parametrize("case_set", CASE_SETS)
def test_every_identifier_occurs_verbatim_in_its_note(case_set: str) -> None:
    kinds_seen: set[str] = set()
    for case in cases_of(case_set, "identifiers"):
        assert case["identifiers"], case["id"]
        for ident in case["identifiers"]:
            assert ident.keys() == {"kind", "text"}, case["id"]
            assert ident["kind"] in IDENTIFIER_KINDS, (case["id"], ident)
            assert ident["text"] and ident["text"] in case["text"], (case["id"], ident["text"])
            kinds_seen.add(ident["kind"])
        assert len({(i["kind"], i["text"]) for i in case["identifiers"]}) == len(case["identifiers"]), case["id"]
    assert kinds_seen == IDENTIFIER_KINDS


@pytest.mark.parametrize("case_set", CASE_SETS)
def test_keep_values_survive_outside_every_identifier_span(case_set: str) -> None:
    """A kept clinical value must occur somewhere no identifier covers, or removing PHI would remove it too."""
    for case in cases_of(case_set, "identifiers"):
        assert isinstance(case["keep"], list), case["id"]
        covered = [s for ident in case["identifiers"] for s in spans(case["text"], ident["text"])]
        for value in case["keep"]:
            free = [(a, b) for a, b in spans(case["text"], value) if not any(a < d and c < b for c, d in covered)]
            assert free, (case["id"], value)
