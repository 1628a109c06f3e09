"""The data stage and the evaluation subsets on the real data in ../shared/data."""

import json

import pytest

from core.io import JsonlCache, atomic_write_text, read_jsonl
from core.stats import wilson
from core.text import normalise
from meddata.boundary import BENCHMARKS, evaluation_items, evaluation_questions, fixed_subset
from pipeline import data
from pipeline.config import DataConfig


@pytest.fixture(scope="module")
def data_dir(settings_data_dir):
    return settings_data_dir


@pytest.fixture(scope="module")
def built(data_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("data")
    cfg = DataConfig(per_source={"pubmedqa": 500, "medquad": 400, "mts_dialog": 400}, val_fraction=0.1)
    manifest = data.run(cfg, data_dir, out)
    rows = read_jsonl(out / "train.jsonl") + read_jsonl(out / "val.jsonl")
    return manifest, rows


def test_no_evaluation_question_reaches_training_data(built, data_dir):
    _, rows = built
    held_out = evaluation_questions(data_dir)
    assert len(held_out) > 6000  # every evaluation split was read
    prompts = "\n".join(m["content"].lower() for r in rows for m in r["messages"])
    normalised = " ".join(prompts.split())
    leaked = [q for q in held_out if len(q) > 40 and q in normalised]
    assert leaked == []
    ids = {r["id"] for r in rows}
    test_pubmed = {f"pubmedqa:{i}" for i in json.loads((data_dir / "pubmedqa" / "test_ground_truth.json").read_text())}
    assert not ids & test_pubmed


def test_items_are_rendered_deduplicated_and_redacted(built):
    manifest, rows = built
    assert manifest["train"] + manifest["val"] == len(rows) > 500
    assert len({normalise(r["question"]) for r in rows}) == len(rows)
    assert {r["task"] for r in rows} == {"education", "diagnosis"}
    assert all(r["messages"][-1]["role"] == "user" and r["template"].count("@") == 1 for r in rows)
    gold = [r for r in rows if r["gold"]]
    assert gold and all(r["gold"] in {o[0] for o in r["options"]} for r in gold)
    text = json.dumps(rows)
    assert "Dr. Kumar" not in text  # an MTS-Dialog name, redacted
    assert manifest["sources"]["medquad"]["duplicates"] >= 1


def test_mcq_prompt_is_the_one_formatter_context_then_bare_question_then_options(built):
    _, rows = built
    pubmed = next(r for r in rows if r["source"] == "pubmedqa")
    lines = pubmed["messages"][-1]["content"].splitlines()
    context = next(i for i, line in enumerate(lines) if line.startswith("Context: "))
    assert lines[context + 1] == pubmed["question"]  # no prefix on the question line (meddata.mcq.format_mcq)
    assert lines[context + 2 : context + 5] == ["A. yes", "B. no", "C. maybe"]


def test_data_stage_is_skipped_when_finished(built, data_dir, tmp_path):
    cfg = DataConfig(per_source={"pubmedqa": 3})
    first = data.run(cfg, data_dir, tmp_path)
    assert data.run(cfg, data_dir, tmp_path)["started"] == first["started"]


def test_unknown_source_is_refused(data_dir, tmp_path):
    with pytest.raises(ValueError, match="unknown source"):
        data.run(DataConfig(per_source={"wikipedia": 3}), data_dir, tmp_path)


@pytest.mark.parametrize("benchmark", BENCHMARKS)
def test_benchmark_loaders_and_fixed_subsets(benchmark, data_dir):
    items = evaluation_items(benchmark, data_dir)
    assert len(items) >= 500 and all(i.answer in {o[0] for o in i.options} for i in items)
    a = fixed_subset(benchmark, data_dir, 25, seed=1)
    assert [i.id for i in a] == [i.id for i in fixed_subset(benchmark, data_dir, 25, seed=1)]
    assert [i.id for i in a] != [i.id for i in fixed_subset(benchmark, data_dir, 25, seed=2)]


def test_medmcqa_cop_counts_from_one(data_dir):
    first = evaluation_items("medmcqa", data_dir)[0]  # cop 1 in dev.json: "Impulse through myelinated fibers…"
    assert first.answer == "A" and first.options[0][1].startswith("Impulse through myelinated")


def test_wilson_interval():
    assert wilson(0, 0) == (0.0, 0.0)
    low, high = wilson(36, 100)
    assert low == pytest.approx(0.27, abs=0.01) and high == pytest.approx(0.46, abs=0.01)


def test_cache_survives_a_torn_line(tmp_path):
    cache = JsonlCache(tmp_path / "c.jsonl")
    cache.add({"id": "a", "x": 1})
    with (tmp_path / "c.jsonl").open("a") as fh:
        fh.write('{"id": "b", "x"')  # the process died mid-write
    again = JsonlCache(tmp_path / "c.jsonl")
    assert "a" in again and "b" not in again


def test_atomic_write_leaves_no_partial_file(tmp_path):
    atomic_write_text(tmp_path / "f.txt", "one")
    atomic_write_text(tmp_path / "f.txt", "two")
    assert (tmp_path / "f.txt").read_text() == "two" and [p.name for p in tmp_path.iterdir()] == ["f.txt"]
