"""The medical-data layer: loaders, the training/evaluation boundary, decontamination and the practice bank."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from core.text import normalise
from meddata import boundary, medmcqa, medqa, mmlu, pubmedqa
from meddata.mcq import format_mcq
from meddata.practice import BUNDLE, _read_bundle, build_bank, practice_bank

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data not present")


@needs_data
def test_each_split_loads_with_the_counts_its_source_states():
    # Counts from each folder's SOURCE.md.
    assert len(medqa.test_items(DATA)) == 1273
    assert len(medmcqa.dev_items(DATA)) == 4183
    assert len(mmlu.test_items(DATA)) == 1089 and len(mmlu.dev_items(DATA)) == 30
    train, test = pubmedqa.training_items(DATA), pubmedqa.test_items(DATA)
    assert len(train) == len(test) == 500 and not {i.id for i in train} & {i.id for i in test}


@needs_data
def test_medmcqa_cop_counts_from_one():
    first = json.loads((DATA / "medmcqa" / "dev.json").read_text(encoding="utf-8").splitlines()[0])
    item = medmcqa.dev_items(DATA)[0]
    assert item.answer == "ABCD"[first["cop"] - 1]
    assert item.option_text(item.answer) == first["opa opb opc opd".split()[first["cop"] - 1]]


@needs_data
def test_practice_never_offers_evaluation_items():
    bank = practice_bank(DATA)
    assert 500 < len(bank) < 530  # 5 MMLU dev rows are dropped: their text is in another subject's test split
    test_ids = set(json.loads((DATA / "pubmedqa" / "test_ground_truth.json").read_text()))
    offered = {i.id.split(":", 1)[1] for i in bank if i.id.startswith("pubmedqa:")}
    assert offered and not offered & test_ids
    # Read the evaluation files directly here, not through meddata, so a loader bug cannot hide a leak.
    eval_questions = {
        json.loads(line)["question"]
        for line in (DATA / "medqa_usmle_4opt" / "phrases_no_exclude_test.jsonl").read_text().splitlines()
    }
    medmcqa_lines = (DATA / "medmcqa" / "dev.json").read_text().splitlines()
    eval_questions |= {json.loads(line)["question"] for line in medmcqa_lines}
    for path in (DATA / "mmlu_medical").glob("*_test.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            eval_questions |= {row[0] for row in csv.reader(fh)}
    assert not {normalise(i.question) for i in bank} & {normalise(q) for q in eval_questions}


@needs_data
def test_decontamination_drops_mmlu_dev_rows_that_are_test_rows_of_another_subject():
    dev = mmlu.dev_items(DATA)
    kept = boundary.decontaminate(dev, DATA)
    dropped = [i for i in dev if i not in kept]
    assert len(dropped) == 5 and all(boundary.is_evaluation_question(i.question, DATA) for i in dropped)


@needs_data
def test_the_shipped_bank_is_the_bank_the_data_builds():
    """A Space has no ../shared: it serves meddata/bundled/, which must be exactly what the data gives."""
    assert _read_bundle() == build_bank(DATA), "rebuild it: python -m meddata.practice --bundle"


def test_without_data_the_practice_bank_comes_from_the_shipped_copy(tmp_path):
    bank = practice_bank(tmp_path / "no-data-here")
    assert BUNDLE.is_file() and len(bank) > 500
    assert {i.source for i in bank} == {"pubmedqa", "mmlu_medical"}


def test_practice_prompt_holds_the_question_and_options_but_not_the_answer_or_explanation():
    for item in practice_bank(None)[:50]:
        prompt = format_mcq(item)
        assert item.question in prompt and all(f"{letter}. " in prompt for letter in item.letters)
        assert not item.explanation or item.explanation[:40] not in prompt


@needs_data
def test_fixed_subsets_are_seeded_and_stable():
    a = boundary.fixed_subset("medqa", DATA, 20)
    assert a == boundary.fixed_subset("medqa", DATA, 20) and len({i.id for i in a}) == 20
    assert boundary.fixed_subset("medqa", DATA, 20, seed=1) != a
    with pytest.raises(ValueError, match="unknown benchmark"):
        boundary.evaluation_items("medqa-train", DATA)


@needs_data
@pytest.mark.parametrize("benchmark", ["medqa", "mmlu_medical"])
def test_a_smaller_fixed_subset_lies_inside_a_larger_one(benchmark):
    # lm-eval's 200 MMLU-medical items pair with the evaluate stage's 400 only if they are among them
    ids = {n: {i.id for i in boundary.fixed_subset(benchmark, DATA, n)} for n in (50, 200, 400, 600)}
    assert ids[50] <= ids[200] <= ids[400] <= ids[600] and len(ids[400]) == 400
