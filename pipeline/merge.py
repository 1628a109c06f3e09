"""Stage 4 — merge: fold the LoRA adapter into the student; save safetensors, tokenizer and chat template.

The student is the profile's one `student:`; the adapter's distill manifest names the student it was trained on,
and a different one is refused (an adapter on another base is silently wrong, not an error, in peft).
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path

import torch
from peft import PeftModel

from core.io import atomic_dir
from pipeline.config import MergeConfig, StudentConfig
from pipeline.hf_models import load_model, load_tokenizer
from pipeline.manifest import MANIFEST, finished, write_manifest

__all__ = ["MergeConfig", "StudentMismatch", "check_adapter_student", "run"]


class StudentMismatch(ValueError):
    """The adapter was trained on another student than the one it would be merged into."""


def check_adapter_student(adapter: Path, student: StudentConfig) -> None:
    """Refuse an adapter whose distill manifest (beside it) names another student model."""
    manifest = adapter.parent / MANIFEST
    if not manifest.is_file():
        raise StudentMismatch(f"{manifest} is missing: cannot tell which student {adapter} was trained on")
    trained_on = json.loads(manifest.read_text(encoding="utf-8"))["config"].get("student", {}).get("model")
    if trained_on != student.model:
        raise StudentMismatch(f"{adapter} was trained on {trained_on!r}, not on the student {student.model!r}")


def run(cfg: MergeConfig, student: StudentConfig, adapter: Path, out: Path, force: bool = False) -> dict:
    identity = {"student": asdict(student), **asdict(cfg)}
    if not force and (done := finished(out, identity)):
        return done
    check_adapter_student(adapter, student)
    started = time.time()
    base = load_model(student.model, cfg.dtype, device="cuda" if torch.cuda.is_available() else None)
    merged = PeftModel.from_pretrained(base, adapter).merge_and_unload()
    tokenizer = load_tokenizer(student.tokenizer or student.model)
    with atomic_dir(out / "model") as scratch:
        merged.save_pretrained(scratch, safe_serialization=True)
        tokenizer.save_pretrained(scratch)  # carries the chat template (tokenizer_config.json / chat_template.jinja)
    size = sum(f.stat().st_size for f in (out / "model").glob("*.safetensors"))
    return write_manifest(out, "merge", identity, started, adapter=str(adapter), safetensors_bytes=size)
