"""MedMCQA (../shared/data/medmcqa): the dev split only, evaluation only. `cop` counts from 1 (SOURCE.md)."""

from __future__ import annotations

import json
from pathlib import Path

from meddata.mcq import MCQ


def dev_items(data_dir: Path) -> list[MCQ]:
    path = data_dir / "medmcqa" / "dev.json"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        MCQ(
            f"medmcqa:{r['id']}",
            "medmcqa",
            r["question"],
            tuple(zip("ABCD", (r["opa"], r["opb"], r["opc"], r["opd"]), strict=True)),
            "ABCD"[r["cop"] - 1],
        )
        for r in rows
    ]
