"""What every stage records about itself: a manifest with its config and hash, package versions, machine and timing.

A stage whose manifest already holds the hash of its current config is finished and is skipped (`finished`).
Atomic file I/O lives in core.io; this module only decides what a manifest says.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import time
from dataclasses import asdict, is_dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from core.io import atomic_write_json

MANIFEST = "manifest.json"
TRACKED_PACKAGES = ("torch", "transformers", "peft", "trl", "accelerate", "gptqmodel", "datasets")


def _plain(config: Any) -> Any:
    return asdict(config) if is_dataclass(config) and not isinstance(config, type) else config


def config_hash(config: Any) -> str:
    """16 hex digits of the SHA-256 of the config as sorted JSON: equal configs, equal hashes, across runs."""
    return hashlib.sha256(json.dumps(_plain(config), sort_keys=True, default=str).encode()).hexdigest()[:16]


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in TRACKED_PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


def write_manifest(folder: Path, stage: str, config: Any, started: float, **facts: Any) -> dict:
    """Record what produced a stage's outputs: config and its hash, package versions, machine, timing, facts."""
    manifest = {
        "stage": stage,
        "config": _plain(config),
        "config_hash": config_hash(config),
        "versions": versions(),
        "machine": {"platform": platform.platform(), "processor": platform.processor(), "cpus": os.cpu_count()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "wall_s": round(time.time() - started, 2),
        **facts,
    }
    atomic_write_json(folder / MANIFEST, manifest)
    return manifest


def finished(folder: Path, config: Any) -> dict | None:
    """The stage's manifest if it already ran to the end with this very config (then the stage is skipped)."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    manifest = json.loads(path.read_text(encoding="utf-8"))
    return manifest if manifest.get("config_hash") == config_hash(config) else None
