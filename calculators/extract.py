"""Deterministic input extraction from a free-text case, and which calculators it makes (mostly) computable.

Only what text states is taken: numbers with units (`calculators.measurements`), age, sex, and a short list of
unambiguous findings ("history of CHF", "no cough", "intubated"). A finding that is not mentioned stays missing —
absence of a mention is not a "no" — so the model (through constrained JSON) or the user fills it in.

    @dataclass(frozen=True) class Found: name: str; value: float | bool | str; raw: str; span: tuple[int, int]
    extract_inputs(text) -> dict[str, Measurement | Found]      # input name → first mention, with its span
    find_applicable(text) -> list[tuple[CalculatorSpec, dict[str, Measurement | Found], list[str]]]
    as_values(found) -> tuple[dict[str, object], dict[str, str]]  # (values, units) ready for compute()
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from calculators.drugs import MME_FACTORS, STEROID_EQUIVALENTS
from calculators.gcs_words import read_gcs
from calculators.measurements import Measurement, extract_measurements
from calculators.regimens import read_regimens, steroid_request
from calculators.registry import REGISTRY
from calculators.spec import CalculatorSpec, InputSpec, fmt
from calculators.units import convert
from core.text import sentence_at, sentence_spans

MME_SLOTS = 3  # the MME calculator's opioid slots

__all__ = ["Found", "as_values", "current_measurements", "extract_inputs", "find_applicable", "fits"]


@dataclass(frozen=True)
class Found:
    """An input read from words rather than a measurement (sex, a history item); span locates it in the text."""

    name: str
    value: float | bool | str
    raw: str
    span: tuple[int, int]


# A NegEx-style window: a negation cue earlier in the same sentence, with at most 8 words and no contrast word
# ("but", "has", "reports") between the cue and the finding ("denies chest pain, dyspnoea or haemoptysis").
# "never had" / "has not had": the verb belongs to the cue, so it is not read as a contrast ("had chest pain").
_CUE = re.compile(
    r"(?i:\b(?:no|denies|denied|denying|without|negative\s+for|absence\s+of|free\s+of|"
    r"(?:never|not)(?:\s+(?:had|has|have|been\s+diagnosed\s+with|experienced|suffered\s+from))?)\b)"
)
_CONTRAST = re.compile(
    r"(?i:\b(?:but|however|although|though|yet|except|has|have|had|reports?|presents?|with|"
    r"complains?|developed|positive)\b)"
)

# Input name → regex of a positive mention. Each applies to every calculator input of that name.
_FINDINGS: dict[str, str] = {
    "chf": r"congestive\s+heart\s+failure|heart\s+failure|\bCHF\b|\bHF[rp]EF\b|reduced\s+ejection\s+fraction",
    "cardiac_failure": r"congestive\s+heart\s+failure|heart\s+failure|\bCHF\b|\bHF[rp]EF\b",
    "hypertension": r"hypertension|\bHTN\b|high\s+blood\s+pressure",
    "diabetes": r"diabetes(?!\s+insipidus)|\bT[12]DM\b|\bDM\b|diabetic",
    "stroke_tia": r"stroke|\bTIA\b|transient\s+isch(?:a)?emic\s+attack|\bCVA\b|cerebrovascular\s+accident",
    "stroke": r"stroke|\bCVA\b|cerebrovascular\s+accident",
    "cerebrovascular_disease": r"stroke|\bTIA\b|transient\s+isch(?:a)?emic\s+attack|\bCVA\b|cerebrovascular",
    "hemoptysis": r"ha?emoptysis|coughing\s+(?:up\s+)?blood",
    "confusion": r"confus(?:ed|ion)|disoriented|altered\s+mental\s+status|\bAMS\b|obtunded",
    "altered_mentation": r"confus(?:ed|ion)|disoriented|altered\s+mental\s+status|\bAMS\b|obtunded|somnolent",
    "altered_mental_status": r"confus(?:ed|ion)|disoriented|altered\s+mental\s+status|\bAMS\b|obtunded",
    "mechanical_ventilation": r"intubated|mechanical(?:ly)?\s+ventilat(?:ed|ion)|on\s+(?:the\s+)?ventilator",
    "melena": r"mela?ena|black,?\s+tarry\s+stools?",
    "syncope": r"syncop(?:e|al)|passed\s+out|fainted",
    "dialysis": r"ha?emodialysis|dialysis|\bCVVHD\b|\bCRRT\b",
    "nursing_home": r"nursing\s+home|long[-\s]term\s+care\s+facility|care\s+home",
    "pleural_effusion": r"pleural\s+effusions?",
    "copd": r"\bCOPD\b|chronic\s+obstructive\s+pulmonary",
    "dementia": r"dementia|alzheimer",
    "hormone_use": r"oral\s+contraceptives?|\bOCPs?\b|birth\s+control\s+pills?|hormone\s+replacement"
    r"|estrogen\s+therapy",
    "hormones": r"oral\s+contraceptives?|\bOCPs?\b|birth\s+control\s+pills?|hormone\s+replacement",
    "previous_vte": r"(?:history\s+of|prior|previous|h/o)\s+(?:\w+\s+){0,2}(?:DVT|PE|VTE|deep\s+ve(?:in|nous)\s+"
    r"thrombosis|pulmonary\s+embol(?:ism|us))",
    "previous_dvt": r"(?:history\s+of|prior|previous|h/o)\s+(?:\w+\s+){0,2}(?:DVT|deep\s+ve(?:in|nous)\s+thrombosis)",
    "history_vte": r"(?:history\s+of|prior|previous|h/o)\s+(?:\w+\s+){0,2}(?:DVT|PE|VTE|deep\s+ve(?:in|nous)\s+"
    r"thrombosis|pulmonary\s+embol(?:ism|us))",
    "liver_disease": r"cirrhosis|liver\s+disease|hepatic\s+disease|chronic\s+hepatitis",
    "hepatic_disease": r"cirrhosis|liver\s+disease|hepatic\s+disease|chronic\s+hepatitis",
    "peptic_ulcer": r"peptic\s+ulcer|gastric\s+ulcer|duodenal\s+ulcer",
    "leukemia": r"leuka?emia",
    "lymphoma": r"lymphoma",
    "aids": r"\bAIDS\b",
    "hemiplegia": r"hemiplegi[ac]|hemiparesis",
    "mi": r"myocardial\s+infarction|\b(?-i:N?STEMI|MI)\b|heart\s+attack",
    "ischemic_heart_disease": r"myocardial\s+infarction|\b(?-i:N?STEMI|MI|CAD|IHD|PCI|CABG)\b|heart\s+attack|angina"
    r"|coronary\s+(?:artery|heart)\s+disease|coronary\s+(?:stent|bypass)|isch(?:a)?emic\s+heart\s+disease",
    "vascular_disease": r"myocardial\s+infarction|\b(?-i:N?STEMI|MI|PAD|PVD)\b|heart\s+attack|peripheral\s+"
    r"(?:arterial|artery|vascular)\s+disease|aortic\s+plaque|intermittent\s+claudication",
    "peripheral_vascular_disease": r"\b(?-i:PAD|PVD)\b|peripheral\s+(?:arterial|artery|vascular)\s+disease"
    r"|intermittent\s+claudication",
    "insulin": r"\binsulin\b(?!\s+(?:resistance|sensitivity|level|concentration|\d))|\binsulin\s+glargine",
    "varicose_veins": r"varicose\s+veins?|varicosities",
    "fracture": r"(?:hip|pelvi[cs]|femur|femoral(?:\s+neck)?|neck\s+of\s+femur|tibial?|leg)\s+fracture"
    r"|fractured?\s+(?:\w+\s+){0,2}(?:hip|pelvis|femur|tibia)",
    "drugs": r"\b(?:aspirin|clopidogrel|prasugrel|ticagrelor|dipyridamole|NSAIDs?|ibuprofen|naproxen|diclofenac"
    r"|celecoxib)\b|antiplatelet",
    "sepsis": r"\bsep(?:sis|tic)\b|urosepsis",
    "lung_disease": r"\bCOPD\b|chronic\s+obstructive\s+pulmonary|emphysema|pulmonary\s+fibrosis"
    r"|interstitial\s+lung\s+disease",
    "malignancy": r"cancer|carcinoma|malignan(?:cy|t)|metasta(?:sis|ses|tic)|lymphoma|leuka?emia|myeloma|sarcoma",
    "active_cancer": r"cancer|carcinoma|malignan(?:cy|t)|metasta(?:sis|ses|tic)|lymphoma|leuka?emia|myeloma|sarcoma",
}
# A cancer the text puts in the past ("breast cancer treated 12 years ago", "in remission") is neither active nor
# absent for the scores that count active malignancy: the mention is left for the model or the user.
_REMOTE = re.compile(r"(?i:\b(?:\d+|several|many)\s+years\s+ago\b|\bin\s+remission\b|\bremote\s+history\b|\bcured\b)")
_REMOTE_SENSITIVE = {"malignancy", "active_cancer"}
_LOOKED_FOR = re.compile(r"(?i:\s+(?:screening|risk|prevention|awareness|surveillance)\b)")
# A finding of someone else ("her mother died of breast cancer") or one only looked for ("screening for colon cancer",
# "to rule out a stroke") is not the patient's: such a mention is skipped, neither yes nor no.
_NOT_THE_PATIENTS = re.compile(
    r"(?i:\b(?:family\s+history|mother|father|brother|sister|sibling|parent|grandmother|grandfather|aunt|uncle|"
    r"cousin|screening|risk\s+of|at\s+risk|rule\s+out|ruled\s+out|r/o|to\s+exclude|suspected|possible|\?)\b"
    r"[^.;]{0,40}$)"
)
# Findings whose explicit absence fills the input with True ("no cough" → cough_absent).
_ABSENCE_MEANS_TRUE: dict[str, str] = {"cough_absent": r"cough", "no_cough_coryza": r"cough|coryza"}

# "alert" as ACVPU's A: not a "sepsis alert", not "less alert than usual", not "A&O x2".
_ALERT = re.compile(
    r"(?i:(?<!sepsis )(?<!trauma )(?<!stroke )(?<!code )(?<!clinical )(?<!medical )(?<!less )(?<!more )(?<!not )"
    r"\balert\b(?!\s+(?:to|bracelet|card|was|team|call))|\bA\s*&\s*O\s*[x×]\s*3\b)"
)
_CONFUSED = REGISTRY["news2"].input("consciousness").choices[1]  # NEWS2's "new confusion, voice, pain, unresponsive"
_FEMALE = re.compile(r"(?i:\b(?:woman|female|girl|lady|mrs|ms|pregnant|gravida|g\d+p\d+)\b)")
_MALE = re.compile(r"(?i:\b(?:man|male|boy|gentleman|mr)\b)")
_SHE = re.compile(r"(?i:\b(?:she|her|hers)\b)")
_HE = re.compile(r"(?i:\b(?:he|his|him)\b)")


def _sex(text: str) -> Found | None:
    for female, male in ((_FEMALE, _MALE), (_SHE, _HE)):
        women, men = list(female.finditer(text)), list(male.finditer(text))
        if women and not men:
            return Found("sex", "female", women[0].group(0), women[0].span())
        if men and not women:
            return Found("sex", "male", men[0].group(0), men[0].span())
    return None


def _negated(text: str, start: int) -> bool:
    sentence = re.split(r"[.;:]", text[max(0, start - 120) : start])[-1]
    cues = list(_CUE.finditer(sentence))
    if not cues:
        return False
    between = sentence[cues[-1].end() :]
    return len(between.split()) <= 8 and not _CONTRAST.search(between)


def _findings(text: str) -> dict[str, Found]:
    found: dict[str, Found] = {}
    for name, pattern in _FINDINGS.items():
        for match in re.finditer(rf"(?i:{pattern})", text):
            if name in _REMOTE_SENSITIVE and _REMOTE.search(sentence_at(text, match.start())):
                continue
            if _NOT_THE_PATIENTS.search(text[max(0, match.start() - 60) : match.start()]) or _LOOKED_FOR.match(
                text, match.end()
            ):
                continue
            positive = not _negated(text, match.start())
            if positive or name not in found:  # a positive mention settles it; a negated one may be followed by one
                found[name] = Found(name, positive, match.group(0), match.span())
            if positive:
                break
    for name, pattern in _ABSENCE_MEANS_TRUE.items():
        mentions = list(re.finditer(rf"(?i:\b(?:{pattern})\b)", text))
        positive = next((m for m in mentions if not _negated(text, m.start())), None)
        if positive is not None:  # any affirmed mention ("productive cough") means the finding is present
            found[name] = Found(name, False, positive.group(0), positive.span())
        elif mentions:
            found[name] = Found(name, True, mentions[0].group(0), mentions[0].span())
    found.update(_graded(text))
    return found


# Child–Pugh's graded findings, read only from explicit wording.
_GRADED: tuple[tuple[str, str, str], ...] = (
    ("ascites", r"\b(?:no|without|absent)\s+(?:\w+\s+){0,2}?ascites|ascites\s*(?:was|is)?\s*(?:absent|none)", "absent"),
    ("ascites", r"\b(?:mild|slight|small|minimal|trace)\s+(?:\w+\s+)?ascites", "slight"),
    ("ascites", r"\b(?:moderate|large|massive|tense|severe|significant|gross)\s+(?:\w+\s+)?ascites", "moderate"),
    ("encephalopathy", r"\b(?:no|without)\s+(?:\w+\s+){0,2}?encephalopathy", "none"),
    ("encephalopathy", r"\b(?:grade\s*(?:1|2|i|ii)|mild|minimal)\s+(?:hepatic\s+)?encephalopathy", "grade 1-2"),
    (
        "encephalopathy",
        r"\b(?:grade\s*(?:3|4|iii|iv)|severe)\s+(?:hepatic\s+)?encephalopathy|hepatic\s+coma",
        "grade 3-4",
    ),
)


def _graded(text: str) -> dict[str, Found]:
    graded: dict[str, Found] = {}
    for name, pattern, value in _GRADED:
        match = re.search(rf"(?i:{pattern})", text)
        if match and name not in graded:
            graded[name] = Found(name, value, match.group(0), match.span())
    return graded


# A value the text marks as a past or reference one ("her baseline creatinine was 0.8", "creatinine 1.1 mg/dL a year
# ago"): the current value, when the text also gives one, is the one a calculator needs.
_HISTORICAL_BEFORE = re.compile(
    r"(?i:\b(?:baseline|usual|previous|prior|pre-?admission|pre-?operative)\s+(?:\w+\s+){0,2}$)"
)
_HISTORICAL_AFTER = re.compile(r"(?i:^[^;(]{0,25}?\b(?:ago|last\s+(?:year|month|week)|previously|at\s+baseline)\b)")
_HISTORICAL_INSIDE = re.compile(r"(?i:\bbaseline\b)")


def _to_sentence_end(window: str) -> str:
    spans = sentence_spans(window)
    return window[: spans[0][1]] if spans else window


def is_historical(text: str, measurement: Measurement) -> bool:
    """Whether the text marks this value as a past or baseline one rather than a current one."""
    start, end = measurement.span
    before = text[max(0, start - 40) : start]
    return bool(
        _HISTORICAL_BEFORE.search(before)
        or _HISTORICAL_AFTER.search(_to_sentence_end(text[end : end + 40]))
        or _HISTORICAL_INSIDE.search(measurement.raw)
    )


def current_measurements(text: str) -> list[Measurement]:
    """Every measurement, minus a past or baseline value of an analyte the text also gives a current value of."""
    measurements = extract_measurements(text)
    historical = {id(m) for m in measurements if is_historical(text, m)}
    current_names = {m.name for m in measurements if id(m) not in historical}
    return [m for m in measurements if id(m) not in historical or m.name not in current_names]


def _first_measurements(text: str) -> dict[str, Measurement]:
    first: dict[str, Measurement] = {}
    for measurement in current_measurements(text):
        first.setdefault(measurement.name, measurement)
    urea = first.get("urea")
    if "bun" not in first and urea is not None:  # serum urea mmol/L → BUN mg/dL (× 2.801), shown in `original`
        first["bun"] = Measurement(
            "bun",
            convert(urea.value, "mmol/L", "mg/dL", "bun"),
            "mg/dL",
            urea.raw,
            urea.span,
            original=f"urea {urea.original}",
            unit_assumed=urea.unit_assumed,
        )
    return first


# "on 40% oxygen", "oxygen at 35%", "28% Venturi mask": the delivered fraction, as FiO₂.
_OXYGEN_PERCENT = re.compile(
    r"(?i:\b(?P<a>[2-9]\d|100)\s*%\s*(?:(?:oxygen|O2)(?!\s*sat)|FiO2|venturi|face\s*mask|high[-\s]flow)"
    r"|\b(?:on|via|receiving|given)\s+(?:supplemental\s+)?(?:oxygen|O2)\s+(?:at\s+|of\s+)?(?P<b>[2-9]\d|100)\s*%)"
)


def _oxygen_fraction(text: str) -> Found | None:
    match = _OXYGEN_PERCENT.search(text)
    if match is None:
        return None
    return Found("fio2", int(match["a"] or match["b"]) / 100, match.group(0), match.span())


def _gcs_inputs(text: str, question: str) -> dict[str, Found]:
    """E, V and M from described responses; their sum as the GCS a score needs when all three are described; and
    NEWS2's consciousness level (anything short of E4 V5 M6 is not "alert")."""
    exam = read_gcs(text, question)
    if exam is None:
        return {}
    found: dict[str, Found] = {}
    for name in ("eye", "verbal", "motor"):
        points = getattr(exam, name)
        if points is not None:
            found[name] = Found(name, float(points), exam.raw, exam.span)
    if exam.total is not None:
        found["gcs"] = Found("gcs", float(exam.total), exam.raw, exam.span)
        level = "alert" if exam.total == 15 else _CONFUSED
        found["consciousness"] = Found("consciousness", level, exam.raw, exam.span)
    return found


def _regimen_inputs(text: str, question: str) -> dict[str, Found]:
    """The dose-equivalence calculators' inputs: the steroids a conversion names (the question, else the text) with
    the daily dose of the one converted from; the current opioid regimens as MME's slots (at most three)."""
    regimens = read_regimens(text)
    current = [r for r in regimens if r.current and r.daily is not None]
    found: dict[str, Found] = {}
    from_drug, to_drug = steroid_request(question or text)
    steroids = [r for r in current if r.drug in STEROID_EQUIVALENTS]
    if from_drug is None and len({r.drug for r in steroids}) == 1:
        from_drug = steroids[0].drug
    source = next((r for r in steroids if r.drug == from_drug), None)
    if from_drug is not None and source is not None:
        found["from_drug"] = Found("from_drug", from_drug, source.raw, source.span)
        found["dose"] = Found("dose", source.daily, f"{source.raw} × {fmt(source.per_day)}/day", source.span)
    if to_drug is not None:
        found["to_drug"] = Found("to_drug", to_drug, to_drug, (0, 0))
    # Every current opioid takes a slot, one without a regular frequency too (its doses per day stay missing), so
    # the MME is never shown as complete while an opioid the text names is left out of it.
    opioids = [r for r in regimens if r.current and r.drug in MME_FACTORS]
    if len(opioids) > MME_SLOTS:  # a total over three of four opioids would mislead: the user enters them
        opioids = []
    for slot, regimen in enumerate(opioids, start=1):
        found[f"drug_{slot}"] = Found(f"drug_{slot}", regimen.drug, regimen.raw, regimen.span)
        found[f"dose_{slot}"] = Found(f"dose_{slot}", regimen.dose, regimen.raw, regimen.span)
        if regimen.per_day is not None:
            found[f"doses_per_day_{slot}"] = Found(f"doses_per_day_{slot}", regimen.per_day, regimen.raw, regimen.span)
    return found


def extract_inputs(text: str, question: str = "") -> dict[str, Measurement | Found]:
    """Every input name the text states, mapped to its first mention (measurement or word finding). `question`
    (what is asked of the text, e.g. "the GCS on arrival") picks between several described examinations."""
    inputs: dict[str, Measurement | Found] = dict(_first_measurements(text))
    sex = _sex(text)
    if sex is not None:
        inputs["sex"] = sex
    for name, found in _gcs_inputs(text, question).items():
        inputs.setdefault(name, found)  # a GCS stated as a number wins over one summed from words
    inputs.update(_regimen_inputs(text, question))
    oxygen = _oxygen_fraction(text)
    if oxygen is not None:
        inputs.setdefault("fio2", oxygen)
    for name, finding in _findings(text).items():
        if not isinstance(inputs.get(name), Measurement):  # "insulin 12 µU/mL" is HOMA-IR's number, not RCRI's flag
            inputs[name] = finding
    confusion = inputs.get("confusion")
    if isinstance(confusion, Found) and confusion.value is True:  # NEWS2's ACVPU: new confusion scores as "C"
        inputs.setdefault("consciousness", Found("consciousness", _CONFUSED, confusion.raw, confusion.span))
    alert = _ALERT.search(text)
    if alert is not None and not _negated(text, alert.start()):
        inputs.setdefault("consciousness", Found("consciousness", "alert", alert.group(0), alert.span()))
    spo2 = inputs.get("spo2")
    if isinstance(spo2, Measurement) and spo2.qualifier:
        on_oxygen = spo2.qualifier == "supplemental oxygen"
        inputs.setdefault("supplemental_oxygen", Found("supplemental_oxygen", on_oxygen, spo2.raw, spo2.span))
        if not on_oxygen and "fio2" not in inputs:  # room air is FiO₂ 0.21 by definition
            inputs["fio2"] = Found("fio2", 0.21, spo2.raw, spo2.span)
    return inputs


def as_values(found: dict[str, Measurement | Found]) -> tuple[dict[str, object], dict[str, str]]:
    """(values, units) for `compute` from extracted inputs (measurements are already in canonical units)."""
    values: dict[str, object] = {}
    units: dict[str, str] = {}
    for name, item in found.items():
        values[name] = item.value
        if isinstance(item, Measurement) and item.unit:
            units[name] = item.unit
    return values, units


def fits(spec: InputSpec, item: Measurement | Found | None) -> bool:
    """Whether an extracted item can fill this input (a yes/no "diabetes" cannot fill Charlson's diabetes choice)."""
    if item is None:
        return False
    if spec.kind == "number":
        return isinstance(item.value, float | int) and not isinstance(item.value, bool)
    if spec.kind == "bool":
        return isinstance(item.value, bool)
    if spec.kind == "choice":
        return isinstance(item.value, str) and item.value in spec.choices
    return False


def find_applicable(
    text: str, min_fraction: float = 0.5
) -> list[tuple[CalculatorSpec, dict[str, Measurement | Found], list[str]]]:
    """Calculators with at least `min_fraction` of their required inputs stated in `text` (and at least two, or
    all when a calculator needs fewer): each with the inputs found (source spans included) and the missing required
    inputs, never guessed. Most complete first."""
    inputs = extract_inputs(text)
    ranked: list[tuple[float, int, CalculatorSpec, dict[str, Measurement | Found], list[str]]] = []
    for spec in REGISTRY.values():
        required = [item.name for item in spec.inputs if not item.optional]
        present = {item.name: inputs[item.name] for item in spec.inputs if fits(item, inputs.get(item.name))}
        missing = [name for name in required if name not in present]
        have = len(required) - len(missing)
        fraction = have / len(required) if required else 0.0
        if fraction >= min_fraction and have >= min(2, len(required)):
            ranked.append((fraction, have, spec, present, missing))
    ranked.sort(key=lambda item: (-item[0], -item[1], item[2].id))
    return [(spec, present, missing) for _, _, spec, present, missing in ranked]
