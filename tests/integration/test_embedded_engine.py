"""The embedded engine: real text from the packaged model for every tab, batching, and supervision."""

from __future__ import annotations

import time

import pytest

from backend.types import TASKS, Failed, Finished, GenerationParams, Notice, Progress, TaskRequest
from core.concurrency import run_in_threads
from prompts import load_template


@pytest.mark.parametrize("task", TASKS)
def test_every_tab_gets_real_text(service, task):
    template = load_template(task)
    events = list(service.run(TaskRequest(task, template.examples[0], GenerationParams(max_tokens=160, seed=7))))
    progress = [e for e in events if isinstance(e, Progress)]
    finished = [e for e in events if isinstance(e, Finished)]
    assert len(progress) > 10, "the answer must stream in many small updates"
    assert finished, [e for e in events if isinstance(e, (Failed, Notice))]
    meta = finished[0].meta
    assert meta.template == template.id and meta.model == service.engine.model_name
    assert meta.completion_tokens > 10 and meta.time_to_first_token_s is not None
    final = progress[-1]
    assert len((final.answer + final.reasoning).split()) > 10


def test_red_flag_notice_comes_first_and_the_model_still_answers(service):
    events = list(
        service.run(
            TaskRequest(
                "symptom_analysis", load_template("symptom_analysis").examples[0], GenerationParams(max_tokens=32)
            )
        )
    )
    assert isinstance(events[0], Notice) and events[0].kind == "emergency"
    assert any(isinstance(e, Finished) for e in events)


def test_concurrent_sessions_are_batched_not_queued(service):
    """Three sessions at once: each gets its first token before any of them finishes (continuous batching)."""
    first_token, finished = {}, {}

    def session(i: int):
        request = TaskRequest(
            "education",
            {"question": f"List {i + 3} causes of chest pain."},
            GenerationParams(max_tokens=96, temperature=0.0),
            session_id=f"s{i}",
        )
        for event in service.run(request):
            if isinstance(event, Progress) and i not in first_token:
                first_token[i] = time.monotonic()
            if isinstance(event, Finished):
                finished[i] = (time.monotonic(), event.meta.completion_tokens)
        return i

    run_in_threads([lambda i=i: session(i) for i in range(3)])
    assert len(finished) == 3 and all(tokens > 20 for _, tokens in finished.values())
    assert max(first_token.values()) < min(t for t, _ in finished.values())


def test_stopping_a_stream_frees_the_engine(service, audit_log):
    stream = service.run(
        TaskRequest("education", {"question": "Explain heart failure in depth."}, GenerationParams(max_tokens=1024))
    )
    for event in stream:
        if isinstance(event, Progress) and len(event.answer + event.reasoning) > 40:
            break
    stream.close()  # what Gradio does on Stop
    events = list(
        service.run(TaskRequest("education", {"question": "What is an ECG?"}, GenerationParams(max_tokens=16)))
    )
    assert any(isinstance(e, Finished) for e in events)
    outcomes = [row["outcome"] for row in audit_log.rows("requests")]
    assert "stopped" in outcomes


def test_engine_restarts_after_the_server_crashes(service, embedded_engine):
    embedded_engine.server._proc.kill()
    embedded_engine.server._proc.wait()
    assert not embedded_engine.health().ok
    events = list(
        service.run(TaskRequest("education", {"question": "What is anaemia?"}, GenerationParams(max_tokens=16)))
    )
    assert any(isinstance(e, Finished) for e in events)
    assert embedded_engine.health().ok and embedded_engine.server.restarts >= 1


def test_model_triage_reads_a_real_probability_and_its_notice_comes_first(service):
    """The third safety layer on the real engine: P(Yes) from the packaged model's first token. With the threshold
    at 0 it must fire wherever the rules are silent, first, with its flag, and the answer still comes; above 1 it
    never can."""
    from dataclasses import replace

    from backend.model_triage import FLAG, NOTICE_TITLE, ModelTriage, emergency_probability
    from backend.service import AssistantService
    from prompts import load_triage_label

    prompt = load_triage_label()
    probability = emergency_probability(service.engine, prompt, "Sudden tearing pain between my shoulder blades.")
    assert probability is not None and 0.0 <= probability <= 1.0
    request = TaskRequest("education", {"question": "What does the spleen do?"}, GenerationParams(max_tokens=16))
    for threshold, fires in ((0.0, True), (1.01, False)):
        triage = ModelTriage(service.engine, prompt, threshold)
        with_layer = AssistantService(service.engine, style=service.style, llama_cpp=True, model_triage=triage)
        assert (FLAG in with_layer._admit(request).flags) is fires
        events = list(with_layer.run(replace(request, session_id=f"triage-{threshold}")))
        first = events[0]
        assert (isinstance(first, Notice) and first.title == NOTICE_TITLE) is fires, first
        assert any(isinstance(e, Finished) for e in events)  # the notice never blocks the answer
