"""The retrieval-accuracy benchmark's parts without a model: the questions, the request it sends (the service's own,
checked against what the service sends), what the retriever sees, and the paired summary on a published example.
The benchmark on the real engine: tests/integration/test_retrieval_accuracy.py."""

from __future__ import annotations

import dataclasses

import pytest

from backend.service import AssistantService
from backend.sources import PASSAGES
from backend.types import Sources, TaskRequest
from bench import retrieval_accuracy as bench
from knowledge import KnowledgeIndex, Passage
from meddata.boundary import fixed_subset
from meddata.mcq import MCQ, format_mcq
from tests.scripted_engine import ScriptedEngine

GOUT = MCQ(
    id="medqa:worked",
    source="medqa",
    question="A 62-year-old man has a red, hot, swollen first toe since last night. Blood pressure 150/90 mm Hg, "
    "pulse 104/min, temperature 38.4°C, respiratory rate 22/min. Which crystals are most likely in the joint fluid?",
    options=(
        ("A", "Monosodium urate"),
        ("B", "Calcium pyrophosphate"),
        ("C", "Calcium oxalate"),
        ("D", "Cholesterol"),
    ),
    answer="A",
)


def _passage(pid: str, title: str, text: str) -> Passage:
    return Passage(pid, title, text, "MedQuAD", "NIH · NIAMS", f"https://example.org/{pid}", "CC BY 4.0")


@pytest.fixture
def index(tmp_path) -> KnowledgeIndex:
    passages = [
        _passage("gout-1", "What causes gout?", "Gout is caused by monosodium urate crystals in a joint."),
        _passage("gout-2", "What are the symptoms of gout?", "A red, hot, swollen big toe joint, often at night."),
        _passage("pseudogout-1", "What is pseudogout?", "Calcium pyrophosphate crystals cause pseudogout."),
        _passage("asthma-1", "What is asthma?", "Asthma is a chronic disease of the airways."),
    ]
    return KnowledgeIndex.from_passages(passages, tmp_path / "kb", progress=False)


class RecordingIndex:
    """The real index, with every query it is asked kept (what the retriever saw)."""

    def __init__(self, index: KnowledgeIndex) -> None:
        self.index, self.queries = index, []

    def search(self, query: str, k: int = 5, **kwargs):
        self.queries.append(query)
        return self.index.search(query, k=k, **kwargs)


def _service_request(question: str, index: KnowledgeIndex, sources: str):
    """(messages, params) the service sends the engine for this question in the education tab."""
    engine = ScriptedEngine("## Answer\nAnswer: A. Monosodium urate")
    service = AssistantService(engine, style="instruct", knowledge=index, llama_cpp=True)
    events = list(service.run(TaskRequest("education", {"question": question}, bench.ANSWER_ONLY, sources=sources)))
    return engine.requests[0], next((e for e in events if isinstance(e, Sources)), None)


def test_the_with_arm_sends_what_the_service_sends_for_an_mcq_with_sources_on(index):
    text = bench.question_text(GOUT)
    (messages, params), shown = _service_request(text, index, sources="on")
    request = bench.app_request(text, index)
    assert request.messages == messages and request.params == params
    assert request.sources == shown and len(shown.passages) == min(PASSAGES, len(index))
    prompt = messages[-1].content
    for passage in shown.passages:  # numbered, titled and cut as the service gives them
        assert f"[{passage.number}] {passage.title} ({passage.origin}): {passage.text}" in prompt
    assert "What causes gout? (NIH · NIAMS): Gout is caused by monosodium urate crystals" in prompt
    assert "Values computed exactly by the app" in prompt  # the parsers' values, as the service adds them
    assert dict(params.server_options)["grammar"].startswith('root ::= "## Answer\\nAnswer: "')
    assert params.temperature == 0.0 and params.max_tokens == bench.ANSWER_BUDGET and params.top_logprobs > 0


def test_the_without_arm_sends_what_the_service_sends_for_an_mcq_by_default(index):
    text = bench.question_text(GOUT)
    (messages, params), shown = _service_request(text, index, sources="auto")
    request = bench.app_request(text)
    assert shown is None and request.sources is None  # an MCQ gets no sources by default
    assert request.messages == messages and request.params == params
    assert "Sources (" not in messages[-1].content


def test_the_retriever_sees_the_stem_and_never_the_options(index):
    recording = RecordingIndex(index)
    bench.app_request(bench.question_text(GOUT), recording)
    assert recording.queries == [GOUT.question]
    for _, option in GOUT.options:
        assert option.lower() not in recording.queries[0].lower()
    # Options pasted on one line are cut too (backend.sources.mcq_stem).
    inline = GOUT.question + "  A. Monosodium urate  B. Calcium pyrophosphate  C. Calcium oxalate  D. Cholesterol"
    bench.app_request(inline, recording)
    assert recording.queries[-1] == GOUT.question


def test_pubmedqa_is_asked_without_its_abstract_and_the_sets_are_the_fixed_subsets(settings_data_dir):
    asked = bench.questions(settings_data_dir, 4)
    assert [q.set for q in asked] == [name for name in bench.SETS for _ in range(4)]
    for name in bench.SETS:
        assert [q.item for q in asked if q.set == name] == fixed_subset(name, settings_data_dir, 4)
    for question in asked:
        if question.set == "pubmedqa":
            assert question.item.context and question.item.context[:60] not in question.text
            assert question.text == f"{question.item.question}\nA. yes\nB. no\nC. maybe"
        else:
            assert question.text == format_mcq(question.item)
    assert bench.questions(settings_data_dir, 4) == asked  # seeded: the same questions every run


def _row(item: str, without: bool, with_: bool, set_: str = "medqa", seconds: tuple[float, float] = (1.0, 3.0)):
    def arm(correct: bool, s: float) -> dict:
        return {"letter": "A" if correct else "B", "correct": correct, "seconds": s}

    return {"item": item, "set": set_, "without": arm(without, seconds[0]), "with": arm(with_, seconds[1])}


def _rows(both: int, only_with: int, only_without: int, neither: int, set_: str = "medqa") -> list[dict]:
    cells = [(True, True)] * both + [(False, True)] * only_with + [(True, False)] * only_without
    cells += [(False, False)] * neither
    return [_row(f"{set_}:{i}", w, r, set_) for i, (w, r) in enumerate(cells)]


def test_the_summary_on_a_published_paired_example():
    # Fagerland, Lydersen & Laake, Statistical Analysis of Contingency Tables (2017), ch. 8: complete response
    # before and after consolidation therapy (Cavo et al. 2012), 59 / 6 / 16 / 80. Read "with" as before and
    # "without" as after: difference −0.0621, Newcombe square-and-add 95% CI −0.1186 to −0.0046 (as the book's R
    # package contingencytables prints it), exact conditional McNemar p = 0.052 (Fagerland et al., BMC Med Res
    # Methodol 13:91, 2013).
    summary = bench.summarise(_rows(both=59, only_with=6, only_without=16, neither=80))
    assert summary["n"] == 161 and summary["with"]["correct"] == 65 and summary["without"]["correct"] == 75
    assert round(summary["difference"], 4) == -0.0621
    assert [round(x, 4) for x in summary["difference_95ci"]] == [-0.1186, -0.0046]
    assert round(summary["mcnemar_exact_p"], 3) == 0.052
    assert summary["only_with_right"] == 6 and summary["only_without_right"] == 16
    assert summary["seconds_per_item"] == {"without": 1.0, "with": 3.0}


def test_pooled_is_the_paired_summary_of_every_set_together():
    rows = _rows(10, 3, 1, 6, "medqa") + _rows(5, 0, 4, 11, "pubmedqa")
    summary = bench.summarise_all(rows)
    assert list(summary) == ["medqa", "pubmedqa", "pooled"]
    assert summary["medqa"]["n"] == 20 and summary["pubmedqa"]["n"] == 20
    pooled = summary["pooled"]
    assert pooled["n"] == 40 and pooled["only_with_right"] == 3 and pooled["only_without_right"] == 5
    assert pooled["difference"] == pytest.approx((3 - 5) / 40)
    assert pooled == bench.summarise(rows)
    table = bench.report_table(summary)
    assert "| pooled | 40 | 50.0 | 45.0 | -5.0 (" in table


def test_a_pilot_run_never_writes_the_full_runs_file():
    assert bench.default_out("qwen2.5-1.5b-instruct", 300).name == "retrieval-accuracy-qwen2.5-1.5b.json"
    assert bench.default_out("qwen2.5-0.5b-instruct", 10).name == "retrieval-accuracy-qwen2.5-0.5b-n10.json"
    assert bench.default_out("/models/x.gguf", 300).name == "retrieval-accuracy-x.json"


def test_a_question_the_app_does_not_read_as_an_mcq_is_refused():
    with pytest.raises(ValueError, match="not read this question as an MCQ"):
        bench.app_request(bench.question_text(dataclasses.replace(GOUT, options=(("A", "Urate"),))))
