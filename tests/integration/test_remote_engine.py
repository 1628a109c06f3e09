"""The remote engine against a real OpenAI/TGI-compatible server (llama.cpp on loopback), and its failure modes."""

from __future__ import annotations

import threading

import pytest

from backend.engines.llama_server import LlamaServer, free_port
from backend.engines.remote import RemoteEngine
from backend.service import AssistantService
from backend.types import (
    BackendUnavailable,
    ChatMessage,
    EmptyCompletion,
    Failed,
    Finished,
    GenerationError,
    GenerationParams,
    Progress,
    TaskRequest,
)
from prompts import load_template
from tests.conftest import server_config
from tests.integration.fault_server import FaultServer

QUESTION = [
    ChatMessage("system", "You are a concise medical tutor."),
    ChatMessage("user", "In one sentence: what does troponin measure?"),
]


def test_streams_real_text_from_a_real_server(llama_server):
    engine = RemoteEngine(llama_server.url)
    deltas = list(engine.stream(QUESTION, GenerationParams(max_tokens=48, temperature=0.0, seed=1)))
    text = "".join(d.content for d in deltas)
    assert len(deltas) > 3 and len(text.split()) > 3
    # The finish reason arrives on its own chunk; the server's token usage (asked for) may follow it.
    assert [d.finish_reason for d in deltas if d.finish_reason][-1] in ("stop", "length")
    assert deltas[-1].usage is not None and deltas[-1].usage.completion_tokens > 0
    assert engine.health().ok


def test_service_answers_every_task_through_the_remote_engine(llama_server):
    service = AssistantService(RemoteEngine(llama_server.url, model_name="remote-test"))
    request = TaskRequest(
        "diagnosis",
        {"vignette": "A 25-year-old with polyuria, polydipsia and weight loss."},
        GenerationParams(max_tokens=96),
    )
    events = list(service.run(request))
    finished = [e for e in events if isinstance(e, Finished)]
    assert (
        finished
        and finished[0].meta.template == load_template("diagnosis").id
        and finished[0].meta.model == "remote-test"
    )
    final = [e for e in events if isinstance(e, Progress)][-1]
    assert final.answer or final.reasoning


def test_unreachable_server_is_a_clear_message_after_bounded_retries():
    engine = RemoteEngine(f"http://127.0.0.1:{free_port()}", retries=1, timeout_s=5)
    with pytest.raises(BackendUnavailable, match="cannot connect"):
        list(engine.stream(QUESTION, GenerationParams(max_tokens=8)))
    events = list(AssistantService(engine).run(TaskRequest("education", {"question": "What is troponin?"})))
    failed = [e for e in events if isinstance(e, Failed)]
    assert failed and "not available" in failed[0].message and "input is unchanged" in failed[0].message
    assert not engine.health().ok


def test_server_dying_mid_stream_keeps_the_partial_answer(test_model):
    server = LlamaServer(server_config(test_model, parallel=1), startup_timeout_s=180)
    server.ensure_running()
    try:
        service = AssistantService(RemoteEngine(server.url, retries=0, timeout_s=30))
        request = TaskRequest(
            "education",
            {"question": "Explain the renin-angiotensin system in detail."},
            GenerationParams(max_tokens=600),
        )
        events = []
        for event in service.run(request):
            events.append(event)
            if sum(isinstance(e, Progress) for e in events) == 5:
                threading.Thread(target=server._proc.kill).start()  # the server dies while streaming
        progress = [e for e in events if isinstance(e, Progress)]
        failed = [e for e in events if isinstance(e, Failed)]
        assert len(progress) >= 5 and failed and "already shown is kept" in failed[0].message
        assert not any(isinstance(e, Finished) for e in events)
        # It comes back: the supervisor restarts it and the next request is answered.
        server.ensure_running()
        again = list(
            service.run(request.__class__("education", {"question": "What is renin?"}, GenerationParams(max_tokens=16)))
        )
        assert any(isinstance(e, Finished) for e in again)
    finally:
        server.stop()


def test_busy_server_is_retried_before_the_first_token():
    with FaultServer("busy_then_ok") as fake:
        text = "".join(d.content for d in RemoteEngine(fake.url, retries=2).stream(QUESTION, GenerationParams()))
        assert text == "Hello from the fake." and fake.requests == 2


def test_always_busy_server_gives_a_clear_message():
    with FaultServer("always_503") as fake:
        events = list(
            AssistantService(RemoteEngine(fake.url, retries=1)).run(TaskRequest("education", {"question": "q?"}))
        )
        assert "busy or loading" in next(e for e in events if isinstance(e, Failed)).message
        assert fake.requests == 2  # bounded


def test_malformed_stream_is_a_generation_error_and_keeps_the_partial_text():
    with FaultServer("malformed") as fake:
        engine = RemoteEngine(fake.url, retries=2)
        with pytest.raises(GenerationError):
            list(engine.stream(QUESTION, GenerationParams()))
        assert fake.requests == 1  # text was already streamed: no retry that would duplicate it
        events = list(AssistantService(engine).run(TaskRequest("education", {"question": "q?"})))
        assert [e for e in events if isinstance(e, Progress)][-1].answer == "Partial"
        assert "already shown is kept" in next(e for e in events if isinstance(e, Failed)).message


def test_empty_completion_is_reported():
    with FaultServer("empty") as fake:
        with pytest.raises(EmptyCompletion):
            list(RemoteEngine(fake.url).stream(QUESTION, GenerationParams()))
        events = list(AssistantService(RemoteEngine(fake.url)).run(TaskRequest("education", {"question": "q?"})))
        assert "empty answer" in next(e for e in events if isinstance(e, Failed)).message


def test_reasoning_content_from_the_server_is_used_as_reasoning():
    with FaultServer("reasoning_content") as fake:
        events = list(AssistantService(RemoteEngine(fake.url)).run(TaskRequest("education", {"question": "q?"})))
        final = [e for e in events if isinstance(e, Progress)][-1]
        assert final.steps == ("fever.", "stiff neck.")
        assert final.answer == "Meningitis until proven otherwise." and final.reasoning_done


def test_text_that_parses_to_nothing_is_not_called_an_empty_answer():
    """Found by fuzzing: 4 tokens of "## Reasoning" were reported as an empty answer."""
    with FaultServer("heading_only") as fake:
        events = list(AssistantService(RemoteEngine(fake.url)).run(TaskRequest("education", {"question": "q?"})))
        assert not any(isinstance(e, Failed) for e in events) and isinstance(events[-1], Finished)
        assert any(getattr(e, "title", "") == "No final answer" for e in events)
