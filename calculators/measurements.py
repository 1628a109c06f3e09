"""Vitals and laboratory values with their units, read deterministically from free clinical text.

API (stable; the safety rules and the calculators' input extraction use it):

    @dataclass(frozen=True)
    class Measurement:
        name: str            # canonical name, one of NAMES (e.g. "sbp", "heart_rate", "creatinine")
        value: float         # in `unit`, the canonical unit of `name` (converted when the text used another)
        unit: str            # canonical unit, e.g. "mg/dL", "°C", "years"; never chosen silently: see below
        raw: str             # the matched text, e.g. "Cr 124 umol/L"
        span: tuple[int, int]  # raw == text[span[0]:span[1]]
        value2: float | None = None  # a range's upper end ("HR 100-120"), or Y in "from X to Y", in `unit`
        original: str = ""   # number and unit as written before conversion ("124 µmol/L", "101.3 °F", "3 months")
        unit_assumed: bool = False  # True when the text gave no unit and `unit` was inferred from the value's size
        qualifier: str = ""  # spo2: "room air" | "supplemental oxygen" | ""; age: the unit written ("months")

    def extract_measurements(text: str) -> list[Measurement]   # in text order, spans never overlap
    NAMES: tuple[str, ...]  # every canonical name with CANONICAL_UNITS[name]

Blood pressure gives two measurements, "sbp" and "dbp", sharing the raw text and span. A value whose unit is
written but is not a unit of that analyte ("vitamin K 10 mg", "glucose 5 mg") is not a lab and is skipped. A value
with an explicit unit that converts (e.g. "creatinine 1.4 mmol/L" → 15.8 mg/dL) is reported converted, with
`original` showing what was written; judging plausibility is the calculators' job, not the parser's. Numbers that
look like dates or times ("K 5/12/2020", "at 10:30") are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from calculators.units import UNIT_PATTERNS, convert

__all__ = ["CANONICAL_UNITS", "NAMES", "Measurement", "extract_measurements"]


@dataclass(frozen=True)
class Measurement:
    name: str
    value: float
    unit: str
    raw: str
    span: tuple[int, int]
    value2: float | None = None
    original: str = ""
    unit_assumed: bool = False
    qualifier: str = ""


@dataclass(frozen=True)
class _Analyte:
    """How one quantity is written: label regex, canonical unit, accepted units, and what a bare number means."""

    name: str
    labels: str
    unit: str
    units: tuple[str, ...]  # accepted written units (canonical keys), converted to `unit`
    sanity: tuple[float, float]  # canonical-unit values outside this are not this quantity (dates, list numbers)
    bare: tuple[tuple[str, float, float], ...] = ()  # no unit written: (assumed unit, lo, hi) by the number's size
    analyte: str = ""  # conversion family in calculators.units (defaults to name)


_E = "electrolyte"

# Labels: (?i:...) for words, case-sensitive for abbreviations that collide with English ("P", "T", "K", "Ca").
_ANALYTES: tuple[_Analyte, ...] = (
    _Analyte(
        "heart_rate",
        r"(?i:heart\s*rate|pulse\s*rate|pulse|HR|tachycardic\s*(?:to|at|with\s*a\s*rate\s*of))|P",
        "bpm",
        ("bpm", "/min"),
        (10, 400),
        (("bpm", 10, 400),),
    ),
    _Analyte(
        "resp_rate",
        r"(?i:respiratory\s*rate|respiration\s*rate|resp\.?\s*rate|respirations|breathing\s*rate|RR"
        r"|tachypn(?:o|e)ic\s*(?:to|at|with\s*a\s*rate\s*of))|R",
        "breaths/min",
        ("breaths/min", "/min"),
        (2, 90),
        (("breaths/min", 2, 90),),
    ),
    _Analyte(
        "temperature",
        r"(?i:temperature|temp\.?|tmax|t\s*max|febrile\s*(?:to|at|with)|fever\s*(?:of|to)"
        r"|pyrexia\s*of)|T",
        "°C",
        ("°C", "°F"),
        (25, 46),
        (("°C", 25, 46), ("°F", 77, 115)),
    ),
    _Analyte(
        "spo2",
        r"(?i:spo2|sp\s*o2|sao2|o2\s*sat(?:uration)?s?|oxygen\s*saturations?|sats?|saturating"
        r"|pulse\s*oximetry(?:\s*reading)?|pulse\s*ox)",
        "%",
        ("%",),
        (30, 100),
        (("%", 30, 100),),
    ),
    _Analyte(
        "gcs",
        r"(?i:glasgow\s*coma\s*scale(?:\s*score)?|glasgow\s*coma\s*score|gcs)",
        "points",
        ("points",),
        (3, 15),
        (("points", 3, 15),),
    ),
    _Analyte(
        "weight",
        r"(?i:body\s*weight|weight|weighs|weighing|wt\.?)",
        "kg",
        ("kg", "lb", "g"),
        (0.3, 500),
        (("kg", 0.3, 300),),
    ),
    _Analyte(
        "height",
        r"(?i:height|ht\.?|measures|length)",
        "cm",
        ("cm", "m", "in"),
        (30, 250),
        (("m", 0.3, 2.5), ("cm", 30, 250)),
    ),
    _Analyte("bmi", r"(?i:body\s*mass\s*index|bmi)", "kg/m²", ("kg/m²",), (8, 100), (("kg/m²", 8, 100),)),
    _Analyte(
        "urine_creatinine",
        r"(?i:urine\s*creatinine|urinary\s*creatinine|creatinine\s*\(urine\)|U\s*Cr)",
        "mg/dL",
        ("mg/dL", "µmol/L", "mmol/L"),
        (1, 1000),
        (("mg/dL", 1, 1000),),
        "creatinine",
    ),
    _Analyte(
        "urine_sodium",
        r"(?i:urine\s*sodium|urinary\s*sodium|urine\s*na\+?|sodium\s*\(urine\)|U\s*Na)",
        "mEq/L",
        ("mEq/L", "mmol/L"),
        (1, 400),
        (("mEq/L", 1, 400),),
        _E,
    ),
    _Analyte(
        "creatinine",
        r"(?i:serum\s*creatinine|creatinine(?!\s*(?:clearance|kinase|phosphokinase))|creat"
        r"|s\.?\s*cr\b(?!\s*cl))|Cr(?!\s*Cl|CL)|SCr",
        "mg/dL",
        ("mg/dL", "µmol/L", "mmol/L"),
        (0.05, 40),
        (("mg/dL", 0.05, 25), ("µmol/L", 25, 3000)),
    ),
    _Analyte(
        "sodium",
        r"(?i:serum\s*sodium|sodium)|Na\+?",
        "mEq/L",
        ("mEq/L", "mmol/L"),
        (90, 200),
        (("mEq/L", 90, 200),),
        _E,
    ),
    _Analyte(
        "potassium",
        r"(?i:serum\s*potassium|potassium)|K\+?",
        "mEq/L",
        ("mEq/L", "mmol/L"),
        (1, 12),
        (("mEq/L", 1, 12),),
        _E,
    ),
    _Analyte("chloride", r"(?i:chloride)|Cl-?", "mEq/L", ("mEq/L", "mmol/L"), (50, 160), (("mEq/L", 50, 160),), _E),
    _Analyte(
        "bicarbonate",
        r"(?i:bicarbonate|bicarb|hco3-?|hco₃-?|total\s*co2|serum\s*co2)|(?<![pPaAtT])CO2",
        "mEq/L",
        ("mEq/L", "mmol/L"),
        (2, 60),
        (("mEq/L", 2, 60),),
        _E,
    ),
    _Analyte(
        "bun",
        r"(?i:blood\s*urea\s*nitrogen|urea\s*nitrogen|bun)",
        "mg/dL",
        ("mg/dL", "mmol/L"),
        (1, 300),
        (("mg/dL", 1, 300),),
    ),
    _Analyte(
        "urea",
        r"(?i:serum\s*urea|blood\s*urea|urea)(?!\s*nitrogen)",
        "mmol/L",
        ("mmol/L", "mg/dL"),
        (0.5, 150),
        (("mmol/L", 0.5, 60), ("mg/dL", 60, 600)),
        "bun",
    ),
    _Analyte(
        "glucose",
        r"(?i:blood\s*glucose|serum\s*glucose|fasting\s*(?:plasma\s*|blood\s*)?glucose|glucose"
        r"|blood\s*sugar|fingerstick|finger\s*stick|FBG|FPG|BG|BSL)",
        "mg/dL",
        ("mg/dL", "mmol/L"),
        (5, 3000),
        (("mmol/L", 1, 30), ("mg/dL", 30, 3000)),
    ),
    _Analyte(
        "albumin",
        r"(?i:serum\s*albumin|albumin|alb)(?!\s*(?:uria|/creat|-to-creat))",
        "g/dL",
        ("g/dL", "g/L"),
        (0.5, 7),
        (("g/dL", 0.5, 7), ("g/L", 8, 70)),
    ),
    _Analyte(
        "calcium",
        r"(?i:serum\s*calcium|total\s*calcium|calcium)(?!\s*(?:channel|carbonate|gluconate|chloride))"
        r"|Ca(?:2\+|\+\+)?(?![a-z])(?!\s*(?:19-9|125|15-3|27-29))",
        "mg/dL",
        ("mg/dL", "mmol/L", "mEq/L"),
        (2, 25),
        (("mmol/L", 0.5, 4.5), ("mg/dL", 4.5, 25)),
    ),
    _Analyte(
        "bilirubin",
        r"(?i:total\s*bilirubin|serum\s*bilirubin|bilirubin|t\.?\s*bili|bili)(?!\s*direct)",
        "mg/dL",
        ("mg/dL", "µmol/L"),
        (0.05, 60),
        (("mg/dL", 0.05, 40), ("µmol/L", 40, 1000)),
    ),
    _Analyte("inr", r"(?i:international\s*normali[sz]ed\s*ratio)|INR", "", (), (0.5, 20), (("", 0.5, 20),)),
    _Analyte(
        "platelets",
        r"(?i:platelets?\s*count|platelet\s*count|platelets?|plts?)",
        "x10^9/L",
        ("x10^9/L", "/µL"),
        (1, 3000),
        (("x10^9/L", 1, 2000), ("/µL", 2000, 3e6)),
    ),
    _Analyte(
        "ast",
        r"(?i:aspartate\s*(?:amino)?transaminase|aspartate\s*aminotransferase)|AST|SGOT",
        "U/L",
        ("U/L",),
        (1, 50000),
        (("U/L", 1, 50000),),
    ),
    _Analyte(
        "alt",
        r"(?i:alanine\s*(?:amino)?transaminase|alanine\s*aminotransferase)|ALT|SGPT",
        "U/L",
        ("U/L",),
        (1, 50000),
        (("U/L", 1, 50000),),
    ),
    _Analyte(
        "hemoglobin",
        r"(?i:ha?emoglobin(?!\s*a1c)|hgb|hb)(?!\s*a1c|A1c)",
        "g/dL",
        ("g/dL", "g/L", "mmol/L"),
        (1, 25),
        (("g/dL", 2, 25), ("g/L", 25, 250)),
    ),
    _Analyte(
        "wbc",
        r"(?i:white\s*blood\s*cells?(?:\s*count)?|white\s*(?:cell\s*)?count|leukocytes?(?:\s*count)?"
        r"|leucocytes?(?:\s*count)?|wbcs?(?:\s*count)?)",
        "x10^9/L",
        ("x10^9/L", "/µL"),
        (0.05, 1000),
        (("x10^9/L", 0.05, 300), ("/µL", 300, 1e6)),
    ),
    _Analyte(
        "lactate", r"(?i:lactate|lactic\s*acid)", "mmol/L", ("mmol/L", "mg/dL"), (0.1, 40), (("mmol/L", 0.1, 30),)
    ),
    _Analyte(
        "cholesterol",
        r"(?i:total\s*cholesterol|serum\s*cholesterol|cholesterol)|TC",
        "mg/dL",
        ("mg/dL", "mmol/L"),
        (20, 2000),
        (("mmol/L", 1, 20), ("mg/dL", 40, 2000)),
    ),
    _Analyte(
        "hdl",
        r"(?i:hdl(?:-c)?(?:\s*cholesterol)?|high[-\s]density\s*lipoprotein(?:\s*cholesterol)?)",
        "mg/dL",
        ("mg/dL", "mmol/L"),
        (2, 300),
        (("mmol/L", 0.1, 5), ("mg/dL", 5, 300)),
        "cholesterol",
    ),
    _Analyte(
        "ldl",
        r"(?i:ldl(?:-c)?(?:\s*cholesterol)?|low[-\s]density\s*lipoprotein(?:\s*cholesterol)?)",
        "mg/dL",
        ("mg/dL", "mmol/L"),
        (2, 1000),
        (("mmol/L", 0.1, 15), ("mg/dL", 15, 1000)),
        "cholesterol",
    ),
    _Analyte(
        "triglycerides",
        r"(?i:triglycerides?|trigs|triacylglycerols?)|TGs?",
        "mg/dL",
        ("mg/dL", "mmol/L"),
        (5, 20000),
        (("mmol/L", 0.1, 12), ("mg/dL", 12, 20000)),
    ),
    _Analyte(
        "insulin",
        r"(?i:fasting\s*(?:serum\s*|plasma\s*)?insulin|serum\s*insulin|plasma\s*insulin|insulin"
        r"(?:\s*level)?)",
        "µU/mL",
        ("µU/mL", "pmol/L"),
        (0.1, 3000),
        (),
    ),
    _Analyte(
        "qtc",
        r"(?i:qtc|corrected\s*qt(?:\s*interval)?)",
        "ms",
        ("ms", "s"),
        (150, 900),
        (("s", 0.15, 0.9), ("ms", 150, 900)),
    ),
    _Analyte(
        "qt", r"(?i:qt\s*interval|qt)(?![cC])", "ms", ("ms", "s"), (150, 900), (("s", 0.15, 0.9), ("ms", 150, 900))
    ),
    _Analyte("ph", r"(?i:arterial\s*ph|blood\s*ph|ph)", "", (), (6.5, 8.0), (("", 6.5, 8.0),)),
    _Analyte(
        "po2",
        r"(?i:pao2|pa\s*o2|po2|p\s*o2|partial\s*pressure\s*of\s*oxygen)",
        "mmHg",
        ("mmHg", "kPa"),
        (10, 700),
        (("kPa", 2, 10), ("mmHg", 15, 700)),
    ),
    _Analyte(
        "pco2",
        r"(?i:paco2|pa\s*co2|pco2|p\s*co2|partial\s*pressure\s*of\s*carbon\s*dioxide)",
        "mmHg",
        ("mmHg", "kPa"),
        (5, 200),
        (("mmHg", 5, 200),),
    ),
    _Analyte(
        "fio2",
        r"(?i:fio2|fi\s*o2|fraction\s*of\s*inspired\s*oxygen)",
        "fraction",
        ("%", "fraction"),
        (0.21, 1.0),
        (("fraction", 0.21, 1.0), ("%", 21, 100)),
    ),
    _Analyte(
        "hematocrit",
        r"(?i:ha?ematocrit|hct|packed\s*cell\s*volume|pcv)",
        "%",
        ("%", "fraction"),
        (5, 80),
        (("fraction", 0.05, 0.8), ("%", 5, 80)),
    ),
)
_BY_NAME = {analyte.name: analyte for analyte in _ANALYTES}
CANONICAL_UNITS: dict[str, str] = {a.name: a.unit for a in _ANALYTES} | {"sbp": "mmHg", "dbp": "mmHg", "age": "years"}
NAMES: tuple[str, ...] = tuple(CANONICAL_UNITS)

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# Words that may sit between a label and its number: "creatinine was elevated at 2.1", "HR of 110", "K+ (5.9)".
_FILLER = (
    r"(?:\s*(?:[:=~≈,]|\((?=\s*\d)|-(?=\s*\d))?\s*"
    r"(?:(?:of|was|is|were|are|at|measured|noted|found|to|be|been|level|levels|count|concentration|value|reading|"
    r"elevated|increased|decreased|rose|fell|dropped|raised|low|high|normal|serum|plasma|blood|approximately|about|"
    r"around|only|markedly|mildly|slightly|initially|now|up|down|came|back|returned|revealed|showed|demonstrated|"
    r"remained|from|on\s+admission|at\s+admission|a|an|the|[:=~≈])\s*){0,5}\(?\s*)"
)
_VALUE = rf"(?<![\d.,/])(?P<num>{_NUM})(?:\s*(?:-|–|—|to)\s*(?P<num2>{_NUM}))?"
# A number followed by these is a date, a time, a ratio or a score out of N, not a value.
_NOT_A_VALUE = re.compile(r"\s*(?:/\s*\d|:\d\d|\.\d+\.)")
_OUT_OF_15 = re.compile(r"\s*/\s*15(?!\d)")  # "GCS 14/15"
# "weight below the 5th percentile", "height on the 50th centile", "weight fell 10%": a rank or a share, never a
# measurement (exam vignettes give growth this way; read as 5 kg, it fed a maintenance-fluid rate into the prompt).
_RANK = re.compile(r"(?i:st|nd|rd|th)\b|\s*(?i:percentile|centile)")
_SHARE = re.compile(r"\s*%")
_AFTER_SKIPPED = re.compile(_FILLER + _VALUE)  # "creatinine rose 50% to 2.1 mg/dL": the value after the share

_UNIT_SPELLINGS = {key: re.compile(rf"\s*(?:{pattern})") for key, pattern in UNIT_PATTERNS.items()}
# Units that a lab never has: after these, a number is a dose or an amount ("vitamin K 10 mg").
_FOREIGN_UNITS = ("mg", "mcg", "g", "mL", "L", "units", "kg", "cm", "mm", "years", "months", "weeks", "days")
_FOREIGN_EXTRA = re.compile(r"\s*(?i:mm|mg/kg|tablets?|tabs?|puffs?|doses?|hours?|hrs?|h)\b")


def _read_unit(text: str, pos: int, allowed: tuple[str, ...]) -> tuple[str | None, int, bool]:
    """(unit key, end position, foreign): the written unit at `pos` among `allowed`, else whether a non-lab unit
    (a dose, a time) follows, which disqualifies the number."""
    best: tuple[str | None, int] = (None, pos)
    for key in allowed:
        match = _UNIT_SPELLINGS[key].match(text, pos)
        if match and match.end() > best[1]:
            best = (key, match.end())
    if best[0] is not None:
        return best[0], best[1], False
    for key in _FOREIGN_UNITS:
        pattern = _UNIT_SPELLINGS.get(key)
        if pattern is not None and pattern.match(text, pos):
            return None, pos, True
    return None, pos, bool(_FOREIGN_EXTRA.match(text, pos))


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _assume_unit(analyte: _Analyte, value: float) -> str | None:
    for unit, low, high in analyte.bare:
        if low <= value <= high:
            return unit
    return None


def _labelled(text: str, analyte: _Analyte) -> list[Measurement]:
    pattern = re.compile(rf"(?<![\w+-])(?:{analyte.labels})(?![\w]){_FILLER}{_VALUE}")
    found: list[Measurement] = []
    for match in pattern.finditer(text):
        if _NOT_A_VALUE.match(text, match.end()) and not (
            analyte.name == "gcs" and _OUT_OF_15.match(text, match.end())
        ):
            continue
        value = _past_ranks_and_shares(text, analyte, match)
        if value is None or (analyte.name == "weight" and _STONE_AFTER_LABEL.match(text, value.end())):
            continue
        measurement = _finish(text, analyte, value, start=match.start())  # the raw text keeps its label
        if measurement is not None:
            found.append(measurement)
    return found


def _past_ranks_and_shares(text: str, analyte: _Analyte, match: re.Match[str]) -> re.Match[str] | None:
    """The labelled number, or the value written after its rank or share ("weight on the 5th centile": none;
    "Hb fell 20% to 8.1": 8.1)."""
    while True:
        skipped = _RANK.match(text, match.end()) or ("%" not in analyte.units and _SHARE.match(text, match.end()))
        if not skipped:
            return match
        after = _AFTER_SKIPPED.match(text, skipped.end())
        if after is None:
            return None
        match = after


def _finish(text: str, analyte: _Analyte, match: re.Match[str], start: int | None = None) -> Measurement | None:
    """Read the unit after a labelled number, convert to the canonical unit, and reject what is not this analyte."""
    number, number2 = _number(match["num"]), match["num2"]
    written, end, foreign = _read_unit(text, match.end(), analyte.units)
    if foreign:
        return None
    assumed = written is None
    unit = written if written is not None else _assume_unit(analyte, number)
    if unit is None:
        return None
    family = analyte.analyte or analyte.name
    value = convert(number, unit, analyte.unit, family)
    value2 = convert(_number(number2), unit, analyte.unit, family) if number2 else None
    if not analyte.sanity[0] <= value <= analyte.sanity[1]:
        return None
    original = f"{match['num']} {unit}".strip() if not assumed else match["num"]
    if analyte.name == "spo2" and end < len(text) and text[end : end + 1] == ")":
        end += 1
    begin = match.start() if start is None else start
    return Measurement(analyte.name, value, analyte.unit, text[begin:end], (begin, end), value2, original, assumed)


_BP = re.compile(
    r"(?:(?<![\w])(?i:blood\s*pressure|bp|b\.p\.|arterial\s*pressure)(?![\w])" + _FILLER + r")?"
    r"(?<![\d./])(?P<sbp>\d{2,3})\s*(?:/|\s+over\s+)\s*(?P<dbp>\d{2,3})(?![\d/])(?:\s*(?P<unit>"
    + UNIT_PATTERNS["mmHg"]
    + r"))?"
)
_SBP_ALONE = re.compile(r"(?i:systolic\s*(?:blood\s*)?pressure|sbp)(?![\w])" + _FILLER + rf"(?P<num>{_NUM})")
_DBP_ALONE = re.compile(r"(?i:diastolic\s*(?:blood\s*)?pressure|dbp)(?![\w])" + _FILLER + rf"(?P<num>{_NUM})")


def _blood_pressure(text: str) -> list[Measurement]:
    found: list[Measurement] = []
    for match in _BP.finditer(text):
        labelled = not match.group(0)[:1].isdigit()
        if not labelled and match["unit"] is None:
            continue  # a bare "12/10" is a date or a ratio
        sbp, dbp = float(match["sbp"]), float(match["dbp"])
        if not (40 <= sbp <= 300 and 15 <= dbp <= 200 and sbp > dbp):
            continue
        raw, span = match.group(0), match.span()
        found += [
            Measurement("sbp", sbp, "mmHg", raw, span, original=f"{match['sbp']} mmHg"),
            Measurement("dbp", dbp, "mmHg", raw, span, original=f"{match['dbp']} mmHg"),
        ]
    for name, pattern in (("sbp", _SBP_ALONE), ("dbp", _DBP_ALONE)):
        for match in pattern.finditer(text):
            value = float(match["num"])
            if 15 <= value <= 300 and not _NOT_A_VALUE.match(text, match.end()):
                _, end, _ = _read_unit(text, match.end(), ("mmHg",))
                found.append(
                    Measurement(
                        name,
                        value,
                        "mmHg",
                        text[match.start() : end],
                        (match.start(), end),
                        original=f"{match['num']} mmHg",
                    )
                )
    return found


_AGE_UNITS = {"y": "years", "m": "months", "w": "weeks", "d": "days"}
_AGE = re.compile(
    rf"(?<![\w.])(?P<num>{_NUM})\s*[- ]?\s*(?P<unit>(?i:years?|yrs?|months?|mos?|weeks?|wks?|days?))\s*[- ]?\s*(?i:old)"
    rf"|(?<![\w.])(?P<num2>{_NUM})\s*[- ]?\s*(?P<unit2>(?i:years?|yrs?))\s+(?i:of\s+age)"
    rf"|(?<![\w.])(?P<num3>\d{{1,3}})\s*(?i:yo|y/o|y\.o\.|yoa)(?![\w])"
    rf"|(?<![\w])(?i:aged|age|age\s+of)\s*[:=]?\s*(?P<num4>\d{{1,3}})(?!\s*(?:-|–)?\s*(?i:months?|weeks?|days?|mo|wk))"
    r"(?![\d.%])"
)


def _ages(text: str) -> list[Measurement]:
    found: list[Measurement] = []
    for match in _AGE.finditer(text):
        number = match["num"] or match["num2"] or match["num3"] or match["num4"]
        written = (match["unit"] or match["unit2"] or "years").lower()
        unit = _AGE_UNITS[written[0]]
        value = convert(_number(number), unit, "years")
        if not 0 <= value <= 125:
            continue
        found.append(
            Measurement(
                "age", value, "years", match.group(0), match.span(), original=f"{number} {unit}", qualifier=unit
            )
        )
    return found


# Unlabelled values that their unit identifies: "38.9 °C", "110 beats per minute", "22 breaths/min", "70 kg".
# The last field is the least canonical value accepted: an unlabelled "N cm" is a height only from 100 cm (a lesion
# or a wound is never that long; a child's shorter height needs its label).
_UNIT_ANCHORED: tuple[tuple[str, str, tuple[str, ...], float], ...] = (
    ("temperature", r"(?:°|º|˚|degrees?)\s*(?i:[cf])", ("°C", "°F"), 25),
    ("heart_rate", UNIT_PATTERNS["bpm"], ("bpm",), 10),
    ("resp_rate", r"(?i:breaths?\s*(?:/|per)\s*min(?:ute)?\b|br/min)", ("breaths/min",), 2),
    ("weight", r"(?i:kg|kgs|kilograms?|lbs?|pounds?)\b", ("kg", "lb"), 0.3),
    (
        "height",
        r"(?i:cm|centimet(?:er|re)s?|m|met(?:er|re)s?|inches|in)\s+(?i:tall|in\s+height)",
        ("cm", "m", "in"),
        30,
    ),
    ("height", r"(?i:cm|centimet(?:er|re)s?)\b(?!\s*(?:/|x|×|by|long|in\s+(?:diameter|size|length)))", ("cm",), 100),
)
_NO_WEIGHT_BEFORE = re.compile(r"(?i:lost|gained|loss\s+of|gain\s+of|losing|gaining|per|/)\s*$")


def _unit_anchored(text: str) -> list[Measurement]:
    found: list[Measurement] = []
    for name, unit_pattern, units, least in _UNIT_ANCHORED:
        analyte = _BY_NAME[name]
        for match in re.finditer(rf"(?<![\w.,/-])(?P<num>{_NUM})(?=\s*-?\s*(?:{unit_pattern}))", text):
            if name == "weight" and _NO_WEIGHT_BEFORE.search(text[max(0, match.start() - 12) : match.start()]):
                continue
            unit, end, _ = _read_unit(text, match.end(), units)
            if unit is None and text[match.end() : match.end() + 1] == "-":
                unit, end, _ = _read_unit(text, match.end() + 1, units)
            if unit is None:
                continue
            value = convert(_number(match["num"]), unit, analyte.unit)
            if max(least, analyte.sanity[0]) <= value <= analyte.sanity[1]:
                found.append(
                    Measurement(
                        name,
                        value,
                        analyte.unit,
                        text[match.start() : end],
                        (match.start(), end),
                        original=f"{match['num']} {unit}",
                    )
                )
    return found


_FEET_INCHES = re.compile(
    r"(?P<ft>[3-7])\s*(?:'|′|ft\.?|feet|foot)\s*,?\s*(?:and\s*)?(?P<inch>\d{1,2}(?:\.\d+)?)\s*(?:\"|″|''|in\.?|inch(?:es)?)?"
    r"(?![\d'])"
)


def _feet_inches(text: str) -> list[Measurement]:
    found: list[Measurement] = []
    for match in _FEET_INCHES.finditer(text):
        inches = float(match["inch"])
        if inches >= 12:
            continue
        value = convert(float(match["ft"]), "ft", "cm") + convert(inches, "in", "cm")
        found.append(
            Measurement(
                "height", value, "cm", match.group(0), match.span(), original=f"{match['ft']} ft {match['inch']} in"
            )
        )
    return found


# Weight in stones (UK and Irish usage): "weighs 9 stone", "11 st 4 lb", "she is 11st 4lb", "wt 12 stone 3". "ST" and
# "St" are never stones ("4 ST elevation", "5 St Mary's"); a bare "21st" is an ordinal. A reading needs pounds with
# their unit after it, or a weight cue before it ("weighs", "weight", "wt", "is", "now"): "passed 4 stone fragments",
# "the 21 st of May" and "lost about 5 stone" are not weights. Bare pounds count only when no word follows ("12 stone
# 3 days ago" is 12 stone). One stone is 14 lb.
_STONES = re.compile(
    r"(?<![\w.,/])(?P<st>\d{1,2})(?:\s*(?i:stone)\b|\s+st\b\.?|st(?=\s*\d))"
    r"(?:\s*,?\s*(?:and\s*)?(?P<lb>\d{1,2}(?:\.\d+)?)\s*(?i:lbs?|pounds?)\b|\s+(?P<bare>\d{1,2})(?!\s*[-/\w%]|\.\d))?"
)
_STONE_CUE = re.compile(
    r"(?i:\b(?:weigh\w*|weight|wt\.?|is|am|was|now|i'm|i’m|he's|she's)\W{0,3}"
    r"(?:(?:about|around|approximately|approx\.?|roughly|nearly|just|over|under)\s+)?)$"
)
_STONE_CHANGE = re.compile(r"(?i:\b(?:lost|lose|losing|loss|gained|gain|gaining|put\s+on|dropped|shed)\b[^.;]{0,15})$")
_STONE_AFTER_LABEL = re.compile(r"\s*(?:st\b|st(?=\s*\d)|(?i:stones?)\b)")  # "weight 9 stone": not 9 kg


def _stones(text: str) -> list[Measurement]:
    found: list[Measurement] = []
    for match in _STONES.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        if _STONE_CHANGE.search(before) or not (match["lb"] or _STONE_CUE.search(before)):
            continue
        stones = int(match["st"])
        pounds = float(match["lb"] or match["bare"] or 0)
        if not 4 <= stones <= 50 or pounds >= 14:
            continue
        value = convert(stones * 14 + pounds, "lb", "kg")
        written = match["lb"] or match["bare"]
        original = f"{stones} st {written} lb" if written else f"{stones} st"
        found.append(Measurement("weight", value, "kg", match.group(0), match.span(), original=original))
    return found


_GCS_COMPONENTS = re.compile(
    r"(?i:gcs|glasgow\s*coma\s*scale(?:\s*score)?)\s*(?:of|was|is|[:=])?\s*(?:\d{1,2}\s*)?\(?\s*"
    r"E\s*(?P<e>[1-4])\s*,?\s*V\s*(?P<v>[1-5]|T)\s*,?\s*M\s*(?P<m>[1-6])\s*\)?"
)


def _gcs_components(text: str) -> list[Measurement]:
    found: list[Measurement] = []
    for match in _GCS_COMPONENTS.finditer(text):
        verbal = 1 if match["v"] == "T" else int(match["v"])  # intubated: verbal scored 1 by convention
        total = int(match["e"]) + verbal + int(match["m"])
        found.append(
            Measurement(
                "gcs",
                float(total),
                "points",
                match.group(0),
                match.span(),
                original=f"E{match['e']}V{match['v']}M{match['m']}",
            )
        )
    return found


_ROOM_AIR = re.compile(r"^[^.;]{0,25}?(?i:room\s*air|\bRA\b|ambient\s*air|without\s*(?:supplemental\s*)?oxygen)")
_ON_OXYGEN = re.compile(
    r"^[^.;]{0,30}?(?i:\d+(?:\.\d+)?\s*(?:l|lpm|l/min|liters?|litres?)\b|nasal\s*cannula|\bNC\b|non-?rebreather|\bNRB\b"
    r"|face\s*mask|venturi|high[-\s]flow|fio2|supplemental\s*(?:oxygen|o2)|on\s*(?:oxygen|o2)|bipap|cpap|ventilator)"
)


def _oxygen_qualifier(text: str, end: int) -> str:
    after = text[end : end + 40]
    if _ROOM_AIR.search(after):
        return "room air"
    if _ON_OXYGEN.search(after):
        return "supplemental oxygen"
    return ""


def _prefer(candidates: list[Measurement]) -> list[Measurement]:
    """Drop candidates overlapping an earlier, longer one (e.g. "urine sodium 20" over "sodium 20")."""
    ordered = sorted(candidates, key=lambda m: (m.span[0], -(m.span[1] - m.span[0])))
    kept: list[Measurement] = []
    taken: list[tuple[int, int]] = []
    for measurement in ordered:
        start, end = measurement.span
        same_span = any((start, end) == span for span in taken)
        overlaps = any(start < t_end and t_start < end for t_start, t_end in taken)
        if overlaps and not (same_span and measurement.name == "dbp"):
            continue
        kept.append(measurement)
        taken.append((start, end))
    return kept


# One code point for one, so spans found in the translated text are spans of the original ("SpO₂" reads as "SpO2").
_PLAIN = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁻⁺−", "0123456789-+-")


def extract_measurements(text: str) -> list[Measurement]:
    """Every vital sign and lab value in `text` with its canonical unit, in text order (see the module docstring)."""
    scan = text.translate(_PLAIN)
    candidates = _blood_pressure(scan) + _ages(scan) + _gcs_components(scan) + _feet_inches(scan) + _stones(scan)
    for analyte in _ANALYTES:
        candidates += _labelled(scan, analyte)
    candidates += _unit_anchored(scan)
    kept = [replace(m, raw=text[m.span[0] : m.span[1]]) for m in _prefer(candidates)]
    return [replace(m, qualifier=_oxygen_qualifier(scan, m.span[1])) if m.name == "spo2" else m for m in kept]
