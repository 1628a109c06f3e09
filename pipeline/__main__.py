"""python -m pipeline <stage|all> --config pipeline/configs/<profile>.yaml [--set section.key=value …] [--force]"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from pipeline.config import STAGES, ConfigError, Profile, load_profile


def _resolve(path: str, profile: Profile) -> str:
    """`@student` in an evaluate entry is the profile's student; `@adapter`, `@merge`, `@quantize`, `@gguf` this run's
    outputs."""
    aliases = {
        "@student": profile.student.model,
        "@adapter": profile.workdir / "adapter" / f"adapter-{profile.adapter.outtype}.gguf",
        "@merge": profile.workdir / "merge" / "model",
        "@quantize": profile.workdir / "quantize" / "model",
        "@gguf": profile.workdir / "gguf" / f"model-{profile.gguf.quant}.gguf",
    }
    return str(aliases.get(path, path))


def run_stage(stage: str, profile: Profile, force: bool) -> dict:
    wd = profile.workdir
    if stage == "data":
        from pipeline import data

        return data.run(profile.data, profile.data_dir, wd / "data", force)
    if stage == "teacher":
        from pipeline import teacher

        return teacher.run(profile.teacher, wd / "data", wd / "teacher", force)
    if stage == "distill":
        from pipeline import distill

        traces = None if profile.distill.synthetic_tokens else wd / "teacher"
        return distill.run(profile.distill, profile.student, traces, wd / "distill", force)
    if stage == "adapter":
        from pipeline import adapter

        return adapter.run(profile.adapter, profile.student, wd / "distill", wd / "adapter", force)
    if stage == "merge":
        from pipeline import merge

        return merge.run(profile.merge, profile.student, wd / "distill" / "adapter", wd / "merge", force)
    if stage == "quantize":
        from pipeline import quantize

        return quantize.run(
            profile.quantize, wd / "merge" / "model", wd / "teacher", wd / "data", wd / "quantize", force
        )
    if stage == "gguf":
        from pipeline import gguf

        return gguf.run(profile.gguf, wd / "merge" / "model", wd / "gguf", force)
    if stage == "evaluate":
        from pipeline import evaluate

        for entry in profile.evaluate.models:
            entry.path = _resolve(entry.path, profile)
            entry.lora = _resolve(entry.lora, profile) if entry.lora else ""
        return evaluate.run(profile.evaluate, profile.data_dir, wd / "evaluate", force)
    if stage == "lmeval":
        from pipeline import lmeval

        for model in profile.lmeval.models:
            model.path = _resolve(model.path, profile)
        # evaluate's seed: lm-eval scores the very items the evaluate stage scored
        return lmeval.run(profile.lmeval, profile.data_dir, wd / "lmeval", profile.evaluate.seed, force)
    if stage == "report":
        from pipeline import report

        return report.run(profile.report, wd, profile.report_dir or wd / "report", force)
    raise ConfigError(f"unknown stage {stage!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    parser.add_argument("stage", choices=[*STAGES, "all"])
    parser.add_argument("--config", required=True, type=Path, help="a profile under pipeline/configs/")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE")
    parser.add_argument("--force", action="store_true", help="rerun stages that already finished with this config")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpx2", "huggingface_hub"):  # one line per HTTP request otherwise
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        profile = load_profile(args.config, args.overrides)
    except (ConfigError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    stages = profile.stages if args.stage == "all" else [args.stage]
    for stage in stages:
        t0 = time.time()
        where = (profile.report_dir or profile.workdir / stage) if stage == "report" else profile.workdir / stage
        print(f"== {stage} ({where})", flush=True)
        manifest = run_stage(stage, profile, args.force)
        summary = {k: v for k, v in manifest.items() if k not in {"config", "log_history", "subsets", "versions"}}
        print(f"== {stage} done in {time.time() - t0:.0f} s: {json.dumps(summary, default=str)[:800]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
