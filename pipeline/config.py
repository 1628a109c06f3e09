"""A profile: one YAML with the work folder, the data folder, the student, and one typed section per stage.

Every stage's config dataclass lives here, so that reading or validating a profile imports no stage module (and so
no torch, peft or trl): `python -m pipeline --help`, the report and the tests stay light. Stage modules take their
config from here. `STAGES` is the one list of stages, in run order.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from core.types import SEED, PromptStyle
from meddata.boundary import BENCHMARKS

STAGES = ("data", "teacher", "distill", "adapter", "merge", "quantize", "gguf", "evaluate", "lmeval", "report")
# The splits that have lm-evaluation-harness task files (pipeline.lmeval_tasks): the ones with a published lm-eval task.
LMEVAL_BENCHMARKS = ("mmlu_medical", "medqa")
REPO_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    pass


@dataclass
class StudentConfig:
    """The one student of a profile: distill trains an adapter on it and merge folds the adapter into it."""

    model: str = "packaged:qwen2.5-0.5b-instruct"  # packaged:<key>, a folder, a hub id, or random:<arch>
    tokenizer: str = ""  # default: the model's (a folder for `random:` students on machines without the packages)


@dataclass
class DataConfig:
    # Items kept per source (pipeline.data.READERS names them). The verifiable sources (medqa_train, medmcqa_train,
    # medical_o1) read a local copy under data_dir when present, else the hub (pipeline.verifiable).
    per_source: dict[str, int] = field(default_factory=lambda: {"pubmedqa": 200, "medquad": 200, "mts_dialog": 100})
    val_fraction: float = 0.05
    seed: int = 13
    style: PromptStyle = "instruct"  # prompt layout of the *student*
    max_context_chars: int = 1500  # PubMedQA abstracts are long; CPU training sequences are short

    def __post_init__(self) -> None:
        if not 0.0 <= self.val_fraction < 1.0:
            raise ConfigError(f"data.val_fraction must be in [0, 1), got {self.val_fraction}")


@dataclass
class TeacherConfig:
    model: str = "qwen2.5-1.5b-instruct"  # a packaged GGUF or .gguf path, served locally when endpoint is empty
    endpoint: str = ""  # e.g. http://tgi:8080 (TGI Messages API) or http://vllm:8000/v1; key from $TEACHER_API_KEY
    max_items: int | None = None
    # The cap on trace length: a trace cut off here is never kept (it would teach the student to stop mid-thought).
    max_tokens: int = 512
    temperature: float = 0.6
    top_p: float = 0.95
    attempts: int = 4  # rejection sampling: samples per item with a verifiable answer, at most
    concurrency: int = 4
    threads: int = 0  # llama-server threads for the local teacher (0 = all cores)
    seed: int = 7

    def __post_init__(self) -> None:
        if self.attempts < 1 or self.max_tokens < 1 or self.concurrency < 1:
            raise ConfigError("teacher.attempts, max_tokens and concurrency must be >= 1")


@dataclass
class DistillConfig:
    teacher: str = "packaged:qwen2.5-1.5b-instruct"  # read only by objective: kd (same tokenizer as the student)
    objective: Literal["sft", "kd"] = "sft"
    alpha: float = 0.5  # kd: weight of the divergence against cross-entropy
    beta: float = 0.0  # kd: 0 forward KL, 1 reverse KL, in between generalised JSD
    kd_temperature: float = 1.0
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    target_modules: list[str] = field(default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj"])
    learning_rate: float = 2e-4
    max_steps: int = 100
    batch_size: int = 1
    gradient_accumulation_steps: int = 4
    max_length: int = 512
    gradient_checkpointing: bool = True
    # auto: bf16 on GPU, fp32 on CPU (bf16 matmuls are slow on these CPUs)
    precision: Literal["auto", "bfloat16", "float16", "float32"] = "auto"
    save_steps: int = 50
    logging_steps: int = 5
    seed: int = 42
    synthetic_tokens: bool = False  # random token sequences of max_length (speed/memory runs with random weights)
    synthetic_items: int = 64

    def __post_init__(self) -> None:
        if not (0.0 <= self.alpha <= 1.0 and 0.0 <= self.beta <= 1.0):
            raise ConfigError(f"distill.alpha and beta must be in [0, 1], got {self.alpha} and {self.beta}")
        if self.kd_temperature <= 0:
            raise ConfigError(f"distill.kd_temperature must be > 0, got {self.kd_temperature}")


@dataclass
class AdapterConfig:
    """The distill stage's LoRA adapter as a GGUF adapter for llama.cpp (the app's `MEDASSIST_LORA`)."""

    # f16 halves the file against f32 at no measurable cost for a rank-16 adapter; q8_0 halves it again.
    outtype: Literal["f32", "f16", "bf16", "q8_0"] = "f16"


@dataclass
class MergeConfig:
    dtype: Literal["bfloat16", "float16", "float32"] = "bfloat16"


@dataclass
class QuantizeConfig:
    bits: int = 4
    group_size: int = 128
    act_order: bool = False  # desc_act: better accuracy, slower kernels on some backends
    sym: bool = True
    calibration_samples: int = 128
    calibration_max_tokens: int = 512
    batch_size: int = 1
    cpu_workers: int = 2  # GPTQMODEL_CPU_WORKERS on CPU
    check_prompt: str = "The first-line treatment of uncomplicated hypertension is"
    synthetic_tokens: bool = False  # random token calibration, for random-weight architecture runs only
    # GPTQModel per-module overrides, e.g. {"-:model\\.layers\\.0\\..*": {}} keeps layer 0 in 16 bits.
    dynamic: dict | None = None
    # Kernel for the load-back check. "torch" works everywhere; "auto" picks Machete/Marlin on Hopper, and Machete
    # compiles itself on first use from a CUTLASS download (fails offline).
    check_backend: str = "torch"


@dataclass
class GgufConfig:
    quant: str = "Q4_K_M"  # any llama-quantize type (Q4_K_M, Q5_K_M, Q8_0, …)
    threads: int = 0


@dataclass
class ModelEntry:
    name: str  # row label in the report
    kind: Literal["hf", "gptq", "gguf"]  # transformers | GPTQModel | llama.cpp server, as the app serves it
    # spec, folder, or an alias: `@student` is the profile's student, `@merge`, `@quantize`, `@gguf` this run's outputs
    path: str
    dtype: str = "bfloat16"
    note: str = ""
    # kind gguf only: a GGUF LoRA adapter served on top (llama-server --lora); `@adapter` is this run's export
    lora: str = ""
    lora_scale: float = 1.0

    def __post_init__(self) -> None:
        if self.lora and self.kind != "gguf":
            raise ConfigError(
                f"evaluate model {self.name!r}: lora needs kind gguf (the adapter is served by llama.cpp)"
            )
        if not 0.0 <= self.lora_scale <= 4.0:
            raise ConfigError(f"evaluate model {self.name!r}: lora_scale must be in [0, 4], got {self.lora_scale}")


@dataclass
class JudgeConfig:
    """The grader of the completeness rubric: a local GGUF on llama-server, or an endpoint. Every field is read."""

    enabled: bool = True  # off: no completeness grades (the generation part still measures answers and tokens)
    model: str = "qwen2.5-1.5b-instruct"
    endpoint: str = ""
    threads: int = 0
    max_tokens: int = 24  # the reply is one "SCORES: a b c d" line
    temperature: float = 0.0  # greedy: the same output graded twice gets the same scores
    seed: int = 0


@dataclass
class EvaluateConfig:
    models: list[ModelEntry] = field(default_factory=list)
    benchmarks: dict[str, int | None] = field(default_factory=lambda: {b: 100 for b in BENCHMARKS})
    seed: int = SEED
    completeness_items: int = 5
    completeness_max_new_tokens: int = 384
    judge: JudgeConfig = field(default_factory=JudgeConfig)
    threads: int = 0  # torch threads (0 = leave as is)

    def __post_init__(self) -> None:
        unknown = set(self.benchmarks) - set(BENCHMARKS)
        if unknown:
            raise ConfigError(f"evaluate.benchmarks: unknown {', '.join(sorted(unknown))}; known: {BENCHMARKS}")


@dataclass
class LmEvalModel:
    name: str  # row label in the report
    path: str  # packaged:<key> (its bf16 folder under var/models/hf), a local folder, or `@student`
    # The folder's own bf16: on this AVX512-BF16 CPU a 250-token forward took 7.0 s vs 9.3 (0.5B) and 11.7 vs 18.1
    # (1.5B) in float32, same answers; a CPU without native bf16 (no AVX512-BF16 or AMX) wants float32, an exact upcast.
    dtype: Literal["bfloat16", "float32"] = "bfloat16"


@dataclass
class LmEvalConfig:
    """lm-evaluation-harness (hf backend) on the evaluate stage's items; no models: the stage records a no-op."""

    models: list[LmEvalModel] = field(default_factory=list)
    # As evaluate.benchmarks: subset size, null for the whole split; the items are evaluate's (its seed).
    benchmarks: dict[str, int | None] = field(default_factory=lambda: {b: 100 for b in LMEVAL_BENCHMARKS})
    batch_size: int = 1
    num_fewshot: int = 0
    threads: int = 0  # torch threads (0 = leave as is)

    def __post_init__(self) -> None:
        unknown = set(self.benchmarks) - set(LMEVAL_BENCHMARKS)
        if unknown:
            raise ConfigError(f"lmeval.benchmarks: unknown {', '.join(sorted(unknown))}; known: {LMEVAL_BENCHMARKS}")
        if any(n is not None and n < 1 for n in self.benchmarks.values()):
            raise ConfigError(f"lmeval.benchmarks: sizes must be >= 1 or null (the whole split), got {self.benchmarks}")
        if self.batch_size < 1 or self.num_fewshot < 0 or self.threads < 0:
            raise ConfigError("lmeval.batch_size must be >= 1, lmeval.num_fewshot and lmeval.threads >= 0")
        if self.num_fewshot:
            # Shots would leak answers: the local MedQA copy has no training split (lm-eval would draw them from the
            # test items), and 5 of the 30 MMLU-medical dev rows are test rows of another subject (meddata.mmlu).
            raise ConfigError(
                "lmeval.num_fewshot > 0 needs a training split free of test items, which the local copies lack"
            )
        names = [m.name for m in self.models]
        if len(set(names)) != len(names):
            raise ConfigError(f"lmeval.models: names must be unique, got {names}")


@dataclass
class PairConfig:
    """Two evaluated configurations compared item by item (exact McNemar test on the same items)."""

    base: str  # an evaluate entry's name
    candidate: str


@dataclass
class ReportConfig:
    title: str = "Medical student: distillation, quantization, evaluation"
    command: str = ""  # the command that produced the run, printed at the top of the report
    pairs: list[PairConfig] = field(default_factory=list)


@dataclass
class Profile:
    workdir: Path
    data_dir: Path = REPO_ROOT.parent / "shared" / "data"
    report_dir: Path | None = None  # default: <workdir>/report
    stages: list[str] = field(default_factory=lambda: list(STAGES))
    student: StudentConfig = field(default_factory=StudentConfig)
    data: DataConfig = field(default_factory=DataConfig)
    teacher: TeacherConfig = field(default_factory=TeacherConfig)
    distill: DistillConfig = field(default_factory=DistillConfig)
    adapter: AdapterConfig = field(default_factory=AdapterConfig)
    merge: MergeConfig = field(default_factory=MergeConfig)
    quantize: QuantizeConfig = field(default_factory=QuantizeConfig)
    gguf: GgufConfig = field(default_factory=GgufConfig)
    evaluate: EvaluateConfig = field(default_factory=EvaluateConfig)
    lmeval: LmEvalConfig = field(default_factory=LmEvalConfig)
    report: ReportConfig = field(default_factory=ReportConfig)


def _build(kind: Any, value: Any, where: str) -> Any:
    """`value` (parsed YAML) as `kind`, checked: unknown keys, wrong scalar types and bad Literals are errors."""
    origin = typing.get_origin(kind)
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {value!r}")
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        unknown = set(value) - names
        if unknown:
            raise ConfigError(
                f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(names))}"
            )
        return kind(**{k: _build(hints[k], v, f"{where}.{k}") for k, v in value.items()})
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in typing.get_args(kind):
            return None
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return _build(options[0], value, where)
    if origin is Literal:
        if value not in typing.get_args(kind):
            raise ConfigError(f"{where}: expected one of {typing.get_args(kind)}, got {value!r}")
        return value
    if origin is list:
        (inner,) = typing.get_args(kind)
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        return [_build(inner, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        key_kind, value_kind = typing.get_args(kind)
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {value!r}")
        return {_build(key_kind, k, where): _build(value_kind, v, f"{where}.{k}") for k, v in value.items()}
    return _scalar(kind, value, where)


def _scalar(kind: Any, value: Any, where: str) -> Any:
    if kind is Path:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a path, got {value!r}")
        return Path(value)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)  # YAML reads `1` as an int
    if kind is float and isinstance(value, str):
        try:
            return float(value)  # PyYAML (YAML 1.1) reads `1e-4`, without a dot, as a string
        except ValueError:
            pass
    if kind in (int, float, str, bool) and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
        raise ConfigError(f"{where}: expected {kind.__name__}, got {value!r}")
    return value


def load_profile(path: Path, overrides: typing.Sequence[str] = ()) -> Profile:
    """Read a profile and apply `--set section.key=value` overrides (values parsed as YAML, then type-checked)."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    for item in overrides:  # "distill.max_steps=2"
        key, sep, text = item.partition("=")
        if not sep or not key:
            raise ConfigError(f"override must look like section.key=value, got {item!r}")
        node = raw
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"override {item!r}: {part} is not a section")
        node[leaf] = yaml.safe_load(text)
    if "workdir" not in raw:
        raise ConfigError(f"{path}: 'workdir' is required")
    try:
        profile = _build(Profile, raw, Path(path).name)
    except ConfigError:
        raise
    except (TypeError, ValueError) as exc:  # a dataclass's own range check, or a missing required field
        raise ConfigError(f"{Path(path).name}: {exc}") from None
    profile.workdir = _relative(profile.workdir)
    profile.data_dir = _relative(profile.data_dir)
    if profile.report_dir is not None:
        profile.report_dir = _relative(profile.report_dir)
    unknown = set(profile.stages) - set(STAGES)
    if unknown:
        raise ConfigError(f"unknown stage(s) {', '.join(sorted(unknown))}; stages: {', '.join(STAGES)}")
    names = {entry.name for entry in profile.evaluate.models}
    for pair in profile.report.pairs:
        if {pair.base, pair.candidate} - names:
            raise ConfigError(f"report.pairs: {pair.base!r} and {pair.candidate!r} must be evaluate.models names")
    return profile


def _relative(path: Path) -> Path:
    """Relative paths in a profile are relative to the repository root, wherever the command runs from."""
    return path if path.is_absolute() else REPO_ROOT / path
