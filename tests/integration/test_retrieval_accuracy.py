"""The retrieval-accuracy benchmark on the real embedded engine (the smallest packaged model, as the benchmark starts
it) and the app's knowledge index: one question per set, a run stopped after the first question and resumed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backend.sources import PASSAGES
from bench import retrieval_accuracy as bench
from core.io import JsonlCache

MODEL = "smollm2-135m-instruct"


class Counting:
    """The real engine, counting the requests it is sent; request number `stop_at` is a Ctrl-C instead."""

    def __init__(self, engine, stop_at: int | None = None) -> None:
        self.engine, self.stop_at, self.calls = engine, stop_at, 0

    def stream(self, messages, params) -> Iterator:
        self.calls += 1
        if self.calls == self.stop_at:
            raise KeyboardInterrupt
        yield from self.engine.stream(messages, params)


@pytest.fixture(scope="module")
def engine():
    started, _name = bench.start_engine(MODEL, threads=1)
    yield started
    started.close()


@pytest.fixture(scope="module")
def index():
    opened = bench.open_index()
    yield opened
    opened.close()


def test_an_interrupted_run_resumes_and_scores_only_the_rest(engine, index, settings_data_dir, tmp_path):
    todo = bench.questions(settings_data_dir, 1)  # one per set
    cache = tmp_path / "rows.jsonl"

    def key(question: bench.Question) -> str:
        return f"{MODEL}|{question.item.id}"

    with pytest.raises(KeyboardInterrupt):
        bench.score_all(Counting(engine, stop_at=3), index, todo, JsonlCache(cache), key)  # both arms of one, then ^C
    assert [row["item"] for row in JsonlCache(cache).items.values()] == [todo[0].item.id]
    with cache.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "' + key(todo[1]))  # the process died mid-write: a torn last line

    resumed = Counting(engine)
    rows = bench.score_all(resumed, index, todo, JsonlCache(cache), key)
    assert resumed.calls == 4  # two questions left, two arms each
    assert [row["item"] for row in rows] == [q.item.id for q in todo]
    assert [row["first"] for row in rows] == ["without", "with", "without"]  # the arms take turns going first
    for row, question in zip(rows, todo, strict=True):
        for arm in bench.ARMS:
            assert row[arm]["letter"] in question.item.letters and 0 < row[arm]["probability"] <= 1
            assert row[arm]["correct"] == (row[arm]["letter"] == question.item.answer) and row[arm]["seconds"] > 0
        assert len(row["with"]["passages"]) == PASSAGES and row["without"]["passages"] == []
    assert bench.summarise_all(rows)["pooled"]["n"] == 3
