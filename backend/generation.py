"""What a template implies for one request (prompts.generation_spec) in the engine's terms, and the confidence the
finished answer gets. The numbers are the measured choices in BENCHMARKS.md ("templates v2", "calibration").
"""

from __future__ import annotations

import dataclasses

from backend.confidence import answer_confidence, letter_probability, mcq_confidence, ranking_confidence
from backend.engines.base import Engine
from backend.types import ChatMessage, Confidence, GenerationParams, Task, TokenLogprob
from prompts import ANSWER_PREFIX, GenerationSpec, answer_grammar, answer_phase_messages

# llama.cpp's DRY sampler at 0.8 took template-v2 loops in the prescription tab from 3/5 to 0/5 and left MCQ accuracy
# and length unchanged (bench prompts --server-option dry_multiplier=0.8, 1.5B): the default for llama.cpp engines.
DRY_MULTIPLIER = 0.8
TOP_LOGPROBS = 10  # enough alternatives at the answer position to renormalise over 4–5 option letters
ANSWER_PHASE_TOKENS = 4


def request_params(base: GenerationParams, spec: GenerationSpec, *, llama_cpp: bool) -> GenerationParams:
    """The user's settings within the template's limits. Grammar and DRY are llama.cpp request fields, sent only to a
    llama.cpp server (the embedded engine); TGI and vLLM get the cap and the stop sequences."""
    options: list[tuple[str, object]] = list(base.server_options)
    if llama_cpp:
        options.append(("dry_multiplier", DRY_MULTIPLIER))
        if spec.grammar:
            options.append(("grammar", spec.grammar))
    return dataclasses.replace(
        base,
        max_tokens=min(base.max_tokens, spec.max_tokens) if spec.max_tokens else base.max_tokens,
        stop=tuple(dict.fromkeys((*base.stop, *spec.stop))),
        top_logprobs=TOP_LOGPROBS if spec.letters else base.top_logprobs,
        server_options=tuple(options),
    )


def confidence(task: Task, answer: str, tokens: list[TokenLogprob], spec: GenerationSpec) -> Confidence | None:
    """MCQ: the chosen letter's probability at the answer position. Diagnosis / symptoms: the stated likelihood of
    the top-ranked item. None when the answer carries neither (the UI then shows no band rather than a guess)."""
    if spec.letters:
        return answer_confidence(tokens, spec.letters)
    if task in ("diagnosis", "symptom_analysis"):
        return ranking_confidence(answer)
    return None


def answer_phase(
    engine: Engine, messages: list[ChatMessage], output: str, letters: tuple[str, ...], base: GenerationParams
) -> Confidence | None:
    """An MCQ answer with no letter at a known position (the r1 layout reasons first): ask for the letter alone,
    constrained by a grammar, and read its probability. llama.cpp only."""
    params = dataclasses.replace(
        base,
        max_tokens=ANSWER_PHASE_TOKENS,
        temperature=0.0,
        stop=(),
        top_logprobs=TOP_LOGPROBS,
        server_options=(("grammar", answer_grammar(letters, prefix=ANSWER_PREFIX, free_tail=False)),),
    )
    tokens = [t for delta in engine.stream(answer_phase_messages(messages, output), params) for t in delta.logprobs]
    found = letter_probability(tokens, letters)
    return mcq_confidence(found[1]) if found else None
