"""Degenerate output: a repetition loop detected while the answer streams. Pure functions on the cumulative text.

Small models at greedy decoding fall into loops: the same sentences under every heading until the token cap (issue
13: two false sentences about warfarin repeated to 768 tokens), or a phrase repeated back to back. The service calls
`detect_loop` on the cumulative text after each chunk; at the first verdict it stops the stream and shows
`Loop.message`. Three signals, each cheap (linear in the text):
  sentence  a sentence of >= MIN_SENTENCE_WORDS words occurs SENTENCE_REPEATS times (anywhere, across sections);
  ngram     a span of NGRAM words occurs NGRAM_REPEATS times without overlapping (loops without full stops);
  tail      the text ends in >= 3 back-to-back copies of one block covering >= TAIL_WORDS words ("and the and the…").
Numbers are masked before comparing, so "1. Monitor INR" and "2. Monitor INR" count as the same line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

MIN_SENTENCE_WORDS = 5
SENTENCE_REPEATS = 3
NGRAM = 12
NGRAM_REPEATS = 3
TAIL_WORDS = 24
MAX_PERIOD = 40

LoopKind = Literal["sentence", "ngram", "tail"]


@dataclass(frozen=True)
class Loop:
    kind: LoopKind
    repeated: str  # the repeating text as the model wrote it (first copy), shortened for display
    count: int  # copies seen so far
    start: int  # character offset where the first repeated copy (the second occurrence) begins

    @property
    def message(self) -> str:
        return (
            "The model started repeating itself, so the answer was stopped here. The text above the repetition is "
            "shown as written; ask again or rephrase for a complete answer."
        )


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?:[.!?](?=\s)|\n)")


def _words(text: str) -> list[tuple[str, int]]:
    """(normalised word, character offset) pairs: lower case, digits masked."""
    return [(re.sub(r"\d+", "#", m.group(0).lower()), m.start()) for m in _WORD.finditer(text)]


def _sentence_loop(text: str, final: bool) -> Loop | None:
    seen: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    begin = 0
    ends = [m.end() for m in _SENTENCE_END.finditer(text)] + ([len(text)] if final else [])
    for end in ends:
        chunk = text[begin:end]
        key = tuple(w for w, _ in _words(chunk))
        if len(key) >= MIN_SENTENCE_WORDS:
            seen[key].append((begin + len(chunk) - len(chunk.lstrip()), end))
            if len(seen[key]) >= SENTENCE_REPEATS:
                (first, first_end), (second, _) = seen[key][0], seen[key][1]
                return Loop("sentence", _short(text[first:first_end]), len(seen[key]), second)
        begin = end
    return None


def _ngram_loop(words: list[tuple[str, int]], text: str) -> Loop | None:
    last_end: dict[tuple[str, ...], int] = {}
    starts: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in range(len(words) - NGRAM + 1):
        key = tuple(w for w, _ in words[i : i + NGRAM])
        if i < last_end.get(key, -1):
            continue  # overlapping copy ("a a a a …") is the tail signal's job
        starts[key].append(i)
        last_end[key] = i + NGRAM
        if len(starts[key]) >= NGRAM_REPEATS:
            first, second = starts[key][0], starts[key][1]
            span = text[words[first][1] : words[first + NGRAM - 1][1] + len(words[first + NGRAM - 1][0])]
            return Loop("ngram", _short(span), len(starts[key]), words[second][1])
    return None


def _tail_loop(words: list[tuple[str, int]], text: str) -> Loop | None:
    keys = [w for w, _ in words]
    n = len(keys)
    for period in range(1, MAX_PERIOD + 1):
        copies = max(3, -(-TAIL_WORDS // period))
        if period * copies > n:
            break
        block = keys[n - period :]
        if all(keys[n - period * (c + 1) : n - period * c] == block for c in range(1, copies)):
            # extend backwards to count every copy
            while period * (copies + 1) <= n and keys[n - period * (copies + 1) : n - period * copies] == block:
                copies += 1
            first = n - period * copies
            span = text[words[first][1] : words[first + period - 1][1] + len(words[first + period - 1][0])]
            return Loop("tail", _short(span), copies, words[first + period][1])
    return None


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def detect_loop(text: str, *, final: bool = False) -> Loop | None:
    """The first repetition loop in `text` (cumulative output so far), or None.

    final: the stream has ended, so a last sentence without a full stop counts too."""
    if loop := _sentence_loop(text, final):
        return loop
    words = _words(text)
    return _ngram_loop(words, text) or _tail_loop(words, text)
