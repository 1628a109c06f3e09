"""Stage 9 — report: the evaluation of every configuration as markdown, CSV and a plot, with protocol and n, for
each named pair (base vs candidate) a paired test on the same items (pipeline.paired), and lm-evaluation-harness's
figures for the same weights when the lmeval stage ran (pipeline.lmeval_report)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd

from core.io import atomic_write_text
from pipeline.config import REPO_ROOT, STAGES, PairConfig, ReportConfig
from pipeline.evaluate import ANSWER_PREFIX, INSTRUCTION, RUBRIC
from pipeline.lmeval_report import copy_tasks, section
from pipeline.manifest import write_manifest
from pipeline.paired import Paired, paired

__all__ = ["ReportConfig", "compare", "run", "table"]

SPLITS = {
    "medqa": "MedQA-USMLE 4-option, test",
    "medmcqa": "MedMCQA, dev",
    "pubmedqa": "PubMedQA PQA-L, test ids",
    "mmlu_medical": "MMLU medical subjects, test",
}


def _load(evaluate_dir: Path) -> list[dict]:
    manifest = json.loads((evaluate_dir / "manifest.json").read_text(encoding="utf-8"))
    return [
        json.loads((evaluate_dir / "results" / f"{name}.json").read_text(encoding="utf-8"))
        for name in manifest["models"]
    ]


def _short(path: str) -> str:
    """Paths inside the repository, relative to it: the report is committed and read elsewhere."""
    return path.replace(str(REPO_ROOT) + "/", "")


def table(results: list[dict]) -> pd.DataFrame:
    rows = []
    for r in results:
        row = {"configuration": r["entry"]["name"], "weights": r["entry"]["kind"]}
        for benchmark, acc in r["accuracy"].items():
            row[f"{benchmark} acc"] = acc["accuracy"]
            row[f"{benchmark} ci95"] = f"{acc['ci95'][0]:.2f}–{acc['ci95'][1]:.2f}"
            row[f"{benchmark} n"] = acc["n"]
        row["completeness"] = r["completeness"]["mean"]
        row["completeness k"] = r["completeness"]["k"]
        row["no answer"] = r["completeness"].get("no_answer_share")
        row["output tokens"] = r["completeness"].get("mean_output_tokens")
        row["memory MiB"] = round(r["memory_bytes"] / 2**20, 1)
        row["TTFT s"] = r["latency"]["ttft_s_mean"]
        row["decode tok/s"] = r["latency"]["decode_tok_s_mean"]
        rows.append(row)
    return pd.DataFrame(rows)


def _weights(entry: dict) -> str:
    lora = f" + LoRA `{_short(entry['lora'])}`" if entry.get("lora") else ""
    scale = f" at scale {entry['lora_scale']:g}" if lora and entry.get("lora_scale", 1.0) != 1.0 else ""
    return f"{entry['kind']} `{_short(entry['path'])}`{lora}{scale}"


def _correct(result: dict, benchmarks: list[str]) -> dict[str, bool]:
    return {f"{b}:{a['id']}": a["chosen"] == a["gold"] for b in benchmarks for a in result["accuracy"][b]["answers"]}


def compare(base: dict, candidate: dict) -> dict[str, Paired]:
    """Paired tables per benchmark, over all benchmarks pooled ("all"), and on the generated answers ("generated")."""
    benchmarks = [b for b in base["accuracy"] if b in candidate["accuracy"]]
    tables = {b: paired(_correct(base, [b]), _correct(candidate, [b])) for b in benchmarks}
    if len(benchmarks) > 1:
        tables["all"] = paired(_correct(base, benchmarks), _correct(candidate, benchmarks))
    generated = [{g["id"]: g["correct"] for g in r["completeness"]["generations"]} for r in (base, candidate)]
    if generated[0] and generated[1]:
        tables["generated"] = paired(*generated)
    return tables


def _pair_lines(pair: PairConfig, by_name: dict[str, dict]) -> list[str]:
    base, candidate = by_name[pair.base], by_name[pair.candidate]
    tables = compare(base, candidate)
    lines = [f"### {pair.candidate} vs {pair.base}", ""]
    lines += ["| items | n | base | candidate | difference | only base right | only candidate right | McNemar p |"]
    lines += ["|---|---|---|---|---|---|---|---|"]
    for scope, t in tables.items():
        lines.append(
            f"| {scope} | {t.n} | {t.base_accuracy:.1%} | {t.candidate_accuracy:.1%} | {t.difference * 100:+.1f} pts "
            f"| {t.only_base} | {t.only_candidate} | {t.p_value:.3g} |"
        )
    overall = tables.get("all") or next(iter(tables.values()))
    verdict = overall.verdict()
    lines += [
        "",
        f"On {overall.n} items, {pair.candidate} against {pair.base}: **{verdict}** "
        f"({overall.difference * 100:+.1f} points, exact McNemar p = {overall.p_value:.3g})."
        + ("" if verdict == "candidate better" else f" {pair.candidate} does not win; keep {pair.base}."),
        "",
    ]
    for name, r in ((pair.base, base), (pair.candidate, candidate)):
        c = r["completeness"]
        if c["k"] and c.get("no_answer_share") is not None:
            lines.append(
                f"- {name}: no extractable answer in {c['no_answer_share']:.0%} of {c['k']} generations; "
                f"{c['mean_output_tokens']} output tokens on average"
            )
    return [*lines, ""]


def _markdown(df: pd.DataFrame, results: list[dict], stages: dict, cfg: ReportConfig, lmeval: list[str]) -> str:
    benchmarks = list(results[0]["accuracy"]) if results else []
    header = ["configuration", *(f"{b} (n={results[0]['accuracy'][b]['n']})" for b in benchmarks)]
    header += ["completeness (0–1)", "no answer", "output tokens", "weights in memory", "TTFT", "decode"]
    lines = [f"# {cfg.title}", ""]
    if cfg.command:
        lines += [f"Produced by `{cfg.command}` on {time.strftime('%Y-%m-%d')}.", ""]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for _, row in df.iterrows():
        cells = [f"**{row['configuration']}**"]
        cells += [f"{row[f'{b} acc']:.1%} [{row[f'{b} ci95']}]" for b in benchmarks]
        comp, ttft, rate = row["completeness"], row["TTFT s"], row["decode tok/s"]
        cells.append(f"{comp:.2f} (k={row['completeness k']})" if pd.notna(comp) else "–")
        no_answer, tokens = row["no answer"], row["output tokens"]
        cells.append(f"{no_answer:.0%}" if pd.notna(no_answer) else "–")
        cells.append(f"{tokens:.0f}" if pd.notna(tokens) else "–")
        cells.append(f"{row['memory MiB']:,.0f} MiB")
        cells.append(f"{ttft:.2f} s" if pd.notna(ttft) else "–")
        cells.append(f"{rate:.1f} tok/s" if pd.notna(rate) else "–")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Configurations:"]
    lines += [f"- **{r['entry']['name']}**: {_weights(r['entry'])}. {r['entry']['note']}" for r in results]
    if cfg.pairs:
        by_name = {r["entry"]["name"]: r for r in results}
        lines += ["", "## Paired comparisons (same items)", ""]
        for pair in cfg.pairs:
            lines += _pair_lines(pair, by_name)
    if lmeval:
        lines += ["", *lmeval]
    lines += ["", "## Protocol", ""]
    lines += [
        f"- {b}: {SPLITS[b]}, a fixed seeded subset (ids in evaluate/manifest.json), the same for every row."
        for b in benchmarks
    ]
    lines += [
        f'- Accuracy: zero-shot, one user turn ("{INSTRUCTION}" + question + lettered options) in the model\'s chat '
        f'template; the assistant turn opens with "{ANSWER_PREFIX}" and the option letter with the highest '
        "next-token log-probability is the answer. Brackets: 95% Wilson interval.",
        "- Generations: greedy answers through the app's education template on the first k MedQA items (no answer: "
        "none extractable; output tokens: their mean). Completeness, when the judge is on: those answers graded by the "
        "judge on a 4-criterion rubric (0–2 each, scaled to 0–1); CONCLUSION is 0 when no final answer can be "
        "extracted from the output:",
        "",
        "```",
        RUBRIC,
        "```",
        "- Paired comparisons: each item scored by both configurations; only the items one gets right and the other "
        "wrong move the difference, and the exact (binomial) McNemar test asks whether they split unevenly. "
        '"generated": the answers extracted from the generations above. No extractable answer: '
        "`meddata.answers.extract_choice` finds no option in the generation.",
        "- Memory: weights held in memory (transformers `get_memory_footprint`; for a GGUF its file size, plus its "
        "adapter's). Latency: mean time to first token and "
        "decode rate of the completeness generations, batch 1, on the machine named in the manifests.",
        "",
        "## Stages",
        "",
    ]
    for name, manifest in stages.items():
        facts = {
            k: v
            for k, v in manifest.items()
            if k not in {"config", "versions", "machine", "log_history", "stage", "subsets"}
        }
        shown = _short(json.dumps(facts, default=str))
        lines.append(f"- **{name}** ({manifest['wall_s']:.0f} s): `{shown[:600]}`")
    any_manifest = next(iter(stages.values()), {})
    lines += ["", f"Machine: {any_manifest.get('machine')}; versions: {any_manifest.get('versions')}", ""]
    return "\n".join(lines)


def plot(df: pd.DataFrame, results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    benchmarks = list(results[0]["accuracy"])
    fig, ax = plt.subplots(figsize=(9, 4.5))
    width = 0.8 / max(1, len(results))
    for i, r in enumerate(results):
        accs = [r["accuracy"][b]["accuracy"] for b in benchmarks]
        low = [a - r["accuracy"][b]["ci95"][0] for a, b in zip(accs, benchmarks, strict=True)]
        high = [r["accuracy"][b]["ci95"][1] - a for a, b in zip(accs, benchmarks, strict=True)]
        xs = [j + i * width for j in range(len(benchmarks))]
        ax.bar(xs, accs, width, yerr=[low, high], capsize=3, label=r["entry"]["name"])
    ax.set_xticks([j + width * (len(results) - 1) / 2 for j in range(len(benchmarks))])
    ax.set_xticklabels([f"{b}\n(n={results[0]['accuracy'][b]['n']})" for b in benchmarks])
    ax.set_ylabel("accuracy (95% CI)")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=8)
    ax.set_title("Zero-shot accuracy by configuration")
    fig.tight_layout()
    tmp = path.with_suffix(".tmp.png")
    fig.savefig(tmp, dpi=120)
    plt.close(fig)
    tmp.replace(path)


def run(cfg: ReportConfig, workdir: Path, out: Path, force: bool = False) -> dict:
    started = time.time()
    results = _load(workdir / "evaluate")
    stages = {}
    for stage in STAGES[: STAGES.index("report")]:
        path = workdir / stage / "manifest.json"
        if path.is_file():
            stages[stage] = json.loads(path.read_text(encoding="utf-8"))
    df = table(results)
    out.mkdir(parents=True, exist_ok=True)
    lmeval_dir = workdir / "lmeval"
    lmeval = section(lmeval_dir, results) if (lmeval_dir / "results.json").is_file() else []
    if lmeval:
        copy_tasks(lmeval_dir, out)
    atomic_write_text(out / "results.csv", df.to_csv(index=False))
    atomic_write_text(out / "report.md", _markdown(df, results, stages, cfg, lmeval))
    plot(df, results, out / "accuracy.png")
    return write_manifest(out, "report", cfg, started, rows=len(df))
