"""The CPU benchmark harness runs: a smoke run in the default tier, a real sweep in the slow tier (prints a table)."""

from __future__ import annotations

import pytest

from bench import cpu


def test_smoke_run_measures_every_layer(harness_args, tmp_path):
    report = cpu.main(harness_args(cpu, smoke=True, transformers=True))
    layers = {(r["layer"], r["concurrency"]) for r in report["rows"]}
    assert {("raw", 1), ("backend", 1), ("raw", 2), ("backend", 2), ("engine", 1), ("transformers", 1)} <= layers
    assert report["transformers"].startswith("transformers ")
    for row in report["rows"]:
        assert row["aggregate_tok_s"] > 0 and row["latency_p95_s"] >= row["latency_p50_s"] > 0
    assert report["bandwidth_floor_tok_s"] > 0 and report["server_peak_rss_mb"] > 0
    assert (tmp_path / "cpu.json").is_file()


@pytest.mark.slow
def test_cpu_sweep(harness_args, capsys):
    with capsys.disabled():
        report = cpu.main(
            harness_args(cpu, threads=2, concurrency=[1, 8], prompt_tokens=512, output_tokens=64, transformers=True)
        )
    assert len(report["rows"]) == 6
