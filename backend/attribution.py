"""Attribution by the app (issue 15): each claim sentence of an answer matched to the given passage whose words it
uses. The 1.5B model seldom writes [n] even when it copies a passage, so the app does the matching. Pure functions.

The rule, in the order it is applied (every step is shown to the clinician or testable on its own):
  1. Sentences are core.text's (`sentence_spans`: ";", a line break, or ".", "!", "?" before a capital or a digit).
  2. The model's own citation marks ([2], [1–3]) are removed, so that a citation is never read as a number or word.
  3. A sentence's *content words* are its words minus function words and generic answer phrasing (STOPWORDS),
     lower-cased and lightly stemmed (`stem`: plural, -ed, -ing, -ment, -ion …). Its *numbers* are its digits and
     number words two to twelve, normalised (1,000 = 1000; two = 2).
  4. A sentence is a *claim* when it has at least MIN_WORDS content words, or a number and one content word.
     Headings ("## Answer"), a bare option ("Answer: B. no") and generic sentences ("I hope this helps", "Consult
     your doctor") are not claims: they are left out of the share.
  5. A passage (its title and text, as the model was given them) scores the share of the claim's content words it
     contains. It can support the claim only if it states every number the claim states (a sentence with a number
     that no passage gives is never supported, however many words it shares) and every name or abbreviation the
     claim mentions (`names`: "Milroy disease is inherited in an autosomal dominant pattern" is not supported by
     a passage on Alzheimer disease that says the same of it).
  6. The claim is supported by the best-scoring passage when that score is at least THRESHOLD.
  7. A claim no passage supports but the user's own input does (by the same rule) restates the input: a case's
     details or a question's abstract repeated back are not "unsupported", nor are they support; they are left
     out of the share and marked as such.

THRESHOLD was chosen on development data built from MedQuAD only (`python -m bench.attribution`: sentences of NIH
answers against their own page's passage as supported, against other pages' passages on the same question as
not supported), and checked on a held-out part of the same construction; bench/results/attribution.json.

"Supported" is lexical: the passage states those words and numbers, not necessarily the claim. A sentence that
negates or twists its passage ("is not caused by …") can still match; the clinician is shown which passage to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from backend.types import Statement, number_order
from core.text import sentence_spans

THRESHOLD = 0.7
"""Share of a claim's content words that its passage must contain (bench/attribution.py chose it)."""
MIN_WORDS = 3
"""Content words that make a sentence a claim (fewer, and no number: generic, left out of the share)."""

CITATION = re.compile(r"\[(\d{1,2}(?:\s*[,;–-]\s*\d{1,2})*)\]")
"""A citation mark as the model is asked to write it: [1], [1, 3], [2–4]."""

# Function words, and the phrasing any answer uses whatever its facts ("the sources provided state that …").
STOPWORDS = frozenset(
    """
    a about above after again against all also although am among an and any are aren't around as at be because been
    before being below between both but by can cannot could did do does doing done down during each either else
    etc even ever every few for from further had has have having he her here hers herself him himself his how however
    i if in into is isn't it it's its itself just least less like likely many may me might more most much must my
    myself near neither no nor not now of off often on once one only or other others otherwise our ours ourselves out
    over own per perhaps quite rather really same several shall she should since so some somewhat such than that the
    their theirs them themselves then there therefore these they this those though through thus to too toward towards
    under unless until up upon us usually very via was wasn't we well were what whatever when where whether which
    while who whom whose why will with within without would yes yet you your yours yourself yourselves
    answer answers according based call called certain common commonly consult consulted contact different doctor
    doctors example examples find found generally get gets give given gives good help helps helpful hope important
    include included includes including information informed know known let look make makes mean means note number
    particular passage passages people person please possible professional professionals provide provided provider
    providers question questions refer refers regarding related say says see seek show shows source sources state
    stated states step steps sure thing things think type types use used using various way ways word words
    """.split()
)
NUMBER_WORDS = {
    w: str(n) for n, w in enumerate("two three four five six seven eight nine ten eleven twelve".split(), start=2)
}
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")  # "SOX9", "HbA1c" and "B12" are one word each
_NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})+(?![\d,])|(?<![\w.,])\d+(?:\.\d+)?")
_HEADING = re.compile(r"^\s*#")
_LIST_ITEM = re.compile(r"(?m)^\s*(?:[-*•]|\d{1,2}[.)])\s+")
# Suffixes stripped once, longest first, leaving a stem of at least 3 letters: "infections", "infected",
# "infecting" → "infect"; "treatment", "treated" → "treat"; "diseases" → "disease" → "diseas".
_SUFFIXES = (
    ("ational", "ate"), ("ations", ""), ("ation", ""), ("ments", ""), ("ment", ""), ("ness", ""), ("ings", ""),
    ("ing", ""), ("ions", ""), ("ion", ""), ("ious", ""), ("ous", ""), ("ies", "y"), ("ied", "y"), ("ed", ""),
    ("es", ""), ("is", ""), ("s", ""), ("e", ""),
)  # fmt: skip


def stem(word: str) -> str:
    """A light suffix-stripping stemmer: enough for "symptoms" to match "symptom" and "diagnosed" "diagnosis"."""
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):  # "process", "virus" are not plurals
                break
            word = word[: -len(suffix)] + replacement
            break
    return word.removesuffix("e") if len(word) > 4 else word


def numbers(text: str) -> frozenset[str]:
    """Every number a text states, normalised: "1,000" and "1000" agree, "two" is "2", "0.50" stays as written.
    A list item's own number ("5. Palliative care") and a citation ("[2]") are not numbers it states."""
    text = _LIST_ITEM.sub("", CITATION.sub(" ", text))
    found = {m.group(0).replace(",", "") for m in _NUMBER.finditer(text)}
    found |= {NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in NUMBER_WORDS}
    return frozenset(found)


def content_words(text: str) -> frozenset[str]:
    """The stems of a text's content words: no numbers (`numbers` reads them), no stop words, no single letters
    such as option letters. A word with digits in it ("SOX9", "B12") is a content word, whole."""
    words = (w.lower() for w in _WORD.findall(CITATION.sub(" ", text)))
    return frozenset(
        stem(w.replace("'", ""))
        for w in words
        if not w.isdigit() and len(w) > 1 and w not in STOPWORDS and w not in NUMBER_WORDS
    )


@dataclass(frozen=True)
class Evidence:
    """A passage as the matcher reads it: its number, content words and numbers (title and text together)."""

    number: int
    words: frozenset[str]
    numbers: frozenset[str]


def evidence(passages: Iterable[tuple[int, str]]) -> tuple[Evidence, ...]:
    """(number, text as the model was given it, title included) → what claims are matched against."""
    return tuple(Evidence(number, content_words(text), numbers(text)) for number, text in passages)


def names(text: str) -> frozenset[str]:
    """The stems of the names and abbreviations a sentence mentions: a word with two capitals or with a digit
    ("DDON", "SOX9", "HbA1c"), or a capitalised word other than the first ("Milroy", "Parkinson's"); stop words
    aside. A passage that does not mention them cannot support the sentence ("KID syndrome is a rare disorder" is
    not supported by "DDON syndrome is a rare disorder")."""
    found = set()
    for i, m in enumerate(_WORD.finditer(CITATION.sub(" ", text))):
        word = m.group(0)
        lower = word.lower()
        if len(word) < 2 or word.isdigit() or lower in STOPWORDS or lower in NUMBER_WORDS:
            continue
        abbreviation = sum(c.isupper() for c in word) >= 2 or any(c.isdigit() for c in word)
        if abbreviation or (i > 0 and word[0].isupper()):
            found.add(stem(lower.replace("'", "")))
    return frozenset(found)


def is_claim(sentence: str) -> bool:
    """A sentence that says something checkable: MIN_WORDS content words, or a number and a content word."""
    if _HEADING.match(sentence):
        return False
    words = content_words(sentence)
    return len(words) >= MIN_WORDS or (bool(numbers(sentence)) and len(words) >= 1)


@dataclass(frozen=True)
class Match:
    passage: int | None  # the best passage (None: no passage shares a content word with the sentence)
    score: float  # the share of the sentence's content words found in it
    complete: bool  # it states every number and name the sentence states
    unsourced_numbers: tuple[str, ...]  # numbers of the sentence that no passage states

    def supported(self, threshold: float = THRESHOLD) -> bool:
        return self.passage is not None and self.complete and self.score >= threshold


def match(sentence: str, passages: Sequence[Evidence]) -> Match:
    """The passage that best matches one claim sentence.

    The best is the highest score among the passages that state all of the sentence's numbers and names; when
    none does, the highest score among all (shown as the closest, never as support). Ties go to the lower number."""
    words, stated, named = content_words(sentence), numbers(sentence), names(sentence)
    given = frozenset().union(*(p.numbers for p in passages))
    unsourced = tuple(sorted(stated - given, key=number_order))
    scored = [
        (stated <= p.numbers and named <= p.words, len(words & p.words) / len(words) if words else 0.0, -p.number)
        for p in passages
    ]
    if not scored:
        return Match(None, 0.0, False, unsourced)
    complete, score, negated = max(scored)
    if score == 0.0:
        return Match(None, 0.0, False, unsourced)
    return Match(-negated, score, complete, unsourced)


def attribute(
    text: str,
    passages: Sequence[Evidence],
    step: int | None = None,
    threshold: float = THRESHOLD,
    given: Evidence | None = None,
) -> tuple[Statement, ...]:
    """Every claim sentence of `text` (the answer, or reasoning step `step`) with the passage that supports it.

    given: the user's own input (the question, the case). A claim no passage supports but the input does restates
    the input ("The study analysed 122 patients", copied from a question's abstract): marked so, not as support, and
    its numbers are not reported as unsourced."""
    out: list[Statement] = []
    for start, end in sentence_spans(text):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        sentence = text[start:end]
        if not sentence or not is_claim(sentence):
            continue
        found = match(sentence, passages)
        supported = found.supported(threshold)
        unsourced = found.unsourced_numbers
        restates = False
        if given is not None:
            restates = not supported and match(sentence, (given,)).supported(threshold)
            unsourced = tuple(n for n in unsourced if n not in given.numbers)
        out.append(
            Statement(sentence, start, end, step, found.passage, round(found.score, 3), supported, unsourced, restates)
        )
    return tuple(out)


def attribute_answer(
    answer: str,
    steps: Sequence[str],
    passages: Iterable[tuple[int, str]],
    given: str = "",
    threshold: float = THRESHOLD,
) -> tuple[Statement, ...]:
    """The answer's claims, then each reasoning step's, matched to the numbered passages given to the model (and,
    for a claim none supports, to `given`: the user's input)."""
    prepared = evidence(passages)
    context = Evidence(0, content_words(given), numbers(given)) if given.strip() else None
    statements = list(attribute(answer, prepared, None, threshold, context))
    for i, step_text in enumerate(steps):
        statements.extend(attribute(step_text, prepared, i, threshold, context))
    return tuple(statements)
