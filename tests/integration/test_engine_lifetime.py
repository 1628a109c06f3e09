"""The engine dies with the app, however the app ends (issue 11).

A small Python process stands in for the app: it starts a real llama-server on SmolLM2-135M, installs the
termination handlers app.py installs, prints the server's pid and waits. The test then ends that process with
SIGTERM (what a container stop, a Space restart or systemd sends) or SIGKILL (the OOM killer, `docker kill`), and
the llama-server process must be gone within seconds in both cases, not left as an orphan holding its port.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from backend.config import load_settings
from backend.models import resolve_model

ROOT = Path(__file__).resolve().parents[2]

APP = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from backend.engines.llama_server import LlamaServer, LlamaServerConfig, install_termination_handlers

    config = LlamaServerConfig(Path(sys.argv[1]), threads=1, parallel=1, context_per_session=512, self_test=False)
    server = LlamaServer(config, startup_timeout_s=120)
    install_termination_handlers(server.stop)
    server.ensure_running()
    print(server.pid, flush=True)
    while True:
        time.sleep(1)
    """
)


def _alive(pid: int) -> bool:
    """Running or sleeping; a zombie waiting for init to reap it counts as gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def _comm(pid: int) -> str:
    return Path(f"/proc/{pid}/comm").read_text().strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signals are Linux-only")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_llama_server_dies_with_the_app(sig):
    model = resolve_model("smollm2-135m-instruct", load_settings().model_cache_dir)
    app = subprocess.Popen(
        [sys.executable, "-c", APP, str(model.path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        line = app.stdout.readline().decode().strip()
        assert line.isdigit(), f"the app did not start its server: {app.stderr.read().decode()[-2000:]}"
        server_pid = int(line)
        assert _alive(server_pid) and _comm(server_pid) == "llama-server"

        app.send_signal(sig)
        code = app.wait(timeout=30)
        assert code == (143 if sig == signal.SIGTERM else -signal.SIGKILL)
        deadline = time.monotonic() + 5.0
        while _alive(server_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(server_pid), f"llama-server (pid {server_pid}) outlived the app after {sig.name}"
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
