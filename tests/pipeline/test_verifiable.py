"""The full-scale recipe's verifiable sources (pipeline.verifiable) on small local files of the hub datasets' shape
(tests/pipeline/fixtures/README.md), the data stage on them, and the teacher's verification of their answers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from backend.types import Delta
from core.io import read_jsonl
from meddata.boundary import evaluation_items
from pipeline import data, teacher, verifiable
from pipeline.config import DataConfig, TeacherConfig

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VERIFIABLE = FIXTURES / "verifiable"


def test_medqa_train_rows_become_mcqs_with_their_gold_letter():
    rows, origin = verifiable.read_rows("medqa_train", VERIFIABLE)
    items = verifiable.medqa_items(rows)
    assert origin == "local" and len(items) == 3
    assert items[1].letters == ("A", "B", "C", "D") and items[1].answer == "C"
    assert items[1].option_text("C") == "Right coronary artery" and items[1].id == "medqa_train:1"


def test_medmcqa_local_release_counts_cop_from_one_and_drops_multi_answer_rows():
    rows, origin = verifiable.read_rows("medmcqa_train", VERIFIABLE)
    items = verifiable.medmcqa_items(rows, origin)
    assert origin == "local" and [i.id for i in items] == ["medmcqa_train:fx-0001", "medmcqa_train:fx-0002"]
    assert [i.option_text(i.answer) for i in items] == ["Ethosuximide", "Vitamin C"]
    assert items[0].explanation.startswith("Ethosuximide")


def test_medmcqa_hub_route_counts_cop_from_zero(monkeypatch, tmp_path):
    # The hub route for real (datasets.load_dataset), pointed at a local folder instead of the hub id.
    pytest.importorskip("datasets")
    source = verifiable.SOURCES["medmcqa_train"]
    monkeypatch.setitem(
        verifiable.SOURCES,
        "medmcqa_train",
        verifiable.HubSource(str(FIXTURES / "hub_medmcqa"), "train", "absent/train.json", source.licence),
    )
    rows, origin = verifiable.read_rows("medmcqa_train", tmp_path)
    items = verifiable.medmcqa_items(rows, origin)
    assert origin == "hub" and [i.option_text(i.answer) for i in items] == ["Ethosuximide", "Vitamin C"]


def test_medical_o1_rows_keep_question_and_answer_and_drop_empty_answers():
    rows, _ = verifiable.read_rows("medical_o1", VERIFIABLE)
    problems = verifiable.medical_o1_items(rows)
    assert [p.answer for p in problems] == ["Pheochromocytoma", "Hyperkalemia"]
    assert problems[0].question.startswith("A 30-year-old man") and problems[0].id == "medical_o1:0"


@pytest.fixture
def data_dir_with_verifiable(settings_data_dir, tmp_path):
    """The real evaluation splits (linked) beside the fixture training files, plus one training row that copies a
    real MedQA test question: decontamination must drop it."""
    root = tmp_path / "data"
    for folder in ("pubmedqa", "mmlu_medical"):
        (root / folder).parent.mkdir(parents=True, exist_ok=True)
        (root / folder).symlink_to(settings_data_dir / folder)
    for folder, name in (("medqa_usmle_4opt", "phrases_no_exclude_test.jsonl"), ("medmcqa", "dev.json")):
        (root / folder).mkdir(parents=True)
        (root / folder / name).symlink_to(settings_data_dir / folder / name)
    shutil.copytree(VERIFIABLE, root, dirs_exist_ok=True)
    leaked = evaluation_items("medqa", settings_data_dir)[0]
    row = {"question": leaked.question, "options": dict(leaked.options), "answer_idx": leaked.answer}
    with (root / verifiable.SOURCES["medqa_train"].local).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(row) + "\n")
    return root


def test_data_stage_builds_verifiable_items_and_drops_evaluation_questions(data_dir_with_verifiable, tmp_path):
    cfg = DataConfig(per_source={"medqa_train": 10, "medmcqa_train": 10, "medical_o1": 10}, val_fraction=0.0)
    manifest = data.run(cfg, data_dir_with_verifiable, tmp_path / "out")
    rows = read_jsonl(tmp_path / "out" / "train.jsonl") + read_jsonl(tmp_path / "out" / "val.jsonl")
    assert manifest["sources"]["medqa_train"] == {
        "read": 4,
        "kept": 3,
        "duplicates": 0,
        "evaluation_overlap_dropped": 1,
    }
    assert manifest["sources"]["medmcqa_train"]["kept"] == 2 and manifest["sources"]["medical_o1"]["kept"] == 2
    mcq = [r for r in rows if r["gold"]]
    open_ = [r for r in rows if r["answer"]]
    assert len(mcq) == 5 and all(r["gold"] in {o[0] for o in r["options"]} for r in mcq)
    assert sorted(r["answer"] for r in open_) == ["Hyperkalemia", "Pheochromocytoma"]
    # The gold answer is never in the prompt the teacher and the student see.
    assert all("Hyperkalemia" not in m["content"] for r in open_ for m in r["messages"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<think>maybe hyperkalemia?</think>## Answer\nHypokalemia, from the diuretic.", False),  # reasoning ignored
        ("## Answer\nHyperkalemia (serum potassium above 5.5 mmol/L)\n## Why\nCKD", True),
        ("The most likely diagnosis is **pheochromocytoma**.", False),  # a different gold below
        ("It is not hyperkalemia-related.", False),  # a word inside a longer hyphenated term does not count
    ],
)
def test_verify_open_answer(text, expected):
    assert teacher.verify_open_answer(text, "Hyperkalemia.") is expected


class _ScriptedEngine:
    """Replies in order, each a finished completion (the Engine protocol's stream)."""

    name = model_name = "scripted"

    def __init__(self, replies: list[str]) -> None:
        self.replies = list(replies)

    def stream(self, messages, params):
        yield Delta(content=self.replies.pop(0), finish_reason="stop")


def test_open_problem_trace_is_kept_only_once_its_answer_verifies():
    item = {"id": "medical_o1:1", "messages": [{"role": "user", "content": "q"}], "answer": "Hyperkalemia"}
    engine = _ScriptedEngine(["## Answer\nHypocalcemia", "## Answer\nHyperkalemia"])
    result = teacher.trace_item(engine, item, TeacherConfig(attempts=3))
    assert result["accepted"] and result["attempts"] == 2
    assert [t["verified"] for t in result["tries"]] == [False, True]
    rejected = teacher.trace_item(_ScriptedEngine(["## Answer\nno idea"] * 2), item, TeacherConfig(attempts=2))
    assert not rejected["accepted"] and rejected["attempts"] == 2
