"""De-identification of free text: the HIPAA Safe Harbor identifier types (45 CFR 164.514(b)(2)) that occur in notes.

No library with its models installs offline here (presidio needs spaCy's `en_core_web_sm`, which is not on PyPI;
Philter's own pipeline needs NLTK data from the network), so this is rules, a first-name gazetteer (US Census 1990
first names, public domain, shipped in the MIT-licensed `names` package; see data/SOURCE.md) and Philter's dictionary
(PyPI `philter-ucsf`, BSD-3-Clause: English and clinical words with every name removed). It is greedy on purpose:
redacting a drug name costs little, a leaked surname costs a lot. Clinical numbers (doses, labs, vitals, scores such
as 8/10 or GCS 14/15, gestations such as 34/40) are left alone so that the audit stays useful.

Names are found by context (a title, "patient", "husband", "Name:"), by the gazetteer ("John K. Smith"), then every
other occurrence of a token of a found name is redacted too ("Smith" later in the note), and last any capitalised
word the dictionary does not know ("Mahlangu", "Shrewsbury"), unless it is an eponym before what it names.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from functools import cache
from pathlib import Path

Span = tuple[str, int, int]

_DATA = Path(__file__).parent / "data"

# --- patterns with no need for context ------------------------------------------------------------------------------
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
# Every upper-case letter of the Latin, Greek and Cyrillic blocks (and Vietnamese), as one character class body.
_UPPER = "A-Z" + "".join(re.escape(c) for c in map(chr, range(0xC0, 0x2000)) if c.isupper() and len(c.lower()) == 1)
_LETTER = r"[^\W\d_]"
_CAP = rf"[{_UPPER}]{_LETTER}+(?:['’-]{_LETTER}+){{0,4}}\b"  # bounded: "A-BA-BA-…" read once, not from each part
_CAPWORD = rf"(?:{_CAP}|[A-Z]{{2,}}(?=\b))"
_STREET = (
    r"(?i:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|close|crescent|"
    r"cres|gardens|gdns|grove|square|sq|parkway|pkwy|highway|hwy|row|walk|mews|hill|park|view|rise|green|circle|cir|"
    r"trail|trl|path|alley|wharf|quay|parade)"
)
_US_STATES = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|"
    r"OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)"
)
_ID = r"(?=[A-Z0-9/-]*\d)[A-Z0-9][A-Z0-9/-]{3,}"
# "BCX 8841 2297 01", grouped digits ("0071 2290" after its label)
_SPACED_ID = (
    r"(?-i:[A-Z]{1,4}\d{0,2})(?: \d{2,}){2,4}\b|(?-i:[A-Z]{1,4}) \d{5,}\b|\d{2,}(?: \d{2,}){2,4}\b|\d{3,}(?: \d{3,})+\b"
)
# one flat alternation: the earlier "(?:\s*(?:…)\s*|\s+)+" backtracked exponentially on a run of spaces
_LABELLED_ID = r"(?:\s|[:#.=]|no\.?|number|num|nr|id)++(" + _SPACED_ID + "|" + _ID + r")"
# Month names in other languages, read only after a day number ("14 juillet 1956", "3 au 10 mars 2024"), and with a
# year alone where the name is no other word (_FOREIGN_MONTH_ALONE: "styczeń 2025", "maio 2024"; not "Mayo 2019
# criteria", "marca 2020" a brand, "en el marco 2021", "mars", "mai", "mei", the Polish genitives, the Turkish months)
_FOREIGN_MONTHS = (
    "janvier f[ée]vrier mars avril mai juin juillet ao[uû]t septembre octobre novembre d[ée]cembre enero febrero "
    "marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre januar februar m[äa]rz juni juli "
    "oktober dezember ocak [şs]ubat mart nisan may[ıi]s haziran temmuz a[ğg]ustos eyl[üu]l ekim kas[ıi]m aral[ıi]k "
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre "
    # 10.3.0: Portuguese, Dutch and Polish (the day's genitive "4 marca" and the month's own "styczeń 2025")
    "janeiro fevereiro março marco maio junho julho setembro outubro dezembro januari februari maart mei augustus "
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia wrze[śs]nia pa[źz]dziernika listopada grudnia "
    "stycze[ńn] luty marzec kwiecie[ńn] czerwiec lipiec sierpie[ńn] wrzesie[ńn] pa[źz]dziernik listopad grudzie[ńn]"
).split()
_NOT_A_MONTH_ALONE = frozenset(
    "mars mai mayo mart mei marco ocak [şs]ubat nisan may[ıi]s haziran temmuz a[ğg]ustos eyl[üu]l ekim kas[ıi]m "
    "aral[ıi]k stycznia lutego marca kwietnia maja czerwca lipca sierpnia wrze[śs]nia pa[źz]dziernika listopada "
    "grudnia".split()
)
_FOREIGN_MONTH = "(?:" + "|".join(_FOREIGN_MONTHS) + ")"
_FOREIGN_MONTH_ALONE = "(?:" + "|".join(m for m in _FOREIGN_MONTHS if m not in _NOT_A_MONTH_ALONE) + ")"
# HL7's coding systems, the third part of a coded value ("70618^Penicillin^RXNORM^^^", "80053^CMP^CPT4")
_CODING_SYSTEM = (
    r"(?-i:LN|LOINC|RXNORM|NDC|CVX|MVX|CPT4?|C4|SCT|SNOMED\w*|SNM|I9C?|I10\w*|ICD\w*|HL7\w*|HCPCS|NCI|L|99\w*)"
)
_UK_POSTCODE = r"(?-i:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})"
_EIRCODE = r"(?-i:[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y0-9]{4})"
# the first word of a laboratory or service named for what it does, not a place ("Clinical Laboratory", "Reference
# Laboratories", "The Diagnostics")
_GENERIC_UNIT_WORD = (
    r"(?:Clinical|Chemical|Cellular|Molecular|Anatomical|Surgical|Medical|Diagnostic|Haematology|Hematology|Microbiology|"
    r"Biochemistry|Pathology|Radiology|Imaging|Nuclear|Genetics?|Transfusion|Blood|Sleep|Research|Reference|Central|"
    r"Main|Core|Hospital|Regional|National|Local|Community|Private|NHS|General|The|A|An|Our|Your|This|That|Each|Every)"
)


# What may not follow a number for it to be an age: a unit or a reading ("at 93%", "at 100 mg", "at 95 over 60")
_READING_AFTER = (
    r"%|per ?cent|percent|mg|mcg|micrograms?|kg|kilos?|lbs?|pounds|g\b|cm|mm|ml|mls|l\b|litres?|liters?|"
    r"units?|mmhg|mmol|bpm|beats?|degrees?|°|f\b|c\b|over\b|/|x\b|times|min\w*|secs?|seconds?|hours?|hrs?|h\b|days?|"
    r"weeks?|wks?|months?|mph|km|miles?|metres?|meters?|yards?|feet|ft|steps|points?|sats?|saturation|spo2|j\b|"
    r"joules?|systolic|diastolic|ra\b|deg\b|d\b|mos?\b|-"
)
_NOT_A_READING_AFTER = r"(?!\s*(?:" + _READING_AFTER + r"|on\b))"  # "at 95 on air"
_NOT_A_READING_AFTER_BIRTHDAY = r"(?!\s*(?:" + _READING_AFTER + r"))"  # "turns 95 on the 3rd": a birthday
# Ages 90-119 in words ("ninety-four", "a hundred and one"); a person's age, not a count ("ninety minutes")
_AGE_WORDS = (
    r"(?:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|(?:a|one) hundred(?: and (?:one|two|three|"
    r"four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
    r"nineteen))?)"
)


# Australian states whose codes are no English word, in capitals or lower case ("toowong qld 4066"); not SA, WA, NT
# or ACT, which are clinical abbreviations too ("NT 1500 pg/mL")
_AU_STATE = r"(?:(?-i:NSW|VIC|QLD|TAS)|nsw|vic|qld|tas)"
_MRN_LABEL = (
    r"(?:mrn|medical record(?: number| no\.?| #)?|med rec|hosp(?:ital)? (?:no|number|id)|patient id|pt id|icu no|"
    r"folder (?:no|number)|dossier|nhc|ihi|file (?:no\.?|number|#)|unit (?:no|number)|chart (?:no|number|#)|"
    r"case (?:no|number)|nhs(?: number| no\.?)?|chi(?: number)?|record (?:no|number|#)|accession(?: number| no\.?)?|"
    r"specimen (?:id|no|number))"
)
_SPOKEN_DIGIT = r"zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|double \w+|triple \w+"


def _rx(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# (kind, pattern, group): the group of the match that is the identifier (0 = all of it)
_PATTERNS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("EMAIL", _rx(r"\b[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+\b"), 0),
    (
        "URL",
        _rx(
            r"\b(?:https?://|ftp://|www\.)\S+[^\s.,;:)\]]|\b[\w-]{1,63}\.(?:com|org|net|gov|edu|io|co\.uk|nhs\.uk|info)"
            r"(?:/\S*[^\s.,;:)\]])?"
        ),
        0,
    ),
    (
        "IP",
        _rx(
            r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b|\b(?:[0-9a-f]{1,4}:){7}"
            r"[0-9a-f]{1,4}\b|\b(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:?){0,6}[0-9a-f]{1,4}\b"
        ),
        0,
    ),
    ("SSN", _rx(r"\b\d{3}[-•·]\d{2}[-•·]\d{4}\b|\b(?:ssn|social security(?: number| no\.?)?|ss#)" + _LABELLED_ID), 0),
    ("SSN", _rx(r"(?:\*{3}|x{3})[- ](?:\*{2}|x{2})[- ](\d{4})\b"), 1),  # "***-**-6621": the last four still identify
    # 10.3.0: a social-security number by another country's label (Mexico's NSS, Portugal's NISS, the Philippines'
    # SSS, Germany's SVNR, France's NIR, Canada's SIN), written with spaces or dashes
    # (9 to 15 digits in groups, no unit after: "NSS 0.9 1000 ml", "SSS 40 - 45 - 38 bpm" and "SIN 150 000 - 450 000"
    # are saline, a sick sinus and a Spanish "without")
    (
        "SSN",
        _rx(
            r"\b(?-i:NSS|NISS|SSS|SVNR|NIR|SIN)\b[ \t]*+(?:no\.?|nr\.?|n\.?º|#)?[ \t:.]*+(\d(?:[ -]?\d){8,14}+)\b"
            r"(?![ \t]*(?:ml|mg|mmol|bpm|/|%|hours?|h\b|min))"
        ),
        1,
    ),
    # 10.0.0: "SS# ending 0457", "SSN ends in 1190"
    (
        "SSN",
        _rx(
            r"\b(?:ssn|ss ?#|social security(?: number| no\.?| #)?)\s*+[:#]?\s*+(?:ending|ends? (?:in|with))\s*+"
            r"(?:in\s*+)?[:#]?\s*+(\d{4})\b"
            # 10.3.0: "the last 4 are 0627" after "SS card"; not "SS ends 2200" (a sliding scale, an infusion)
            r"|\b(?:ss|ssn|social security) card\b[^\n]{0,40}?\blast (?:4|four)(?: digits)?\s*+"
            r"(?:(?:is|are)\s*+)?[:#]?\s*+"
            r"(\d{4})\b"
        ),
        1,
    ),
    # an SSN with spaces, dots or bullets a few words after its label ("her SSN is 666 51 9034", 9.0.0: "SSN on file
    # 900 55 1298"), and its last four after a label that says so ("ssn_last4=6208", "SSN (last 4) 3318")
    (
        "SSN",
        _rx(
            r"\b(?:ssn|social security(?: number| no\.?)?|ss#|soc\.? ?sec\.?(?: ?#| no\.?)?)[^\d\n]{0,25}?(?<!\d)"
            r"(\d{3}\s?[ .•·-]\s?\d{2}\s?[ .•·-]\s?\d{4})\b"
        ),
        1,
    ),
    (
        "SSN",
        _rx(
            # 10.1.0: "Soc. Sec. (last 4) 2047", "SSN (last 4, DMV use only) 2986", "(last 4 of SSN): 3317"
            # (possessive: "SSN last 4" + 400 blanks took over 10 s before 10.1.0; one blank run, one reading)
            r"\b(?:ssn|social security(?: number| no\.?)?|ss#|soc\.? ?sec\.?)[\s_(]*+last[\s_]*+(?:4|four)"
            r"(?:\s*+digits)?(?:\s*+,(?![^()\n\d;]*\b(?:not|declined|unknown|refused|withheld)\b)[^()\n\d;]{0,30}+)?"
            r"[\s):=#]*+(?:(?:is|was)[\s:=#]*+)?(\d{4})\b(?!\s*(?:mg|mcg|ml|hrs?|h\b))"
            # (10.3.0: "last 4 of her social 8107", "... of his SS are 1234")
            r"|\blast[\s_]*+(?:4|four)(?:\s*+digits)?\s++of\s++(?:(?:his|her|their|my|the)\s++)?(?:ssn|ss|social"
            r"(?: security)?(?: number)?)[\s):=#]*+(?:(?:is|was|are)[\s:=#]*+)?(\d{4})\b"
        ),
        1,  # the four digits, whichever alternative read them; the label stays
    ),
    # 9.0.0, dictated text: a number read out digit by digit (six or more: "oh seven seven double oh nine ...", "k seven
    # seven four one nine zero two"), an e-mail address read out ("frank dot bishop at example dot net") and a date
    # read out ("fourteenth of march twenty twenty five", "third of april nineteen forty two")
    # (a read-out number has a nought in it: "two two two two one one" are reflex grades)
    (
        "ID",
        _rx(
            r"\b(?=(?:[a-z] )?(?:(?:" + _SPOKEN_DIGIT + r")[ ,-]+){0,12}?(?:oh|zero|nought|double|triple)\b)"
            r"(?:[a-z] )?(?:(?:" + _SPOKEN_DIGIT + r")[ ,-]+){5,}(?:" + _SPOKEN_DIGIT + r")\b"
        ),
        0,
    ),
    ("EMAIL", _rx(r"\b[a-z][\w.-]{0,63}(?: (?:dot|underscore|dash) [a-z0-9]+)* at [a-z0-9-]+(?: dot [a-z]{2,})+\b"), 0),
    (
        "DATE",
        _rx(
            r"\b(?:(?:twenty|thirty)[- ])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
            r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
            r" of "
            + _MONTH
            + r"\b(?: (?:nineteen|twenty) (?:oh \w+|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
            r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|one|two|three|four|five|"
            r"six|seven|eight|nine)\b(?:[- ](?:one|two|three|four|five|six|seven|"
            r"eight|nine))?)?"
        ),
        0,
    ),
    # a card or account given by its last digits ("Visa ending 2209", "account ending in 4471")
    (
        "ACCOUNT",
        _rx(
            r"\b(?:card|visa|mastercard|amex|debit|credit|account|acct)\b[^\n\d]{0,20}?\b(?:ending(?: in)?|ends? in|"
            r"last (?:4|four)(?: digits)?)\s*[:#]?\s*(?:x+|\*+)?(\d{4})\b"
        ),
        1,
    ),
    # a hardware (MAC) address: a device's own identifier
    # (with a hex letter: "40-35-30-25-20-15 mg" is a taper)
    ("DEVICE", _rx(r"\b(?=[\d:-]{0,16}[a-f])(?:(?:[0-9a-f]{2}:){5}[0-9a-f]{2}|(?:[0-9a-f]{2}-){5}[0-9a-f]{2})\b"), 0),
    # a UK National Insurance number without its label ("QQ 83 27 15 A"): two letters, three pairs, a final A-D
    # (any two letters: "QQ 12 34 56 A", the format's documentation example, is the one most often copied)
    ("HEALTH_PLAN", _rx(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", 0), 0),
    # a record number after its label, 9.0.0: also after "is" ("His hospital number is W 5512 207"), and an
    # Australian UR number
    (
        "MRN",
        _rx(
            r"\b" + _MRN_LABEL + r"(?:" + _LABELLED_ID + r"|\s+(?:is|was)\s*:?\s*(" + _SPACED_ID + "|" + _ID + r"))"
            r"|(?-i:\bUR)\s*[:#]?\s*(\d{6,})\b"
        ),
        0,
    ),
    (
        "HEALTH_PLAN",
        _rx(
            r"\b(?:(?:health ?plan|insurance|insurer|member|policy|beneficiary|subscriber|medicare|medicaid|ramq|"
            r"group)(?: (?:id|number|no\.?|#))?|plan (?:id|number|no\.?|#))" + _LABELLED_ID
        ),
        0,
    ),
    (
        "ACCOUNT",
        _rx(r"\b(?:account|acct|a/c|billing|invoice|iban|sort code|card)(?: (?:id|number|no\.?|#))?" + _LABELLED_ID),
        0,
    ),
    (
        "LICENCE",
        _rx(
            r"\b(?:licen[cs]e|lic|dea|npi|gmc|nmc|hcpc|cpso|mcnz|cmq|mdcn|permis(?: cmq)?|colegiado|registration|"
            r"certificate|cert|passport|driver'?s? "
            r"licen[cs]e|driving licen[cs]e|dl)(?: (?:id|number|no\.?|#))?" + _LABELLED_ID
        ),
        0,
    ),
    (
        "LICENCE",
        _rx(
            # a council's acronym before or after "reg", or "reg. no.": "reg" alone is "regular" or "registrar"
            r"(?:(?-i:\b[A-Z]{2,5})\s+reg(?:istration)?\.?\s*(?:no\.?\s*)?|\breg(?:istration)?\.?\s*no\.?\s*"
            r"|\breg(?:istration)?\.?\s+(?-i:[A-Z]{2,5})\s+)((?=[\w/-]*\d)[\w/-]{4,})\b"
            r"(?!\s*(?:mg|mcg|ml|units?|iu)\b)"
            r"|\blic(?:en[cs]e)?\.?\s*(?:no\.?|#)?\s*((?-i:[A-Z]{1,2})\s\d{4,})\b"
        ),
        0,
    ),
    (
        "VEHICLE",
        _rx(
            r"\b(?:vin|vehicle(?: id| identification number)?|licen[cs]e plate|number plate|plate|reg(?:istration)?"
            r" plate|car reg(?:istration)?|rego)" + _LABELLED_ID + r"|\b[A-HJ-NPR-Z0-9]{17}\b"
            r"|\b(?-i:(?:AN|AP|AR|AS|BR|CG|CH|DD|DL|DN|GA|GJ|HP|HR|JH|JK|KA|KL|LA|LD|MH|ML|MN|MP|MZ|NL|OD|OR|PB|PY|RJ|SK|"
            r"TN|TR|TS|UK|UP|WB)[ -]?\d{1,2}[ -]?[A-Z]{1,3}[ -]?\d{4})\b"
            # current UK number plates ("AB12 CDE"), written with or without the space
            r"|\b(?-i:[A-HJ-PR-Y][A-HJ-PR-Y]\d{2}\s?[A-HJ-PR-Z]{3})\b"
        ),
        0,
    ),
    # "plate HJK 4471", 'plate IL "KAZ 99"' (the state stays), "trailer 53-0418"
    (
        "VEHICLE",
        _rx(
            r"\b(?:plate|rego|trailer)\s*+[:#]?\s*+(?:(?-i:[A-Z]{2})\s+)?[\"“]?"
            r"((?-i:(?=[A-Z0-9 -]{0,12}\d)[A-Z0-9]{1,4}[ -][A-Z0-9]{2,5}))\b"
            # 10.3.0: other languages' and the plural label, where the plate must hold a letter and a digit
            # ("placa 50-69%" is a plaque, "plates 45 60 75" platelets): "plates GD 4817K", "matrícula 4417 KZB",
            # "placas GTB-441-A"
            r"|\b(?:plates|placas?|matr[ií]cula|targa|plaka|kenteken|kennzeichen|immatriculation)\s*+[:#]?\s*+[\"“]?"
            r"((?-i:(?=[A-Z0-9]{0,7}[ -]?[A-Z0-9]{0,5}\d)(?:[A-Z0-9]{0,3}[A-Z][A-Z0-9]{0,3}[ -][A-Z0-9]{2,5}"
            r"|[A-Z0-9]{1,4}[ -][A-Z0-9]{0,4}[A-Z][A-Z0-9]{0,4})(?:-[A-Z0-9]{1,3})?))\b"
        ),
        1,
    ),
    (
        "DEVICE",
        _rx(
            r"\b(?:serial|s/n|sn|device|implant|pacemaker|icd|pump|model|lot|udi|transmitter|sensor|receiver|monitor|"
            r"cgm|hearing aid|stent|valve|imei)(?: (?:id|serial|number|no\.?|"
            r"#))?" + _LABELLED_ID
        ),
        0,
    ),
    ("FAX", _rx(r"\bfax(?: number| no\.?)?[\s:#.]*(\+?[\d\s().-]{7,}\d)"), 1),
    (
        "PHONE",
        _rx(
            r"\b(?:tel|telephone|phone|ph|mobile|mob|cell|contact(?: number)?|call|landline|pager|bleep)"
            r"(?: number| no\.?)?[\s:#.]*(\+?[\d\s().-]{6,}\d)"
        ),
        1,
    ),
    (
        "PHONE",
        _rx(
            # (not across a table's tabs: "08:00<tab>101<tab>112/58")
            r"(?<![\w/.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,5}\)[ .-]?|\d{2,5}[ .-])\d{3,4}[ .-]?\d{3,4}\b"
            r"|\b\d{3}[.-]\d{4}\b(?!\s*(?:mg|ml|mmol|units))|\b0\d{9,10}\b|\+\d{10,13}\b"
        ),
        0,
    ),
    (
        "AGE>89",
        _rx(
            r"\b(?:9\d|1[01]\d)(?:\s*|-)(?:years?|yrs?|y)(?:\s*|-)(?:old|of age)\b|\b(?:aged?|age:?)\s*(?:9\d|"
            r"1[01]\d)(?=(?:\s*(?:y|yo|yrs?))?\b)(?!\s*(?:days?|d\b|weeks?|wks?|w\b|months?|mos?\b|hours?|h\b))"
            r"|\b(?:9\d|1[01]\d)\s*(?:yo|y/o|y\.o\.|yr old|-year-old)\b"
            r"|\b(?:9\d|1[01]\d)\s?(?:M|F)\b"
            r"|\b(?:in (?:his|her|their) )(?:90s|nineties|hundreds)\b|\bnonagenarian|\bcentenarian"
            r"|\b(?:9\d|1[01]\d)(?=[- ](?:year|yr)[- ]old)"
            r"|\b(?:9\d|1[01]\d)(?=\s*(?:y|yrs?|years?)\b[ \t]*(?:[,.;)|\n]|$|/\s*(?:m|f|male|female)\b))"
            # "Age/Sex: 91/M" (Indian and other hospital headers), DICOM's age string "091Y"
            r"|(?<=\bage/sex:)\s*(?:9\d|1[01]\d)(?=\s*/)|(?<=\bage/sex )\s*(?:9\d|1[01]\d)(?=\s*/)"
            r"|(?-i:\b0(?:9\d)Y\b|\b1[01]\dY\b)"
        ),
        0,
    ),
    # 9.0.0: "age=95", "age_years,90" (a key and its value in an export), "her 100th birthday"
    (
        "AGE>89",
        _rx(
            r"\b(?:patient[_ ])?age(?:[_ ](?:years?|yrs?|at[_ ][a-z]+))?\s*=\s*['\"]?"
            r"(9\d|1[01]\d)\b|\bage[_ ](?:years?|yrs?)\s*[,:]\s*(9\d|1[01]\d)\b"
            # 10.0.0: sex then age ("F/96", "M / 93") in a header
            r"|(?<![\w/])(?-i:[MF])/(9\d|1[01]\d)\b(?!\s*(?:/|%|mg|kg|lbs?|cm|hours?|hrs?|h\b|days?|min))"
            r"|\b(9\d|1[01]\d)(?:st|nd|rd|th)\s+birthday\b"
        ),
        0,
    ),
    # 9.0.0: an age in another language's unit ("94 J.", "95 ans", "92 años", "93 lat"), and after "who is"
    (
        "AGE>89",
        _rx(
            r"\b(9\d|1[01]\d)\s?(?:Jahre\b|ans\b|años\b|anos\b|anni\b|jaar\b|yaşında\b|岁|歳)"
            # 10.3.0: "94-jährig", "94-letni", "93-jarige", "92 taong gulang" (not "90 letnia kąpiel", a lukewarm bath)
            r"|\b(9\d|1[01]\d)(?:[- ]?jährig\w*|-(?:letni|jarig)\w*|\staong gulang\b)"
            r"|\bwho (?:is|was|turns|turned|will be) (9\d|1[01]\d)\b(?![.,]\d)"
            r"(?!\s*(?:%|per ?cent|mg|kg|lbs?|pounds|seconds?|secs?|mmhg|bpm|degrees?|°|over\b|"
            r"on\b|/|systolic|diastolic|mins?\b|minutes?|hours?|hrs?|days?|weeks?|months?))"
        ),
        0,
    ),
    # "he is ninety-four", "aged a hundred and one": an age in words after words that say it is a person's age
    (
        "AGE>89",
        _rx(
            r"\b(?:aged?|age\s*:|turned|turning|(?:he|she) (?:is|was|'s)|(?:he|she)'s|i'?m|i am)\s*("
            + _AGE_WORDS
            + r")\b(?![- ]?(?:minutes?|mins?|seconds?|hours?|days?|weeks?|months?|per ?cent|percent|%|mg|mls?|"
            r"millilit\w*|milligram\w*|units?|degrees?|over|beats?|bpm|times|tablets?|pills?|kg|kilos?|pounds|lbs?|"
            r"metres?|meters?|yards?|feet|steps|mmhg|on (?:room )?air|fahrenheit|systolic))"
        ),
        1,
    ),
    # 10.1.0: an age at death or retirement ("died 2019 at 99", "passed away at ninety-one", "alive at 96 in
    # Ibadan"), a pedigree's "living, 101", "Mum turns 95", a German "(90 J.)", a relative's "his wife, 92,". A cold
    # review wrote readings after wider cues ("fever broke at 101", "diagnosed at 118", "aspirin o.d., 100 tabs",
    # "heart rate turns 110", "(100 J)", "Hb 98 Y   (L)", "husband, 111, GP OOH"): each cue here is one a reading does
    # not take.
    *(
        ("AGE>89", _rx(pattern), 1)
        for pattern in (
            r"\b(?:died|passed away|alive|widowed|retired)(?: in (?:19|20)\d\d| (?:19|20)\d\d)? at "
            r"(?:the age of |age )?(9\d|1[01]\d|" + _AGE_WORDS + r")\b(?![.,]\d)" + _NOT_A_READING_AFTER,
            r"(?<!daily )\b(?:living|alive|deceased)\s*+,\s*+(9\d|1[01]\d)\b(?![.,]\d)" + _NOT_A_READING_AFTER,
            r"\b(?:she|he|i|mum|mom|dad|nan|nana|gran|granny|grandma|grandpa|grandad|grandmother|grandfather|mother|"
            r"father|husband|wife|aunt|uncle) turns (9\d|1[01]\d|"
            + _AGE_WORDS
            + r")\b(?![.,]\d)"
            + _NOT_A_READING_AFTER_BIRTHDAY,
            r"\((9\d|1[01]\d) J\.\)",  # "(90 J.)", with its period: "(100 J)" is a shock's energy
            # "his wife, 90, is also on warfarin", "(husband, 96)": 90-109 ("husband, 111," may be the NHS line)
            # (not a reading a relative took: "per wife, 98, 102", "checked by husband, 94,")
            # (10.3.0: a pedigree's "mother - 92 -", "proband - 93 - Astoria")
            r"(?<!\bper )(?<!\bby )\b(?:wife|husband|spouse|partner|brother|sister|mother|father|mum|mom|dad|aunt|"
            r"uncle|grandmother|grandfather|grandma|grandpa|cousin|widow|widower|proband)(?:\s*+,|\s+[-–])\s*+(9\d|10\d)\b"
            r"(?=\s*(?:[,)]|$)|\s[-–]\s+(?!(?:on|at|sats?|ra|spo2|o2)\b)[^\W\d])",
            # 10.3.0: a person's birthday to come or just gone ("mami turned 95 on sunday", "he'll be 94 in August");
            # not a reading's ("sats turned 91 on NIV")
            r"\b(?:she|he|i|mum|mom|mam|mami|mama|mother|dad|papa|father|husband|wife|nan|nana|gran|granny|grandma|"
            r"grandpa|grandad|grandmother|grandfather|aunt|uncle)(?: turned|'ll be| will be)\s+(9\d|1[01]\d)\b"
            r"(?=\s+(?:on\s+(?!\d|room\b|air\b|o2\b|oxygen\b|high\b|niv\b|cpap\b|the (?:ward|monitor)\b)"
            r"|in\s+(?!\d|room\b|air\b)|next\b|this\b|last\b))",
            # 10.3.0: a JSON record's "age":94; not an infant's in other units ("age":"95 days",
            # "age":92,"age_unit":"d")
            r"[\"']age[\"']\s*:\s*[\"']?(9\d|1[01]\d)\b(?!\s*(?:d\b|days?|hours?|h\b|min|months?|mos?\b|weeks?|w\b))"
            r"(?![^}\n]{0,40}?[\"'](?:age_?)?units?[\"']\s*:\s*[\"'](?!y))",
            # an audit trail's corrected age: "Demographics.age: 96 -> 97"
            r"\bage\s*+[:=]\s*+(?:9\d|1[01]\d)\s*+(?:->|→|=>)\s*+(9\d|1[01]\d)\b",
            # "he is "ninety-nine and a half"": an age in words in quotes (a number there may be "100% sure")
            r"\b(?:he|she|i)(?: is|'s|'m| am| was)\s*+[\"“‘']\s*+(" + _AGE_WORDS + r")\b",
        )
    ),
    # "DOB: March 14, 1929 (ninety-five years old)": an age in words before "years old", whatever comes before it
    ("AGE>89", _rx(r"\b(" + _AGE_WORDS + r")(?=[- ](?:years?|yrs?)[- ]old\b)"), 1),
    # "I'm 93 next month", "Age: 93": a person's age over 89 after words that say so
    (
        "AGE>89",
        _rx(
            r"\b(?:i'?m|i am|he'?s|she'?s|he is|she is|you are|you'?re|turned|turning|will be|"
            r"age\s*:|age at \w+\s*+(?:\((?![^()\n]*\b(?:days?|d|weeks?|wks?|w|months?|mos?|m)\b)[^()\n]{0,30}\)"
            r"\s*+)?[:-]?|"
            r"(?:mum|mom|"
            r"mother|dad|father|nan|nana|gran|granny|grandma|grandpa|grandad|grandfather|grandmother|husband|wife|aunt|"
            r"uncle)(?:'s| is))\s*(9\d|1[01]\d)\b"
            r"(?!\s*(?:%|mg|k"
            r"g|"
            r"mmhg|bpm|cm|ml|/|\.\d|percent|on (?:room )?air|on o2|on oxygen|sats?\b|kilos?|lbs?|pounds|"
            # 8.0.0: readings after a relative ("Dad is 101 degrees", "Mum's 100 over 60", "92 on 2 litres")
            r"degrees?|°|f\b|c\b|over\b|on\b|beats?|mmol|min\w*|hours?|hrs?|days?|weeks?|litres?|liters?|l\b|units?|"
            r"miles?|km|metres?|meters?|points?))"
        ),
        1,
    ),
    (
        "DATE",
        _rx(
            r"\b(?:dob|d\.o\.b\.?|date of birth|born(?: on)?|birth ?date|admitted(?: on)?|discharged(?: on)?|"
            r"date(?: of (?:admission|discharge|death|service|visit))?|dod|seen(?: on)?|on)\b[\s:]*"
            r"(\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{1,4})?)"
            r"|\b(?:detained|record|visit|review(?:ed)?|dated|from|until|since|collected|taken|appointment|booked)\b[\s"
            r":]*"
            r"(\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}\.(?:0[1-9]|1[0-2])(?:\.\d{2,4})?)(?!\d|\.\d)"
            r"|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b(?!\.\d)"
            rf"|\b{_DAY}\s*(?:-|–|to|au|al|bis)\s*{_DAY}\s+(?:{_MONTH}|{_FOREIGN_MONTH})\b\.?(?:,?\s+\d{{2,4}})?"
            rf"|\b{_DAY}\s+(?:de\s+)?{_FOREIGN_MONTH}\b(?:\s+(?:de\s+)?\d{{2,4}})?"
            # 10.3.0: "3. Mai 2024" (a German day's period, with its year: "3. Mars bar" is none), and a month that is
            # no other word with its year ("styczeń 2025", "março de 2024"; not "Mayo 2019 criteria", "marca 2020")
            rf"|\b{_DAY}\.\s+{_FOREIGN_MONTH}\s+(?:19|20)\d\d\b"
            rf"|\b{_FOREIGN_MONTH_ALONE}\s+(?:de\s+)?(?:19|20)\d\d\b"
            r"|\b(?:mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)\.?,?\s+(?:the\s+)?(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th"
            r")\b"
            r"|(?:"
            + "|".join(
                rf"(?<=\b{w} )" for w in ("on", "for", "booked", "planned", "due", "until", "from", "dated", "next")
            )
            + r")(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])\b(?!/)"
            rf"|\b{_DAY}(?:\s+of)?\s+{_MONTH}\b(?:,?\s+(?:\d{{4}}|'?\d\d(?![\w/])))?\.?"
            rf"|\b{_MONTH}\.?\s+{_DAY}\b(?:,?\s+\d{{4}})?"
            rf"|\b{_DAY}[-/.]{_MONTH}\b(?:[-/.]\d{{2,4}})?"
            # "Mar-12-1985", "lap appendicectomy Mar-04": month, hyphen, day (a US and EHR export form)
            rf"|\b{_MONTH}-(?:[12]\d|3[01]|0[1-9])\b(?:-\d{{2,4}})?"
            # "next call fri 24.10", "on Friday (31st)": a weekday vouches for a day and month or a bare ordinal
            r"|\b(?:mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+"
            r"(?:(?:[12]\d|3[01]|0?[1-9])[/.](?:1[0-2]|0?[1-9])(?:[/.]\d{2,4})?(?![\d/]|\.\d)"
            r"(?!\s*(?:of|l|litres?|liters?|mls?|mg|units?)\b)|\((?:[12]\d|3[01]|0?[1-9])"
            r"(?:st|nd|rd|th)\))"
            rf"|\b{_MONTH}\.?,?\s+(?:of\s+)?(?:19|20)\d\d\b"
            r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+(?:the\s+)?" + _DAY + r"\b"
            r"|\b(?:the\s+)" + _DAY + r"(?=\s+(?:of\s+)?(?:this|last|next)\s+month)"
            r"|\b(?:christmas|thanksgiving|easter|new year'?s?)(?: day| eve)?\b"
            r"|(?<![\d/])(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])(?![\d/])(?!\s*(?:pain|score|h\b|hrs?\b|hourly))"
            # US month/day where the day cannot be a month ("6/30")
            r"|(?<![\d/.])(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])(?![\d/])(?!\s*(?:pain|score|h\b|hrs?\b|hourly))"
            # a month on its own is a date element too ("in April"); not "may" or "march", which are verbs
            r"|\b(?:in|since|from|until|by|during|last|next|early|late|mid)[- ](?:january|february|april|june|july|"
            r"august|september|october|november|december)\b"
        ),
        0,
    ),
    # 9.0.0: a Roman-numeral month ("14.iii.2025"), a birth date in spaces ("dob 9 8 2018"), a weekday before a US
    # month/day ("Tue 3/18"), and a bare ordinal day after a word that dates it ("rang on the 28th", "till the 22nd")
    (
        "DATE",
        _rx(
            r"\b(?:[12]\d|3[01]|0?[1-9])\.(?:xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i)\.(?:\d{4}|\d{2})\b"
            r"|\b(?:dob|d\.o\.b\.?|date of birth|born)\W{0,3}"
            r"((?:[12]\d|3[01]|0?[1-9]) (?:1[0-2]|0?[1-9]) (?:19|20)\d\d)\b"
            r"|\b(?:mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+"
            r"((?:1[0-2]|0?[1-9])/(?:1[3-9]|2\d|3[01]))(?![\d/])"
            # (the ordinal must end the phrase: "after the 3rd shock", "on the 2nd intercostal space" are no dates)
            r"|\b(?:on|till|until|since|due|back) (the (?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))\b"
            r"(?=\s*(?:[).,;:!?]|$|\s(?:from|at|when|because)\b(?!\s+the\b)))"
        ),
        0,
    ),
    (
        "ADDRESS",
        _rx(
            r"\b\d{1,5}[A-Za-z]?,?\s+(?:" + _CAPWORD + r"\s+){1,4}" + _STREET + r"\b\.?"
            r"|\b(?i:flat|apt|apartment|unit|suite|ste|house)\s*#?\s*\d+[A-Za-z]?\b"
            r"|\b(?i:p\.?\s?o\.?\s+box)\s+\d+\b"
            r"|\b(?:" + _CAPWORD + r"\s+){1,3}(?:Farm|Cottage|House|Lodge|Manor|Court|Hall|Barn|Mill)\b(?=,)",
            0,
        ),
        0,
    ),
    ("ZIP", _rx(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", 0), 0),
    ("ZIP", _rx(r"\b" + _EIRCODE + r"\b", 0), 0),
    ("ZIP", _rx(r"\b\d{5}(?=\s+[A-Z][a-z])", 0), 0),  # French/German/Spanish postcode before the town
    # 10.0.0: a FHIR or other JSON address's parts ("city":"Milwaukee", "postalCode":"53207"); never "state"/"country"
    (
        "ZIP",
        _rx(
            r"[\"'](?:postalCode|postal_code|postcode|zip(?:code)?|plz|cep|codigo_postal|code_postal)[\"']\s*:\s*"
            r"[\"']?([\w -]{3,12}?)[\"',}\n]",
            0,
        ),
        1,
    ),
    (
        "LOCATION",
        _rx(
            # (not "ort", "plaats" or "localidad": a vaccination record's site, "li. Oberarm")
            r"[\"'](?:city|town|district|suburb|county|stadt|ville|ciudad|localidade|cidade|gemeente|woonplaats|comune|"
            r"miasto)[\"']\s*:\s*[\"']([^\"'\n]{2,40})[\"']",
            0,
        ),
        1,
    ),
    # 10.3.0: an HL7 address's state then ZIP ("^OR^97405^USA"), an XML one's <PostalCode>, a CEP, C.P. or PLZ by its
    # label, a Polish "80-831" between the street's comma and the town
    ("ZIP", _rx(r"(?<=\^)" + _US_STATES + r"\^(\d{5}(?:-\d{4})?)(?=[\^|\n]|$)", 0), 1),  # not a code's "^LN^84295^"
    ("ZIP", _rx(r"<(?:postal_?code|post_?code|zip(?:_?code)?)>[ \t]*+([\w -]{3,12}?)[ \t]*+</"), 1),
    # (a CEP's own form; C.P. and PLZ five digits with no unit: "C.P. 1000 mg/dia", "CEP 2020")
    (
        "ZIP",
        _rx(r"\b(?:CEP\s*+:?\s*+(\d{5}-?\d{3})|(?:C\.\s?P\.|PLZ)\s*+:?\s*+(\d{5}))\b(?![ \t]*(?:mg|ml|g\b|/))", 0),
        1,
    ),
    # (after a house number's comma, before a town: "3, 61-555 Poznań"; not "titrated, 10-100 Units")
    (
        "ZIP",
        _rx(r"(?<=\d, )\d{2}-\d{3}(?= [A-ZŁŚŻŹĆ][a-ząćęłńóśźż]+\b)(?! (?:Units?|Meters?|Minuten|Einheiten)\b)", 0),
        0,
    ),
    # Canadian "H2J 3V6" (not a TNM stage, "T2N 0M0")
    ("ZIP", _rx(r"\b(?!T[0-4X]N ?[0-3X] ?M)[A-CEGHJ-NPR-TVXY]\d[A-CEGHJ-NPR-TV-Z] \d[A-CEGHJ-NPR-TV-Z]\d\b", 0), 0),
    # Dutch "3526 KL" between the street's comma and the town (not "2015 MI" in a history, nor "1000 IU Vitamin")
    ("ZIP", _rx(r"(?<=, )\d{4} ?(?!IU|UI|MG|ML|HR|BP)[A-Z]{2}(?= [A-Z][a-z])", 0), 0),
    # Indian PIN: six digits after ", Town" or after its label
    # Indian PIN after ", Town", where a state or country follows ("Pune 411045, Maharashtra"; not "Plt 150000, WCC")
    ("ZIP", _rx(r",\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s*[-–]?\s*(\d{3}\s?\d{3})(?=,\s*[A-Z][a-z]{2,})", 0), 1),
    ("ZIP", _rx(r"\bpin(?:\s?code)?\s*[:-]?\s*(\d{6})\b"), 1),
    ("ZIP", _rx(r"(?<![\d-])\d{5}-\d{4}(?![\d-])", 0), 0),
    ("ZIP", _rx(r"(?<=, )[A-Z][a-z]+\s*[-–]\s*(\d{6})\b", 0), 1),
    (
        "ZIP",
        _rx(
            r"^(?=[^\n]*(?:#\d|\b(?:road|rd|main|cross|nagar|street|layout|colony|sector|shop|flat|floor|"
            r"address)\b))[^\n]*,\s*(?-i:[A-Z][a-z]+)(?:\s\([A-Z]\))?\s+(\d{3}\s?\d{3})(?=[ \t]*(?:\||$)|[ \t]{2,})",
            re.M | re.I,
        ),
        1,
    ),
    # an Australian postcode after its state ("Toowong QLD 4066")
    ("ZIP", _rx(r"\b" + _AU_STATE + r"\s+(\d{4})\b(?!\s*(?:[a-z]|%))", 0), 1),
    ("ZIP", _rx(r"(?:\b" + _US_STATES + r"|zip(?: code)?:?|postcode:?|post code:?)\s*(\d{5}(?:-\d{4})?)\b"), 1),
    (
        "LOCATION",
        _rx(
            r"\b(?:(?:St\.?|Saint|Mount|Mt\.?|Royal|General|Memorial|University|Children'?s|County)\s+)?(?:"
            + _CAPWORD
            + r"\s+){1,4}(?:Hospital|Clinic|Medical Cent(?:er|re)|Health Cent(?:er|re)|Surgery|"
            r"Infirmary|Practice|Nursing Home|Care Home|Care Cent(?:er|re)|Night Shelter|Shelter|Hostel|Refuge|"
            r"Family Medical|Medicals|Diagnostic Cent(?:er|re)|Research Cent(?:er|re)|Polyclinic|"
            r"Retirement (?:Home|Village)|Residential Home|Hospice|Pharmacy|School|University|College|"
            r"Prison|Church|Mosque|Temple|Synagogue)\b",
            0,
        ),
        0,
    ),
    # the same in capitals ("ST AIDAN'S HOSPITAL"), and a practice named for its specialty before its company form
    # ("DESERT WILLOW RHEUMATOLOGY, PLLC"); not a heading or a plan ("CT HEAD: NO ACUTE INTRACRANIAL PATHOLOGY",
    # "REFER TO CARDIOLOGY", "PREVIOUS HOSPITAL ADMISSIONS")
    (
        "LOCATION",
        _rx(
            r"\b(?-i:(?!(?:NO|PREVIOUS|ACUTE|LOCAL|GENERAL|THE|TO|FROM|AT|IN|OF|AND|OR|REFER|REFERRED|SEEN|BY|DISCHARGE|"
            r"DISCHARGED|ADMITTED|ADMISSION|HOME|OTHER|NEW|FOLLOW|UP|BACK|PLAN)\b)(?:[A-Z][A-Z'’&-]{1,40}\s+){1,4}"
            r"(?:HOSPITAL|CLINIC|MEDICAL CENT(?:ER|RE)|HEALTH CENT(?:ER|RE)|INFIRMARY|PHARMACY|HOSPICE|NURSING HOME|"
            r"CARE HOME|MEDICAL GROUP|MEDICALS|FAMILY MEDICAL|(?:DIAGNOSTICS? & )?RESEARCH CENT(?:ER|RE)|POLYCLINIC|"
            r"REGIONAL(?=\s+[-–]))(?!\s+(?:ADMISSIONS?|STAY|VISITS?|APPOINTMENTS?|FOLLOW|REVIEW))"
            r"|(?:[A-Z][A-Z'’&-]{1,40}\s+){1,4}[A-Z]+OLOGY(?=,?\s+(?:PLLC|LLC|P\.?C\.?|INC|LTD|ASSOCIATES|GROUP)\b))\b",
            0,
        ),
        0,
    ),
    ("LOCATION", _rx(r"\b(" + _CAPWORD + r"(?:\s+" + _CAPWORD + r"){0,2}),\s*" + _US_STATES + r"\b", 0), 1),
    # 9.0.0: a named laboratory, practice or agency ("Cascade Regional Laboratories", "Riverbend Anesthesia
    # Associates"); not one named for what it does ("Clinical Laboratory"), whose first word says so
    (
        "LOCATION",
        _rx(
            r"\b(?:(?:St\.?|Saint)\s+)?(?!" + _GENERIC_UNIT_WORD + r"\b)(?:" + _CAPWORD + r"\s+){1,3}"
            r"(?:Laborator(?:y|ies)|Associates|Agency|Diagnostics|Scan Cent(?:er|re))\b",
            0,
        ),
        0,
    ),
    # a town before a state code with no comma, after a comma or "in" ("Associates, Omaha NE", "bridge, Austin TX")
    (
        "LOCATION",
        _rx(r"(?:(?<=, )|(?<=\bin ))(" + _CAP + r")[ \t]+" + _US_STATES + r"(?=[ \t]*(?:[\n,.;)]|\d{5}|$))", 0),
        1,
    ),
    # a numbered road ("on the A38 near", "B6265 just outside", "MVC on I-90 eastbound"): a place, not a vitamin
    (
        "LOCATION",
        _rx(
            # after "on/along/off (the)" and before a place word: not "B12 below range", "left M1 near the
            # bifurcation", "I-131 at 100 mCi"
            r"(?:(?<=\bon )|(?<=\boff ))(?:the )?"
            r"(?-i:\b(?:A\d{2,4}|B\d{3,4}|M(?:[5-9]|\d\d)|I-(?!12[35]\b|131\b)\d{1,3}|US-\d{1,3}|SR-\d{1,3})\b)"
            r"(?=\s+(?:just |near\b|outside\b|(?:east|west|north|south)bound|carriageway|motorway|between|above|"
            r"exit))",
            0,
        ),
        0,
    ),
    # the label in any case but "code", which only in lower case ("CPT Code 99213" is a billing code, not a person's)
    (
        "ID",
        _rx(
            r"\b(?:(?i:id|identifier|ref(?:erence)?|guid|uuid)|code)\s*+[:#]?\s*+((?=[\w/-]*\d)[A-Za-z0-9][\w/-]{4,})\b",
            0,
        ),
        1,
    ),
    # "Tech: ID 418", "IP No.: 25/118734", "CR No. 2025/889104", "MLC No. 447/25", "UHID", "HRN 004418",
    # "CASH MEMO No. 4418", "Operator: 00773"
    (
        "ID",
        _rx(
            r"(?<=:\s)(?-i:ID)\s*(\d{3,})\b(?!\s*(?:mg|mcg|ml|units?|iu)\b)|\b(?-i:ID)\s*[:#]\s*(\d{3,})\b"
            r"|\b(?:ip|op|cr|mlc|urn?)\s*(?:no\.?|number|#)\s*[:.]?\s*((?=[\w/-]*\d)[A-Z0-9][\w/-]{2,})\b"
            r"|\b(?:uhid|hrn)\s*[:#]?\s*((?=[\w/-]*\d)[A-Z0-9][\w/-]{2,})\b"
            r"|\b(?:memo|receipt|bill|invoice|voucher|token)\s+(?:no\.?|number|#)\s*[:.]?\s*(\d{3,})\b"
            r"|\b(?:operator|tech(?:nician)?|user)\s*(?:id|no\.?|#)?\s*:\s*(\d{3,})\b"
        ),
        0,
    ),
    # 10.1.0: "interpreter ID 7714": a person's number after their role (the number only: that an interpreter was used
    # is clinical information)
    (
        "ID",
        _rx(
            r"\b(?:interpreter|interp|staff|employee|badge|operator|nurse|carer|caregiver|worker|agent|officer|driver|"
            r"volunteer|student)\s++(?-i:ID|No\.?)\s*+[:#]?\s*+(\d{3,})\b"
        ),
        1,
    ),
    # reference numbers after a label that says so: police log, incident, response #, trial participant
    (
        "ID",
        _rx(
            r"\b(?:log|incident|crime|case|report|response|survey|participant|subject|trial (?:id|no)|employee|staff|"
            r"badge|payroll|key ?safe(?: code)?|door code|study (?:id|no)|randomi[sz]ation(?: no| number)?|"
            # possessive spaces (10.0.0): "case" + 2,000 spaces took 45 s when three \s* could split the same run
            # 10.1.0: "Emp #E10472", "employee 4417C", "PD report 25-11804"
            r"blue badge|emp)\s*+(?:(?:no\.?|number|id|#)\s*+)?(?:[:#]\s*+)?((?-i:[A-Z]{1,3})-?\d{3,}(?-i:[A-Z])?"
            r"|\d{2,4}-\d{5,}(?!\s*(?:steps|cells|copies|platelets|units|/|per\b))|\d{3,}(?-i:[A-Z])?)\b"
            r"|\bblue badge\s*+(?:no\.?|number|#)?\s*+[:#]?\s*+((?-i:[A-Z]{1,3})\d{1,3}(?: \d{3,4}){1,3})\b"
            r"|#(\d{3,})\b"
            # 10.0.0: crime and incident references with slashes or dashes ("crime no. 13/88412/24", "incident
            # #25-00714"), a police officer's collar number ("PC 4471"), a command-and-control log ("CAD 1172 of 3 Mar")
            r"|\b(?:crime|incident)(?: ref(?:erence)?)?\s*+(?:(?:no\.?|number|#)\s*+)?(?:[:#]\s*+)?(\d{1,3}[/-]\d{3,}"
            r"(?:[/-]\d{2,4})?)\b"
            r"|(?-i:\bCAD)\s?(?:no\.?\s?|#\s?|ref\.?\s?)?(?!(?:19|20)\d\d\b)(\d{3,7})(?=\s+(?:of|dated)\b)"
            r"|\bjob\s*+(?:no\.?|number|ref|#)?\s*+[:#]?\s*+(?!(?:19|20)\d\d\b)(\d{5,})\b"
            # a collar number only on a line that speaks of the police ("PC 0800" after a dose is "after meals")
            r"|(?-i:\bPC)\s?(\d{4,5})\b(?=[^\n]*\b(?:police|officer|constable|attended|arrest\w*)\b)"
            r"|(?:(?<=\bpolice )|(?<=\battended by )|(?<=\battended: ))(?-i:PC)\s?(\d{4,5})\b"
        ),
        0,
    ),
    ("ID", _rx(r"\b(?=(?:[A-Z-]{0,30}\d){4})(?=[A-Z0-9-]{0,40}[A-Z])[A-Z0-9-]{7,}\b|\b\d{7,}\b", 0), 0),
    # 10.1.0: an HL7 person field's id before its surname (in capitals) and given name ("|20144^AKINTOLA^EZINNE^^^DR";
    # not "|141^Influenza^CVX" nor "|03^MMR^CVX", a code and its coding system)
    (
        "ID",
        _rx(
            r"(?<=[|~])(?=\w*\d)(\w++)(?=\^[A-Z][A-Z'-]+\^[A-Z])"
            r"(?!\^[A-Z'-]+\^" + _CODING_SYSTEM + r"\b)",
            0,
        ),
        1,
    ),
    (
        "ID",
        _rx(
            r"\b(?:user ?name|user(?: id)?|login|handle|portal (?:id|user\w*)|account name|screen name)"
            r"(?:\s+(?:on|in|for)\s+(?:the|my|this)\s+\w+)?(?:\s+(?:is|was))?"
            r"[\s:#=]+([\w.@-]*\d[\w.@-]*|[\w.-]+_[\w.-]+|(?-i:[a-z]{1,3}\.[a-z][a-z'-]{2,}))"
            # 10.0.0: "usuario: maria.l.perez", "by admin j.osei", "Exported by afh01", "From account: a.b.proxy" (a
            # login with a letter and a dot, digit or underscore), "by user MCASEY"; not "Drug admin 2 tabs"
            # (10.3.0: what else a system logs a login doing, and an export's "..._by" key: "uploaded_by":"sni.bhriain")
            r"|\b(?:usuario|by admin|admin(?: user)?\s*[:=]|(?:exported|printed|run|uploaded|entered|modified|created|"
            r"logged|edited|updated|amended|accessed|viewed|transcribed|reviewed) by|from account)[\s:#=]+"
            r"(?!\d[\d.]*\s?(?:mg|mcg|g|ml|units?|iu|mmol)\b)((?=[\w.@-]*[a-z])(?:[\w.@-]*[\d_.][\w.@-]*))\b"
            r"|[\"']\w*_by[\"']\s*+:\s*+[\"']((?=[\w.@-]*[a-z])(?:[\w.@-]*[\d_.][\w.@-]*))[\"']"
            r"|\bby user\s+((?-i:[A-Z]{4,12}|[a-z]{4,12}))\b"
            r"|\(\s*(?:account|user(?:name)?|login|handle|edi)\s*:?\s*([a-z][\w.-]{3,})\s*\)"
            r"|\baccount\s*:\s*([a-z][\w.-]*_[\w.-]+)"
            # 10.1.0: "Venmo user brody-vsl", "user ghollis (203.0.113.58)" in an audit trail
            r"|\b(?:venmo|paypal|cash ?app|zelle|revolut|monzo)\s++(?:(?:user(?:name)?|handle|account|id)\s*+[:@]?"
            r"\s*+@?|[:(-]?\s*+[@$])((?=[\w.-]*[a-z])(?=[\w.-]*[\d_.-])[\w.-]{3,30}[\w])"
            r"|\buser\s+([a-z][\w.-]{2,30})(?=\s*\((?:\d{1,3}\.){3}\d{1,3}\))"
            # "Flagged claims: 25-1104-77812, 25-1129-80455": a labelled list of references, as one span
            # ("Patient claims: 30 tablets" is history: each reference has a dash and five digits after it)
            r"|\bclaims?\s*+(?:no\.?|numbers?|#|ids?|refs?)?\s*+[:#]\s*+(\d{2,}-\d[\d-]*\d{4}(?:\s*+,\s*+\d{2,}-\d[\d-]*"
            r"\d{4})*)\b(?!\s*(?:steps|cells|copies|tablets|units|/|per\b))"
        ),
        0,
    ),
)

# Capitalised words after these are places ("lives in Little Snoring", "from Springfield").
_PLACE_CUE = _rx(
    r"\b(?:live|lives|living|lived|resides|residing|resident|moved|relocated|born|grew up|raised|stays|staying|"
    r"works|working|visiting|travelled|traveled|returned|came back|home|hometown|village|town|city|county|parish|"
    r"borough|district|suburb|neighbourhood|neighborhood|address|located|based|from|near|outside|in the area of)\b"
    r"(?:\s+(?:in|at|to|from|of|near|on|outside|is|was|:|-))*(?:\s+(?:the\s+)?(?:town|village|city|county|"
    r"suburb|area|parish) of)?\s*[:,-]?\s*$"
)
_NUMERIC_POSTCODE = _rx(r",?\s+(?:[A-Z]{2,3}\s+)?(\d{4,5})\b(?!\s*(?:mg|ml|g\b|kg|units?|%|mmol|mcg|iu))", 0)
_PREPOSITION = _rx(r"\b(?:in|at|near|around|outside|from|to|towards|via)\s+$")
_PLACE_AFTER_ADDRESS = _rx(
    r"^,?\s*((?:" + _CAPWORD + r")(?:[\s-]+(?:" + _CAPWORD + r"|on|upon|le|la|en|de|by|"
    r"under|in)){0,3})",
    0,
)

# --- names --------------------------------------------------------------------------------------------------------
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Rev|Revd|Father|Sister|Nurse|Judge|Capt|Captain)"
# An initial with its dot, or a capitalised word of two or more letters (so "Vitamin K" and "BP" are not names);
# Unicode letters throughout (Nguyễn Thị Hương, Siobhán Ní Bhriain).
_LOWER = rf"(?:(?![{_UPPER}]){_LETTER})"
_NAME_TOKEN = rf"(?:[A-Z]\.(?=\s)|(?=\w[\w'’])[{_UPPER}](?:{_LOWER}|(?<={_LOWER})[{_UPPER}])*(?:['’-]{_LETTER}+)*\b)"
_NAME_SEQ = (
    rf"{_NAME_TOKEN}(?:[ \t]+(?:(?i:van|von|de|da|del|der|di|du|des|dos|le|la|bin|binti|al|el|ter|ten|ní|nic|ó|"
    rf"mac|ap|y)[ \t]+)?"
    rf"{_NAME_TOKEN}){{0,3}}"
)
_TITLED = _rx(rf"\b{_TITLE}\.?\s+((?:[A-Z]\s+(?=[A-Z]))?{_NAME_SEQ})", 0)
_NAME_CUE = _rx(
    r"\b(?:patient|pt|client|resident|name|named|called|surname|forename|first name|last name|full name|husband|wife|"
    r"son|daughter|mother|father|mum|mom|dad|partner|brother|sister|grandson|granddaughter|grandmother|grandfather|"
    r"niece|nephew|aunt|uncle|cousin|stepson|stepdaughter|stepmother|stepfather|in-law|sibling|twin|member|"
    r"participant|proband|subject|claimant|applicant|insured|policyholder|client|user|wishes|regards|thanks|"
    r"sincerely|cheers|love|best|yours|from|sender|recipient|author|prepared by|reviewed by|reported by|"
    r"verified by|dictated by|typed by|authori[sz]ed by|approved by|submitted by|requested by|ordered by|"
    r"friend|carer|caregiver|neighbou?r|guardian|nok|next of kin|contact|gp|consultant|physician|nurse|midwife|"
    r"paramedic|registrar|signed|signature|referred by|seen by|seen with|accompanied by|spoke (?:to|with)|dear|cc|"
    r"attn|from|by|with|to|and|for|boyfriend|girlfriend|fiancée?|spouse|child|baby|infant|boy|girl|man|woman|"
    r"lady|gentleman|colleague|employer|landlord|teacher|student|author|informant|witness|interpreter|re|parents?|"
    r"respondent|sonographer|radiographer|technician|technologist|pharmacist|dentist|therapist|physio|dietitian|"
    r"optometrist|prescriber|at risk|[\w]+-in-law|manager|supervisor|boss|keyworker|key worker|social worker|"
    r"prosthetist|podiatrist|chaplain|advocate|solicitor|officer|pc|sergeant|detective|coach|tutor|lodger|housemate|"
    r"flatmate|roommate|ex|employee|donor|visited|copy to|hiya|n[ée]e|maiden name)\b"
    r"(?:'s)?\s*[:=,-]?\s*$"
)
# "Arthur Young (known as Art)": the name a person goes by, in brackets straight after their name
_BRACKET_NICKNAME = _rx(
    rf"\s*\((?:known as|prefers|answers to|goes by|likes to be called|aka)\s+({_NAME_TOKEN}|[A-Z]{{2,3}})\)", 0
)  # "(known as JJ)": initials are a name a person goes by too
# "Robert 'Bobby' McAllister": a quoted nickname between given name and surname
_NICKNAMED = _rx(
    rf"\b{_NAME_TOKEN}\s+['\"‘“(]{_NAME_TOKEN}['\"’”)]\s+{_NAME_TOKEN}"
    # a nickname in brackets and quotes straight after a name: "Mr Ifeanyi Okafor-Lindgren ('Iffy')"
    rf"|(?<=\(['\"‘“]){_NAME_TOKEN}(?=['\"’”]\))",
    0,
)
_SEQ_AT = _rx(rf"^({_NAME_SEQ})", 0)
_CAP_SEQ = _rx(rf"\b{_NAME_SEQ}", 0)

# Capitalised words that are never names here (sentence starters, clinical words, months handled as dates).
_NOT_NAME = frozenset(
    """a an the and or but if in on at to of for with from by as is was are were be been has have had he she they we i
    tbc tba it its his her their my our your this that these those there here then when while after before since until
    during no not nor yes so see seen saw also only just still very more most less least some any all each every
    both either may june april august march can could would should shall must might patient pt name history exam
    examination impression plan assessment diagnosis dx hx rx sx tx note notes report summary discharge admission
    admitted presents presented presenting complains reports denies states says said allergies medications meds
    social family past medical surgical review systems vitals vital signs labs results imaging ecg ekg ct mri xr
    cxr bp hr rr spo2 temp gcs dob mrn ssn nhs address phone tel fax email contact dr mr mrs ms miss prof nurse
    doctor gp hospital clinic ward unit ed er icu a&e ambulance chest pain head heart blood lung lungs liver kidney
    brain back neck abdomen left right upper lower anterior posterior acute chronic severe mild moderate normal
    abnormal positive negative type stage grade class day week month year today yesterday tomorrow morning evening
    night monday tuesday wednesday thursday friday saturday sunday january february july september october november
    december hello hi dear thanks thank please regards best kind sincerely many major man son else ever baby love
    august christian islam jesus god lord allah english french spanish german british american irish scottish welsh
    covid daughter husband wife mother father mum mom dad partner brother sister niece nephew aunt uncle cousin
    grandson granddaughter grandmother grandfather maternal paternal member participant proband subject client
    carer friend neighbour neighbor guardian nok contact consultant registrar midwife paramedic physician surgeon
    gp wishes regards sincerely thanks telehealth session log subject signed seen ref lab baby boy girl infant
    child re parents parent respondent sonographer radiographer technician technologist pharmacist dentist therapist
    physio dietitian optometrist prescriber user adult daughter-in-law son-in-law mother-in-law father-in-law
    brother-in-law sister-in-law age sex gender room bed bay level admit attending disposition resident police staff
    employee manager line girlfriend boyfriend fiancé fiancée hiya donor visited""".split()
)
# First names that are also common words or places: never a name on the gazetteer alone, but fine as a surname
# ("Kerry-Ann Brown") or after a cue ("niece Grace").
_NOT_FIRST = frozenset(
    """long young white black brown green grey gray rose grace hope faith joy ivy iris lily dawn eve summer autumn
    winter sunny king sandy lucky star sage sterling chase page dean frank mark bill will guy rich art pat don ray
    rod jack jean tom ben ann ali sue val tia dot asia china india georgia virginia carolina florida nevada austin
    dallas houston denver paris london jordan sydney crystal amber ruby pearl jade penny honey candy cherry olive
    hazel heather holly ginger violet daisy misty stormy precious angel sweet lincoln washington jefferson franklin
    madison jackson""".split()
)


@cache
def _first_names() -> frozenset[str]:
    path = _DATA / "first_names.txt"
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    names = frozenset(w for w in (line.strip() for line in lines if not line.startswith("#")) if w)
    return names - _NOT_NAME - _NOT_FIRST


def _fold(word: str) -> str:
    """Accents off, for the gazetteer ("Tomás" -> "tomas")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _tokens(seq: str) -> list[str]:
    return [t.strip(".") for t in seq.split() if t.strip(".")]


# After a title the run is a name; only sentence words are trimmed from its end (so "Mr Nguyễn Văn An" keeps "An").
_TRIM_AFTER_TITLE = frozenset("and or the was is has had with presents presented who at in on to for of".split())


def _trim_name(seq: str, titled: bool = False) -> str:
    """Drop trailing words that are not names ("Smith Presents" -> "Smith")."""
    words = seq.split()
    stop = _TRIM_AFTER_TITLE if titled else _NOT_NAME
    while words and words[-1].strip(".").lower() in stop and len(words[-1].strip(".")) > 1:
        words.pop()
    return " ".join(words)


def _name_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    for m in _TITLED.finditer(text):
        seq = _trim_name(m.group(1), titled=True)
        if seq:
            spans.append(("NAME", m.start(), m.start(1) + len(seq)))
    firsts = _first_names()
    for start, seq in _candidates(text):
        if _looks_like_name(text, start, seq, firsts):
            spans.append(("NAME", start, start + len(seq)))
    spans += _comma_names(text)
    spans += [("NAME", m.start(), m.end()) for m in _NICKNAMED.finditer(text)]
    spans += _lower_case_names(text, firsts)
    return _propagate(text, spans, firsts)


def _looks_like_name(text: str, start: int, seq: str, firsts: frozenset[str]) -> bool:
    """A cue before it ("husband", "Patient:"), a first name from the gazetteer, or (greedy) two or more capitalised
    words in mid-sentence, none of them a known non-name."""
    toks = _tokens(seq)
    head = _fold(toks[0].lower())
    if head in _NOT_NAME:
        return False
    cue = _NAME_CUE.search(text[max(0, start - 40) : start])
    if cue and (len(toks) > 1 or _weak_cue_ok(cue.group(0), head, firsts)):
        return True
    if head in firsts and (len(toks) > 1 or not _sentence_initial(text, start)):
        return True
    if len(toks) > 1 and _HEADER_AFTER.match(text, start + len(seq)):
        return True  # "Thandiwe Mokoena, SSN ...": a patient header line
    if cue and _surname_list_form(text, start + len(seq)):
        return True
    words = [t for t in toks if len(t) > 1]
    # surnames such as Brown, White or King are common words: the run needs only its first word to be a non-word;
    # 10.1.0: a run that ends in what instruments are called is one ("Morse Fall Scale", "Abbey Pain Score")
    instrument = bool(
        re.fullmatch(r"(?i:scale|score|index|criteria|classification|questionnaire|inventory|tool)", toks[-1])
    )
    return len(words) >= 2 and not _sentence_initial(text, start) and not instrument


# Identifiers straight after a capitalised run mark it as the patient's name.
_HEADER_AFTER = re.compile(
    r",?\s*\(?(?i:dob|d\.o\.b|born|mrn|nhs|ssn|hosp(?:ital)? no|aged?\b|\d{1,3}\s*(?:y|yo|yrs?|years)\b|"
    r"\d{1,3}\s?[mf]\b|g\d{1,2}\s?p\d{1,2}\b|gravida\b)"
)


def _candidates(text: str) -> list[tuple[int, str]]:
    """Capitalised runs with leading non-name words dropped ("Patient John K. Smith" -> "John K. Smith")."""
    out = []
    for m in _CAP_SEQ.finditer(text):
        start, seq = m.start(), m.group(0)
        while seq:
            first = seq.split()[0]
            if first.strip(".").lower() not in _NOT_NAME:
                break
            rest = seq[len(first) :]
            start += len(first) + (len(rest) - len(rest.lstrip()))
            seq = rest.lstrip()
        seq = _trim_name(seq)
        if seq:
            out.append((start, seq))
    return out


def _weak_cue_ok(cue: str, token: str, firsts: frozenset[str]) -> bool:
    """One capitalised word after a cue is a name if the cue is specific ("patient", "husband"), not "and"/"with"."""
    cue_word = cue.strip(" :=-").lower().removesuffix("'s")
    generic = {
        "from",
        "by",
        "with",
        "to",
        "and",
        "for",
        "man",
        "woman",
        "boy",
        "girl",
        "child",
        "baby",
        "infant",
        "lady",
        "gentleman",
        "contact",
        "plan",
        "name",
    }
    return cue_word not in generic or token in firsts


def _surname_list_form(text: str, end: int) -> bool:
    return bool(re.match(r",\s*" + _NAME_TOKEN, text[end : end + 30]))


def _comma_names(text: str) -> list[Span]:
    """ "Name: SMITH, John" and "Smith, John K." after a name label."""
    out: list[Span] = []
    particles = r"(?:(?i:van|von|de|der|den|da|di|du|le|la|ter|ten|mac|ó|ní)\s+)*"
    for m in _rx(rf"\b(?i:name|patient|pt)\s*[:=-]\s*({particles}{_NAME_TOKEN}),\s*({_NAME_SEQ})", 0).finditer(text):
        out.append(("NAME", m.start(1), m.end(2)))
    # "SURNAME: OKONKWO-ADEBAYO": a surname in capitals after its label
    # (10.0.0: or after the label and a run of spaces in a form, particles too: "Last name      DE LA CRUZ-MBEKI")
    for m in _rx(
        r"\b(?i:surname|last name|family name)(?:\s*[:=]\s*|[ \t]{2,}|\t)([A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){0,3})\b", 0
    ).finditer(text):
        out.append(("NAME", m.start(1), m.end(1)))
    # "met 'Smiley' (Darren Kavanagh-Doyle)": a quoted nickname then the name in brackets
    for m in _rx(rf"['\"‘“]({_NAME_TOKEN})['\"’”]\s*\(\s*({_NAME_SEQ})\s*\)", 0).finditer(text):
        out += [("NAME", m.start(1), m.end(1)), ("NAME", m.start(2), m.end(2))]
    # a person introducing themselves in lower case ("hey its jayden okafor-mills")
    firsts = _first_names()
    for m in _rx(r"\b(?:it'?s|i'?m|im|this is|my name is|name'?s)\s+([a-z]+)\s+([a-z]+(?:-[a-z]+)?)\b", 0).finditer(
        text
    ):
        introduced = re.match(r"\s+(?:from|here)\b", text[m.end() :])
        if (m.group(1) in firsts or introduced) and m.group(2) not in _NOT_NAME:
            out.append(("NAME", m.start(1), m.end(2)))
    # "(HAYES, Colm)" and "HAYES, Colm" after an id: surname in capitals, then a given name
    for m in _rx(rf"(?:\(|\b(?i:name|patient|pt|re)\b\s*[:=-]?)\s*([A-Z][A-Z'’-]{{1,}}),\s*({_NAME_SEQ})", 0).finditer(
        text
    ):
        out.append(("NAME", m.start(1), m.end(2)))

    # "ALVARADO, ROSE T.", "LEBLANC-TREMBLAY, Marie-Ève": a surname in capitals, a comma, then a given name from the
    # gazetteer (in any case), or any given name where a name label, a table cell or a bracket comes before the surname
    surname_first = _rx(
        rf"\b([{_UPPER}][{_UPPER}'’-]{{1,40}}(?:\s[{_UPPER}][{_UPPER}'’-]{{1,40}})?),[ \t]*"
        rf"({_NAME_TOKEN}|[{_UPPER}]{{2,}})"
        r"((?:[ \t]+[A-Z]\.)?)",
        0,
    )
    for m in surname_first.finditer(text):
        if len(m.group(1)) < 3 or m.group(1).lower() in _NOT_NAME:
            continue
        before = text[max(0, m.start() - 20) : m.start()]  # a bounded look back: linear on long notes
        labelled = re.search(r"\b(?i:name|patient|pt|re|objet|subject|resident|client)\W{0,3}$|[|(]\s*$", before)
        # "(FBC, CRP", "Pt HTN, DM2": a given name in capitals needs the gazetteer or a middle initial after it
        plausible = not m.group(2).isupper() or bool(m.group(3))
        if _fold(m.group(2)) in firsts or (labelled and plausible):
            out.append(("NAME", m.start(1), m.end(3) if m.group(3) else m.end(2)))
    return out


# Names typed in lower case: after a lower-case title ("dr grace"; not "ms", which is also multiple sclerosis), at
# the end of a message after a sign-off ("thanks, debbie"), and a gazetteer first name with a surname where a name
# is expected (after a cue or at a sentence start) or where a header follows ("eleanor brown (answers to Nell), 96").
_LOWER_TITLES = r"(?:dr|mrs|prof)"  # not "ms" (multiple sclerosis) nor "mr" (mitral regurgitation) alone
_LOWER_TITLED = re.compile(r"\b" + _LOWER_TITLES + r"\.?\s+([a-z][a-z'’-]{2,})(?:\s+([a-z][a-z'’-]{2,}))?\b")
_LOWER_SIGN_OFF = re.compile(r"\b(?:thanks|thank you|cheers|regards|ta)\s*,?\s+([a-z][a-z'’-]{2,})\W*$")
_LOWER_PAIR = re.compile(r"\b([a-z]+(?:-[a-z]+)?)\s+([a-z][a-z'’]+(?:-[a-z]+)?)\b")
_LOWER_CUE_BEFORE = re.compile(
    r"\b(?:its|it's|it’s|im|i'm|this is|name is)\s+$|\bby\s+(?:(?i:fy|f|st|ct|sho|ho)\d|nurse|hca|rn|gp|sister|"
    r"student|physio)\s+$|\d[mf]\b,?\s*$"
)
# what follows a name in a header: its age, date of birth, record number, or the name the person goes by
_LOWER_HEADER_AFTER = re.compile(
    r"\s*(?:\(\s*(?:dob|d\.o\.b|born|aged?|mrn|nhs|known as|prefers|answers to|likes to be|goes by|n[ée]e)|"
    r",\s*(?:dob|d\.o\.b|born|aged?|mrn|nhs)\b)",
    re.IGNORECASE,
)
_LOWER_ID_AFTER = re.compile(r"\s*[(,]\s*(?:dob|d\.o\.b|born|mrn|nhs)\b", re.IGNORECASE)  # any first name


def _lower_case_names(text: str, firsts: frozenset[str]) -> list[Span]:
    out: list[Span] = []
    for m in _LOWER_TITLED.finditer(text):
        # "dr helen okafor", "mrs ruth ellis": a given name from the gazetteer (so "dr prescribed" is not a name),
        # with the surname after it
        if m.group(1) in firsts:
            whole = m.group(2) and m.group(2) not in _NOT_NAME
            out.append(("NAME", m.start(1), m.end(2) if whole else m.end(1)))
    tail = max(0, len(text) - 60)  # a sign-off closes the message: only its last words are searched
    sign_off = _LOWER_SIGN_OFF.search(text, tail)
    if sign_off and sign_off.group(1) in firsts:
        out.append(("NAME", sign_off.start(1), sign_off.end(1)))
    for m in _LOWER_PAIR.finditer(text):
        first, last = m.group(1), m.group(2)
        if first in _NOT_NAME or last in _NOT_NAME:
            continue
        if first.split("-")[0] not in firsts:
            if _LOWER_ID_AFTER.match(text, m.end()):  # "to kerensa trevithick (dob ...)": a header, any given name
                out.append(("NAME", m.start(1), m.end(2)))
            continue
        cued = _LOWER_CUE_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
        if cued or _LOWER_HEADER_AFTER.match(text, m.end()):
            out.append(("NAME", m.start(1), m.end(2)))
    return out


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:\n"


def _propagate(text: str, spans: list[Span], firsts: frozenset[str]) -> list[Span]:
    """Every other occurrence of a found name's tokens (surname alone later on) is a name too."""
    found = set()
    for _, s, e in spans:
        for tok in _tokens(text[s:e]):
            if len(tok) >= 3 and tok.lower() not in _NOT_NAME and tok[0].isupper():
                found.add(tok)
    extra = []
    for tok in found:
        for m in re.finditer(rf"(?<![\w-]){re.escape(tok)}(?![\w-])", text):
            extra.append(("NAME", m.start(), m.end()))
    del firsts
    return spans + extra


def _place_spans(text: str, address_spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for _, _, end in address_spans:  # the town after a street address: "12 Mill Lane, Little Snoring"
        m = _PLACE_AFTER_ADDRESS.match(text[end:])
        if m and m.group(1).split()[0].lower() not in _NOT_NAME:
            out.append(("LOCATION", end + m.start(1), end + m.end(1)))
            code = _NUMERIC_POSTCODE.match(text, end + m.end(1))  # "Rotorua 3010", "Carlton VIC 3053"
            if code:
                out.append(("ZIP", code.start(1), code.end(1)))
    for start, seq in _candidates(text):
        before = text[max(0, start - 60) : start]
        if _PLACE_CUE.search(before) or (_PREPOSITION.search(before) and not _sentence_initial(text, start)):
            out.append(("LOCATION", start, start + len(seq)))
    return out


# A thousand ASCII characters with no space and none of a record's separators (, ; : | " { }) are no prose and no
# export: an encoded blob, a pasted hash, junk. Before 10.3.0 several patterns retried from every position of such a
# run, so their time grew with its square ("1-" x 10,000 took 64 s); they are bounded now, and the run is redacted
# whole, when it holds a letter or digit, and read as NULs by every pass (neither a blank nor a word, so no label
# before it reaches a value after it). A minified JSON record or a CGM trace has separators, and a paragraph of
# Chinese has no ASCII, so the passes read them as they read any text.
_LONG_RUN = re.compile(r"[!-~]{1000,}")
_RECORD_SEPARATOR = re.compile(r"[,;:|\"{}]")


def _opaque_runs(text: str) -> list[Span]:
    return [("ID", m.start(), m.end()) for m in _LONG_RUN.finditer(text) if not _RECORD_SEPARATOR.search(m.group())]


def _blank_opaque_runs(text: str, runs: list[Span]) -> str:
    for _, start, end in runs:
        text = text[:start] + "\0" * (end - start) + text[end:]
    return text


def find_identifiers(text: str, dictionary: bool = True) -> list[tuple[str, int, int]]:
    """(kind, start, end) of every identifier in `text`, without overlaps, in text order. `dictionary=False` keeps to
    the context rules and the gazetteer, and skips the passes that read Philter's dictionary or go beyond them (words no
    dictionary knows, names in lower case and in capitals, nicknames and initials, lower-case addresses): for
    published datasets with no patients in them, whose eponyms and places those passes would cut."""
    original, opaque = text, _opaque_runs(text)
    text = _blank_opaque_runs(text, opaque)  # the passes below read such a run as NULs
    spans: list[Span] = _table_columns(text)  # before the bars after labels read as colons
    text = _cells_as_labels(text)
    for kind, pattern, group in _PATTERNS:
        for m in pattern.finditer(text):
            g = group if m.group(group) is not None else 0
            if g == 0 and group and m.lastindex:  # an alternative with its own group: the identifier, not its label
                g = next(i for i in range(1, m.lastindex + 1) if m.group(i) is not None)
            if kind == "DATE" and g == 0 and m.lastindex:  # the date itself, without its cue word
                g = next((i for i in (1, 2) if i <= m.lastindex and m.group(i)), 0)
            spans.append((kind, m.start(g), m.end(g)))
    spans = [s for s in spans if not _clinical_number(text, s)]
    spans += _name_spans(text) + _address_lines(text)
    spans += _place_spans(text, [s for s in spans if s[0] == "ADDRESS"])
    spans += _places_before_postcodes(text, spans)
    spans += _places_after_places(text, spans)
    if dictionary:
        spans += _unknown_words(text) + _lower_case_unknown_names(text) + _caps_names(text)
        spans += _lower_case_addresses(text) + _nicknames_and_initials(text) + _signed_initials(text)
    spans += _names_in_record_formats(text)
    if dictionary:
        spans += _surnames_before_given(text, spans)
    spans += _names_in_other_scripts(text, spans) + _ages_after_names(text, spans)
    spans += _bracket_nicknames(text, spans)
    spans += _repeated_identifiers(text, spans)
    redacted_whole = [(kind, s, e) for kind, s, e in opaque if any(c.isalnum() for c in original[s:e])]
    return _resolve([_keep_region(text, span) for span in spans] + redacted_whole)


def _bracket_nicknames(text: str, spans: list[Span]) -> list[Span]:
    """ "Jayden Mensah (known as JJ)" after a name any pass found, and every later use of it ("JJ settled")."""
    nicknames = {m.group(1) for k, _, end in spans if k == "NAME" and (m := _BRACKET_NICKNAME.match(text, end))}
    found = (re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) for name in nicknames)
    return [("NAME", m.start(), m.end()) for matches in found for m in matches]


_CELL_BAR = re.compile(
    r"(?i)(?<=\|)([ \t]*(?:name|patient name|surname|age|dob|d\.o\.b\.?|date of birth|mrn|nhs(?: no| number)?|"
    r"hospital (?:no|number)|phone|tel|telephone|mobile|fax|e-?mail|address|postcode|zip|ssn|insurance|policy|"
    r"member id|account|licen[cs]e|vehicle|plate|rego|device|serial|ip)[ \t]*)\|(?=[ \t]*[^\s|-])"
    # 10.1.0: "DOB | 02/19/1932          Age | 93": a label that starts its line or follows a column gap, its value a
    # number (a word there may be the next header cell: "Name | Dose | Route")
    # (no run of blanks read from each blank: "x" + 20,000 spaces stays linear)
    r"|(?:(?<=\n)[ \t]*+|(?<=[ \t][ \t])|\A[ \t]*+)((?:age|dob|d\.o\.b\.?|date of birth|mrn|nhs(?: no| number)?|"
    r"hospital (?:no|number)|phone|tel|telephone|mobile|fax|ssn|policy|member id|account|licen[cs]e)[ \t]*)\|"
    r"(?=[ \t]*\d)"
)


def _cells_as_labels(text: str) -> str:
    """A table row's bar between an identifier's label and its value read as a colon ("| Age | 94 |" as "| Age : 94
    |"), so the labelled-field rules see table cells; one character for one, so every span stays valid in the
    original. Only identifier labels: "| Patient | Improving |" is a status, not a name."""
    return _CELL_BAR.sub(lambda m: m.group(0)[:-1] + ":", text)


# --- words no dictionary knows -------------------------------------------------------------------------------------
# Philter (UCSF; Norgeot et al., npj Digit Med 2020) redacts every word that is not on its whitelist: 195,252 English
# and clinical words (generic drug names and abbreviations included) from which its authors removed names
# (data/philter_whitelist.txt.gz, BSD-3-Clause, see data/SOURCE.md). We use that list for capitalised words only: a
# capitalised word that no dictionary knows is almost always a name or a place ("Mahlangu", "Shrewsbury") that no
# context rule saw, and every other mention of it goes too. Lower-case words are read only after words that introduce
# a person (the pass below), so typos in a patient's message are not redacted. The list still holds some names; those
# of our first-name gazetteer that are not also English words are taken out (_LIST_NAMES). Surnames that are
# dictionary words ("Moore", "Walker") are not caught here; names in capitals have a pass of their own below. Eponyms
# before what they name ("Marfan syndrome", "Graves' disease", "Wells score", "Wells 4.5") are kept, and a state or
# country named as a place (Safe Harbor allows them).
_WORD = re.compile(rf"(?<![\w@.-])(?<!\w['’])[{_UPPER}]{_LETTER}*(?:['’-]{_LETTER}+)*(?![\w@])")
_CAMEL_OK = re.compile(r"^(?:Mc|Mac|O'|O’|D'|D’|N'|N’|L'|L’|De|Di|Da|Du|La|Le|Van|Von|Fitz)", re.IGNORECASE)
# A disease-like head names an eponym with or without a possessive ("Bell's palsy", "Graves' disease"); a generic head
# only without one ("Wells score", but "Nkosi's score on the MMSE" is a person's).
_DISEASE_HEAD = (
    r"syndromes?|disease|sign|palsy|phenomenon|tear|fracture|triad|reflex|ulcer|lymphoma|sarcoma|tumou?r|gangrene|"
    r"encephalopathy|anomaly|malformation|diverticulum|hernia|contracture|aneurysm|thyroiditis|cyst|murmur|"
    r"respiration|breathing|an(?:a)?emia|(?:muscular\s+)?dystrophy|virus|ataxia|dysplasia|neuropathy|atrophy|myopathy|"
    r"dementia|chorea|leuk(?:a)?emia|carcinoma|paresis|psychosis|o?esophagus|solution|lactate|stool|manoeuvre|maneuver"
)
_GENERIC_HEAD = (
    r"score|scale|criteria|classification|class|type|stage|staging|grade|test|rules?|index|nomogram|equation|formula|"
    r"method|regimen|position|angle|nodes?|cells?|bodies|procedure|operation|repair|catheter|ventilation|triage|law|"
    r"curve|distribution|effect|canal|duct|ligament|estimator|plot|correlation|coefficient|lesions?|spots?|"
    # 10.1.0: "Breslow thickness", "Katz ADL", "Morse Fall Scale" (a Clark level's "Clark" is a first name too)
    r"thickness|level (?:i{1,3}|iv|v)\b|adl|fall scale"
)
_EPONYM_HEAD = re.compile(rf"(?:['’]s?)?[\s-]+(?i:{_DISEASE_HEAD})\b|[\s-]+(?i:{_GENERIC_HEAD})\b")
_DISEASE_AFTER_POSSESSIVE = re.compile(rf"[\s-]+(?i:{_DISEASE_HEAD})\b")
# Eponymous scores written as the name and a small number ("Braden 12", "Wells 4.5"): also surnames, so known only
# there (a phone number after "Beck" is not a score).
_SCORE_EPONYMS = frozenset(
    "wells braden bishop breslow clark killip blatchford alvarado ranson geneva caprini norton barthel pugh westley "
    "rockwood beck centor waterlow apgar gleason morse tinetti".split()
)
# (10.3.0: "Barthel 85/100", "Barthel 14/20": out of a scale's usual maximum where the pair cannot be a month and a
# day; "Alvarado 11/14", "Bishop 10/12" and "Norton 10/20" in a clinic list are dates)
_SCORE_AFTER = re.compile(
    r"\s*(?:[:=]\s*)?\d{1,3}(?:\.\d)?(?:/100\b|(?<=\b(?:1[3-9]|[2-9]\d))/(?:15|20|30)\b)?(?![\d/-]|\.\d)"
)
# 10.3.0: diseases named after a person that notes write possessive or after a word for disease ("Parkinson's meds",
# "? NPH vs Parkinson's", "Morbus Parkinson", "doença de Parkinson"); bare, the word is a surname ("Addison Barrett",
# "Hodgkin, Agnes")
_DISEASE_BEFORE = re.compile(
    r"\b(?i:morbus|doen[çc]a de|maladie de|enfermedad de|ziekte van|morbo di|choroba|disease of)\s+$"
)
# what follows a disease's possessive eponym and not a person's ("Parkinson's meds", "vs Parkinson's."; not "Barrett's
# wife")
_EPONYM_POSSESSIVE_AFTER = re.compile(
    r"\s*(?:[.,;:)?]|$|(?i:meds?|medications?|drugs?|symptoms?|patients?|nurse|clinic|service|team|tremor|type|"
    r"and|or|vs|with|since|diagnosed)\b)"
)
_DISEASE_EPONYMS = frozenset(
    """parkinson alzheimer crohn addison cushing hodgkin huntington raynaud graves hashimoto kawasaki guillain meniere
    ménière sjögren sjogren tourette asperger wernicke korsakoff creutzfeldt paget dupuytren marfan kaposi burkitt
    barrett behçet behcet takayasu wegener lyme""".split()
)
_STATE_CONTEXT = re.compile(r"(?:,|\b(?i:in|from|to|of|near|across|outside))\s*$")
# Words the list lost when its names were removed, that a note still writes with a capital: months and days (the
# date rules read real dates), compass points, "Gene" (a first name, and what "Gene therapy" starts with), Covid.
_ALSO_KNOWN = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday north south east west northern southern eastern western gene "
    "covid".split()
)
# First names of our gazetteer that the list kept although they are no English word.
_LIST_NAMES = frozenset(
    "ada ahmed ali allegra amy ana asa bao blair brady buena cara carina cary chin dena dia don drew eddy eve "
    "francisco gillian glenn hong hyo ima irving iva jacob jed joe jude lacy lan lang laurel lee len les lue mac mae "
    "marg margarita marin mary masako mel min mina mohamed nan ned nick owen perla rea sal sandra sandy shin thu tia "
    "tim tran una vera".split()
)


@cache
def _dictionary() -> frozenset[str]:
    with gzip.open(_DATA / "philter_whitelist.txt.gz", "rt", encoding="utf-8") as fh:
        words = frozenset(line.strip() for line in fh if line.strip())
    return (words - _LIST_NAMES) | _ALSO_KNOWN


def _known(word: str, dictionary: frozenset[str]) -> bool:
    lower = word.lower()
    if lower.endswith(("'s", "’s")):
        lower = lower[:-2]
    parts = [p for p in re.split(r"['’-]", lower) if p]
    return lower in dictionary or all(p in dictionary for p in parts)


def _exempt(text: str, m: re.Match[str]) -> bool:
    """An eponym before what it names, an eponymous score with its number, or a state named as a place."""
    word = m.group(0)
    possessive = word.endswith(("'s", "’s"))
    if _stem(word).lower() in _DISEASE_EPONYMS and (
        (possessive and _EPONYM_POSSESSIVE_AFTER.match(text, m.end()))
        or _DISEASE_BEFORE.search(text[max(0, m.start() - 30) : m.start()])
    ):
        return True
    last = re.split(r"-", word)[-1].lower()
    if possessive:  # "Bell's palsy" is an eponym, "Nkosi's score on the MMSE" a person's
        return bool(_DISEASE_AFTER_POSSESSIVE.match(text, m.end()))
    if _EPONYM_HEAD.match(text, m.end()) or (last in _SCORE_EPONYMS and _SCORE_AFTER.match(text, m.end())):
        return True
    return word.lower() in _regions() and _region_context(text, m.start(), word)


def _stem(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _unknown_words(text: str) -> list[Span]:
    dictionary = _dictionary()
    unknown: list[re.Match[str]] = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        if not any(c.islower() for c in word) or _known(word, dictionary):
            continue  # an acronym ("CXR"), or a word the dictionary knows
        if any(any(c.isupper() for c in part[1:]) for part in re.split(r"-", word) if not _CAMEL_OK.match(part)):
            continue  # "IgE", "SUVmax", "WhatsApp": not how names are written ("McLeod-Ashby", "D'Souza" are)
        unknown.append(m)
    # A word used once as a name is a name everywhere in the text ("Mahlangu signs…" after "Thabo Mahlangu's test").
    names = {_stem(m.group(0)) for m in unknown if not _exempt(text, m)}
    out: list[Span] = []
    for m in unknown:
        if _stem(m.group(0)) in names:
            before = text[max(0, m.start() - 60) : m.start()]
            place = _PLACE_CUE.search(before) or _PREPOSITION.search(before)
            out.append(("LOCATION" if place else "NAME", m.start(), m.end()))
    return out


# --- names in lower case ("my son tayo", "dr nwosu", "its jess haworth") -----------------------------------------
# Patients type in lower case, where the capital that the pass above reads is missing. After words that introduce a
# person (a title, an initial in brackets, "my son", "daughter of", "its", "my name is", "Pt:"), a first name of the
# gazetteer or a word no dictionary knows is a name, and after a first name one more such word (_lower_name_after);
# a word the dictionary knows ends it ("my son has", "dr said"). A name that no dictionary knows goes everywhere else
# in the text too.
_RELATION = (
    r"(?:son|daughter|wife|husband|partner|boyfriend|girlfriend|fianc[eé]e?|mum|mom|mother|dad|father|brother|"
    r"sister|nan|nana|gran|granny|grandma|grandad|grandpa|grandmother|grandfather|aunt|auntie|uncle|cousin|niece|"
    r"nephew|friend|neighbou?r|carer|caregiver|counsell?or|therapist|officer|worker|keyworker|landlord|boss|baby|"
    r"child|kid|stepson|stepdaughter|stepdad|stepmum|twin)"
)
_LOWER_NAME_CUES = (
    re.compile(r"\b" + _LOWER_TITLES + r"\.?\s+(?:[a-z]\.\s*)?(?=[a-z])|\bmr\.?\s+[a-z]\.\s*(?=[a-z])"),  # mr + initial
    re.compile(r"(?:\(|\bby )\s*[a-z]\.\s+(?=[a-z]{3})"),  # "(j. pascoe)"; not "vitamin d. mounjaro"
    re.compile(r"\b(?:my|our|his|her|their)\s+(?:[a-z]+\s+)?" + _RELATION + r"(?:\s*,\s*|\s+)(?=[a-z])"),
    re.compile(r"\b" + _RELATION + r"\s+of\s+(?=[a-z])"),
    # "partner: zuzanna", "child: amara-rose chukwu", and a relation opening a line or a clause in a note ("mum
    # adaeze chukwu, dad not present"): what follows must still be a first name or no dictionary's word
    re.compile(r"\b" + _RELATION + r"\s*:\s*(?=[a-z])"),
    re.compile(
        r"(?:^|[.;]\s+)(?:mum|mom|dad|mother|father|partner|wife|husband|son|daughter|brother|sister|nok|next of kin)"
        r"\s+(?=[a-z])",
        re.M,
    ),
    # "triaged by sn jess o'hara": a nurse's grade after "by", "with", "to"
    re.compile(r"\b(?:by|from|to|with)\s+(?:sn|rn|hca|rmn|rgn|staff nurse)\s+(?=[a-z])"),
    re.compile(r"\b(?:my name is|my name|name is)\s+(?=[a-z])"),
    re.compile(r"(?:^|\b)(?i:pt|patient|name|resident|service user|client|bed \d+)\s*:\s*(?=[a-z])", re.M),
    # 10.0.0: someone signing in to a text thread ("hi its dev here", "its lakshmi again", "\"lockie here."): what
    # follows must still be a first name or no dictionary's word
    re.compile(
        r"\b(?:its|it's|it’s|this is)\s+(?=[a-z]+\s+(?:here|again|speaking)\b)|(?:^|[\"“:]\s*)(?=[a-z]{3,15} here\b)",
        re.M,
    ),
)
# "its jess", "i'm tayo": weaker cues ("its piles", "im alergic"), so the first word must be a first name
# (10.0.0: and a relation's name in brackets, "mum (kamala)"; not "mum (dnacpr)")
_LOWER_SELF_CUE = re.compile(
    r"\b(?:its|it's|it’s|this is|i am|i'm|im)\s+(?=[a-z])|\b" + _RELATION + r"\s*\(\s*(?=[a-z])"
)
_LOWER_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _known_inflected(word: str, dictionary: frozenset[str]) -> bool:
    """Known as it is or after dropping an inflection ("messaged", "whos", "splashed", "piles"): the list has few
    inflected forms, and a lower-case verb after "my sister" is no name."""
    stems = [word]
    for suffix, back in (("s", ""), ("es", ""), ("d", ""), ("ed", ""), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stems.append(word[: -len(suffix)] + back)
    return any(_known(stem, dictionary) for stem in stems)


def _lower_name_after(
    text: str, at: int, self_cue: bool, firsts: frozenset[str], dictionary: frozenset[str], full_name: bool = False
) -> list[Span]:
    """The name that starts at `at`: one word that is a first name or no dictionary's word ("nwosu", "tayo"), and,
    only after a first name, one more such word ("jess haworth"; "mrs smith rang" stops at "smith"), or after a cue
    that introduces a whole name ("mum adaeze chukwu", not a title's surname). A first name that is also an English
    word ("max", "junior", "bill") counts only with a surname after it ("bill haworth")."""
    words = []
    for word in _LOWER_WORD.finditer(text, at):
        words.append(word)
        if len(words) == 2 or text[word.end() : word.end() + 1] != " ":
            break
    first = words[0].group(0) if words else ""
    if not first.islower() or first in _NOT_NAME:
        return []
    is_first, known = first in firsts, _known_inflected(first, dictionary)
    if (self_cue and not is_first) or (not is_first and known):
        return []
    second = words[1].group(0) if len(words) == 2 else ""
    surname = bool(second) and second.islower() and second not in _NOT_NAME
    surname = surname and not _known_inflected(second, dictionary) and words[1].start() == words[0].end() + 1
    if is_first and known and not surname:
        return []
    spans = [("NAME", words[0].start(), words[0].end())]
    return [*spans, ("NAME", words[1].start(), words[1].end())] if surname and (is_first or full_name) else spans


def _lower_case_unknown_names(text: str) -> list[Span]:
    dictionary, firsts = _dictionary(), _first_names()
    out: list[Span] = []
    for i, cue in enumerate((*_LOWER_NAME_CUES, _LOWER_SELF_CUE)):
        for m in cue.finditer(text):
            self_cue, full_name = cue is _LOWER_SELF_CUE, 2 <= i < len(_LOWER_NAME_CUES)  # not after a title
            out += _lower_name_after(text, m.end(), self_cue, firsts, dictionary, full_name)
    unknown = {text[s:e] for _, s, e in out if not _known_inflected(text[s:e], dictionary)}
    for word in unknown:  # "dr nwosu said ... nwosu again"
        out += [("NAME", m.start(), m.end()) for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]
    return out


# --- addresses in lower case ("we live at 6 ghyll view, caton, la2 9qr") -----------------------------------------
# A patient's message gives the street, the town and the postcode without one capital. Numbers before "walk", "view"
# or "rise" are mostly clinical ("6 minute walk test", "4 chamber view"), so a street needs a word that says an address
# follows ("live at", "moved to", "from", "flat 6,"), and a postcode in lower case counts only after such a street or
# after "postcode". The inward code's letters are never C, I, K, M, O or V ("b12 1mg" is no postcode).
_ANY_CASE_POSTCODE = r"(?i:[a-z]{1,2}\d[a-z\d]?\s?\d[abd-hjlnp-uw-z]{2})\b"
_LOWER_STREET = re.compile(
    r"\b(?:at|to|from|on|address:?|flat \d+[a-z]?,?)\s+(\d{1,4}[a-z]?\s+(?:[a-z][\w'’-]*\s+){1,3}" + _STREET + r")\b"
)
_TOWN_AFTER = re.compile(r"(?:,\s*|\s+)([a-z][\w'’-]+(?:\s+[a-z][\w'’-]+)?)(?=\s*(?:[,.;]|$)|\s+(?i:[a-z]{1,2}\d))")
_POSTCODE_AFTER = re.compile(r"[\s,]*(" + _ANY_CASE_POSTCODE + ")")
_POSTCODE_LABELLED = re.compile(r"\b(?i:post ?code)\s*:?\s*(" + _ANY_CASE_POSTCODE + ")")


# Walking back from a postcode in lower case ("lives 9 harrow gardens, eastleigh so50 9ts", "4418 n milwaukee ave
# unit 2r chicago il 60630-1114"): the words before it on its line, up to a label, a bar, a bracket or a word that
# introduces the address, are the address when they open with a house number or hold a street's word; a
# numeric code needs both (a UK one, whose shape nothing clinical has, either). A state before the code stays.
_CODE_AT_END = re.compile(
    r"(?<![\s,])[\s,]+(?:((?i:"  # not retried at every space of a long run of them
    + _US_STATES
    + r"|nsw|vic|qld|tas|act|nt))\s+)?("
    + _ANY_CASE_POSTCODE
    + r"|(?<![\d-])\d{5}-\d{4}(?![\d-])|(?<=[a-z] )\d{4,5}\b(?!\s*(?:mg|ml|g\b|kg|units?|%|mmol|mcg|iu)))"
)
_ADDRESS_OPENS = re.compile(
    r"(?:^|[:;|(]|\),?|\b(?i:lives|living|live|home|address|staying|stays|resides|at|is|to|from|visited))[ \t]*$"
)
_LOWER_ADDRESS = re.compile(r"(?:\d{1,5}[a-z]?(?:/\d{1,5})?\s+)?[a-z][\w'’.-]*(?:[ \t,]+[a-z0-9][\w'’.-]*){0,8}")


def _addresses_before_codes(text: str) -> list[Span]:
    out: list[Span] = []
    for code in _CODE_AT_END.finditer(text):
        uk_code, state = not code.group(2)[0].isdigit(), code.group(1)
        if not uk_code and "-" not in code.group(2) and not state:
            continue  # four or five digits are a code only after a state ("qld 4066"), else a time or a count
        # the line before the code, at most 200 characters of it: a line full of codes stays linear
        line_start = max(text.rfind("\n", 0, code.start()) + 1, code.start() - 200)
        words = list(re.finditer(r"[^\s,]+", text[line_start : code.start()]))
        for i in range(len(words) - 1, max(-1, len(words) - 11), -1):  # nearest opening first
            head = text[line_start : line_start + words[i].start()]
            if i and not _ADDRESS_OPENS.search(head):
                continue
            begin = line_start + words[i].start()
            chunk = text[begin : code.start()].rstrip(" ,")
            if _lower_address(chunk, uk_code):
                out += [("ADDRESS", begin, begin + len(chunk)), ("ZIP", code.start(2), code.end(2))]
                break
    return out


def _lower_address(chunk: str, uk_code: bool) -> bool:
    numbered = bool(re.match(r"(?:(?:unit|flat|apt|lot|no\.?)\s*)?\d{1,5}[a-z]?\b", chunk))
    streety = bool(re.search(r"\b" + _STREET + r"\b|\b(?:cottage|farm|house|lodge|paddocks|hostel)\b", chunk))
    shaped = _LOWER_ADDRESS.fullmatch(re.sub(r"^(?:unit|flat|apt|lot|no\.?)\s*", "", chunk)) is not None
    return chunk.islower() and shaped and ((numbered or streety) if uk_code else (numbered and streety))


def _lower_case_addresses(text: str) -> list[Span]:
    dictionary = _dictionary()
    out: list[Span] = [("ZIP", m.start(1), m.end(1)) for m in _POSTCODE_LABELLED.finditer(text)]
    out += _addresses_before_codes(text)
    for m in _LOWER_STREET.finditer(text):
        if any(w in _NOT_NAME for w in m.group(1).split()[1:-1]):
            continue  # "to 5 days in a row"
        out.append(("ADDRESS", m.start(1), m.end(1)))
        end = m.end(1)
        town = _TOWN_AFTER.match(text, end)
        if town and any(not _known_inflected(w, dictionary) for w in town.group(1).split()):
            out.append(("LOCATION", town.start(1), town.end(1)))
            end = town.end(1)
        if code := _POSTCODE_AFTER.match(text, end):
            out.append(("ZIP", code.start(1), code.end(1)))
    return out


# --- names in capitals ("Name: ORTIZ DE ZÁRATE, María", "KOWALCZYK, Zofia Anna") ---------------------------------
# A surname in capitals is a house style of reports and wristbands. Words in capitals are mostly acronyms ("DNACPR",
# "DOLS", "NIL ORALLY"), so only two places are read, and most of the words must be first names or no dictionary's
# words: after a name label, two to four words in capitals; at the start of a line, before a comma and a given name,
# only where the given name is in the gazetteer or the line goes on to a date of birth or a record number ("DOAC,
# Lixiana 60mg" is none).
_CAPS_TOKEN = rf"[{_UPPER}]{{2,}}(?:['’-][{_UPPER}]+)*"
_CAPS_SEQ = rf"{_CAPS_TOKEN}(?:[ ]{_CAPS_TOKEN}){{0,3}}"
_CAPS_AFTER_LABEL = re.compile(
    rf"(?:^|\b)(?:(?i:pt|patient|name|resident|service user|client|surname|label)\s*:\s*|(?i:name)[ \t]+)"
    rf"({_CAPS_TOKEN}(?:[ ]{_CAPS_TOKEN}){{1,3}})\b",
    re.M,
)
_CAPS_BEFORE_GIVEN = re.compile(rf"^[ \t]*({_CAPS_SEQ}),[ \t]*({_CAP})(.*)$", re.M)
# "(CHEN, WEI-LING)", "Patient: HADDAD, NADIA   Sex: F": both parts in capitals, anywhere on a line
_CAPS_BOTH = re.compile(rf"(?<![\w'’-])({_CAPS_TOKEN}),[ \t]*({_CAPS_TOKEN})(?![\w'’-])")
_RECORD_CUE = re.compile(r"(?i:\b(?:dob|d\.o\.b|born|mrn|nhs|hosp(?:ital)? no|\d{1,3} ?[mf])\b)")
# 9.0.0: a surname in capitals before the given name after a label anywhere on a line ("Baby: OKEKE, Joy",
# "Guarantor: CHASE, Lincoln J", "Wristband: ADEYEMI Babatunde"); one name part after its own field label ("LAST:
# O'DONNELL-PRZYBYLSKI   FIRST: BRIDGET"); a name in capitals after a title in capitals ("RE: CHIEF (MRS) FOLASADE
# ADUNNI OYELARAN")
_CAPS_SURNAME_AFTER_LABEL = re.compile(
    rf"\b(?i:baby|patient|pt|guarantor|wristband|resident|client|member|subscriber|insured|guardian|mother|father|"
    rf"donor|recipient|deceased)\s*:?[ \t]+({_CAPS_TOKEN}),?[ \t]+({_CAP})"
)
_CAPS_FIELD = re.compile(
    rf"\b(?i:last|first|given|family|middle|sur|fore)(?i:[ _]?name)?\s*:\s*((?:[{_UPPER}]['’])?{_CAPS_TOKEN}"
    rf"(?:[ ]{_CAPS_TOKEN}){{0,2}})\b"
)
_CAPS_AFTER_TITLE = re.compile(rf"(?:\((?:MRS|MR|MS|MISS|MX|DR)\)|\b(?:MRS|MISS|MX|PROF)\b\.?)[ \t]+({_CAPS_SEQ})\b")


def _caps_names(text: str) -> list[Span]:
    dictionary, firsts = _dictionary(), _first_names()

    def namelike(word: str) -> bool:
        return word.lower() in firsts or not _known(word, dictionary)

    def name_in_capitals(seq: str) -> bool:  # "NIL BY MOUTH" has a word no name has; "NIL ORALLY" too few unknown
        words = [w for w in re.split(r"[ '’-]", seq) if w]
        namelike_words = sum(namelike(w) for w in words)
        return 2 * namelike_words > len(words) and not any(w.lower() in _NOT_NAME for w in words)

    out: list[Span] = []
    for m in _CAPS_AFTER_LABEL.finditer(text):
        if name_in_capitals(m.group(1)):
            out.append(("NAME", m.start(1), m.end(1)))
    for m in _CAPS_BEFORE_GIVEN.finditer(text):
        given_name = m.group(2).lower() in firsts or bool(_RECORD_CUE.search(m.group(3)))
        if given_name and name_in_capitals(m.group(1)):
            out.append(("NAME", m.start(1), m.end(1)))
    for m in _CAPS_SURNAME_AFTER_LABEL.finditer(text):
        line_end = text.find("\n", m.end())
        line = text[m.start() : line_end if line_end >= 0 else len(text)]
        given = m.group(2).lower() in firsts or not _known(m.group(2), dictionary) or bool(_RECORD_CUE.search(line))
        if given and name_in_capitals(m.group(1)):
            out.append(("NAME", m.start(1), m.end(1)))
    for pattern in (_CAPS_FIELD, _CAPS_AFTER_TITLE):
        out += [("NAME", m.start(1), m.end(1)) for m in pattern.finditer(text) if name_in_capitals(m.group(1))]
    for m in _CAPS_BOTH.finditer(text):  # a given name of the gazetteer, or a record on the same line
        line = text[text.rfind("\n", 0, m.start()) + 1 : (text.find("\n", m.end()) + 1 or len(text) + 1) - 1]
        given = m.group(2).split("-")[0].lower() in firsts or bool(_RECORD_CUE.search(line))
        if given and name_in_capitals(m.group(1)) and name_in_capitals(m.group(2)):
            out.append(("NAME", m.start(), m.end()))
    return out


# --- names in record formats ----------------------------------------------------------------------------------------
# An e-mail header's display name ('From: "ROSA ABIODUN" <rosa@…>'), a DICOM or HL7 person name (HARTLEY^FLORENCE^MAY:
# the caret separates the name's parts and nothing else in clinical text), and a name in another script in brackets
# straight after a name ("Chen Jia-Hui (陈佳慧)").
_HEADER_NAME = re.compile(
    r"^(?:from|to|cc|bcc|reply-to|sender)\s*:\s*[\"“]?([^\"“”<>@\n,]{2,60}?)[\"”]?\s*<[^<>@\s]+@", re.I | re.M
)
_CARET_NAME = re.compile(
    rf"(?<![\w^]){_LETTER}[\w'’-]*\^{_LETTER}[\w'’-]*(?:\^[\w'’.-]*){{0,3}}"
    # 10.3.0: HL7's person with an id in front ("1457392018^OYELOWO^TUNDE^A^^^MD"): a middle initial or nothing, and
    # a caret, must follow, which a coded value's "718-7^Hemoglobin^LN^HGB" and "80048^BASIC METABOLIC PANEL^C4" lack
    rf"|(?<=\d\d\d\d\^){_LETTER}[\w'’-]*\^(?!{_CODING_SYSTEM}\^){_LETTER}[\w'’-]*(?=\^(?:{_LETTER}\.?)?\^)"
)
_OTHER_SCRIPT_AFTER = re.compile(r"\s*[(（]\s*([^\W\da-zA-Z\u00C0-\u024F_]{2,8})\s*[)）]")


def _names_in_record_formats(text: str) -> list[Span]:
    out: list[Span] = [("NAME", m.start(1), m.end(1)) for m in _HEADER_NAME.finditer(text)]
    return out + [("NAME", m.start(), m.end()) for m in _CARET_NAME.finditer(text)]


def _names_in_other_scripts(text: str, spans: list[Span]) -> list[Span]:
    after = (_OTHER_SCRIPT_AFTER.match(text, end) for kind, _, end in spans if kind == "NAME")
    return [("NAME", m.start(1), m.end(1)) for m in after if m]


# --- nicknames in quotes and initials ("Dorothy 'Dot' Kershaw", "joseph 'joey' mcallister", "initials R.Y.G.") -----
_QUOTED_NICKNAME = re.compile(
    r"\b([^\W\d_]+)\s+[(]?['‘\"“]([^\W\d_]{2,15})['’\"”][)]?(?:\s+((?:Mc|Mac|O')?[^\W\d_][\w'’-]+))?"
)
_INITIALS = re.compile(r"\b(?i:initials)(?::?\s+|\s*=\s*['\"]?)((?:[A-Z]\.?[ -]?){2,4})(?=[\s;,.)'\"]|$)")
# 10.0.0: a signature in initials after the word for what the person did ("Checked by: RB   GPhC ...", "Signed: JK (RN",
# "Triage RN: T.Y." at a line's end, "Prescriber signature: /TEM/", "transcribed AB 12/01"), in lower case only after
# "dictated/typed/transcribed by" ("dictated by fm typed by jk"); the initials must end the line or stand before a
# bracket, a column gap, a comma or a date, and are removed where they stand only (a cold review found "CTG checked:
# CTG reactive" and "checked by two nurses" losing words when every later use went too)
_SIGNED_INITIALS = re.compile(
    r"\b(?i:(?:(?:signed|checked|entered|verified|witnessed|authori[sz]ed|qc|q\.c\.|counter-?signed|interviewer|"
    r"(?:\w+ )?signature|(?:triage |charge )?rn|hca|scribe)(?: by)?\s*:|(?:signed|checked|entered|verified|witnessed|"
    r"authori[sz]ed|qc) by|(?:transcribed|typed|dictated)(?: by)?:?))"
    r"[ \t]*+/?((?-i:(?:[A-Z]\.){2,3}|[A-Z](?:Mc|Mac|O')[A-Z][A-Z]?|[A-Z]{2,3}))\b/?"
    r"(?=[ \t]*+(?:$|[(,]|\d{1,2}[/.]\d)|[ \t]{2})"
    r"|\b(?i:(?:dictated|typed|transcribed) by)[ \t]*+:?[ \t]*+((?-i:(?!me\b|us\b)[a-z]{2,3}))\b"
    r"(?=[ \t]*+(?:$|[(;]|\d{1,2}[/.]\d|typed|by\b))",
    re.M,
)
_NOT_INITIALS = frozenset(
    "BP HR RR ECG EKG CXR ID OK NA GP MD DR RN ED ER IV IM PO SC SL CT MRI USS FBC UE LFT CRP ABG VBG INR PRN TTO MAR "
    "NOK ICU HDU OT PT SLT CPR ALS BLS GCS NEWS AVPU ALL NIL YES NO AM PM BM CBG OBS DOB MRN NHS SSN USA UK PDF RX "
    "HCA EMT LPN CNA NP PA TSH PPI ESR TFT UPT GTN MSU HCG LFTS UES DNR AND THE FOR NOT CTG VTE DVT PE MI AF ACS LMP "
    "DKA COPD CKD UTI AKI TIA SAH MS MR AR AS TR HB BMI SOB CP LOC NAD PRN SHO FY CD PCA TPN TTA TTO ABX ACP IQC NG PU "
    "BNO KCL BMS FEV".split()
)


def _signed_initials(text: str) -> list[Span]:
    """Signatures in initials, where they stand (see the comment above)."""
    out: list[Span] = []
    for m in _SIGNED_INITIALS.finditer(text):
        g = 1 if m.group(1) else 2
        if m.group(g).replace(".", "").upper() not in _NOT_INITIALS:
            out.append(("NAME", m.start(g), m.end(g)))
    return out


def _nicknames_and_initials(text: str) -> list[Span]:
    """A quoted word after a first name is the name the person goes by, and the word after it, if it is written as a
    name (a capital, or no dictionary's word), their surname; each, and initials after "initials", wherever the text
    uses them again ("Dot says she is managing")."""
    firsts, dictionary = _first_names(), _dictionary()
    names: set[str] = set()
    for m in _QUOTED_NICKNAME.finditer(text):
        if m.group(1).lower() in firsts:
            names.add(m.group(2))
            surname = m.group(3) or ""
            if (
                surname
                and surname.lower() not in _NOT_NAME
                and (surname[0].isupper() or not _known(surname, dictionary))
            ):
                names.add(surname)
    names |= {m.group(1).rstrip(" -") for m in _INITIALS.finditer(text)}
    out: list[Span] = []
    for name in names:  # one search per distinct name: a text of 12,000 characters stays linear
        found = re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
        out += [("NAME", n.start(), n.end()) for n in found]
    return out


# --- places and ages read from their neighbours --------------------------------------------------------------------
_STATE_BEFORE = re.compile(r"(?:\s+" + _US_STATES + r")?[\s,]*$")
_ADDRESS_CHUNK = re.compile(r"^(?:\d{1,5}[A-Za-z]?\s+)?[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,4}(?:\s+\d{1,2})?$")
_CHUNK_CUE = re.compile(r"^.*\b(?i:at|in|from|to|of|address|lives|living)\b:?\s+|^.*:\s+")
_HAS_TITLE = re.compile(r"\b" + _TITLE + r"\b\.?\s")


def _places_before_postcodes(text: str, spans: list[Span]) -> list[Span]:
    """Address parts before a postcode or a state + ZIP ("11 Tan-y-Bryn, Bangor LL57 2UH", "5 oak st, clarksville
    TN 37040", "Tallaght, Dublin 24, D24 X2F7"): up to three comma-separated chunks, walking back from the code,
    while each reads as a place (a house number and words, or one or two capitalised words)."""
    out: list[Span] = []
    for kind, start, end in spans:
        if kind != "ZIP":
            continue
        if re.fullmatch(r"\d{5}", text[start:end]) and re.match(r"\s+[A-Z]", text[end:]):
            town = re.match(rf"\s+({_CAPWORD}(?:[\s-]+{_CAPWORD}){{0,2}})", text[end:])
            if town:  # continental order: postcode, then town ("59000 Lille")
                out.append(("LOCATION", end + town.start(1), end + town.end(1)))
        line_start = text.rfind("\n", 0, start) + 1
        head = text[line_start:start]
        cut = line_start + _STATE_BEFORE.search(head).start()
        for i in range(3):
            comma = text.rfind(",", line_start, cut)
            chunk_start = comma + 1 if comma >= 0 else line_start
            raw = text[chunk_start:cut]
            cue = _CHUNK_CUE.match(raw)
            body = raw[cue.end() :] if cue else raw
            body_start = cut - len(body.lstrip()) if body.strip() else cut
            body = body.strip()
            words = body.split()
            placeish = bool(_ADDRESS_CHUNK.match(body)) and not _HAS_TITLE.search(body + " ")
            numbered = bool(words) and words[0][0].isdigit()
            if not placeish or not (i == 0 or numbered or cue or (len(words) <= 2 and body[0].isupper())):
                break
            out.append(("LOCATION", body_start, body_start + len(body)))
            if cue or comma < 0:
                break
            cut = comma
    return out


def _places_after_places(text: str, spans: list[Span]) -> list[Span]:
    """A town after a place and a comma ("outside Central Station, Glasgow;"), or after a name and age line
    ("Respondent ..., age 45, Croydon.")."""
    out: list[Span] = []
    follows = rf",\s*({_CAP}(?:\s+{_CAP}){{0,2}})(?=\s*(?:[;.\n)]|$))"
    street = rf",\s*((?:{_CAP}\s+){{1,3}}{_STREET})(?=\s*,)"
    frontier = [end for kind, _, end in spans if kind in ("LOCATION", "ADDRESS")]
    for _ in range(3):  # a chain through unnumbered streets: "St Columba's Night Shelter, Ballater Place, Glasgow."
        streets = []
        for end in frontier:
            town, road = re.match(follows, text[end:]), re.match(street, text[end:])
            for m in (town, road):
                if m and m.group(1).split()[0].lower() not in _NOT_NAME:
                    out.append(("LOCATION", end + m.start(1), end + m.end(1)))
            if road and road.group(1).split()[0].lower() not in _NOT_NAME:
                streets.append(end + road.end(1))
        frontier = streets
    for m in re.finditer(r"\b(?i:aged?)\s*\d{1,3}" + follows, text):
        if m.group(1).split()[0].lower() not in _NOT_NAME:
            out.append(("LOCATION", m.start(1), m.end(1)))
    return out


# 10.3.0: "R1   FAIRWEATHER, Doris", '"WHITTAKER, Joan"' in a CSV: a surname in capitals that opens a record's field (a
# line, a column gap, a quote, a bar or a bracket before it), a comma, then a given name another pass found; the surname
# is then a name wherever it recurs ("# LOW on WHITTAKER called"). Not in prose: "Plan: NIV, Doris (daughter) updated"
_CAPS_SURNAME_BEFORE = re.compile(
    rf"(?:^|(?<=[\t\"|(])|(?<=  ))([{_UPPER}][{_UPPER}'’-]{{2,40}}(?:[ -][{_UPPER}][{_UPPER}'’-]{{1,40}})?)"
    r"[ \t]*,[ \t]*"
    r"[\"']?$",
    re.M,
)


def _surnames_before_given(text: str, spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for kind, start, _ in spans:
        m = _CAPS_SURNAME_BEFORE.search(text, max(0, start - 60), start) if kind == "NAME" else None
        words = re.split(r"[ -]", m.group(1)) if m else []
        # (two vowels at least: "DNACPR, Edith agrees" opens with an abbreviation, "OBI, Chukwuemeka" with a name)
        if (
            words
            and not any(_known(w, _dictionary()) or w.lower() in _NOT_NAME for w in words)
            and (sum(c in "AEIOUY" for c in _fold(m.group(1)).upper()) >= 2)
        ):
            out.append(("NAME", m.start(1), m.end(1)))
    return _propagate(text, out, _first_names()) if out else []


_AGE_AFTER_NAME = re.compile(
    r"[\"'’”]?(?:(?:\s+[^\W\d_]+)?(?:\s*\((?:known as|prefers|answers to|goes by|likes to be called|n[ée]e|aka)"
    r"[^()\n]{1,30}\)|\s*\(\s*[\"'‘“][^()\n\"“”]{1,20}[\"'’”]\s*\))?\)?(?:,|\s[-–])\s*|\s*\()(9\d|1[01]\d|"
    + _AGE_WORDS
    + r")(?=\s*(?:(?:y|yrs?|years?)(?:[- ]old)?\b|[,.;:)|\n!]|$|\((?:dob|d\.o\.b|born|b\.))"
    # 10.3.0: "Mrs Consolata Mwangi, 92 ("Connie")", "Mr Lenny Tabb - 91 in March", "Mr Kubiak, 96 - slept well"; not
    # "Mrs Adeyemi, 94 (on 2L)", "Mrs Okafor - 93 since 0600" nor "Mrs Okafor - 93 - on 2L" (saturations)
    + r"|\s+(?:\(\s*[\"'‘“]|[-–]\s+(?!(?:on|at|sats?|ra|spo2|o2)\b|\d)|(?:in|since)\s+"
    + _MONTH
    + r"\b))",
    re.IGNORECASE,
)  # "Edwin Hale (98)": a bracketed age straight after the name only ("Mrs Khan today (92)" may be a reading)
# 10.1.0: "Edwin Hale is 100.", "his mother, Loretta Pruitt, is 93, in a home": a name, then "is" and an age that ends
# its clause; not "Mr Evans was 96 today" nor "Mrs Lee is 95 and stable" (readings a cold review wrote)
_AGE_IS_AFTER_NAME = re.compile(
    r",?\s++(?:is|is now|turned|who is|aged)\s++(9\d|1[01]\d|" + _AGE_WORDS + r")"
    # (10.3.0: or a clause about the person: "Ethel is 93 herself", "his sister Hester is 99 and lives at ...")
    r"(?=\s*(?:(?:y|yrs?|years?)(?:[- ]old)?\b|[,;)]|\.(?!\d)|$)|\s+(?:herself|himself|(?:and\s+)?(?:lives|living))\b)",
    re.IGNORECASE,
)
# 10.3.0: a fixed-width list's age and sex columns after a found name ("FAIRWEATHER, Doris      97  F  K2287116")
_AGE_COLUMN_AFTER_NAME = re.compile(r"[ \t]{2,}(9\d|1[01]\d)[ \t]{1,3}(?-i:[MF])(?=[ \t]{2}|\t|$)", re.M)
# "DOB 02.02.1934 (91)": an age in brackets straight after a date of birth
_AGE_AFTER_DOB = re.compile(r"\s*\((9\d|1[01]\d)\)")
_DOB_BEFORE = re.compile(r"(?i:\b(?:dob|d\.o\.b\.?|date of birth|born)\b)\W*$")


def _ages_after_names(text: str, spans: list[Span]) -> list[Span]:
    """ "Mr Efraín Castillo-Mendoza, 90, day 1 post TURP", "eleanor brown (answers to Nell), 96,": a bare age over
    89 straight after a name (an aside in brackets may come between); "DOB 02.02.1934 (91)" after a date."""
    out: list[Span] = []
    for kind, start, end in spans:
        m = None
        if kind == "NAME":
            m = _AGE_AFTER_NAME.match(text, end) or _AGE_COLUMN_AFTER_NAME.match(text, end)
            if m is None and not re.search(r"\b(?:for|of)\s+(?:\S+\s+){0,3}$", text[max(0, start - 40) : start]):
                m = _AGE_IS_AFTER_NAME.match(text, end)  # "sats for Mrs Ada Obi is 92" is a reading
        elif kind == "DATE" and _DOB_BEFORE.search(text[max(0, start - 16) : start]):
            m = _AGE_AFTER_DOB.match(text, end)
        if m:
            out.append(("AGE>89", m.start(1), m.end(1)))
        elif kind == "NAME" and (code := _CODE_AFTER_NAME.match(text, end)):
            out.append(("ID", code.start(1), code.end(1)))  # "Investigator: Troy Wendling (INV-207)"
    return out


# 10.1.0: a staff or study code in brackets straight after a name ("Troy Wendling (INV-207)"): capitals, a dash and
# digits; not a reading, a unit or a disease ("(BP 120)", "(COVID-19)", "(CA125)")
_CODE_AFTER_NAME = re.compile(
    r"\s*\((?-i:(?!(?:COVID|SARS|MERS|HPV|HIV|HLA|CD|CA|ST|FY|IL|BRCA|EGFR|HER|PD|MMR|DTP|TB|ICD|CURB|PCV|PPSV|HADS|GCS|NEWS|"
    r"SOFA|NIHSS|PHQ|GAD)-)([A-Z]{2,5}-\d{2,}[A-Z]?))\)"
)

# What is repeated elsewhere in a note once found: an id with a letter and a digit, six characters or more ("keish_r88"
# given as a username, then heading each of her messages and inside a link)
_REPEATED_KINDS = ("ID", "MRN", "ACCOUNT", "HEALTH_PLAN", "LICENCE", "SSN", "DEVICE", "VEHICLE")


def _repeated_identifiers(text: str, spans: list[Span]) -> list[Span]:
    """Every other occurrence of an id found once: the rules read it by its label, which its repetitions lack. Only a
    login-like id, in lower case with a letter and a digit; never a number alone (a reading or a range elsewhere) nor a
    code in capitals ("Regimen code: mFOLFOX6", "PPSV23": a second review found them spread through notes)."""
    values: dict[str, str] = {}
    for kind, s, e in spans:
        if kind in _REPEATED_KINDS and e > s:
            value = text[s:e].split()[-1].strip(":#=()[]<>,;.")  # a span may hold its label ("username keish_r88")
            if len(value) >= 6 and re.search(r"\d", value) and re.search(r"[^\W\d]", value) and value == value.lower():
                values.setdefault(value, kind)
    if not values:
        return []
    pattern = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
    return [(values[m.group(0)], m.start(), m.end()) for m in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", text)]


# A table's header names what its column holds; the cells below it are then identifiers whatever they look like
# ("MA" under "initials", "93" under "age", "8836" under "ssn_last4"). 10.0.0: comma-, semicolon- and tab-separated
# exports as well as bars, and name, initials, SSN, username and licence columns as well as ages. A header is a row of
# at least three labels with no digit in them, or of an export's field names ("ssn_last4"); a row of words under it
# whose cells fit every named column is data; a row of another width ends the table.
_COLUMN_KINDS = (
    (
        "AGE>89",
        re.compile(
            r"^age\b(?!.*\b(?:group|band|range|gestation|onset|diagnosis|dx|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|"
            r"mos?|m|mins?|minutes?)\b)",
            re.I,
        ),
    ),
    ("SSN", re.compile(r"\b(?:ssn|soc(?:ial)? sec(?:urity)?|ss ?#)", re.I)),
    ("LICENCE", re.compile(r"\blic(?:en[cs]e)?\b", re.I)),
    ("ID", re.compile(r"^(?:user ?(?:name|id)?|login|usuario|account name)$", re.I)),
    # a person's name only in a table about people (_PERSON_COLUMN), never in one about medicines or results
    (
        "NAME",
        re.compile(
            r"^(?:initials|surname|forename|(?:patient |pt |client |resident )?(?:first|last|given|family|middle|full|"
            r"maiden|sur) ?name|(?:patient|client|resident|nok|next of kin)(?: (?:last|first|surname|given|name))?|"
            r"name|full name.*)$",
            re.I,
        ),
    ),
)
# what makes a header a table about people: one of its columns is a birth date, an age, a sex, a record, a phone or an
# address; and none names a medicine, a dose or a result (a cold review: "Medication name,Dose,Route", "Component
# name", "Date,Hb,PT,INR")
_PERSON_COLUMN = re.compile(
    r"^(?:dob|date of birth|birth ?date|age|sex|gender|mrn|nhs(?: no| num(?:ber)?)?|hosp(?:ital)? no|ssn.*|phone|tel|"
    r"mobile|address|postcode|zip|initials|surname|patient (?:first|last)|nok.*)$",
    re.I,
)
_NOT_PERSON_TABLE = re.compile(
    r"\b(?:drug|medic\w*|dose|doses|dosage|route|strength|frequency|result|units?|value|analyte|component|parameter|"
    r"investigation|test|vaccine|product|trade|brand|generic|scientific|procedure|inr|hb|low|high|lower|upper|range|"
    r"reference|limit)\b",
    re.I,
)
_AGE_CELL = re.compile(
    r"\s*+(9\d|1[01]\d|" + _AGE_WORDS + r")(?:\s*+(?:y|yrs?|years))?(?:\s*+/?\s*+(?:m|f))?\s*$", re.IGNORECASE
)
_CELL_VALUE = {
    "SSN": re.compile(r"\s*([\dXx*•][\dXx*• -]{2,14}\d)\s*$"),
    "LICENCE": re.compile(r"\s*((?:[A-Z]{1,4}[ -]?)?\d{4,}[\w-]*)\s*$"),
    "ID": re.compile(r"\s*([^\W\d_][\w.@-]{1,40})\s*$"),
    "NAME": re.compile(r"\s*([^\W\d_](?:[^\W\d_]|[ .'’,-]){0,60}?)\.?\s*$"),
}


_FIELD_NAME = re.compile(r"\s*+[A-Za-z][A-Za-z_]*+\d*+[A-Za-z_]*+\s*$")  # "ssn_last4", "dose_mL": an export's fields


def _cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each field of a delimited line (bars, tabs or commas, whichever it has most of; double quotes
    around a comma-separated field are kept out of it); [] when the line has fewer than two delimiters."""
    delim = max("|\t,;", key=line.count)
    if line.count(delim) < 2:
        return []
    if delim not in ",;":
        bounds, at = [], 0
        for part in line.split(delim):
            bounds.append((at, at + len(part)))
            at += len(part) + 1
        return bounds
    bounds, start, quoted = [], 0, False
    for i, ch in enumerate(line + delim):
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            a, b = start, i
            if b - a >= 2 and line[a] == '"' and line[b - 1] == '"':
                a, b = a + 1, b - 1
            bounds.append((a, b))
            start = i + 1
    return bounds


def _label(cell: str) -> str:
    return cell.strip().strip("\"'").replace("_", " ").strip()


def _column_kind(label: str) -> str | None:
    return next((kind for kind, pattern in _COLUMN_KINDS if pattern.search(label)), None)


def _header_columns(body: str, cells: list[tuple[int, int]]) -> dict[int, str]:
    """{column: kind} of a header row; name columns only in a table about people."""
    labels = [_label(body[a:b]) for a, b in cells]
    people = any(_PERSON_COLUMN.match(x) for x in labels) and not any(_NOT_PERSON_TABLE.search(x) for x in labels)
    kinds = {i: _column_kind(x) for i, x in enumerate(labels)}
    return {i: k for i, k in kinds.items() if k and (k != "NAME" or people)}


def _column_values(body: str, cells: list[tuple[int, int]], columns: dict[int, str]) -> list[Span]:
    """The identifiers of one row: each named column's cell that has the form of its kind; a name cell of
    dictionary words none of which is a first name ("EMPTY", "Side room - closed", "Vacant") is none."""
    out: list[Span] = []
    for i, kind in columns.items():
        a, b = cells[i]
        m = (_AGE_CELL if kind == "AGE>89" else _CELL_VALUE[kind]).match(body, a, b)
        if m and m.end() == b and "[" not in m.group(1):
            if kind == "NAME" and not _could_be_name(m.group(1)):
                continue
            out.append((kind, m.start(1), m.end(1)))
    return out


def _could_be_name(value: str) -> bool:
    if len(value) <= 3 and value.isupper():  # initials
        return True
    firsts, dictionary = _first_names(), _dictionary()
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", value)]
    return any(w in firsts or not _known(w, dictionary) for w in words)


def _table_columns(text: str) -> list[Span]:
    """Identifiers in the columns of a delimited table whose header names them (see the comment above)."""
    out: list[Span] = []
    columns: dict[int, str] = {}
    width, offset = 0, 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        cells = _cells(body)
        header = (
            len(cells) >= 3
            and any(ch.isalpha() for ch in body)
            and all(b - a <= 64 for a, b in cells)
            and (not any(ch.isdigit() for ch in body) or all(_FIELD_NAME.match(body, a, b) for a, b in cells if a < b))
            and ", " not in body  # an export's header, not a sentence's list ("Patient, wife and son present")
        )
        same_table = bool(columns) and len(cells) == width
        found = _column_values(body, cells, columns) if same_table else []
        if header and found and len(found) == len(columns):  # a row of words whose cells fit every column is data
            header = any(_column_kind(_label(body[a:b])) for a, b in cells)
        if header:
            columns, width = _header_columns(body, cells), len(cells)
        elif same_table:
            out += [(kind, offset + a, offset + b) for kind, a, b in found]
        else:  # a row of another width ends the table
            columns, width = {}, 0
        offset += len(line)
    return out


# Safe Harbor lets states and countries stay: a place span that is one, or ends in one, gives it back.
_REGION_CODE = r"(?-i:" + _US_STATES + r"|NSW|VIC|QLD|WA|SA|TAS|ACT|NT|ON|QC|BC|AB|MB|SK|NS|NB|NL|PEI|PE|YT|NU)"
_WITHIN = re.compile(
    r",\s*[A-Z][\w'’.-]*\s+(?:County|Parish|Shire|District)\b|,\s*(?-i:[A-Z]{2})\b"
)  # "Cuba, Allegany County"
_REGION_TAIL = re.compile(r"(?:,?\s+(" + _REGION_CODE + r")|,\s*([^\W\d_][\w'’. -]*?))\W*$")


_ADDRESS_LINE = re.compile(
    r"^[ \t]*(?:home |postal |patient'?s? |current |permanent )?address[ \t]*:[ \t]*(\S[^\n]*)", re.I | re.M
)
# not an address: "Address: see above", "unknown, NFA", "as per referral"
_NO_ADDRESS = re.compile(r"(?:see|as|per|unknown|nfa|no fixed|none|n/?a|not (?:known|given)|withheld)\b", re.I)
_REGION_CODE_IN = re.compile(r"(?:,\s?|\s)(?:" + _REGION_CODE + r"|" + _AU_STATE + r")\b")


def _address_lines(text: str) -> list[Span]:
    """9.0.0: everything after an "Address:" label to the end of its line ("Address: No. 12, 3rd Cross, 9th Main,
    Jayanagar 4th Block, Bengaluru - 560011"), up to a state or country, which stays (Safe Harbor allows it)."""
    out: list[Span] = []
    for m in _ADDRESS_LINE.finditer(text):
        # the field ends where a column gap starts ("Address: 4 Elm St     Phone: ..."): also keeps _keep_region's
        # search on the span short
        value = re.split(r"\t|\s{3,}", m.group(1), maxsplit=1)[0].rstrip(" .")
        if len(value) < 4 or _NO_ADDRESS.match(value):
            continue
        cut = code.start() if (code := _REGION_CODE_IN.search(value)) else len(value)
        for part in re.finditer(r"[^,]+", value[:cut]):
            if part.start() and _is_region(part.group(0).rstrip(" \t0123456789–-").strip()):
                cut = part.start()
                break
        span_end = m.start(1) + len(value[:cut].rstrip(" ,-–"))
        out.append(("LOCATION", m.start(1), span_end))
    return out


@cache
def _regions() -> frozenset[str]:
    """Countries and first-level subdivisions, lower case (data/regions.txt)."""
    lines = (_DATA / "regions.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _region_context(text: str, start: int, word: str) -> bool:
    """A region named as a place: after a comma or a place preposition; a region that is also a person's name
    ("Jordan", "India", "Georgia") only after words that say a place follows ("lives in", "from", "travelled to")."""
    if word.lower() in _first_names() or word.lower() in _NOT_FIRST:
        return bool(_PLACE_CUE.search(text[max(0, start - 60) : start]))
    return bool(_STATE_CONTEXT.search(text[max(0, start - 12) : start]))


def _is_region(value: str) -> bool:
    value = value.strip(" ,.;:()")
    return value.lower() in _regions() or bool(re.fullmatch(_REGION_CODE, value))


def _keep_region(text: str, span: Span) -> Span:
    """A place that is a state or a country is not redacted ("from Ghana", "Albuquerque, NM" keeps NM), nor a state
    code before a ZIP that a name or place span swallowed ("Clarksville TN 37040")."""
    kind, start, end = span
    value = text[start:end]
    if kind == "LOCATION" and _is_region(value) and not _WITHIN.match(text, end):
        if _region_context(text, start, value.strip(" ,.;:()")):
            return (kind, start, start)  # empty: dropped by _resolve
    if kind in ("LOCATION", "NAME"):
        m = re.search(r"\s+" + _US_STATES + r"$", text[start:end])
        if m and re.match(r"\s*\d{5}", text[end:]):
            return (kind, start, start + m.start())
    if kind == "LOCATION" and (m := _REGION_TAIL.search(text[start:end])):
        if m.group(1) or _is_region(m.group(2)):
            return (kind, start, start + m.start())
    return span


_PRIORITY = {
    k: i
    for i, k in enumerate(
        [
            "EMAIL",
            "URL",
            "IP",
            "SSN",
            "MRN",
            "HEALTH_PLAN",
            "ACCOUNT",
            "LICENCE",
            "VEHICLE",
            "DEVICE",
            "FAX",
            "PHONE",
            "AGE>89",
            "DATE",
            "ADDRESS",
            "ZIP",
            "LOCATION",
            "NAME",
            "ID",
        ]
    )
}


# scores, gestation, weeks, months, days, Snellen acuity and titres
_SCORE_DENOMINATORS = {
    "10": 10, "15": 15, "40": 42, "52": 52, "12": 12, "7": 7, "5": 5, "18": 18, "24": 24, "36": 36, "16": 16, "32": 32,
    "64": 64,
}  # fmt: skip


def _valid_day_month(value: str) -> bool:
    """A two-part a/b or a.b is a date only if it reads as day/month or month/day; anything else passes."""
    m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})", value)
    if not m:
        return True
    a, b = int(m.group(1)), int(m.group(2))
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)


def _score_like(value: str) -> bool:
    """8/10 pain, GCS 14/15, 34/40 weeks, 6/52: a count out of a known scale. 14/10 exceeds its scale: a date."""
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})", value)
    return bool(m and m.group(2) in _SCORE_DENOMINATORS and int(m.group(1)) <= _SCORE_DENOMINATORS[m.group(2)])


_TEMPERATURE_BEFORE = re.compile(r"(?i:\b(?:temp(?:erature)?|t)\b)\s*(?:(?:was|is|of|up to|reading|now)\s+)?:?\s*$")


def _clinical_number(text: str, span: Span) -> bool:
    """Dates and ids that are really scores, doses or readings (8/10 pain, GCS 14/15, BP 120/80, 34/40, 6/52), and
    "ages" that are temperatures."""
    kind, s, e = span
    if kind == "AGE>89":  # "temperature 101 F", "T 99.1 F": a Fahrenheit reading, not "101 F(emale)"
        reading = re.match(r"\d+[ \t]*F\b", text[s:])
        return bool(reading) and bool(_TEMPERATURE_BEFORE.search(text[max(0, s - 30) : s]))
    if kind not in ("DATE", "PHONE", "ID"):
        return False
    value = text[s:e]
    if kind == "DATE" and not _valid_day_month(value):
        return True  # "6/60" (visual acuity) is no day and month in either order
    # "Sat 11/10/25", "Sat 9 August 2025": no reading after "sat(s)" or "x" has a month's name or three parts
    full_date = kind == "DATE" and bool(re.search(r"[^\W\d_]", value) or re.fullmatch(r"\d+[/.-]\d+[/.-]\d+", value))
    before = text[max(0, s - 12) : s].lower()
    after = text[e : e + 12].lower()
    if re.match(r"\s*(?:bottles|sets|cultures|samples|specimens|doses|nodes|cores|biopsies|positive)\b", after):
        return True  # "2/2 bottles", "3/12 nodes": counts, not dates
    if (
        kind == "DATE"
        and _score_like(value)
        and not re.search(
            r"dob|born|on|date|planned for|booked for|due|until|next|taken|collected|done|seen|"
            r"\b(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?,?\s*$",
            before,
        )
    ):
        return True
    if (
        not full_date
        and re.search(
            # 10.1.0: a named cognitive or function score ("MMSE 9/30", "MoCA 12/30", "Katz ADL 5/6", "Tinetti 16/28")
            r"\b(?:bp|gcs|pain|score|power|mm ?hg|sats?|x|×|er|pr|her2|allred|va|acuity|vision|ratio|mmse|moca|amts|"
            r"katz adl|adl|tinetti|barthel|waterlow|braden|ace-?iii|4at|phq-?9|gad-?7|epds|mna)\W*$",
            before,
        )
    ) or re.match(
        r"\s*(?:(?:mg|mcg|mls?|mmol|units|mmhg|bpm|iu|g|kg)\b|%)",  # a unit, not "MLC No." after an id
        after,
    ):
        return True
    return False


def _resolve(spans: list[Span]) -> list[Span]:
    """Longest span wins an overlap; at equal length the more specific kind (PRIORITY order)."""
    ordered = sorted(spans, key=lambda s: (-(s[2] - s[1]), _PRIORITY.get(s[0], 99), s[1]))
    taken: list[Span] = []
    for span in ordered:
        if span[2] <= span[1]:
            continue
        if all(span[2] <= t[1] or span[1] >= t[2] for t in taken):
            taken.append(span)
    return sorted(taken, key=lambda s: s[1])


def redact(text: str, dictionary: bool = True) -> str:
    """`text` with every identifier replaced by its `[KIND]` placeholder ([NAME], [LOCATION], [DATE], [AGE>89], ...)."""
    out = text
    for kind, start, end in reversed(find_identifiers(text, dictionary)):
        out = out[:start] + f"[{kind}]" + out[end:]
    return out
