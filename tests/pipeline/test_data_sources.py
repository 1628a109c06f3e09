"""The MMLU-medical few-shot dev rows as a training source (the adapter-1.5b profile's second source): gold letters,
the app's education template, and the rows that are test rows of another subject dropped (meddata.boundary)."""

from __future__ import annotations

from meddata.boundary import is_evaluation_question
from pipeline.config import DataConfig
from pipeline.data import LICENCES, build_items
from prompts import load_template


def test_mmlu_dev_rows_train_with_gold_letters_and_without_test_rows(settings_data_dir):
    items, stats = build_items(settings_data_dir, DataConfig(per_source={"mmlu_dev": 100}))
    # 6 subjects x 5 few-shot rows; 5 of them are also test questions (of another subject): counted and dropped.
    assert stats["mmlu_dev"] == {"read": 30, "kept": 25, "duplicates": 0, "evaluation_overlap_dropped": 5}
    assert not any(is_evaluation_question(item["question"], settings_data_dir) for item in items)
    assert {item["source"] for item in items} == {"mmlu_dev"} and LICENCES["mmlu_dev"] == "MIT"
    assert all(item["gold"] in dict(item["options"]) for item in items)
    assert {item["template"] for item in items} == {load_template("education").id}
