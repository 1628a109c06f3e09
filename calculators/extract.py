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

from calculators.measurements import Measurement, extract_measurements
from calculators.registry import REGISTRY
from calculators.spec import CalculatorSpec, InputSpec
from calculators.units import convert

__all__ = ["Found", "as_values", "extract_inputs", "find_applicable"]


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
}
# Findings whose explicit absence fills the input with True ("no cough" → cough_absent).
_ABSENCE_MEANS_TRUE: dict[str, str] = {"cough_absent": r"cough", "no_cough_coryza": r"cough|coryza"}

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


def _first_measurements(text: str) -> dict[str, Measurement]:
    first: dict[str, Measurement] = {}
    for measurement in extract_measurements(text):
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


def extract_inputs(text: str) -> dict[str, Measurement | Found]:
    """Every input name the text states, mapped to its first mention (measurement or word finding)."""
    inputs: dict[str, Measurement | Found] = dict(_first_measurements(text))
    sex = _sex(text)
    if sex is not None:
        inputs["sex"] = sex
    inputs.update(_findings(text))
    confusion = inputs.get("confusion")
    if isinstance(confusion, Found) and confusion.value is True:  # NEWS2's ACVPU: new confusion scores as "C"
        inputs.setdefault("consciousness", Found("consciousness", _CONFUSED, confusion.raw, confusion.span))
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


def _fits(spec: InputSpec, item: Measurement | Found | None) -> bool:
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
        present = {item.name: inputs[item.name] for item in spec.inputs if _fits(item, inputs.get(item.name))}
        missing = [name for name in required if name not in present]
        have = len(required) - len(missing)
        fraction = have / len(required) if required else 0.0
        if fraction >= min_fraction and have >= min(2, len(required)):
            ranked.append((fraction, have, spec, present, missing))
    ranked.sort(key=lambda item: (-item[0], -item[1], item[2].id))
    return [(spec, present, missing) for _, _, spec, present, missing in ranked]
