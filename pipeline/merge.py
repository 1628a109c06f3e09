"""Stage 4 — merge: fold the LoRA adapter into the student; save safetensors, tokenizer and chat template."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import torch
from peft import PeftModel

from pipeline.common import atomic_dir, finished, write_manifest
from pipeline.hf_models import load_model, load_tokenizer


@dataclass
class MergeConfig:
    student: str = "packaged:qwen2.5-0.5b-instruct"
    dtype: str = "bfloat16"
    tokenizer: str = ""  # default: the student's


def run(cfg: MergeConfig, adapter: Path, out: Path, force: bool = False) -> dict:
    if not force and (done := finished(out, cfg)):
        return done
    started = time.time()
    base = load_model(cfg.student, cfg.dtype, device="cuda" if torch.cuda.is_available() else None)
    merged = PeftModel.from_pretrained(base, adapter).merge_and_unload()
    tokenizer = load_tokenizer(cfg.tokenizer or cfg.student)
    with atomic_dir(out / "model") as scratch:
        merged.save_pretrained(scratch, safe_serialization=True)
        tokenizer.save_pretrained(scratch)  # carries the chat template (tokenizer_config.json / chat_template.jinja)
    size = sum(f.stat().st_size for f in (out / "model").glob("*.safetensors"))
    return write_manifest(out, "merge", cfg, started, adapter=str(adapter), safetensors_bytes=size)
