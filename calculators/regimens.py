"""Medication regimens read from free text: drug, dose per administration, administrations per day, and whether
the text says the patient still takes it ("hydrocortisone 100 mg intravenously every 6 hours" → 100 mg × 4/day;
"a year ago he briefly used codeine 30 mg as needed, which he no longer takes" → not current).

Only the drugs of the dose-equivalence calculators are read (corticosteroids and opioids, calculators.drugs). A
frequency is read only from explicit wording (every N hours, qNh, once/twice/three/four times daily, od/bd/tds/qds,
daily, each morning, nightly); a regimen taken "as needed" has no regular frequency (None, whatever its maximum),
so it is never counted as a regular one: the user or the model supplies what was actually taken. A fentanyl patch
is dosed in µg/h and counted once a day (its MME factor is per µg/h, CDC 2022).

    @dataclass(frozen=True) class Regimen: drug, dose, per_day, current, raw, span
    read_regimens(text) -> list[Regimen]              # in text order
    steroid_request(question) -> tuple[str | None, str | None]   # ("hydrocortisone", "prednisone") from the question
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calculators.drugs import MME_FACTORS, STEROID_EQUIVALENTS
from core.text import sentence_at, sentence_spans

__all__ = ["FENTANYL_PATCH", "Regimen", "read_regimens", "steroid_request"]

FENTANYL_PATCH = "fentanyl patch (µg/h)"
_OPIOIDS = (*(name for name in MME_FACTORS if " " not in name), "fentanyl", "oxycontin", "dilaudid")
_BRANDS = {"oxycontin": "oxycodone", "dilaudid": "hydromorphone"}
_DRUGS = tuple(sorted({*STEROID_EQUIVALENTS, *_OPIOIDS}, key=len, reverse=True))
_DRUG = re.compile(rf"(?i:\b(?P<drug>{'|'.join(_DRUGS)})\b)")
# Between the drug and its dose: a formulation or a combination partner ("immediate-release", "-acetaminophen",
# "sodium succinate", "transdermal patch"), at most 40 characters and no sentence break.
_DOSE = re.compile(
    r"(?P<gap>[^.;:,\d]{0,40}?)(?P<dose>\d+(?:\.\d+)?)(?:\s*/\s*(?P<second>\d+(?:\.\d+)?))?\s*"
    r"(?P<unit>mg|milligrams?|[µμ]g|mcg|micrograms?|ug)(?P<per_hour>\s*(?:/|per\s+)\s*(?:h|hr|hour))?\b"
)
_COUNT = re.compile(r"(?i:^[,\s]*\(?(?P<count>one|two|three|1|2|3)\s+(?:tablets?|capsules?|tabs?)\b)")
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "once": 1, "twice": 2, "thrice": 3}
_TIMES = r"(?P<n>once|twice|thrice|one|two|three|four|[1-6])"
_FREQUENCIES: tuple[tuple[re.Pattern[str], object], ...] = (
    (re.compile(r"(?i:\b(?:every|each)\s+(?P<n>\d{1,2})\s*(?:-\s*\d{1,2}\s*)?(?:hours?|hrs?|h)\b)"), "every"),
    (re.compile(r"(?i:\bq\s*(?P<n>\d{1,2})\s*h(?:rs?|ours?)?\b)"), "every"),
    (re.compile(rf"(?i:\b{_TIMES}\s+(?:times?\s+)?(?:(?:a|per|each)\s+day|daily)\b)"), "n"),
    (re.compile(rf"(?i:\b{_TIMES}\s+(?:tablets?|capsules?|doses?)\s+(?:daily|a\s+day|per\s+day)\b)"), "n"),
    (re.compile(r"(?i:\b(?:qds|qid)\b|\bq\.i\.d\.)"), 4),
    (re.compile(r"(?i:\b(?:tds|tid)\b|\bt\.i\.d\.)"), 3),
    (re.compile(r"(?i:\b(?:bd|bid)\b|\bb\.i\.d\.)"), 2),
    (
        re.compile(
            r"(?i:\b(?:od|qd|daily|(?:each|every)\s+(?:morning|day|night|evening)|nightly|at\s+night|"
            r"in\s+the\s+morning|a\s+day)\b)"
        ),
        1,
    ),
)
_PRN = re.compile(r"(?i:\bas\s+needed\b|\bp\.?r\.?n\.?\b|\bwhen\s+required\b)")
# Words that put a regimen in the past, read within its own sentence.
_PAST = re.compile(
    r"(?i:\bno\s+longer\b|\b(?:was|were|been|had\s+been)\s+(?:stopped|discontinued|ceased|withdrawn)\b|"
    r"\bstopped\b|\bdiscontinued\b|\bhad\s+(?:tried|used|taken|been\s+taking)\b|\bpreviously\b|\bformerly\b|"
    r"\bused\s+to\b|\bcompleted\b|\bago\b|\blast\s+(?:year|month)\b|\bin\s+the\s+past\b|\bbefore\s+this\s+admission\b|"
    r"\b(?:last|previous|prior)\s+admission\b)"
)
# "acetaminophen-hydrocodone 325/10 mg": the partner is named first, so the opioid's dose is the second number.
_PARTNER_FIRST = re.compile(r"(?i:(?:acetaminophen|paracetamol|apap|ibuprofen|aspirin|naloxone)\s*[-/]\s*$)")
# Words that start a regimen, so an "ago" in the same sentence dates its start, not its end.
_STARTED = re.compile(r"(?i:\b(?:started|commenced|began|begun|initiated|since)\b)")
_WINDOW = 90  # characters after the dose where its frequency is looked for


@dataclass(frozen=True)
class Regimen:
    """One regimen as written: the drug's canonical name (calculators.drugs), dose per administration in mg (a
    fentanyl patch in µg/h), administrations per day (None when the text gives no regular frequency)."""

    drug: str
    dose: float
    per_day: float | None
    current: bool
    raw: str
    span: tuple[int, int]

    @property
    def daily(self) -> float | None:
        return self.dose * self.per_day if self.per_day is not None else None


def _per_day(after: str) -> float | None:
    spans = sentence_spans(after)
    clause = after[: spans[0][1]] if spans else after
    if _PRN.search(clause):
        return None  # as needed: not a regular dose, whatever its stated maximum
    best: tuple[int, float] | None = None
    for pattern, kind in _FREQUENCIES:
        match = pattern.search(clause)
        if match is None:
            continue
        if kind == "every":
            hours = int(match["n"])
            value = 24 / hours if 0 < hours <= 24 else None
        elif kind == "n":
            token = match["n"].lower()
            value = float(_WORDS.get(token) or int(token))
        else:
            value = float(kind)  # type: ignore[arg-type]
        if value is not None and (best is None or match.start() < best[0]):
            best = (match.start(), value)
    return best[1] if best else None


def _canonical(drug: str, per_hour: bool, text_around: str) -> str:
    name = _BRANDS.get(drug.lower(), drug.lower())
    if name == "fentanyl":
        return FENTANYL_PATCH if per_hour or re.search(r"(?i:patch|transdermal)", text_around) else name
    return name


def _is_current(text: str, position: int) -> bool:
    sentence = sentence_at(text, position)
    past = [m for m in _PAST.finditer(sentence) if not (m.group(0).lower() == "ago" and _STARTED.search(sentence))]
    return not past


def read_regimens(text: str) -> list[Regimen]:
    """Every steroid or opioid regimen with a dose, in text order (see the module docstring)."""
    found: list[Regimen] = []
    drugs = list(_DRUG.finditer(text))
    for index, drug in enumerate(drugs):
        following = drugs[index + 1].start() if index + 1 < len(drugs) else len(text)
        dose = _DOSE.match(text, drug.end())
        if dose is None:
            continue
        micrograms = dose["unit"].lower() in {"µg", "μg", "mcg", "ug", "microgram", "micrograms"}
        name = _canonical(drug["drug"], bool(dose["per_hour"]), text[drug.start() : dose.end() + 40])
        if name == "fentanyl" or (micrograms and name != FENTANYL_PATCH):
            continue  # buccal/IV fentanyl in µg and other µg doses: no regular MME factor here
        if name not in MME_FACTORS and name not in STEROID_EQUIVALENTS:
            continue
        partner_first = dose["second"] and _PARTNER_FIRST.search(text[max(0, drug.start() - 16) : drug.start()])
        amount = float(dose["second"] if partner_first else dose["dose"])
        after = text[dose.end() : min(dose.end() + _WINDOW, following)]  # a frequency never comes from the next drug
        count = _COUNT.match(after)
        if count is not None:
            amount *= _WORDS.get(count["count"].lower()) or int(count["count"])
            after = after[count.end() :]  # "two tablets daily": the count is per dose, "daily" the frequency
        per_day = 1.0 if name == FENTANYL_PATCH else _per_day(after)
        current = _is_current(text, drug.start())
        found.append(
            Regimen(name, amount, per_day, current, text[drug.start() : dose.end()], (drug.start(), dose.end()))
        )
    return found


_TO = re.compile(
    rf"(?i:(?:in|into|to|as)\s+(?:an?\s+)?(?:equivalent\s+(?:dose\s+)?of\s+)?(?P<to>{'|'.join(STEROID_EQUIVALENTS)})"
    r"(?:[-\s]+equivalents?|\s+terms|\s+dose)?)"
)


def steroid_request(question: str) -> tuple[str | None, str | None]:
    """(from, to) corticosteroids a conversion question names: "total daily dexamethasone dose expressed in
    prednisone-equivalent milligrams" → ("dexamethasone", "prednisone"). Either is None when not named."""
    target = _TO.search(question)
    to_drug = target["to"].lower() if target else None
    names = [m.lower() for m in re.findall(rf"(?i:\b(?:{'|'.join(STEROID_EQUIVALENTS)})\b)", question)]
    from_drug = next((name for name in names if name != to_drug), None)
    return from_drug, to_drug
