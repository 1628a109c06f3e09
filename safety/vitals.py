"""Vital signs, age and gestation read from free text, with units, and the early-warning scores built on them.

A thin adapter of our own: it reads what triage needs (values with the text they came from) so the rules can run
before `calculators/measurements.py` lands; swapping it for that parser only changes `read_vitals`.

Unit handling: temperatures above 50 are Fahrenheit unless marked °C; glucose is mmol/L unless marked mg/dL or
above 35 (no adult mmol/L value is that high, and no mg/dL value that low is compatible with a conscious patient).
Scores: NEWS2 (Royal College of Physicians 2017, chart 1, SpO2 scale 1) and qSOFA (Seymour et al., JAMA 2016),
computed from the parameters present; a missing parameter scores 0, so a computed score is a lower bound and a
threshold it reaches is reached for certain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NUM = r"(\d{1,3}(?:\.\d+)?)"
_SEP = (
    r"[\s:=~≈(]*(?:(?:of|is|was|are|were|at|approx\.?|around|about|only|just|keeps?|kept|down to|up to|reading|"
    r"readings?|now|meas"
    r"ured|"
    r"recorded|machine|meter|monitor|level|levels|says?|said|shows?|showed|reads?|gives?|gave|came back|very low|"
    r"low|high|very high|dropped to|dropping to|drops to|fell to|falling to|fallen to|falls to|decreased to|"
    r"rising to|rose to|risen to|climbing to|increased to|went (?:up|down) to)[\s:=~≈(]*)*"
)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_BP = _rx(r"\b(?:bp|b/p|blood pressure|nibp|abp|pressure)" + _SEP + r"(\d{2,3})\s*(?:/|over)\s*(\d{2,3})")
_BP_BARE = _rx(r"\b(\d{2,3})\s*/\s*(\d{2,3})\s*(?:mm\s*hg|mmhg)")
_SBP = _rx(r"\b(?:sbp|systolic(?:\s+(?:bp|blood pressure))?|sys)" + _SEP + r"(\d{2,3})")
# "BP 70s", "systolic in the 130s": the decade's top (79, 139), so a rule on SBP < 90 fires for the 70s and 80s only.
# Only after words that name the systolic or the blood pressure ("peak pressures in the 40s" on a ventilator, "PA
# pressure in the 50s" are other pressures).
_SBP_DECADE = _rx(r"\b(?:bp|sbp|systolics?|systolic (?:bp|blood pressure))" + _SEP + r"(?:in the )?(1\d|[4-9])0'?s\b")
# A slow breathing rate read on its own: a whole number after its label, not a relative risk ("RR 2.1 (95% CI"), a
# range or a schedule ("RR 4 hourly").
_RR_SLOW = _rx(
    r"\b(?:rr|resp(?:iratory)?\.? ?rate|resps?|breathing rate|respirations?)" + _SEP + r"([2-8])\b"
    r"(?![.,]\d|\s*(?:-|–|to)\s*\d|\s*(?:-?hourly|h\b|hrs?\b|hours?\b|x\b|times|%|/7|mins? after|minutes after))"
)
_HR = _rx(
    r"\b(?:hr|heart rate|pulse(?: rate)?|p|pr|heart)"
    + _SEP
    + r"(\d{2,3})(?!\s*/)\b|\b(\d{2,3})\s*(?:bpm|beats? (?:per|a|/) ?min)"
    r"|tachycardic?\s*(?:at|to|of|with hr)?\s*(\d{2,3})"
)
_RR = _rx(
    r"\b(?:rr|resp(?:iratory)?\.? ?rate|resps?|breathing rate|respirations?)" + _SEP + r"(\d{1,2})\b"
    r"|\b(\d{1,2})\s*(?:breaths?\s*(?:per|a|/)\s*min|/min breaths)|tachypno?eic?\s*(?:at|to|of)?\s*(\d{1,2})\b"
)
_SPO2 = _rx(
    r"\b(?:spo2|sp02|sao2|o2 sats?|o2 saturations?|sats?|saturations?|saturating|oxygen(?: saturation| sat| level)?s?"
    r"|pulse ox(?:imetry)?|oxygen levels?)" + _SEP + r"(\d{2,3})\s*%?"
    r"|\b(\d{2,3})\s*%\s*(?:on|in)\s*(?:room air|ra|air|\d+\s*l)"
)
_TEMP = _rx(
    r"\b(?:t|temp(?:erature)?|tmax|t max|fever(?: of)?|febrile(?: to| at| with)?|pyrexial?(?: to| at| of)?|feverish|"
    r"hot|thermometer(?: says| reads| showed| shows)?)"
    + _SEP
    + r"(\d{2,3}(?:\.\d+)?)\s*(°\s*[cf]|º\s*[cf]|degrees?\s*[cf]\w*|deg\s*[cf]|[cf]\b)?"
    r"|\b(\d{2,3}(?:\.\d+)?)\s*(°\s*[cf]|º\s*[cf]|degrees?\s*(?:c|f|celsius|fahrenheit|centigrade)\b|deg\s*[cf]\b|[cf]"
    r"\b)"
    # a bare 35.0-42.9 read where it was measured: "38.3 on the forehead thermometer", "38.6 under the arm"
    r"|\b(3[5-9]\.\d|4[0-2]\.\d)\s+(?:on|in|under|with|by|from) (?:the |his |her |their |my |a |an )?(?:\w+ )?(?:t"
    r"hermometer|arm|armpit|ear|forehead|mouth|bottom)\b"
)
_GCS = _rx(r"\bgcs" + _SEP + r"(\d{1,2})(?:\s*/\s*15)?\b|\bE\s?([1-4])\s?V\s?([1-5T])\s?M\s?([1-6])\b")
_GLUCOSE = _rx(
    r"\b(?:glucose|blood sugars?|sugars?|bm|cbg|bgl?|bsl|blood glucose|capillary glucose|fingerstick|finger-?prick|gl"
    r"uc|glucometer|(?<!flow )(?<!ketone )(?<!ketones )meter|libre|dexcom|cgm)"
    + _SEP
    + r"(\d{1,3}(?:\.\d+)?)\s*(mmol/?l|mmol|mg/?dl|mg)?"
)
_POTASSIUM = _rx(r"\b(?:k\+?|potassium|serum k)" + _SEP + r"(\d(?:\.\d+)?)\s*(?:mmol/?l|meq/?l|mm)?")
_OXYGEN = _rx(
    r"\bon\s+(?:\d+(?:\.\d+)?\s*(?:l|litres?|liters?|lpm)\b|oxygen|o2|nrb|non-rebreather|high[- ]flow|cpap|bipap)"
)
_AGE = _rx(
    r"\b(\d{1,3}(?:\.\d)?)\s*[- ]?\s*(days?|d|weeks?|wks?|wk|w|months?|mths?|mos?|m|years?|yrs?|yr|y)\s*[- ]?old\b"
    r"|\b(?:aged?|age:?)\s*(\d{1,3}(?:\.\d)?)\s*(days?|d|weeks?|wks?|w|months?|mths?|mos?|years?|yrs?|y)?\b"
    r"|\b(\d{1,3})\s*(?:yo|y/o|y\.o\.|yr|yrs|years?)\b(?!\s*ago)"
    r"|\b(\d{1,2})/(52|12)\b"
    r"|\b(\d{1,3})\s?(?:(?-i:M|F)|male|female|man|woman|boy|girl)\b"
    r"|\b(?:baby|infant|newborn|son|daughter|boy|girl|he|she|child|grandson|granddaughter|niece|nephew)(?:'s|\s+is|"
    r"\s+was|\s+aged|\s+of|\s+only|\s+just|\s+about|,)*\s*(\d{1,2}(?:\.\d)?)\s*(days?|d|weeks?|wks?|w|months?|mths?|m"
    r"os?)\b(?!\s*(?:ago|pr"
    r"egnant))"
    r"|\b(\d{1,2})[- ](days?|weeks?|months?)[- ](?:old[- ])?(?:baby|infant|boy|girl|son|daughter|newborn)"
    # 10.4.0: where the baby is ("Baby in front of me is 6 weeks"; not "the baby in the photo", a second review)
    r"|\b(?:baby|infant|newborn)(?: (?:boy|girl))? (?:in front of (?:me|us)|here|with (?:me|us)) (?:is|was)\s+(\d{1,2})"
    r"\s*(days?|weeks?|wks?|months?|mths?)\b(?!\s*(?:ago|pregnant|old|long|early|overdue|premature))"
)
_AGE_WORD_INFANT = _rx(
    r"\b(?:newborn|new-born|neonat\w*|new baby|(?:just|only) born|born (?:\d+|a few|two|three) days ago)"
)
_GESTATION = _rx(
    r"\b(\d{1,2})(?:\+\d)?\s*(?:/40\b|\s*(?:weeks?|wks?|w)\b\s*(?:\+\s*\d\s*(?:days?|d)?\s*)?"
    r"(?:pregnant|gestation|gestational|of pregnancy|pregnancy|ga\b|gest\b|into (?:my|her|the) pregnancy|along)?)"
    r"|\b(?:ga|gestation(?:al age)?|pregnant)\s*(?:of|at|:|,)?\s*(\d{1,2})\s*(?:weeks?|wks?|w|/40)"
    r"|\b(\d)\s*(?:months?)\s*pregnant"
    r"|\bpregnan\w*\s*(?:for |with |of |maybe |about |around |approx\.? |nearly |almost |already )*(\d)\s*months?"
    r"|\bpregnan\w*\s*(?:for |with |of |maybe |about |around |approx\.? |nearly |almost |already |at )*(\d{1,2})\s*"
    r"(?:weeks?|wks?|w)\b"
)
_PREGNANT = _rx(
    r"\bpregnan|\bgravid|\bantenatal|\bcontractions|\bmidwife|\bbaby (?:is )?(?:moving|kicking)|\bf(?:o)?etal movemen"
    r"ts|\bprimip|\bmultip|\bG\d\s*P\d|\b\d+/40\b|\bexpecting (?:a|my|our|her)"
)
_TRIMESTER = _rx(r"\b(third|3rd|second|2nd|late) trimester|\bat term\b|\bterm pregnancy|\bnear (?:term|due)")
_EARLY_PREG = _rx(
    r"\b(?:positive|\+ve) (?:pregnancy|preg|hcg|upt|home) test|\bpregnancy test (?:was |is |came back )?positive"
    r"|\b(?:missed|late) (?:my |her )?period|\bperiod (?:is|was) late|\bfirst trimester|\bearly pregnan"
    r"|\bbeta[- ]?hcg|\bhcg (?:of |is |was )?\d|\blmp\b.{0,30}\b(?:[4-9]|1[0-2]) (?:weeks?|wks?)"
)
_CONFUSED = _rx(
    r"\b(?:new(?:ly)? )?confus|\bdisorient|\baltered (?:mental|conscious|mentation|sensorium|gcs)|\bdrowsy|\bobtunded"
    r"|\bnot making sense|\bresponds? (?:only )?to (?:voice|pain)|\bavpu\s*(?:=|:)?\s*[vpu]\b|\bdelirious|\bagitated an"
    r"d"
)

_DAYS_PER = {"d": 1, "w": 7, "m": 30.4, "y": 365.25}


@dataclass(frozen=True)
class Reading:
    value: float
    evidence: str
    span: tuple[int, int]


@dataclass
class Vitals:
    """What the text says, one reading per parameter (the worst one when it gives several)."""

    sbp: Reading | None = None
    hr: Reading | None = None
    rr: Reading | None = None
    spo2: Reading | None = None
    temp_c: Reading | None = None
    gcs: Reading | None = None
    glucose_mmol: Reading | None = None
    potassium: Reading | None = None
    age_days: Reading | None = None
    gestation_weeks: Reading | None = None
    on_oxygen: bool = False
    confused: Reading | None = None
    extras: dict[str, Reading] = field(default_factory=dict)


def _reading(m: re.Match[str], value: float) -> Reading:
    return Reading(value, m.group(0).strip(), m.span())


def _first_group(m: re.Match[str], *idx: int) -> str | None:
    for i in idx:
        if m.group(i):
            return m.group(i)
    return None


def _worst(readings: list[Reading], low_is_bad: bool) -> Reading | None:
    if not readings:
        return None
    return min(readings, key=lambda r: r.value) if low_is_bad else max(readings, key=lambda r: r.value)


def _read_temps(text: str) -> list[Reading]:
    out = []
    for m in _TEMP.finditer(text):
        raw = _first_group(m, 1, 3, 5)
        unit = (_first_group(m, 2, 4) or "").lower()
        if raw is None:
            continue
        value = float(raw)
        labelled = m.group(1) is not None or m.group(5) is not None
        if not unit and not labelled:
            continue
        is_f = "f" in unit or (not unit and value > 50) or ("c" not in unit and value > 50)
        celsius = (value - 32) * 5 / 9 if is_f else value
        if 25 <= celsius <= 45:
            out.append(_reading(m, round(celsius, 1)))
    return out


def _read_glucose(text: str) -> tuple[list[Reading], list[Reading]]:
    """(readings, ambiguous low readings): a bare 25-40 is 25-40 mmol/L or 25-40 mg/dL (1.4-2.2 mmol/L); both are
    dangerous, so the low reading is kept aside for rules that also need symptoms of a low sugar."""
    out, ambiguous = [], []
    for m in _GLUCOSE.finditer(text):
        value, unit = float(m.group(1)), (m.group(2) or "").lower()
        mmol = value / 18.0 if "mg" in unit or (not unit and value > 35) else value
        if 0.5 <= mmol <= 80:
            out.append(_reading(m, round(mmol, 1)))
        if not unit and 25 <= value <= 40:
            ambiguous.append(_reading(m, round(value / 18.0, 1)))
    return out, ambiguous


def _age_days(m: re.Match[str], text: str) -> float | None:
    """Age in days from one _AGE match (groups: 1-2 "N unit old", 3-4 "aged N unit", 5 "N yo", 6-7 "N/52", 8 "67M",
    9-10 "baby is N weeks", 11-12 "N week baby", 13-14 "baby in front of me is N weeks")."""
    if m.group(1):
        value, unit = float(m.group(1)), m.group(2).lower()
    elif m.group(3):
        value, unit = float(m.group(3)), (m.group(4) or "y").lower()
    elif m.group(5):
        value, unit = float(m.group(5)), "y"
    elif m.group(6):
        # UK shorthand: 6/52 = six weeks, 3/12 = three months; only an age where the words around say so
        near = text[max(0, m.start() - 25) : m.end() + 6]
        if not re.search(r"old|age|infant|baby|aged", near, re.I) and not re.match(r"\s?(?-i:[MF])\b", text[m.end() :]):
            return None  # "6/52 F" (an infant and her sex) is an age; "6/52 of cough" is a duration
        value, unit = float(m.group(6)), "w" if m.group(7) == "52" else "m"
    elif m.group(9):
        value, unit = float(m.group(9)), m.group(10).lower()
    elif m.group(11):
        value, unit = float(m.group(11)), m.group(12).lower()
    elif m.group(13):
        value, unit = float(m.group(13)), m.group(14).lower()
    else:
        # "67M" / "54 F": sex after an age, unless the number is a temperature ("T 102F")
        if re.search(
            r"(?:temp|fever|febrile|pyrex|\bt)\w*\W{0,3}(?:of\s)?$", text[max(0, m.start() - 16) : m.start()], re.I
        ):
            return None
        value, unit = float(m.group(8)), "y"
    key = "m" if unit.startswith(("mo", "mth")) or unit == "m" else unit[0]
    return value * _DAYS_PER[key] if key in _DAYS_PER else None


def _read_age(text: str) -> list[Reading]:
    out = []
    for m in _AGE.finditer(text):
        days = _age_days(m, text)
        if days is not None and 0 <= days <= 125 * 365.25:
            out.append(_reading(m, days))
    out += [_reading(m, 7.0) for m in _AGE_WORD_INFANT.finditer(text)]
    return out


def _read_gestation(text: str) -> Reading | None:
    pregnant = _PREGNANT.search(text)
    for m in _GESTATION.finditer(text):
        weeks_raw = _first_group(m, 1, 2, 5)
        months_raw = _first_group(m, 3, 4)
        if weeks_raw is None and months_raw:
            return _reading(m, float(months_raw) * 4.345)
        if weeks_raw is None:
            continue
        weeks = float(weeks_raw)
        # "34 weeks" alone is a gestation only where the text is about a pregnancy (else it is a duration or an age)
        explicit = re.search(r"/40|\d\+\d|pregnan|gestat|ga\b|gest\b|along", m.group(0), re.I)
        if (explicit or pregnant) and 4 <= weeks <= 44 and not re.search(r"old|ago", text[m.end() : m.end() + 6], re.I):
            return _reading(m, weeks)
    m = _TRIMESTER.search(text)
    if m:
        return _reading(m, 20.0 if m.group(1) and m.group(1).lower() in ("second", "2nd") else 28.0)
    return None


def read_vitals(text: str) -> Vitals:
    """Every parameter the rules use, read from `text`; absent parameters stay None."""
    v = Vitals()
    sbps = [_reading(m, float(m.group(1))) for m in _BP.finditer(text)]
    sbps += [_reading(m, float(m.group(1))) for m in _BP_BARE.finditer(text)]
    sbps += [_reading(m, float(m.group(1))) for m in _SBP.finditer(text)]
    sbps += [_reading(m, float(m.group(1)) * 10 + 9) for m in _SBP_DECADE.finditer(text)]
    v.sbp = _worst([r for r in sbps if 40 <= r.value <= 300], low_is_bad=True)
    hrs = [_reading(m, float(_first_group(m, 1, 2, 3) or 0)) for m in _HR.finditer(text)]
    v.hr = _worst([r for r in hrs if 20 <= r.value <= 300], low_is_bad=False)
    rrs = [_reading(m, float(_first_group(m, 1, 2, 3) or 0)) for m in _RR.finditer(text)]
    v.rr = _worst([r for r in rrs if 4 <= r.value <= 80], low_is_bad=False)
    # a slow rate is as dangerous as a fast one (opioid toxicity; NEWS2 scores <= 8 as 3), so the slowest is kept too
    slow = _worst([_reading(m, float(m.group(1))) for m in _RR_SLOW.finditer(text)], low_is_bad=True)
    if slow is not None:
        v.extras["rr_low"] = slow
    sats = [_reading(m, float(_first_group(m, 1, 2) or 0)) for m in _SPO2.finditer(text)]
    v.spo2 = _worst([r for r in sats if 40 <= r.value <= 100], low_is_bad=True)
    temps = _read_temps(text)
    v.temp_c = _worst(temps, low_is_bad=False)
    if temps and min(t.value for t in temps) < 35.0:
        v.extras["hypothermia"] = min(temps, key=lambda r: r.value)
    gcs = []
    for m in _GCS.finditer(text):
        if m.group(1):
            gcs.append(_reading(m, float(m.group(1))))
        else:
            verbal = 1 if m.group(3).upper() == "T" else int(m.group(3))
            gcs.append(_reading(m, float(int(m.group(2)) + verbal + int(m.group(4)))))
    v.gcs = _worst([r for r in gcs if 3 <= r.value <= 15], low_is_bad=True)
    glucose, ambiguous = _read_glucose(text)
    v.glucose_mmol = _worst(glucose, low_is_bad=True)
    if ambiguous:
        v.extras["glucose_low_if_mgdl"] = min(ambiguous, key=lambda r: r.value)
    if glucose:
        v.extras["glucose_high"] = max(glucose, key=lambda r: r.value)
    ks = [_reading(m, float(m.group(1))) for m in _POTASSIUM.finditer(text)]
    v.potassium = _worst([r for r in ks if 1.5 <= r.value <= 10], low_is_bad=False)
    v.age_days = _worst(_read_age(text), low_is_bad=True)
    v.gestation_weeks = _read_gestation(text)
    v.on_oxygen = bool(_OXYGEN.search(text))
    m = _CONFUSED.search(text)
    v.confused = _reading(m, 1.0) if m else None
    return v


def _band(value: float, bands: tuple[tuple[float, float, int], ...]) -> int:
    """Score of the first band [lo, hi] holding value (bands cover the range; NEWS2's printed chart)."""
    for lo, hi, score in bands:
        if lo <= value <= hi:
            return score
    return 0


def news2(v: Vitals) -> tuple[int, int]:
    """(NEWS2 score, parameters present). SpO2 scale 1; supplemental oxygen scores 2."""
    parts = [
        _band(v.rr.value, ((0, 8, 3), (9, 11, 1), (12, 20, 0), (21, 24, 2), (25, 99, 3))) if v.rr else None,
        _band(v.spo2.value, ((0, 91, 3), (91.01, 93, 2), (93.01, 95, 1), (95.01, 100, 0))) if v.spo2 else None,
        _band(v.sbp.value, ((0, 90, 3), (91, 100, 2), (101, 110, 1), (111, 219, 0), (220, 400, 3))) if v.sbp else None,
        _band(v.hr.value, ((0, 40, 3), (41, 50, 1), (51, 90, 0), (91, 110, 1), (111, 130, 2), (131, 400, 3)))
        if v.hr
        else None,
        _band(v.temp_c.value, ((0, 35.0, 3), (35.01, 36.0, 1), (36.01, 38.0, 0), (38.01, 39.0, 1), (39.01, 50, 2)))
        if v.temp_c
        else None,
        3 if (v.confused or (v.gcs and v.gcs.value < 15)) else None,
        2 if v.on_oxygen else None,
    ]
    present = [p for p in parts if p is not None]
    return sum(present), len(present)


def qsofa(v: Vitals) -> int:
    """qSOFA: RR >= 22, altered mentation (confusion or GCS < 15), SBP <= 100; one point each."""
    return (
        int(bool(v.rr and v.rr.value >= 22))
        + int(bool(v.confused or (v.gcs and v.gcs.value < 15)))
        + int(bool(v.sbp and v.sbp.value <= 100))
    )
