"""Load: 32 concurrent sessions, several turns each, through the real app API (gradio_client), on the embedded
engine and on a real OpenAI-compatible server. Slow tier: `bash scripts/run_tests.sh -m slow -s` prints figures.

Cross-wiring check: every question carries a session-unique code; an answer holding another session's code would
be a response delivered to the wrong session.
"""

from __future__ import annotations

import re
import statistics
import time

import pytest
from gradio_client import Client

from backend.engines.remote import RemoteEngine
from backend.service import AssistantService
from core.concurrency import run_in_threads
from tests.conftest import served_app

pytestmark = pytest.mark.slow

SESSIONS, TURNS = 32, 3
CODE = re.compile(r"\b[A-Z]{2}\d{4}\b")


@pytest.fixture(scope="module")
def remote_app_url(llama_server):
    service = AssistantService(RemoteEngine(llama_server.url, model_name="llama.cpp server (remote)"))
    with served_app(service) as url:
        yield url


def _session(url: str, index: int) -> list[dict]:
    client = Client(url, verbose=False)
    results = []
    for turn in range(TURNS):
        code = f"{chr(65 + index % 26)}{chr(65 + index // 26)}{index:02d}{turn:02d}"
        started = time.monotonic()
        try:
            notice, steps, answer, meta, _computed, _sources = client.predict(
                f"Repeat this reference code exactly once: {code}. Then say what a reference code is for.",
                "",
                64,
                0.0,
                api_name="/education",
            )
            text = answer + " " + " ".join(str(s) for s in steps)
            results.append(
                {
                    "code": code,
                    "latency": time.monotonic() - started,
                    "ok": "Model:" in meta,
                    "notice": notice,
                    "codes": set(CODE.findall(text)),
                }
            )
        except Exception as exc:  # counted as a lost response below
            results.append(
                {"code": code, "latency": time.monotonic() - started, "ok": False, "notice": repr(exc), "codes": set()}
            )
    return results


@pytest.mark.parametrize("target", ["embedded", "remote"])
def test_32_concurrent_sessions(target, request, capsys):
    url = request.getfixturevalue("app_url" if target == "embedded" else "remote_app_url")
    started = time.monotonic()
    per_session = run_in_threads([lambda i=i: _session(url, i) for i in range(SESSIONS)])
    wall = time.monotonic() - started
    results = [r for session in per_session for r in session]
    all_codes = {r["code"] for r in results}
    lost = [r for r in results if not r["ok"]]
    crossed = [r for r in results if (r["codes"] & all_codes) - {r["code"]}]
    echoed = sum(r["code"] in r["codes"] for r in results)
    latencies = sorted(r["latency"] for r in results)
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    with capsys.disabled():
        print(
            f"\n[load:{target}] sessions={SESSIONS} turns={TURNS} requests={len(results)} lost={len(lost)} "
            f"cross-wired={len(crossed)} echoed-own-code={echoed} p50={p50:.1f}s p95={p95:.1f}s wall={wall:.0f}s"
        )
    assert not crossed
    assert not lost, [r["notice"][:200] for r in lost[:3]]
