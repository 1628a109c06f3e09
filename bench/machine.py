"""What a benchmark ran on: CPU, cores, versions, command, date."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path


def _cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def package_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def llama_server_build() -> str:
    """Which llama-server build the benchmark ran: source, variant and flags from the build's build.json."""
    try:
        from backend.engines.llama_server import find_llama_server

        manifest = find_llama_server().resolve().parent.parent / "build.json"
        build = json.loads(manifest.read_text(encoding="utf-8"))
        return f"{build.get('source', '?')} {build.get('variant', build.get('key', '?'))}"
    except Exception as exc:  # a benchmark's header line must never stop the benchmark
        return f"unknown ({type(exc).__name__})"


def machine_info() -> dict:
    try:
        git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        git = "unknown"
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join([os.path.basename(sys.executable), "-m", *sys.argv]),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "llama-server": llama_server_build(),
        "gradio": package_version("gradio"),
        "commit": git,
    }


def typed_command(argv: list[str] | tuple[str, ...], module: str) -> str:
    """The command as typed, from sys.argv: `python -m bench.<module> …` when the module ran itself, else the
    `python -m bench <subcommand> …` form (argv[1:] already holds the subcommand)."""
    name = f"bench.{module}" if argv and Path(argv[0]).stem == module else "bench"
    return " ".join(["python", "-m", name, *argv[1:]])
