"""A scripted Engine for unit tests of code that calls an engine (constrained-JSON extraction): it answers every
request with one fixed text, or raises, and records what it was asked. Named so: it stands in for the model only
where the test is about our handling of an answer, not about what a model would answer."""

from __future__ import annotations

from backend.types import Delta, TokenLogprob, TokenUsage


class ScriptedEngine:
    """An Engine that answers each request with the next text of a script (the last one repeats), or raises it, and
    records what it was asked."""

    name = "scripted"
    model_name = "scripted"

    def __init__(self, answer: str | Exception | list[str | Exception], top: tuple = ()) -> None:
        """top: the alternatives ((token, logprob), ...) that a one-token request (max_tokens 1) gets with its token,
        as a server returns them when asked for log-probabilities."""
        self.answers = answer if isinstance(answer, list) else [answer]
        self.top = top
        self.requests: list = []

    def stream(self, messages, params):
        if params.max_tokens == 1 and self.top:
            self.requests.append((messages, params))
            yield Delta(
                content=self.top[0][0], logprobs=(TokenLogprob(*self.top[0], self.top),), finish_reason="length"
            )
            return
        answer = self.answers[min(len(self.requests), len(self.answers) - 1)]
        self.requests.append((messages, params))
        if isinstance(answer, Exception):
            raise answer
        yield Delta(content=answer[: len(answer) // 2])
        yield Delta(content=answer[len(answer) // 2 :], finish_reason="stop", usage=TokenUsage(100, 42))

    def health(self):
        raise NotImplementedError

    def start(self) -> None:
        pass

    def close(self) -> None:
        pass


def entry(evidence: str, value, unit: str | None = None) -> dict:
    item = {"evidence": evidence, "value": value}
    if unit is not None:
        item["unit"] = unit
    return item
