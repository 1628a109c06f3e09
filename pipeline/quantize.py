"""Stage 5 — quantize: GPTQ 4-bit (group 128, act-order configurable) with GPTQModel, calibrated on medical text.

Calibration samples are training items rendered with the student's chat template (prompt + accepted teacher trace),
never evaluation questions. The output folder is a standard GPTQ checkpoint (quantize_config in config.json) that
transformers (`AutoModelForCausalLM`), TGI (`--quantize gptq`) and vLLM load. After saving, the checkpoint is
loaded back and asked to generate, so a broken artefact fails here rather than at serving time.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import torch

from core.io import atomic_dir, read_jsonl
from pipeline.config import QuantizeConfig
from pipeline.hf_models import resolve_folder
from pipeline.manifest import finished, write_manifest

__all__ = ["QuantizeConfig", "calibration_set", "load_and_generate", "run"]


def calibration_set(traces: Path, data: Path, tokenizer, cfg: QuantizeConfig) -> list[dict]:
    if cfg.synthetic_tokens:  # random-weight architecture runs: the values do not matter, only shapes and time
        g = torch.Generator().manual_seed(0)
        ids = torch.randint(0, len(tokenizer), (cfg.calibration_samples, cfg.calibration_max_tokens), generator=g)
        return [{"input_ids": row, "attention_mask": [1] * len(row)} for row in ids.tolist()]
    rows = read_jsonl(traces / "sft.jsonl") if (traces / "sft.jsonl").is_file() else []
    chats = [r["prompt"] + r["completion"] for r in rows]
    if len(chats) < cfg.calibration_samples:  # too few accepted traces: add training prompts (still training data)
        chats += [r["messages"] for r in read_jsonl(data / "train.jsonl")]
    samples = []
    for chat in chats[: cfg.calibration_samples]:
        ids = tokenizer.apply_chat_template(chat, tokenize=True, return_dict=False)
        ids = list(ids["input_ids"] if isinstance(ids, dict) else ids)[: cfg.calibration_max_tokens]
        samples.append({"input_ids": ids, "attention_mask": [1] * len(ids)})
    return samples


def run(cfg: QuantizeConfig, model_dir: Path, traces: Path, data: Path, out: Path, force: bool = False) -> dict:
    if not force and (done := finished(out, cfg)):
        return done
    os.environ.setdefault("GPTQMODEL_CPU_WORKERS", str(cfg.cpu_workers))
    from gptqmodel import GPTQModel
    from gptqmodel import QuantizeConfig as GPTQConfig

    started = time.time()
    source = resolve_folder(str(model_dir))
    qcfg = GPTQConfig(
        bits=cfg.bits, group_size=cfg.group_size, desc_act=cfg.act_order, sym=cfg.sym, dynamic=cfg.dynamic
    )
    model = GPTQModel.load(source, qcfg)
    calibration = calibration_set(traces, data, model.tokenizer, cfg)
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    t0 = time.time()
    model.quantize(calibration, batch_size=cfg.batch_size)
    quantize_s = time.time() - t0
    peak = round(torch.cuda.max_memory_allocated() / 2**30, 2) if torch.cuda.is_available() else None
    with atomic_dir(out / "model") as scratch:
        model.save(str(scratch))
    del model
    check = load_and_generate(out / "model", cfg.check_prompt, cfg.check_backend)
    size = sum(f.stat().st_size for f in (out / "model").glob("*.safetensors"))
    return write_manifest(
        out,
        "quantize",
        cfg,
        started,
        source=str(source),
        calibration_samples=len(calibration),
        calibration_tokens=sum(len(s["input_ids"]) for s in calibration),
        gptq_wall_s=round(quantize_s, 1),
        peak_gpu_memory_gib=peak,
        safetensors_bytes=size,
        check=check,
    )


def load_and_generate(folder: Path, prompt: str, backend: str = "torch", new_tokens: int = 16) -> dict:
    """Load the saved checkpoint back through GPTQModel's kernels and generate a few greedy tokens."""
    from gptqmodel import GPTQModel

    model = GPTQModel.load(str(folder), backend=backend)
    inputs = model.tokenizer(prompt, return_tensors="pt").to(model.device)
    t0 = time.time()
    output = model.generate(**inputs, max_new_tokens=new_tokens, do_sample=False)
    text = model.tokenizer.decode(output[0][inputs["input_ids"].shape[1] :], skip_special_tokens=True)
    return {"prompt": prompt, "generated": text, "new_tokens": new_tokens, "seconds": round(time.time() - t0, 2)}
