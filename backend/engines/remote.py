"""Remote engine: TGI's Messages API (OpenAI-compatible /v1/chat/completions) through huggingface_hub.

The same code serves vLLM, SGLang and llama.cpp's server. Reasoning is taken from `reasoning_content` /
`reasoning` when the server splits it out; otherwise it stays in the text as `<think>…</think>`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
from huggingface_hub import InferenceClient
from huggingface_hub.errors import HfHubHTTPError

from backend.types import (
    BackendUnavailable,
    ChatMessage,
    Delta,
    EmptyCompletion,
    EngineHealth,
    GenerationError,
    GenerationParams,
    TokenLogprob,
    TokenUsage,
)

# Status codes after which a retry before the first token is safe (nothing was shown to the user yet).
_RETRYABLE_STATUS = {429, 502, 503, 504}


def _kinds(exc: BaseException) -> set[str]:
    # huggingface_hub 2.x uses its own fork of httpx (`httpx2`); match errors by class name so both families map.
    return {cls.__name__ for cls in type(exc).__mro__}


def map_error(exc: BaseException, endpoint: str) -> Exception:
    """Translate transport and HTTP errors into the backend's named exceptions (no prompt text in messages)."""
    kinds = _kinds(exc)
    if isinstance(exc, HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else None
        if status in (429, 503):
            return BackendUnavailable(f"the model server is busy or loading (HTTP {status}); try again shortly")
        return GenerationError(f"the model server returned HTTP {status}")
    if kinds & {"ConnectError", "ConnectTimeout", "ConnectionError", "ConnectionRefusedError"}:
        return BackendUnavailable(f"cannot connect to the model server at {endpoint}")
    if "TimeoutException" in kinds or "TimeoutError" in kinds:
        return GenerationError(f"the model server at {endpoint} stopped responding (timeout)")
    if kinds & {"RemoteProtocolError", "ReadError", "StreamError", "NetworkError", "TransportError"}:
        return GenerationError("the connection to the model server broke during the answer")
    if kinds & {"ValueError", "KeyError", "IndexError", "TypeError", "JSONDecodeError"}:
        return GenerationError("the model server sent a malformed response")
    return GenerationError(f"unexpected error from the model server ({type(exc).__name__})")


class RemoteEngine:
    def __init__(
        self,
        endpoint: str,
        *,
        api_key: str = "",
        model: str = "tgi",
        timeout_s: float = 120.0,
        retries: int = 2,
        name: str | None = None,
        model_name: str | None = None,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.name = name or f"remote {self.endpoint}"
        self.model_name = model_name or model
        self._model = model
        self._retries = retries
        self._client = InferenceClient(base_url=self.endpoint, api_key=api_key or None, timeout=timeout_s)

    def stream(self, messages: list[ChatMessage], params: GenerationParams) -> Iterator[Delta]:
        produced = False
        for attempt in range(self._retries + 1):
            try:
                chunks = self._client.chat_completion(
                    messages=[m.as_dict() for m in messages],
                    model=self._model,
                    stream=True,
                    max_tokens=params.max_tokens,
                    temperature=params.temperature,
                    top_p=params.top_p,
                    seed=params.seed,
                    stop=list(params.stop) or None,
                    logprobs=True if params.top_logprobs else None,
                    top_logprobs=params.top_logprobs or None,
                    response_format=params.response_format,
                    # usage on the last chunk: real token counts instead of counting stream chunks
                    stream_options={"include_usage": True},
                    extra_body=_extra_body(params),
                )
                for chunk in chunks:
                    usage = _usage(chunk)
                    if not chunk.choices:
                        if usage is not None:
                            yield Delta(usage=usage)
                        continue
                    choice = chunk.choices[0]
                    delta = choice.delta
                    reasoning = delta.get("reasoning_content") or delta.get("reasoning") or ""
                    content = delta.content or ""
                    if content or reasoning:
                        produced = True
                    if content or reasoning or choice.finish_reason or usage is not None:
                        yield Delta(
                            content=content,
                            reasoning=reasoning,
                            finish_reason=choice.finish_reason,
                            logprobs=_logprobs(choice),
                            usage=usage,
                        )
                if not produced:
                    raise EmptyCompletion("the model returned an empty answer")
                return
            except (EmptyCompletion, GeneratorExit):
                raise
            except Exception as exc:  # every transport error is mapped to a named one below
                mapped = map_error(exc, self.endpoint)
                status = getattr(getattr(exc, "response", None), "status_code", None)
                retryable = isinstance(mapped, BackendUnavailable) or status in _RETRYABLE_STATUS
                # Never retry once text was streamed: the user already sees it and a retry would duplicate it.
                if produced or not retryable or attempt == self._retries:
                    raise mapped from exc
                time.sleep(0.5 * 2**attempt)

    def health(self) -> EngineHealth:
        try:
            response = httpx.get(f"{self.endpoint}/health", timeout=3.0)
            ok = response.status_code == 200
            detail = "" if ok else f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            ok, detail = False, type(exc).__name__
        return EngineHealth(ok=ok, engine=self.name, model=self.model_name, detail=detail)

    def close(self) -> None:
        pass


def _extra_body(params: GenerationParams) -> dict | None:
    extra = dict(params.server_options)
    if params.ignore_eos:
        extra["ignore_eos"] = True
    return extra or None


def _usage(chunk) -> TokenUsage | None:
    usage = getattr(chunk, "usage", None)
    if usage is None:
        return None
    try:
        return TokenUsage(int(usage.prompt_tokens), int(usage.completion_tokens))
    except (AttributeError, TypeError, ValueError):  # a server that sends a partial usage object: ignore it
        return None


def _logprobs(choice) -> tuple[TokenLogprob, ...]:
    content = getattr(getattr(choice, "logprobs", None), "content", None) or ()
    return tuple(
        TokenLogprob(
            token=entry.token,
            logprob=float(entry.logprob),
            top=tuple((alt.token, float(alt.logprob)) for alt in (entry.top_logprobs or ())),
        )
        for entry in content
    )
