"""A profile: one YAML with the work folder, the data folder, and one typed section per stage."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.data import DataConfig
from pipeline.distill import DistillConfig
from pipeline.evaluate import EvaluateConfig
from pipeline.gguf import GgufConfig
from pipeline.merge import MergeConfig
from pipeline.quantize import QuantizeConfig
from pipeline.report import ReportConfig
from pipeline.teacher import TeacherConfig

STAGES = ("data", "teacher", "distill", "merge", "quantize", "gguf", "evaluate", "report")
REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Profile:
    workdir: Path
    data_dir: Path = REPO_ROOT.parent / "shared" / "data"
    report_dir: Path | None = None  # default: <workdir>/report
    stages: list[str] = field(default_factory=lambda: list(STAGES))
    data: DataConfig = field(default_factory=DataConfig)
    teacher: TeacherConfig = field(default_factory=TeacherConfig)
    distill: DistillConfig = field(default_factory=DistillConfig)
    merge: MergeConfig = field(default_factory=MergeConfig)
    quantize: QuantizeConfig = field(default_factory=QuantizeConfig)
    gguf: GgufConfig = field(default_factory=GgufConfig)
    evaluate: EvaluateConfig = field(default_factory=EvaluateConfig)
    report: ReportConfig = field(default_factory=ReportConfig)


class ConfigError(ValueError):
    pass


def _build(kind: Any, value: Any, where: str) -> Any:
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
    if origin is list:
        (inner,) = typing.get_args(kind)
        return [_build(inner, v, f"{where}[{i}]") for i, v in enumerate(value or [])]
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return None if value is None else _build(options[0], value, where)
    if kind is Path:
        return Path(value)
    return value


def load_profile(path: Path, overrides: list[str] = ()) -> Profile:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    for item in overrides:  # "distill.max_steps=2"
        key, _, text = item.partition("=")
        if not _:
            raise ConfigError(f"override must look like section.key=value, got {item!r}")
        node = raw
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = yaml.safe_load(text)
    if "workdir" not in raw:
        raise ConfigError(f"{path}: 'workdir' is required")
    profile = _build(Profile, raw, Path(path).name)
    profile.workdir = _relative(profile.workdir)
    profile.data_dir = _relative(profile.data_dir)
    if profile.report_dir is not None:
        profile.report_dir = _relative(profile.report_dir)
    unknown = set(profile.stages) - set(STAGES)
    if unknown:
        raise ConfigError(f"unknown stage(s) {', '.join(sorted(unknown))}; stages: {', '.join(STAGES)}")
    return profile


def _relative(path: Path) -> Path:
    """Relative paths in a profile are relative to the repository root, wherever the command runs from."""
    return path if path.is_absolute() else REPO_ROOT / path
