"""The generated lm-eval task files load in lm-eval's TaskManager, give lm-eval's own prompts for our rows (worked
examples written by hand), and their document i is our item with the matching id, so `samples` selects our items."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("lm_eval")

from lm_eval.tasks import TaskManager, get_task_dict

from meddata.boundary import evaluation_items, fixed_subset
from pipeline.config import LMEVAL_BENCHMARKS
from pipeline.lmeval_tasks import (
    MEDQA_TASK,
    MMLU_GROUP,
    doc_indices,
    item_id,
    mmlu_task,
    write_tasks,
)
from tests.pipeline.lmeval_fixture import write_data


def _tasks(data_dir: Path, folder: Path, names: list[str]) -> dict:
    for benchmark in LMEVAL_BENCHMARKS:
        write_tasks(benchmark, data_dir, folder)
    return get_task_dict(names, TaskManager(include_path=str(folder), include_defaults=False))


def _requests(task, index: int, num_fewshot: int = 0) -> list[tuple[str, str]]:
    """The (context, continuation) pairs lm-eval sends the model for one document."""
    task.set_fewshot_seed(1234)
    task.set_config("num_fewshot", num_fewshot)
    task.build_all_requests(samples=[index])
    return [instance.args for instance in task.instances]


@pytest.fixture
def data_dir(tmp_path):
    return write_data(tmp_path / "data")


def test_mmlu_task_gives_lm_eval_mmlu_prompt_and_gold_for_a_known_row(data_dir, tmp_path):
    task = _tasks(data_dir, tmp_path / "tasks", [mmlu_task("college_medicine")])[mmlu_task("college_medicine")]
    prompt = (
        "The following are multiple choice questions (with answers) about college medicine.\n\n"
        "Which nerve supplies the diaphragm?\nA. The vagus nerve\nB. The phrenic nerve\nC. None\nD. 0.50\nAnswer:"
    )
    assert _requests(task, 1) == [(prompt, " A"), (prompt, " B"), (prompt, " C"), (prompt, " D")]
    assert task.doc_to_target(list(task.eval_docs)[1]) == 1  # gold B


def test_mmlu_few_shot_examples_come_from_the_dev_rows(data_dir, tmp_path):
    task = _tasks(data_dir, tmp_path / "tasks", [mmlu_task("anatomy")])[mmlu_task("anatomy")]
    context, _ = _requests(task, 2, num_fewshot=1)[0]
    shot = "Which organ makes insulin?\nA. Liver\nB. Pancreas\nC. Spleen\nD. Kidney\nAnswer: B\n\n"
    assert context.startswith(
        "The following are multiple choice questions (with answers) about anatomy.\n\n" + shot + "Which muscle"
    )


def test_medqa_task_gives_lm_eval_medqa_prompt_and_gold_for_a_known_row(data_dir, tmp_path):
    task = _tasks(data_dir, tmp_path / "tasks", [MEDQA_TASK])[MEDQA_TASK]
    prompt = (
        "Question: A 45-year-old man has crushing chest pain. What is the next step?\n"
        "A. Discharge\nB. None\nC. ECG\nD. Reassure, then discharge\nAnswer:"
    )
    assert _requests(task, 2) == [(prompt, " A"), (prompt, " B"), (prompt, " C"), (prompt, " D")]
    assert task.doc_to_target(list(task.eval_docs)[2]) == 2  # gold C


def test_mmlu_group_holds_every_subject(data_dir, tmp_path):
    tasks = _tasks(data_dir, tmp_path / "tasks", [MMLU_GROUP])
    (group,) = tasks
    assert sorted(tasks[group]) == [mmlu_task("anatomy"), mmlu_task("college_medicine")]


def _same_items(data_dir: Path, folder: Path) -> None:
    """Every document of every task is the item of our evaluator with the id `item_id` gives it."""
    ours = {item.id: item for b in LMEVAL_BENCHMARKS for item in evaluation_items(b, data_dir)}
    subjects = sorted(p.name.removesuffix("_test.csv") for p in (data_dir / "mmlu_medical").glob("*_test.csv"))
    tasks = _tasks(data_dir, folder, [MEDQA_TASK, *(mmlu_task(s) for s in subjects)])
    seen = set()
    for name, task in tasks.items():
        for index, doc in enumerate(task.eval_docs):
            item = ours[item_id(name, index)]
            text = doc["question"] if name != MEDQA_TASK else doc["sent1"]
            choices = doc["choices"] if name != MEDQA_TASK else [doc[f"ending{i}"] for i in range(4)]
            assert (text, choices) == (item.question, [option for _, option in item.options])
            assert "ABCD"[task.doc_to_target(doc)] == item.answer
            seen.add(item.id)
    assert seen == set(ours)


def test_documents_are_our_items_in_our_order(data_dir, tmp_path):
    _same_items(data_dir, tmp_path / "tasks")


def test_documents_are_our_items_on_the_real_splits(settings_data_dir, tmp_path):
    _same_items(settings_data_dir, tmp_path / "tasks")


def test_samples_select_the_evaluate_stage_subset(data_dir):
    for benchmark in LMEVAL_BENCHMARKS:
        subset = fixed_subset(benchmark, data_dir, 3)
        chosen = doc_indices(benchmark, subset)
        assert all(indices == sorted(indices) for indices in chosen.values())  # lm-eval maps them back in order
        assert {item_id(task, i) for task, indices in chosen.items() for i in indices} == {i.id for i in subset}
