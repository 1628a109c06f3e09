"""Stage 6 — gguf: export the merged student to GGUF (default Q4_K_M) for CPU/edge serving — the format the app's
embedded engine runs (`MEDASSIST_MODEL=<workdir>/gguf/model-Q4_K_M.gguf`).

The converter is llama.cpp's own `convert_hf_to_gguf.py`, taken from the same llama.cpp source that built our
llama-server (llama-cpp-python's sdist, MIT, pinned by SHA-256, verified by scripts/build_llama_server.sh); the
quantizer is that build's `llama-quantize`. llama.cpp ships the converter only as a script, not as a package.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from backend.config import load_settings
from backend.engines.llama_server import engine_cache_root, find_llama_server
from core.io import atomic_dir, file_sha256
from pipeline.config import GgufConfig
from pipeline.manifest import finished, write_manifest

__all__ = ["GgufConfig", "converter_dir", "export", "run"]

# The llama.cpp source that built our llama-server: llama-cpp-python's sdist (MIT), downloaded and verified by
# scripts/build_llama_server.sh into the engine cache. Same pin as that script.
LLAMA_CPP_SDIST = "llama_cpp_python-0.3.36.tar.gz"
LLAMA_CPP_SDIST_SHA256 = "832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e"
# convert_lora_to_gguf.py (stage adapter) reuses the model definitions of the `conversion` package.
CONVERTER_PARTS = ("convert_hf_to_gguf.py", "convert_lora_to_gguf.py", "conversion/", "gguf-py/")


def converter_dir() -> Path:
    """llama.cpp's converters (model and LoRA scripts, their `conversion` package and matching gguf-py), unpacked
    once from the verified source the engine was built from."""
    folder = load_settings().model_cache_dir / "tools" / "llama.cpp-lcp0.3.36"
    if all((folder / part).exists() for part in CONVERTER_PARTS):  # an unpacking from before a part was added: redo
        return folder
    archive = engine_cache_root() / "src" / LLAMA_CPP_SDIST
    if not archive.is_file():
        raise FileNotFoundError(f"{archive} is missing: run `bash scripts/build_llama_server.sh` (it fetches it)")
    if file_sha256(archive) != LLAMA_CPP_SDIST_SHA256:
        raise RuntimeError(f"{archive} does not have the pinned SHA-256; delete it and rebuild the engine")
    with atomic_dir(folder) as scratch, tarfile.open(archive) as tar:
        prefix = "llama_cpp_python-0.3.36/vendor/llama.cpp/"
        for member in tar.getmembers():
            relative = member.name.removeprefix(prefix)
            if member.name.startswith(prefix) and relative.startswith(CONVERTER_PARTS) and member.isfile():
                member.name = relative
                tar.extract(member, scratch, filter="data")
    return folder


def export(model_dir: Path, target: Path, quant: str, threads: int = 0) -> None:
    tools = converter_dir()
    quantizer = find_llama_server().parent / "llama-quantize"
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        f16 = Path(tmp) / "model-f16.gguf"
        env = {**os.environ, "PYTHONPATH": str(tools / "gguf-py")}
        convert = [sys.executable, str(tools / "convert_hf_to_gguf.py"), str(model_dir), "--outtype", "f16"]
        subprocess.run([*convert, "--outfile", str(f16)], check=True, env=env)
        partial = Path(tmp) / target.name
        cores = str(threads or os.cpu_count() or 1)
        subprocess.run([str(quantizer), str(f16), str(partial), quant, cores], check=True)
        os.replace(partial, target)


def run(cfg: GgufConfig, model_dir: Path, out: Path, force: bool = False) -> dict:
    if not force and (done := finished(out, cfg)):
        return done
    started = time.time()
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"model-{cfg.quant}.gguf"
    export(model_dir, target, cfg.quant, cfg.threads)
    return write_manifest(out, "gguf", cfg, started, gguf=str(target), gguf_bytes=target.stat().st_size)
