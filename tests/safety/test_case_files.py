"""Validates the hand-written safety evaluation cases in tests/safety/cases (format, counts, split, spans).

These checks read data files only: no model, no app code. They guard the case set itself, so that a scorer
built on it can trust every line (see cases/README.md for the format and the split rule).

Eighteen case sets live side by side (version 10.4.0):
- "v1" (1.0.0): `*.dev.jsonl` and `*.v1test.jsonl`, split by the documented rule. The v1 test half was the held-out
  set of 1.x; at 2.0.0 it was retired into development (its file renamed from `*.test.jsonl`), the split unchanged.
- "dev2" (1.1.0) and "dev3" (2.0.0): development-only additions by other writers.
- "test2" (2.0.0): the held-out set of 2.x, by two writers who saw neither the rules nor any other case; retired into
  development at 3.0.0 (scored six times while held out, never tuned on).
- "dev4" (3.0.0): a development addition by two more writers; "test3" (3.0.0): the held-out set of 3.x, by two more
  writers who saw neither the rules nor any case (their overlap checks printed ids only); retired into development
  at 4.0.0 (scored four times while held out, never tuned on, its failures never read).
- "dev5" (4.0.0): a development addition by two more writers; "test4" (4.0.0): the held-out set of 4.x, by two more;
  retired into development at 5.0.0 (scored while held out; afterwards development data like the others).
- "test5" (5.0.0): the held-out set of 5.x, by two more writers; retired into development at 6.0.0 (scored four
  times while held out, never tuned on while held out).
- "test6" (6.0.0): the held-out set of 6.x, by three more writers; retired into development at 7.0.0 (scored six
  times while held out, never tuned on while held out).
- "test7" (7.0.0): the held-out set of 7.x, by three more writers; retired into development at 8.0.0 (scored six
  times while held out, never tuned on while held out).
- "test8" (8.0.0): the held-out set of 8.x, by three more writers; retired into development at 9.0.0 (scored five
  times while held out, never tuned on while held out).
- "test9" (9.0.0): the held-out set of 9.x, by three more writers; retired into development at 10.0.0 (scored four
  times while held out, never tuned on while held out).
- "test10" (10.0.0): the held-out set, by three more writers who saw neither the rules nor any other case.
- "dev6" (10.1.0): a development addition by two more writers (misuse requests, legitimate questions and notes with
  identifiers only; its emergency and look-alike files are empty).
- "dev7" (10.2.0): a development addition by two more writers (emergencies and look-alikes only; its misuse,
  legitimate and identifier files are empty).
- "dev8" (10.3.0): a development addition by two more writers (misuse requests, legitimate questions and notes with
  identifiers only; its emergency and look-alike files are empty).
- "dev9" (10.4.0): a development addition by two more writers (emergencies and look-alikes only; its misuse,
  legitimate and identifier files are empty).
The additions keep v1's schema but sit outside v1's split rule, so the split and v1 count checks read v1 only, while
schema, id, wording, coverage and span checks run on every set, and each addition must not repeat or template any
earlier set (failures name ids only, never held-out wording).
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
SPLIT_FILES = {"dev": "dev", "test": "v1test"}  # v1's test half, retired into development at 2.0.0
DEV_FRACTION = 0.4
# in the order they were written; dev4 and test3 were written at the same time, as were dev5 and test4, so each is
# checked against its peer too (ADDITION_PEERS)
ADDITIONS = (
    "dev2", "dev3", "test2", "dev4", "test3", "dev5", "test4", "test5", "test6", "test7", "test8", "test9", "test10",
    "dev6", "dev7", "dev8", "dev9",
)  # fmt: skip
# 10.1.0's dev6 and 10.3.0's dev8 hold misuse requests, legitimate questions and notes only (their emergency files are
# empty); 10.2.0's dev7 and 10.4.0's dev9 emergencies and look-alikes only
CASE_SETS = ("v1", *ADDITIONS)
WITH_EMERGENCIES = tuple(case_set for case_set in ADDITIONS if case_set not in ("dev6", "dev8"))
WITH_REQUESTS = tuple(case_set for case_set in CASE_SETS if case_set not in ("dev7", "dev9"))
ADDITION_PEERS = {"dev4": ("test3",), "test3": ("dev4",), "dev5": ("test4",), "test4": ("dev5",)}
ADDITION_ID_PREFIX = {
    "dev2": "d2-", "dev3": "d3-", "test2": "t2-", "dev4": "d4-", "test3": "t3-", "dev5": "d5-", "test4": "t4-",
    "test5": "t5-", "test6": "t6-", "test7": "t7-", "test8": "t8-", "test9": "t9-",
    "test10": "t10-", "dev6": "d6-", "dev7": "d7-", "dev8": "d8-", "dev9": "d9-",
}  # fmt: skip
# Each addition's brief: totals per kind, and a floor per category for the kinds whose brief names one.
ADDITION_MIN_CASES = {
    "dev2": {"emergency": 132, "non_emergency": 90, "misuse": 60, "legitimate": 45, "identifiers": 40},
    "dev3": {"emergency": 130, "non_emergency": 100, "misuse": 40, "legitimate": 40, "identifiers": 30},
    "test2": {"emergency": 175, "non_emergency": 130, "misuse": 48, "legitimate": 48, "identifiers": 55},
    "dev4": {"emergency": 220, "non_emergency": 240, "misuse": 160, "legitimate": 160, "identifiers": 40},
    "test3": {"emergency": 195, "non_emergency": 150, "misuse": 72, "legitimate": 66, "identifiers": 52},
    "dev5": {"emergency": 230, "non_emergency": 260, "misuse": 160, "legitimate": 160, "identifiers": 45},
    "test4": {"emergency": 200, "non_emergency": 160, "misuse": 80, "legitimate": 66, "identifiers": 52},
    "test5": {"emergency": 200, "non_emergency": 170, "misuse": 85, "legitimate": 66, "identifiers": 52},
    "test6": {"emergency": 200, "non_emergency": 170, "misuse": 110, "legitimate": 85, "identifiers": 58},
    "test7": {"emergency": 210, "non_emergency": 180, "misuse": 110, "legitimate": 85, "identifiers": 58},
    "test8": {"emergency": 210, "non_emergency": 180, "misuse": 110, "legitimate": 85, "identifiers": 58},
    "test9": {"emergency": 210, "non_emergency": 180, "misuse": 110, "legitimate": 85, "identifiers": 58},
    "test10": {"emergency": 210, "non_emergency": 180, "misuse": 110, "legitimate": 85, "identifiers": 58},
    "dev6": {"emergency": 0, "non_emergency": 0, "misuse": 120, "legitimate": 88, "identifiers": 58},
    "dev7": {"emergency": 132, "non_emergency": 165, "misuse": 0, "legitimate": 0, "identifiers": 0},
    "dev8": {"emergency": 0, "non_emergency": 0, "misuse": 96, "legitimate": 88, "identifiers": 60},
    "dev9": {"emergency": 99, "non_emergency": 99, "misuse": 0, "legitimate": 0, "identifiers": 0},
}
ADDITION_MIN_PER_CATEGORY = {
    "dev2": {"emergency": 4, "misuse": 6},
    "dev3": {"emergency": 3},
    "test2": {"emergency": 5, "non_emergency": 3, "misuse": 5, "legitimate": 3},
    "dev4": {"emergency": 6, "non_emergency": 7, "misuse": 16, "legitimate": 12},
    "test3": {"emergency": 5, "non_emergency": 4, "misuse": 8, "legitimate": 5},
    "dev5": {"emergency": 6, "non_emergency": 7, "misuse": 20, "legitimate": 14},
    "test4": {"emergency": 6, "non_emergency": 5, "misuse": 10, "legitimate": 6},
    "test5": {"emergency": 6, "non_emergency": 5, "misuse": 11, "legitimate": 6},
    "test6": {"emergency": 6, "non_emergency": 5, "misuse": 14, "legitimate": 8},
    "test7": {"emergency": 6, "non_emergency": 5, "misuse": 14, "legitimate": 8},
    "test8": {"emergency": 6, "non_emergency": 5, "misuse": 14, "legitimate": 8},
    "test9": {"emergency": 6, "non_emergency": 5, "misuse": 14, "legitimate": 8},
    "test10": {"emergency": 6, "non_emergency": 5, "misuse": 14, "legitimate": 8},
    "dev6": {"misuse": 15, "legitimate": 8},
    "dev7": {"emergency": 4, "non_emergency": 5},
    "dev8": {"misuse": 12, "legitimate": 8},
    "dev9": {"emergency": 3, "non_emergency": 3},
}
# From dev3 on, writers could add emergency categories of their own beyond v1's 33 (each lists its own).
NEW_CATEGORIES_ALLOWED = {
    "dev2": False, "dev3": True, "test2": True, "dev4": True, "test3": True, "dev5": True, "test4": True,
    "test5": True, "test6": True, "test7": True, "test8": True, "test9": True,
    "test10": True, "dev6": False, "dev7": False, "dev8": False, "dev9": False,
}  # fmt: skip
JACCARD_LIMIT = 0.5
# 10.4.0's dev9 brief asked for each category's three cases in three different forms (an impersonal question, a note
# on a treated condition, a past episode, ...), with every style used at least 12 times overall
FORM_SPREAD = ("dev9",)

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
        out[split] = _read(CASES / f"{kind}.{SPLIT_FILES[split]}.jsonl")
    return out


def _read(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def all_cases(kind: str) -> list[dict]:
    by_split = load(kind)
    return by_split["dev"] + by_split["test"]


def load_addition(case_set: str, kind: str) -> list[dict]:
    """One addition's cases of one kind (no split inside an addition)."""
    return _read(CASES / f"{kind}.{case_set}.jsonl")


def cases_of(case_set: str, kind: str) -> list[dict]:
    return all_cases(kind) if case_set == "v1" else load_addition(case_set, kind)


def id_prefix(case_set: str, kind: str) -> str:
    return ID_PREFIX[kind] if case_set == "v1" else ADDITION_ID_PREFIX[case_set] + ID_PREFIX[kind]


def emergency_categories() -> set[str]:
    return {c["category"] for case_set in CASE_SETS for c in cases_of(case_set, "emergency")}


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


_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")  # scripts written without spaces


def tokens(text: str) -> set[str]:
    """Runs of letters and digits in any script: 8.0.0 brought requests written wholly in Chinese or Arabic, which
    an ASCII-only word set saw as empty. A run in a script written without spaces (a whole Chinese clause) is read as
    its character pairs, so two clauses that differ in one word still overlap."""
    out: set[str] = set()
    for word in re.findall(r"[^\W_]+", text.lower()):
        out |= {word[i : i + 2] for i in range(len(word) - 1)} if _NO_SPACES.search(word) and len(word) > 2 else {word}
    return out


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


@pytest.mark.parametrize("case_set", ADDITIONS)
@pytest.mark.parametrize("kind", list(KEYS))
def test_additions_are_new_and_not_templated(kind: str, case_set: str) -> None:
    """No text of an addition may repeat or paraphrase-by-template another case of its set or of an earlier set.

    Only ids are reported, so a failure never prints held-out wording.
    """
    earlier = ("v1", *ADDITIONS[: ADDITIONS.index(case_set)], *ADDITION_PEERS.get(case_set, ()))
    mine = [(c["id"], c["text"], tokens(c["text"])) for c in load_addition(case_set, kind)]
    others = [(c["id"], c["text"], tokens(c["text"])) for cs in earlier for c in cases_of(cs, kind)]
    clashes = [
        (id_a, id_b)
        for i, (id_a, text_a, a) in enumerate(mine)
        for id_b, text_b, b in mine[i + 1 :] + others
        if text_a == text_b or jaccard(a, b) >= JACCARD_LIMIT
    ]
    assert not clashes, " ".join(f"{a}~{b}" for a, b in clashes)


@pytest.mark.parametrize("case_set", ADDITIONS)
@pytest.mark.parametrize("kind", list(KEYS))
def test_addition_counts_and_categories_meet_the_brief(kind: str, case_set: str) -> None:
    """Each addition reuses v1's category names (plus, where allowed, new emergencies) and reaches its brief's
    totals and per-category floors."""
    cases = load_addition(case_set, kind)
    assert len(cases) >= ADDITION_MIN_CASES[case_set][kind]
    per_cat = Counter(c["category"] for c in cases)
    v1_categories = {c["category"] for c in all_cases(kind)}
    if kind == "non_emergency" and NEW_CATEGORIES_ALLOWED[case_set]:
        # look-alikes may resemble the set's own new emergencies
        allowed = v1_categories | {c["category"] for c in load_addition(case_set, "emergency")}
        assert per_cat.keys() <= allowed, sorted(per_cat.keys() - allowed)
    elif not (kind == "emergency" and NEW_CATEGORIES_ALLOWED[case_set]):
        assert per_cat.keys() <= v1_categories, sorted(per_cat.keys() - v1_categories)
    floor = ADDITION_MIN_PER_CATEGORY[case_set].get(kind)
    if floor is not None:
        assert v1_categories <= per_cat.keys(), sorted(v1_categories - per_cat.keys())
        short = {cat: n for cat, n in per_cat.items() if cat in v1_categories and n < floor}
        assert short == {}


@pytest.mark.parametrize("case_set", WITH_EMERGENCIES)
def test_addition_emergencies_spread_all_five_styles(case_set: str) -> None:
    """Every style is well represented overall, and no category leans on fewer than three styles."""
    cases = load_addition(case_set, "emergency")
    styles = Counter(c["style"] for c in cases)
    assert styles.keys() == EMERGENCY_STYLES
    assert min(styles.values()) >= len(cases) // 10, styles
    if case_set in FORM_SPREAD:
        return  # its brief spread each category's three cases over forms, not styles
    by_cat: dict[str, set[str]] = defaultdict(set)
    for case in cases:
        by_cat[case["category"]].add(case["style"])
    assert {cat: s for cat, s in by_cat.items() if len(s) < 3} == {}


@pytest.mark.parametrize(
    "case_set", ("test2", "dev4", "test3", "dev5", "test4", "test5", "test6", "test7", "test8", "test9", "test10")
)
def test_emergencies_have_every_style_in_every_v1_category(case_set: str) -> None:
    v1_categories = {c["category"] for c in all_cases("emergency")}
    by_cat: dict[str, set[str]] = defaultdict(set)
    for case in load_addition(case_set, "emergency"):
        by_cat[case["category"]].add(case["style"])
    missing = {cat: sorted(EMERGENCY_STYLES - by_cat[cat]) for cat in v1_categories if by_cat[cat] != EMERGENCY_STYLES}
    assert missing == {}


@pytest.mark.parametrize("case_set", WITH_EMERGENCIES)
def test_addition_non_emergencies_use_every_style(case_set: str) -> None:
    assert {c["style"] for c in load_addition(case_set, "non_emergency")} == NON_EMERGENCY_STYLES


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


# dev3's brief did not ask for every unit (its infant temperatures are bare numbers, which the rules read as °C);
# test3's asked for days and weeks only (no months). dev5's and test4's briefs asked for these units across all their
# emergencies, not within this category (dev5 writes no three-digit °F there, test4 no months).
@pytest.mark.parametrize("case_set", ("v1", "dev2", "test2", "dev4"))
def test_infant_fever_cases_use_weeks_days_months_and_both_scales(case_set: str) -> None:
    cases = cases_of(case_set, "emergency")
    texts = " ".join(c["text"] for c in cases if c["category"] == "infant_fever_under_3_months")
    for unit in (r"\bweeks?\b|\bwk\b|/52", r"\bdays?\b|day \d+ of life", r"\bmonths?\b"):
        assert re.search(unit, texts), unit
    assert re.search(r"\d\s*°?\s*C\b", texts) and re.search(r"\d{3}(\.\d)?\s*°?\s*F\b", texts)


@pytest.mark.parametrize("case_set", CASE_SETS)
def test_non_emergencies_name_the_emergency_they_resemble(case_set: str) -> None:
    emergencies = emergency_categories()
    for case in cases_of(case_set, "non_emergency"):
        assert case["category"] in emergencies, case["id"]
        assert case["style"] in NON_EMERGENCY_STYLES, case["id"]


@pytest.mark.parametrize("case_set", WITH_REQUESTS)
def test_misuse_marks_self_harm_as_crisis(case_set: str) -> None:
    cases = cases_of(case_set, "misuse")
    for case in cases:
        assert case.get("crisis", False) in (True, False), case["id"]
        if case["category"] in SELF_HARM_CATEGORIES:
            assert case.get("crisis") is True, case["id"]
    assert sum(bool(c.get("crisis")) for c in cases) >= 5


@pytest.mark.parametrize("case_set", WITH_REQUESTS)
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
