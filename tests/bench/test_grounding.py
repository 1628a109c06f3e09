"""The grounding benchmark's pure parts: the seeded sample, reading the service's stream into a row, the outcome of a
Grounding, and the summary maths. No model runs here (the benchmark itself: python -m bench grounding)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict

import pytest

from backend.sources import wants_sources
from backend.types import AnswerMeta, Failed, Finished, Grounding, Notice, Progress, SourcePassage, Sources
from bench import grounding as bench
from core.stats import wilson
from meddata import pubmedqa
from meddata.boundary import is_evaluation_question
from meddata.mcq import format_mcq
from meddata.practice import find
from prompts import load_template


def test_the_sample_is_seeded_half_and_half_and_a_smaller_run_is_a_prefix(settings_data_dir):
    questions = bench.sample_questions(100, settings_data_dir)
    assert questions == bench.sample_questions(100, settings_data_dir)
    assert [q.kind for q in questions].count("practice") == 50 and [q.kind for q in questions].count("medquad") == 50
    assert len({q.id for q in questions}) == 100 and len({q.text for q in questions}) == 100
    assert [q.kind for q in questions[:4]] == ["practice", "medquad", "practice", "medquad"]  # interleaved
    assert bench.sample_questions(10, settings_data_dir) == questions[:10]  # --n 10 reuses --n 100's cached rows
    assert bench.sample_questions(100, settings_data_dir, seed=1) != questions
    odd = bench.sample_questions(3, settings_data_dir)
    assert [q.kind for q in odd] == ["practice", "medquad", "practice"]


def test_the_sample_never_uses_an_evaluation_split(settings_data_dir):
    questions = bench.sample_questions(100, settings_data_dir)
    test_ids = {f"pubmedqa:{pmid}" for pmid in pubmedqa.test_ids(settings_data_dir)}
    for question in questions:
        if question.kind == "medquad":
            assert question.id.startswith("medquad:")  # MedQuAD has no evaluation split here; it is indexed data
            continue
        item = find(settings_data_dir, question.id)
        assert item is not None, f"{question.id} is not in the practice bank"
        assert item.source in {"pubmedqa", "mmlu_medical"} and question.id not in test_ids
        assert not is_evaluation_question(item.question, settings_data_dir)


def test_questions_go_to_the_education_tab_as_the_app_writes_them(settings_data_dir):
    for question in bench.sample_questions(20, settings_data_dir):
        fields = {"question": question.text}
        if question.kind == "practice":
            assert question.text == format_mcq(find(settings_data_dir, question.id))
            # By default an MCQ gets no sources, so the benchmark turns them on, as the tab's radio can.
            assert question.sources == "on" and not wants_sources("education", fields, "auto")
        else:
            assert question.sources == "auto" and wants_sources("education", fields, "auto")
        assert wants_sources("education", fields, question.sources)


def test_medquad_questions_are_tidied_as_typed():
    assert bench.medquad_text("What is (are) Gout ?") == "What is (are) Gout?"
    assert bench.medquad_text("Who is at risk for  Parasites - Lice ? ?") == "Who is at risk for Parasites - Lice?"
    assert bench.medquad_text("Do you have information about Cosmetics") == "Do you have information about Cosmetics"


@pytest.mark.parametrize(
    ("finished", "passages", "grounding", "expected"),
    [
        (True, 3, Grounding(cited=(1, 2), invalid=()), "grounded"),
        (True, 3, Grounding(cited=(1,), invalid=(4,)), "invalid citation"),  # one invalid spoils a valid one
        (True, 3, Grounding(cited=(), invalid=(7,)), "invalid citation"),
        (True, 3, Grounding(cited=(), invalid=()), "no citation"),
        (True, 0, None, "no sources retrieved"),
        (True, 3, None, "failed"),  # the service grades every answer that had sources
        (False, 3, None, "failed"),
        (False, 0, None, "failed"),
    ],
)
def test_outcome_of_a_grounding(finished, passages, grounding, expected):
    assert bench.classify(finished=finished, passages=passages, grounding=grounding) == expected


def passage(number: int) -> SourcePassage:
    return SourcePassage(number, f"Title {number}", "NIH · NIDDK", f"https://example.org/{number}", "CC BY 4.0", "text")


def meta(total_s: float = 12.0, tokens: int = 40) -> AnswerMeta:
    return AnswerMeta("model", "education@2.0.0", "embedded", 600, tokens, 3.0, total_s, "stop")


class ScriptedService:
    """Streams fixed events, as AssistantService.run would, and keeps the request."""

    def __init__(self, events: list) -> None:
        self.events = events
        self.requests: list = []

    def run(self, request):
        self.requests.append(request)
        yield from self.events


QUESTION = bench.Question("medquad:x#1", "medquad", "What causes gout?", "causes")
MCQ_QUESTION = bench.Question("pubmedqa:1", "practice", "Is it?\nA. yes\nB. no\nC. maybe", "PubMedQA (training half)")


def test_a_grounded_answer_is_read_from_the_stream_as_the_ui_reads_it():
    sources = Sources((passage(1), passage(2), passage(3)))
    events = [
        sources,
        Progress("", (), "Gout is caused by", False),
        Progress("Step 1: urate crystals [3].", ("urate crystals [3].",), "Gout is caused by urate [1][2].", True),
        Grounding(cited=(1, 2), invalid=()),
        Finished(meta(total_s=12.5, tokens=42)),
    ]
    service = ScriptedService(events)
    row = bench.ask(service, QUESTION, params="params")
    request = service.requests[0]
    assert request.task == "education" and request.fields == {"question": "What causes gout?", "level": ""}
    assert request.sources == "auto" and request.params == "params" and request.session_id.endswith(QUESTION.id)
    assert row.outcome == "grounded" and row.cited == [1, 2] and row.invalid == [] and row.reasoning_cited == [3]
    assert row.app_status == "cites its sources" and row.statements == [] and row.passages[0]["text"] == "text"
    assert row.answer == "Gout is caused by urate [1][2]." and row.reasoning.startswith("Step 1")
    assert [p["number"] for p in row.passages] == [1, 2, 3] and row.passages[0]["origin"] == "NIH · NIDDK"
    assert row.completion_tokens == 42 and row.latency_s == 12.5 and row.finish_reason == "stop" and row.wall_s >= 0
    assert bench._from_cache(json.loads(json.dumps({"id": "key", "model": "m", **asdict(row)}))) == row


def test_failures_and_missing_sources_are_told_apart():
    error = bench.ask(
        ScriptedService([Sources((passage(1),)), Failed("The model server is not available")]), QUESTION, None
    )
    assert error.outcome == "failed" and error.detail == "The model server is not available" and error.latency_s is None
    declined = [Notice("declined", "Not answered", "This request cannot be answered here.")]
    refused = bench.ask(ScriptedService(declined), MCQ_QUESTION, None)
    assert refused.outcome == "failed" and refused.detail == "declined: Not answered" and refused.passages == []
    empty = [Sources(()), Progress("", (), "An answer.", True), Finished(meta())]
    assert bench.ask(ScriptedService(empty), QUESTION, None).outcome == "no sources retrieved"
    invalid = [
        Sources((passage(1),)),
        Progress("", (), "See [1] and [4].", True),
        Grounding((1,), (4,)),
        Finished(meta()),
    ]
    row = bench.ask(ScriptedService(invalid), MCQ_QUESTION, None)
    assert row.outcome == "invalid citation" and row.invalid == [4] and row.sources_setting == "on"


def row(
    kind: str,
    outcome: str,
    latency: float | None = 10.0,
    reasoning_cited: tuple[int, ...] = (),
    answer_cited: tuple[int, ...] = (),
) -> bench.Row:
    return bench.Row(
        id=f"{kind}:{outcome}:{latency}",
        kind=kind,
        origin="",
        sources_setting=bench.SOURCES_SETTING[kind],
        question="q",
        outcome=outcome,
        answer_cited=list(answer_cited),
        reasoning_cited=list(reasoning_cited),
        latency_s=latency,
        completion_tokens=None if latency is None else 50,
        wall_s=latency or 1.0,
    )


def test_summary_shares_intervals_and_latency():
    rows = [
        row("practice", "grounded", 10.0, reasoning_cited=(1,)),
        row("practice", "no citation", 20.0),
        row("practice", "failed", None),
        row("medquad", "grounded", 30.0, answer_cited=(2,)),
        row("medquad", "invalid citation", 40.0),
        row("medquad", "no sources retrieved", 50.0),
    ]
    summary = bench.summarise_all(rows)
    overall = summary["overall"]
    assert overall["n"] == 6 and sum(overall["outcomes"].values()) == 6
    assert overall["grounded"]["count"] == 2 and overall["grounded"]["share"] == pytest.approx(2 / 6)
    assert overall["grounded"]["ci95"] == list(wilson(2, 6))  # of all questions, failures included
    assert overall["invalid_citation"]["share"] == pytest.approx(1 / 6) and overall["no_citation"]["count"] == 1
    assert overall["grounded_by_reasoning_only"] == 1  # the practice answer cites only in its reasoning steps
    assert overall["latency_mean_s"] == pytest.approx(30.0)  # the failed question has no AnswerMeta
    practice, medquad = summary["per_kind"]["practice"], summary["per_kind"]["medquad"]
    assert (
        practice["n"] == 3
        and practice["grounded"]["share"] == pytest.approx(1 / 3)
        and practice["failed"]["count"] == 1
    )
    assert medquad["latency_mean_s"] == pytest.approx(40.0) and medquad["no_sources"]["count"] == 1
    table = bench.report_table(summary)
    assert table.splitlines()[2].startswith("| all | 6 | 33% (")
    assert len(table.splitlines()) == 5


def test_an_empty_summary_does_not_divide_by_zero():
    summary = bench.summarise_all([])
    assert summary["overall"]["grounded"] == {"count": 0, "share": 0.0, "ci95": [0.0, 0.0]}
    assert summary["per_kind"] == {} and summary["overall"]["latency_mean_s"] is None
    assert "| all | 0 |" in bench.report_table(summary)


def test_max_tokens_default_to_the_apps_slider_and_the_template_caps_each_question(harness_args):
    template = load_template("education")
    args = harness_args(bench)
    assert args.max_tokens == bench.load_settings().max_tokens and args.n == 100 and args.parallel == 1
    mcq = bench.Question("pubmedqa:1", "practice", "Is it?\nA. yes\nB. no\nC. maybe", "PubMedQA")
    open_question = bench.Question("medquad:1", "medquad", "What is gout?", "information")
    assert bench.effective_max_tokens(1024, mcq) == template.max_tokens  # the service caps a request at the template's
    assert bench.effective_max_tokens(1024, open_question) == template.open_max_tokens
    assert bench.effective_max_tokens(64, open_question) == 64
    settings = bench.app_settings(args)
    assert settings.engine == "embedded" and settings.retrieval and not settings.audit and settings.threads == 1


def test_the_command_is_recorded_as_typed():
    assert bench.command_line(["/repo/bench/grounding.py", "--n", "2"]) == "python -m bench.grounding --n 2"
    assert bench.command_line(["/repo/bench/__main__.py", "grounding"]) == "python -m bench grounding"


# --- attribution by the app ---------------------------------------------------------------------------------------

GOUT_TEXT = "Gout is caused by uric acid crystals in a joint."


def gout_passage(number: int = 1, text: str = GOUT_TEXT) -> SourcePassage:
    return SourcePassage(number, "What causes gout?", "NIH · NIAMS", f"https://example.org/{number}", "CC BY 4.0", text)


def test_the_apps_attribution_is_read_from_the_stream_into_the_row():
    from backend.types import Statement

    sentence = Statement(GOUT_TEXT, 0, len(GOUT_TEXT), None, 1, 1.0, True)
    events = [
        Sources((gout_passage(),)),
        Progress("", (), GOUT_TEXT, True),
        Grounding((), (), (sentence,)),
        Finished(meta()),
    ]
    row = bench.ask(ScriptedService(events), QUESTION, None)
    assert row.outcome == "no citation" and row.app_status == "supported by the sources"
    assert row.statements == [asdict(sentence)] and row.passages[0]["text"] == GOUT_TEXT


def statement(supported: bool, step: int | None = None, repeats: bool = False, numbers=()) -> dict:
    return {
        "text": "s",
        "start": 0,
        "end": 1,
        "step": step,
        "passage": 1,
        "score": 1.0 if supported else 0.2,
        "supported": supported,
        "unsourced_numbers": list(numbers),
        "restates_input": repeats,
    }


def attributed_row(kind: str, status: str, *statements: dict, outcome: str = "no citation") -> bench.Row:
    made = row(kind, outcome)
    return dataclasses.replace(made, app_status=status, statements=list(statements))


def test_attribution_summary_shares_and_means():
    rows = [
        attributed_row("medquad", "supported by the sources", statement(True), statement(True, step=0)),
        attributed_row(
            "medquad", "partly supported", statement(True), statement(False), statement(False, numbers=["9"])
        ),
        attributed_row("practice", "not supported", statement(False, step=0), statement(False, step=1, repeats=True)),
        attributed_row("practice", "not supported", statement(False, repeats=True)),  # only repeats the question
        attributed_row("practice", "cites its sources", outcome="grounded"),  # no claim sentence at all
        row("medquad", "failed"),  # not scored: no answer
        dataclasses.replace(row("medquad", "no citation"), app_status=""),  # stored before attribution: left out
    ]
    summary = bench.attribution_all(rows)
    overall = summary["overall"]
    assert overall["n"] == 5 and overall["with_supported"]["count"] == 2
    assert overall["with_supported"]["ci95"] == list(wilson(2, 5))
    assert overall["mean_supported_share"] == pytest.approx((1 + 1 / 3 + 0) / 3)  # answers with claims of their own
    assert overall["no_claim"] == 2 and overall["claims"] == 6 and overall["statements_repeating_the_question"] == 2
    assert overall["statements_supported"] == 3 and overall["statements_with_unsourced_numbers"] == 1
    assert overall["mean_supported_share_answer_section"] == pytest.approx((1 + 1 / 3) / 2)
    assert overall["statuses"]["not supported"] == 2 and sum(overall["statuses"].values()) == 5
    assert summary["per_kind"]["medquad"]["n"] == 2 and summary["per_kind"]["practice"]["mean_supported_share"] == 0
    table = bench.attribution_table(summary).splitlines()
    assert table[2].startswith("| all | 5 | 40% (") and "| 3 of 6 | 2 | 1 / 0 / 1 / 1 / 2 / 0 / 0 |" in table[2]


def test_a_stored_answer_is_rescored_against_its_passages_without_a_model():
    stored = dataclasses.replace(
        row("medquad", "no citation"),
        question="What causes gout?",
        answer=f"## Answer\n{GOUT_TEXT} The moon causes gout flares.",
        reasoning="Step 1: Uric acid crystals build up in a joint.\nStep 2: Think.",
        passages=[{**{k: v for k, v in asdict(gout_passage()).items() if k != "licence"}}],
    )
    sources = bench.stored_sources(stored)
    assert sources is not None and sources.passages[0].text == GOUT_TEXT
    new = bench.rescored(stored, sources)
    assert new.app_status == "partly supported" and new.answer == stored.answer
    assert [(st["step"], st["supported"]) for st in new.statements] == [(None, True), (None, False), (0, True)]


class FakeIndex:
    """What backend.sources.retrieve needs of a KnowledgeIndex: search(query, k)."""

    def __init__(self, passages) -> None:
        self.passages = passages
        self.queries: list[str] = []

    def search(self, query: str, k: int = 5):
        self.queries.append(query)
        return [(p, 1.0) for p in self.passages[:k]]


def _knowledge_passage(url: str, text: str = GOUT_TEXT):
    from knowledge import Passage

    return Passage("medquad:x", "What causes gout?", text, "MedQuAD", "NIH · NIAMS", url, "CC BY 4.0")


def test_passages_are_recovered_by_the_same_retrieval_and_refused_when_they_changed():
    stored = dataclasses.replace(
        row("medquad", "no citation"),
        question=" What causes gout? ",
        answer=GOUT_TEXT,
        passages=[{"number": 1, "title": "What causes gout?", "origin": "NIH · NIAMS", "url": "https://a"}],
    )
    assert bench.stored_sources(stored) is None  # rows stored before passages carried their text
    index = FakeIndex([_knowledge_passage("https://a")])
    recovered = bench.recovered_sources(stored, index)
    assert recovered is not None and recovered.passages[0].text == GOUT_TEXT and index.queries == ["What causes gout?"]
    assert bench.recovered_sources(stored, FakeIndex([_knowledge_passage("https://b")])) is None

    report = {"rows": [asdict(stored), asdict(row("medquad", "failed"))], "model": "m"}
    rescored = bench.rescore(report, index_opener=lambda: index)
    assert rescored["model"] == "m" and rescored["rescored"]["passages_not_recovered"] == []
    assert (
        rescored["rescored"]["citations_differ"] == []
        and rescored["rows"][0]["app_status"] == "supported by the sources"
    )
    assert rescored["rows"][0]["passages"][0]["text"] == GOUT_TEXT and rescored["attribution"]["overall"]["n"] == 1
    lost = bench.rescore(report, index_opener=lambda: FakeIndex([_knowledge_passage("https://b")]))
    assert lost["rescored"]["passages_not_recovered"] == [stored.id] and lost["rows"][0]["app_status"] == ""
