"""lm-evaluation-harness task files for our local evaluation splits, and the map between their documents and our items.

MMLU-medical is a group over the six subject CSVs with lm-eval's own MMLU template (read from the installed
lm-eval, so it cannot drift from it); MedQA is lm-eval's `medqa_4options` prompt. The rows are read by HF datasets'
local `csv` and `json` builders and reshaped by pipeline/lmeval_docs.py, copied beside the task files. Document i of
a subject task is row i of its CSV, as it is for meddata.mmlu (ids `mmlu:<subject>:<i>`), and document i of MedQA is
line i (`medqa:<i>`): so our evaluator's items are selected by index (`doc_indices`). The MMLU few-shot rows (lm-eval's
`dev` split, read only when num_fewshot > 0) are the data folder's mmlu_medical/dev_fewshot/<subject>_dev.csv.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import lm_eval
import yaml

from meddata.mcq import MCQ
from pipeline import lmeval_docs

PREFIX = "medassist_"  # no clash with lm-eval's own task names
MMLU_GROUP = f"{PREFIX}mmlu_medical"
MEDQA_TASK = f"{PREFIX}medqa_4options"
MMLU_TEMPLATE = Path(lm_eval.__file__).parent / "tasks" / "mmlu" / "default" / "_default_template_yaml"
MEDQA_TEMPLATE = Path(lm_eval.__file__).parent / "tasks" / "medqa" / "medqa.yaml"
DOCS_MODULE = Path(lmeval_docs.__file__).stem
# acc_norm beside lm-eval's acc: for one-letter choices it equals acc (a check), for published tables that quote it.
METRICS = [{"metric": m, "aggregation": "mean", "higher_is_better": True} for m in ("acc", "acc_norm")]


class Function(str):
    """A `!function module.name` reference in a task file."""


class _TaskDumper(yaml.SafeDumper):
    pass


_TaskDumper.add_representer(Function, lambda dumper, ref: dumper.represent_scalar("!function", str(ref)))
# Prompts with line breaks as one double-quoted line ("…\nAnswer:"), as lm-eval's own task files write them.
_TaskDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"' if "\n" in text else None),
)


def _function(name: str) -> Function:
    return Function(f"{DOCS_MODULE}.{name}")


def mmlu_subjects(data_dir: Path) -> list[str]:
    return [p.name.removesuffix("_test.csv") for p in sorted((data_dir / "mmlu_medical").glob("*_test.csv"))]


def mmlu_task(subject: str) -> str:
    return f"{PREFIX}mmlu_{subject}"


def _mmlu_subject(subject: str, data_dir: Path) -> dict:
    folder = (data_dir / "mmlu_medical").resolve()
    name = subject.replace("_", " ")  # as lm-eval names MMLU subjects: "college medicine"
    template = yaml.safe_load(MMLU_TEMPLATE.read_text(encoding="utf-8"))
    files = {"test": str(folder / f"{subject}_test.csv"), "dev": str(folder / "dev_fewshot" / f"{subject}_dev.csv")}
    return {
        "task": mmlu_task(subject),
        "task_alias": name,
        **template,
        # na_filter off: an option such as "None" stays text instead of becoming a missing value
        "dataset_path": "csv",
        "dataset_kwargs": {"data_files": files, "column_names": list(lmeval_docs.MMLU_COLUMNS), "na_filter": False},
        "process_docs": _function("mmlu_docs"),
        "fewshot_config": {**template["fewshot_config"], "process_docs": _function("mmlu_dev_docs")},
        "description": f"The following are multiple choice questions (with answers) about {name}.\n\n",
        "metric_list": METRICS,
    }


def _mmlu_group(subjects: list[str]) -> dict:
    return {
        "group": MMLU_GROUP,
        "task": [mmlu_task(s) for s in subjects],
        "aggregate_metric_list": [{"metric": m["metric"], "weight_by_size": True} for m in METRICS],
        "metadata": {"version": 2},
    }


def _medqa(data_dir: Path) -> dict:
    template = yaml.load(MEDQA_TEMPLATE.read_text(encoding="utf-8"), Loader=_IgnoreFunctions)
    path = (data_dir / "medqa_usmle_4opt" / "phrases_no_exclude_test.jsonl").resolve()
    return {
        "task": MEDQA_TASK,
        "dataset_path": "json",
        "dataset_kwargs": {"data_files": {"test": str(path)}},
        "test_split": "test",
        "output_type": template["output_type"],
        "process_docs": _function("medqa_docs"),
        "doc_to_text": _function("doc_to_text"),  # lm-eval's preprocess_medqa functions, re-exported
        "doc_to_target": _function("doc_to_target"),
        "doc_to_choice": template["doc_to_choice"],
        "metric_list": METRICS,
    }


class _IgnoreFunctions(yaml.SafeLoader):
    """Reads lm-eval's medqa.yaml, whose `!function` fields are replaced by our re-exports anyway."""


_IgnoreFunctions.add_constructor("!function", lambda loader, node: loader.construct_scalar(node))


def _dump(folder: Path, name: str, config: dict) -> Path:
    path = folder / f"{name}.yaml"
    text = yaml.dump(config, Dumper=_TaskDumper, sort_keys=False, allow_unicode=True, width=10**6)
    path.write_text(text, encoding="utf-8")
    return path


def data_files(benchmark: str, data_dir: Path) -> list[Path]:
    """The data files a benchmark's task files read (their content is part of a cached score's identity)."""
    if benchmark == "medqa":
        return [data_dir / "medqa_usmle_4opt" / "phrases_no_exclude_test.jsonl"]
    folder = data_dir / "mmlu_medical"
    subjects = mmlu_subjects(data_dir)
    return [folder / f"{s}_test.csv" for s in subjects] + [folder / "dev_fewshot" / f"{s}_dev.csv" for s in subjects]


def write_tasks(benchmark: str, data_dir: Path, folder: Path) -> list[Path]:
    """The task files of one benchmark (and the row-shaping module they import) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(lmeval_docs.__file__, folder / f"{DOCS_MODULE}.py")
    if benchmark == "medqa":
        return [_dump(folder, MEDQA_TASK, _medqa(data_dir))]
    if benchmark == "mmlu_medical":
        subjects = mmlu_subjects(data_dir)
        paths = [_dump(folder, mmlu_task(s), _mmlu_subject(s, data_dir)) for s in subjects]
        return [*paths, _dump(folder, MMLU_GROUP, _mmlu_group(subjects))]
    raise ValueError(f"no lm-eval task for benchmark {benchmark!r}")


def doc_indices(benchmark: str, items: list[MCQ]) -> dict[str, list[int]]:
    """Our items as lm-eval `samples`: leaf task -> ascending document indices (lm-eval maps them back in order)."""
    chosen: dict[str, list[int]] = {}
    for item in items:
        task, index = _locate(benchmark, item.id)
        chosen.setdefault(task, []).append(index)
    return {task: sorted(indices) for task, indices in chosen.items()}


def _locate(benchmark: str, item_id: str) -> tuple[str, int]:
    if benchmark == "medqa":  # medqa:<line>
        return MEDQA_TASK, int(item_id.split(":")[1])
    _, subject, row = item_id.split(":")  # mmlu:<subject>:<row>
    return mmlu_task(subject), int(row)


def item_id(task: str, doc_id: int) -> str:
    """The evaluate stage's id of a document (the inverse of `doc_indices`)."""
    if task == MEDQA_TASK:
        return f"medqa:{doc_id}"
    return f"mmlu:{task.removeprefix(f'{PREFIX}mmlu_')}:{doc_id}"
