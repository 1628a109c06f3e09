"""Row shaping for the lm-evaluation-harness task files of pipeline.lmeval_tasks, which copies this file beside them.

lm-eval's own prompts read the hub copies' columns (cais/mmlu: question, choices, answer index; GBaker's MedQA:
sent1, ending0-3, label); these functions put our local rows in those shapes, so that the prompts stay lm-eval's,
unchanged. The copy beside the task files is what lm-eval imports (`!function lmeval_docs.…`), so this module
imports nothing from the repository: a reader reruns the tasks with lm-eval alone.
"""

from __future__ import annotations

from datasets import Features, Sequence, Value
from lm_eval.tasks.medqa.preprocess_medqa import doc_to_target, doc_to_text

__all__ = ["doc_to_target", "doc_to_text", "medqa_docs", "mmlu_dev_docs", "mmlu_docs"]

LETTERS = "ABCD"
MMLU_COLUMNS = ("question", *LETTERS, "answer")
# Stated, because `map` would otherwise keep the CSV's string type for the reused `answer` column ("1", not 1).
MMLU_FEATURES = Features({"question": Value("string"), "choices": Sequence(Value("string")), "answer": Value("int64")})


def _mmlu_row(row: dict, answer: int) -> dict:
    return {"question": row["question"], "choices": [row[letter] for letter in LETTERS], "answer": answer}


def mmlu_docs(dataset):
    """The headerless test CSV rows (question, A-D, gold letter) as cais/mmlu rows."""
    columns = dataset.column_names
    return dataset.map(
        lambda row: _mmlu_row(row, LETTERS.index(row["answer"])), remove_columns=columns, features=MMLU_FEATURES
    )


def mmlu_dev_docs(dataset):
    """The few-shot dev CSVs (a header row, gold as an index), read with the test files' column names."""
    columns = dataset.column_names
    rows = dataset.filter(lambda row: row["answer"] != "answer")  # the header line, read as a row
    return rows.map(lambda row: _mmlu_row(row, int(row["answer"])), remove_columns=columns, features=MMLU_FEATURES)


def medqa_docs(dataset):
    """Our MedQA rows (question, options A-D, answer_idx) as GBaker/MedQA-USMLE-4-options-hf rows."""
    columns = dataset.column_names

    def shaped(row: dict) -> dict:
        endings = {f"ending{i}": row["options"][letter] for i, letter in enumerate(LETTERS)}
        return {"sent1": row["question"], **endings, "label": LETTERS.index(row["answer_idx"])}

    return dataset.map(shaped, remove_columns=columns)
