"""Stage 3 — distill: LoRA adapters on the student's attention projections, trained on the teacher's traces.

objective: sft  sequence-level KD — supervised fine-tuning on accepted teacher traces (trl's SFTTrainer, loss on
                the completion tokens only). Works across tokenizers (the full-scale 70B Llama → 7B Qwen pair).
objective: kd   logit-level KD — the same data, loss = alpha·divergence(teacher ‖ student) + (1−alpha)·CE on the
                completion tokens (pipeline.kd); refuses with a clear error when the vocabularies differ.
Multi-GPU: run the same module under `accelerate launch --config_file pipeline/configs/accelerate/fsdp.yaml`
(pipeline/README.md). Checkpoints every `save_steps`; a rerun resumes from the last one.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import asdict
from pathlib import Path

import torch
from datasets import Dataset
from peft import LoraConfig, get_peft_model
from transformers import TrainerCallback
from trl import SFTConfig, SFTTrainer

from core.io import read_jsonl
from pipeline.config import DistillConfig, StudentConfig
from pipeline.hf_models import load_model, load_tokenizer
from pipeline.kd import check_same_vocabulary, distillation_loss
from pipeline.manifest import finished, write_manifest

log = logging.getLogger(__name__)


def identity(cfg: DistillConfig, student: StudentConfig) -> dict:
    """What the adapter depends on: the stage config and the student it was trained on (merge checks the latter)."""
    return {"student": asdict(student), **asdict(cfg)}


def _precision(cfg: DistillConfig) -> str:
    if cfg.precision != "auto":
        return cfg.precision
    return "bfloat16" if torch.cuda.is_available() else "float32"


def _dataset(cfg: DistillConfig, traces: Path | None, tokenizer) -> Dataset:
    if cfg.synthetic_tokens:
        g = torch.Generator().manual_seed(cfg.seed)
        ids = torch.randint(0, len(tokenizer), (cfg.synthetic_items, cfg.max_length), generator=g)
        half = cfg.max_length // 2  # first half prompt, second half completion: the loss mask of real data
        mask = [[0] * half + [1] * (cfg.max_length - half)] * cfg.synthetic_items
        return Dataset.from_dict({"input_ids": ids.tolist(), "completion_mask": mask})
    rows = read_jsonl(traces / "sft.jsonl")
    if not rows:
        raise ValueError(f"{traces / 'sft.jsonl'} has no accepted teacher traces to train on")
    return Dataset.from_list([{"prompt": r["prompt"], "completion": r["completion"]} for r in rows])


class StepTimer(TrainerCallback):
    """Wall time of every optimizer step, so throughput can leave out the first (warm-up) step."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self._start = 0.0

    def on_step_begin(self, args, state, control, **kwargs):
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        self._start = time.perf_counter()

    def on_step_end(self, args, state, control, **kwargs):
        if torch.cuda.is_available():
            torch.cuda.synchronize()
        self.times.append(time.perf_counter() - self._start)


# Dense bf16 peak of the card, for model FLOPs utilisation (NVIDIA datasheets, without sparsity).
PEAK_BF16_FLOPS = {"H100 80GB HBM3": 989.4e12, "H100": 989.4e12, "H200": 989.4e12, "A100": 312e12}


def throughput(model, cfg: DistillConfig, tokens_per_step: int, step_times: list[float], world: int) -> dict:
    """Steady-state tokens/s (first step left out) and MFU with the PaLM count: 6·N + 12·L·d·S FLOPs per token.

    6·N counts a full backward; LoRA on a frozen base skips the weight-gradient GEMMs but gradient checkpointing
    recomputes the forward, so the work done is close to 6·N all the same."""
    steady = step_times[1:] or step_times
    if not steady:
        return {}
    tokens_per_s = tokens_per_step / (sum(steady) / len(steady))
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    n_params = sum(p.numel() for p in base.parameters())
    c = base.config
    flops_per_token = 6 * n_params + 12 * c.num_hidden_layers * c.hidden_size * cfg.max_length
    facts = {
        "step_s_mean": round(sum(steady) / len(steady), 3),
        "tokens_per_s": round(tokens_per_s, 1),
        "model_parameters": n_params,
        "flops_per_token": flops_per_token,
    }
    if torch.cuda.is_available():
        name = torch.cuda.get_device_name()
        peak = next((v for k, v in PEAK_BF16_FLOPS.items() if k in name), None)
        if peak:
            facts["mfu"] = round(tokens_per_s * flops_per_token / (peak * world), 4)
            facts["peak_flops_assumed"] = peak
    return facts


class KDTrainer(SFTTrainer):
    """SFTTrainer whose loss mixes a logit-level divergence from a frozen teacher with cross-entropy."""

    def __init__(self, *args, teacher, kd: DistillConfig, vocab: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.teacher = teacher.eval().requires_grad_(False)
        self.kd, self.vocab = kd, vocab

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        labels = inputs["labels"][:, 1:]
        mask = labels != -100
        forward = {"input_ids": inputs["input_ids"], "attention_mask": inputs.get("attention_mask"), "use_cache": False}
        outputs = model(**forward)
        # Rows past the tokenizer are padding in both embedding matrices (151,936 vs 152,064 in Qwen2 checkpoints).
        student = outputs.logits[:, :-1, : self.vocab]
        with torch.no_grad():
            teacher = self.teacher(**forward).logits[:, :-1, : self.vocab]
        ce = torch.nn.functional.cross_entropy(student[mask].float(), labels[mask]) if mask.any() else student.sum() * 0
        kd = distillation_loss(student, teacher, mask, beta=self.kd.beta, temperature=self.kd.kd_temperature)
        loss = self.kd.alpha * kd + (1 - self.kd.alpha) * ce
        self._metrics["train"]["kd_loss"].append(kd.item())
        self._metrics["train"]["ce_loss"].append(ce.item())
        return (loss, outputs) if return_outputs else loss


def build_trainer(cfg: DistillConfig, student_cfg: StudentConfig, traces: Path | None, out: Path) -> SFTTrainer:
    precision = _precision(cfg)
    tokenizer = load_tokenizer(student_cfg.tokenizer or student_cfg.model)
    student = load_model(student_cfg.model, precision, device="cuda" if torch.cuda.is_available() else None)
    lora = LoraConfig(
        r=cfg.lora_r,
        lora_alpha=cfg.lora_alpha,
        lora_dropout=cfg.lora_dropout,
        target_modules=cfg.target_modules,
        task_type="CAUSAL_LM",
    )
    model = get_peft_model(student, lora)
    if cfg.gradient_checkpointing:
        model.enable_input_require_grads()  # LoRA with frozen embeddings: checkpointed blocks need a grad input
    args = SFTConfig(
        output_dir=str(out / "checkpoints"),
        max_steps=cfg.max_steps,
        per_device_train_batch_size=cfg.batch_size,
        gradient_accumulation_steps=cfg.gradient_accumulation_steps,
        learning_rate=cfg.learning_rate,
        lr_scheduler_type="cosine",
        warmup_steps=max(1, cfg.max_steps // 20),
        max_length=cfg.max_length,
        completion_only_loss=True,
        gradient_checkpointing=cfg.gradient_checkpointing,
        gradient_checkpointing_kwargs={"use_reentrant": False},
        bf16=precision == "bfloat16",
        fp16=precision == "float16",
        save_steps=cfg.save_steps,
        save_total_limit=2,
        logging_steps=cfg.logging_steps,
        logging_first_step=True,
        report_to="none",
        seed=cfg.seed,
        dataloader_num_workers=0,
        use_cpu=not torch.cuda.is_available(),
        disable_tqdm=False,
    )
    dataset = _dataset(cfg, traces, tokenizer)
    common = {"model": model, "args": args, "train_dataset": dataset, "processing_class": tokenizer}
    if cfg.objective == "sft":
        return SFTTrainer(**common)
    if cfg.objective != "kd":
        raise ValueError(f"objective must be sft or kd, got {cfg.objective!r}")
    vocab = check_same_vocabulary(tokenizer, load_tokenizer(cfg.teacher))
    teacher = load_model(cfg.teacher, precision, device="cuda" if torch.cuda.is_available() else None)
    return KDTrainer(**common, teacher=teacher, kd=cfg, vocab=vocab)


def _last_checkpoint(folder: Path) -> str | None:
    """The newest checkpoint the Trainer finished writing: trainer_state.json is its last file, so a checkpoint
    without it was cut off mid-save (a session that ended) and resuming from it would fail or lose the optimizer."""
    found = [p for p in folder.glob("checkpoint-*") if (p / "trainer_state.json").is_file()] if folder.is_dir() else []
    return str(max(found, key=lambda p: int(p.name.split("-")[-1]))) if found else None


def run(cfg: DistillConfig, student: StudentConfig, traces: Path | None, out: Path, force: bool = False) -> dict:
    if not force and (done := finished(out, identity(cfg, student))):
        return done
    started = time.time()
    trainer = build_trainer(cfg, student, traces, out)
    timer = StepTimer()
    trainer.add_callback(timer)
    resume = _last_checkpoint(out / "checkpoints")
    if resume:
        log.info("resuming from %s", resume)
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    result = trainer.train(resume_from_checkpoint=resume)
    tokens = _trained_tokens(cfg, trainer)
    facts = {
        "train_loss": result.training_loss,
        "steps": result.global_step,
        "resumed_from": resume,
        "log_history": trainer.state.log_history,
        "trainable_parameters": sum(p.numel() for p in trainer.model.parameters() if p.requires_grad),
        "train_runtime_s": result.metrics.get("train_runtime"),
        "tokens_per_step": tokens,
        "world_size": trainer.accelerator.num_processes,
        **throughput(trainer.model, cfg, tokens, timer.times, trainer.accelerator.num_processes),
    }
    if torch.cuda.is_available():
        facts["peak_gpu_memory_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 2)
        facts["gpu"] = torch.cuda.get_device_name()
    partial = out / ".adapter.partial"
    trainer.save_model(str(partial))  # collective under FSDP (gathers the adapter); files come from rank 0 only
    if not trainer.accelerator.is_main_process:
        return facts
    trainer.processing_class.save_pretrained(partial)
    if (out / "adapter").exists():
        shutil.rmtree(out / "adapter")
    os.replace(partial, out / "adapter")
    return write_manifest(out, "distill", identity(cfg, student), started, **facts)


def _trained_tokens(cfg: DistillConfig, trainer: SFTTrainer) -> int:
    """Tokens one optimizer step sees across all processes (for tokens/s and MFU)."""
    per_sample = cfg.max_length if cfg.synthetic_tokens else None
    if per_sample is None:
        lengths = [len(x) for x in trainer.train_dataset["input_ids"]]
        per_sample = sum(lengths) / len(lengths)
    return int(per_sample * cfg.batch_size * cfg.gradient_accumulation_steps * trainer.accelerator.num_processes)
