"""Stage 4 — adapter: the distill stage's LoRA adapter (peft safetensors) as a GGUF adapter, which the app's embedded
engine serves on top of the base GGUF: `MEDASSIST_LORA=<workdir>/adapter/adapter-f16.gguf` with `MEDASSIST_MODEL`
the base the adapter was trained on.

The converter is llama.cpp's own `convert_lora_to_gguf.py`, from the same verified llama.cpp source as the model
converter (pipeline.gguf.converter_dir); it needs only the base model's config, not its weights. The manifest says what
the file is and where it came from: base model, bytes, SHA-256, the prompt-template versions of the training items,
the training data's sources and the teacher's acceptance figures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from core.io import file_sha256, read_jsonl
from pipeline.config import AdapterConfig, StudentConfig
from pipeline.data import LICENCES
from pipeline.gguf import converter_dir
from pipeline.hf_models import resolve_folder
from pipeline.manifest import MANIFEST, finished, write_manifest
from pipeline.merge import check_adapter_student

__all__ = ["AdapterConfig", "export_adapter", "provenance", "run"]

ADAPTER_WEIGHTS = "adapter_model.safetensors"


def export_adapter(adapter_dir: Path, base: str, target: Path, outtype: str) -> None:
    """llama.cpp's LoRA converter on a peft adapter folder. `base`: a folder with the base model's config.json, or a
    hub id (the converter reads only the config, from the hub)."""
    tools = converter_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    where = ["--base", base] if Path(base).is_dir() else ["--base-model-id", base]
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        # Only the config and the weights: the converter copies peft's model card (README.md, naming the base by this
        # machine's folder) into the GGUF's metadata, and the file is meant to ship; the manifest names the base.
        source = Path(tmp) / target.stem  # the converter names the adapter after its folder
        source.mkdir()
        for name in ("adapter_config.json", ADAPTER_WEIGHTS):
            shutil.copy2(adapter_dir / name, source / name)
        partial = Path(tmp) / target.name
        env = {**os.environ, "PYTHONPATH": str(tools / "gguf-py")}
        command = [sys.executable, str(tools / "convert_lora_to_gguf.py"), str(source), *where]
        subprocess.run([*command, "--outtype", outtype, "--outfile", str(partial)], check=True, env=env)
        os.replace(partial, target)


def _manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _pick(record: dict, keys: tuple[str, ...]) -> dict:
    return {key: record.get(key) for key in keys}


def provenance(workdir: Path) -> dict:
    """What the adapter was trained on, from the data, teacher and distill stages' own records under `workdir`."""
    data, teacher, distill = (_manifest(workdir / stage) for stage in ("data", "teacher", "distill"))
    sft, train = workdir / "teacher" / "sft.jsonl", workdir / "data" / "train.jsonl"
    trained = {row["id"] for row in read_jsonl(sft)} if sft.is_file() else set()
    rows = [row for row in read_jsonl(train) if row["id"] in trained] if train.is_file() else []
    sources = data.get("sources") or {}
    return {
        "prompt_templates": sorted({row["template"] for row in rows}),
        "training_items": len(trained),
        "training_items_by_source": dict(Counter(row["source"] for row in rows)),
        "data_sources": sources,
        "data_licences": {name: LICENCES.get(name, "unknown") for name in sources},
        "teacher": _pick(teacher.get("config") or {}, ("model", "endpoint", "attempts", "max_tokens", "temperature"))
        | _pick(teacher, ("items", "accepted", "gold_items", "gold_accepted", "acceptance_rate_gold")),
        "distill": _pick(distill.get("config") or {}, ("objective", "lora_r", "lora_alpha", "target_modules"))
        | _pick(distill, ("steps", "train_loss")),
    }


def run(cfg: AdapterConfig, student: StudentConfig, distill_dir: Path, out: Path, force: bool = False) -> dict:
    adapter = distill_dir / "adapter"
    identity = {"student": asdict(student), **asdict(cfg)}
    done = None if force else finished(out, identity)
    if done and not (adapter / ADAPTER_WEIGHTS).is_file() and (out / f"adapter-{cfg.outtype}.gguf").is_file():
        # A committed run (pipeline/runs) keeps the GGUF but not distill's safetensors: nothing to re-export from.
        return done
    # The same config must re-export when distill produced a new adapter: its weights' hash is an input.
    inputs = {ADAPTER_WEIGHTS: file_sha256(adapter / ADAPTER_WEIGHTS)}
    if done and done.get("inputs") == inputs:
        return done
    check_adapter_student(adapter, student)  # an adapter on another base is silently wrong in llama.cpp too
    started = time.time()
    target = out / f"adapter-{cfg.outtype}.gguf"
    export_adapter(adapter, resolve_folder(student.model), target, cfg.outtype)
    return write_manifest(
        out,
        "adapter",
        identity,
        started,
        inputs=inputs,
        gguf=str(target),
        gguf_bytes=target.stat().st_size,
        gguf_sha256=file_sha256(target),
        base_model=student.model,
        serve_with=_serve_command(student.model, target),
        **provenance(distill_dir.parent),
    )


def _serve_command(model: str, target: Path) -> str | None:
    """How the app serves it: a packaged student is one of the app's own packaged models; another base needs its
    own GGUF (not made here), so there is no command to give."""
    if not model.startswith("packaged:"):
        return None
    return f"MEDASSIST_MODEL={model.removeprefix('packaged:')} MEDASSIST_LORA={target} bash scripts/run_app.sh"
