"""The app started the way a Hugging Face Space starts it: `python app.py` with SPACE_ID set, listening on 0.0.0.0,
no users configured and no ../shared beside the checkout. It must come up in demo mode and serve every tab."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from gradio_client import Client

from backend.engines.llama_server import free_port
from backend.types import TASKS
from prompts import load_template
from tests.conftest import SETTINGS, TEST_MODEL

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(url: str, proc: subprocess.Popen, timeout_s: float = 300) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the app exited with code {proc.returncode}:\n{proc.stdout.read()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    pytest.fail("the app did not answer within the time limit")


@pytest.fixture(scope="module")
def space(tmp_path_factory):
    var = tmp_path_factory.mktemp("space-var")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDASSIST_")}
    env.update(
        SPACE_ID="medassist/demo",
        GRADIO_SERVER_NAME="0.0.0.0",
        GRADIO_SERVER_PORT=str(port),
        MEDASSIST_MEDICAL_DATA_DIR=str(var / "no-shared-data-here"),
        MEDASSIST_DATA_DIR=str(var),
        MEDASSIST_CACHE_DIR=str(SETTINGS.model_cache_dir),  # the assembled model, not a second copy
        MEDASSIST_MODEL=TEST_MODEL,
        MEDASSIST_THREADS="1",
    )
    proc = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url, proc)
        yield url, var
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_it_starts_in_demo_mode_with_a_visible_banner(space):
    url, _ = space
    config = httpx.get(f"{url}config", timeout=10).text
    assert "Public demo" in config and "nothing you type is stored" in config


@pytest.mark.parametrize("task", TASKS)
def test_every_tab_answers_without_sign_in(space, task):
    url, _ = space
    example = load_template(task).examples[0]
    values = [example.get(f.name, "") for f in load_template(task).fields]
    notice, _steps, _answer, meta, _computed, _sources = Client(url, verbose=False).predict(
        *values, 64, 0.0, api_name=f"/{task}"
    )
    assert "Model:" in meta and TEST_MODEL.split("-")[0].lower() in meta.lower(), notice


def test_practice_mode_works_from_the_shipped_questions(space):
    url, _ = space
    learner = Client(url, verbose=False)
    drawn = learner.predict(api_name="/practice_draw")
    assert any("PubMedQA" in str(part) or "MMLU" in str(part) for part in drawn)
    result, question_box = learner.predict("A", api_name="/practice_commit")
    assert "The answer is" in result and "A. " in question_box


def test_nothing_typed_is_stored(space):
    url, var = space
    Client(url, verbose=False).predict("Mrs Jane Doe, 4 Elm Street, has a cough", "", 64, 0.0, api_name="/education")
    with sqlite3.connect(var / "audit.sqlite3") as db:
        rows = db.execute("SELECT task, outcome, input_redacted FROM requests").fetchall()
    assert rows and all(text == "" for _, _, text in rows)
    assert b"Jane" not in b"".join(p.read_bytes() for p in var.iterdir() if p.is_file())
