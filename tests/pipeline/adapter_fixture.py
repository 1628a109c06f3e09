"""A real GGUF LoRA adapter for the packaged 0.5B, made by the pipeline's own stages: data → distill (2 steps) →
adapter (llama.cpp's convert_lora_to_gguf.py). Built once into the model cache and reused: each stage's manifest makes
a rerun skip it, as in any pipeline run (~1–2 min of CPU the first time).

The training rows are the data stage's real prompts (the app's education template) with the gold option as the
completion, instead of teacher traces: the tests need a real adapter that moves the model, not a good one, and a
teacher would add minutes of generation whose acceptance on the 0.5B is a coin toss.
"""

from __future__ import annotations

from pathlib import Path

from backend.config import load_settings
from core.io import atomic_write_jsonl, read_jsonl
from pipeline import adapter, data, distill
from pipeline.config import AdapterConfig, DataConfig, DistillConfig, StudentConfig

STUDENT = StudentConfig(model="packaged:qwen2.5-0.5b-instruct")
# 2 steps at the default 2e-4 leave greedy text unchanged; 2e-3 moves it, which is what the serving tests check.
DISTILL = DistillConfig(
    max_steps=2,
    learning_rate=2e-3,
    max_length=640,  # the template alone is ~280 tokens; PubMedQA items reach ~550
    batch_size=1,
    gradient_accumulation_steps=1,
    gradient_checkpointing=False,
    save_steps=100,
    logging_steps=1,
)


def adapter_workdir() -> Path:
    return load_settings().model_cache_dir / "test-fixtures" / "lora-qwen2.5-0.5b"


def gold_rows(train: list[dict]) -> list[dict]:
    """SFT rows in the teacher stage's format: the rendered prompt, and the gold option under the template's heading."""
    rows = []
    for item in train:
        letter = item["gold"]
        text = dict(item["options"])[letter]
        completion = f"## Answer\n{letter}. {text}\n\n## Reasoning\nStep 1: The question's findings point to {text}."
        rows.append(
            {
                "id": item["id"],
                "task": item["task"],
                "prompt": item["messages"],
                "completion": [{"role": "assistant", "content": completion}],
            }
        )
    return rows


def build_test_adapter(data_dir: Path) -> tuple[Path, dict]:
    """The GGUF adapter and its manifest (stages skipped when their manifests match)."""
    wd = adapter_workdir()
    data.run(DataConfig(per_source={"pubmedqa": 2, "mmlu_dev": 2}, val_fraction=0.0), data_dir, wd / "data")
    sft = wd / "teacher" / "sft.jsonl"
    if not sft.is_file():
        atomic_write_jsonl(sft, gold_rows(read_jsonl(wd / "data" / "train.jsonl")))
    distill.run(DISTILL, STUDENT, wd / "teacher", wd / "distill")
    manifest = adapter.run(AdapterConfig(outtype="f16"), STUDENT, wd / "distill", wd / "adapter")
    return Path(manifest["gguf"]), manifest
