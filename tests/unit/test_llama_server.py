"""llama-server supervision without a model: exit diagnosis, finding the binary, binding the child to our life."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from backend.engines.llama_server import (
    REBUILD_HINT,
    LlamaServer,
    LlamaServerConfig,
    describe_exit,
    find_llama_server,
    server_env,
    spawn_bound,
)
from backend.types import BackendUnavailable

LOG = "\n".join(f"line {i}" for i in range(20))


def test_sigill_names_the_instruction_cause_and_the_rebuild_command():
    message = describe_exit(-signal.SIGILL, LOG)
    assert "SIGILL" in message and "lacks an instruction" in message
    assert REBUILD_HINT in message and REBUILD_HINT == "bash scripts/build_llama_server.sh --force"


def test_sigkill_suggests_out_of_memory_with_the_model_size_and_a_smaller_model():
    message = describe_exit(-signal.SIGKILL, LOG, model_name="qwen-1.5b.gguf", model_bytes=1_180_000_000)
    assert "SIGKILL" in message and "out of memory" in message
    assert "qwen-1.5b.gguf (1.1 GiB file)" in message and "smaller model" in message
    assert "line 19" not in message, "an OOM kill's log tail is model loading noise"


def test_sigsegv_is_a_crash_with_the_last_log_lines_only():
    message = describe_exit(-signal.SIGSEGV, LOG + "\n\n")
    assert "SIGSEGV" in message and "segmentation fault" in message
    assert message.endswith("line 19") and "line 12" in message and "line 11" not in message


def test_a_plain_exit_code_keeps_the_log_tail():
    assert describe_exit(1, "error: failed to load model") == (
        "llama-server exited with code 1\nlast log lines:\nerror: failed to load model"
    )


def test_an_outside_sigterm_is_not_called_a_fault():
    assert "stopped from outside" in describe_exit(-signal.SIGTERM, "")


def test_an_unnamed_signal_still_gives_a_message():
    assert describe_exit(-63, "x").startswith("llama-server was killed by")


def _fake_binary(folder: Path) -> Path:
    folder.mkdir(parents=True)
    binary = folder / "llama-server"
    binary.write_text("#!/bin/sh\n")
    binary.chmod(0o755)
    return binary


def test_find_prefers_the_environment_then_the_cache_then_path(tmp_path, monkeypatch):
    on_path = _fake_binary(tmp_path / "path")
    cached = _fake_binary(tmp_path / "cache" / "key1" / "bin")
    (tmp_path / "cache" / "current").symlink_to("key1")
    explicit = _fake_binary(tmp_path / "explicit")
    monkeypatch.setenv("PATH", str(on_path.parent))
    monkeypatch.setenv("MEDASSIST_ENGINE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("MEDASSIST_LLAMA_SERVER", str(explicit))
    assert find_llama_server() == explicit
    monkeypatch.delenv("MEDASSIST_LLAMA_SERVER")
    assert find_llama_server() == tmp_path / "cache" / "current" / "bin" / "llama-server"
    assert find_llama_server().resolve() == cached
    monkeypatch.setenv("MEDASSIST_ENGINE_CACHE", str(tmp_path / "empty"))
    assert find_llama_server() == on_path


def test_a_missing_binary_names_the_setup_command(tmp_path, monkeypatch):
    monkeypatch.delenv("MEDASSIST_LLAMA_SERVER", raising=False)
    monkeypatch.setenv("MEDASSIST_ENGINE_CACHE", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackendUnavailable, match=r"bash scripts/setup\.sh"):
        find_llama_server()
    monkeypatch.setenv("MEDASSIST_LLAMA_SERVER", str(tmp_path / "nope"))
    with pytest.raises(BackendUnavailable, match="does not exist"):
        find_llama_server()


def test_the_child_finds_the_builds_shared_libraries(tmp_path):
    binary = _fake_binary(tmp_path / "build" / "bin")
    (tmp_path / "build" / "lib").mkdir()
    env = server_env(binary, {"LD_LIBRARY_PATH": "/opt/x"})
    assert env["LD_LIBRARY_PATH"] == f"{tmp_path / 'build' / 'lib'}{os.pathsep}/opt/x"
    assert "LD_LIBRARY_PATH" not in server_env(_fake_binary(tmp_path / "plain"), {})


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_a_spawned_child_gets_sigkill_when_we_die_and_its_own_session():
    probe = textwrap.dedent(
        """
        import ctypes, os
        sig = ctypes.c_int()
        ctypes.CDLL(None).prctl(2, ctypes.byref(sig), 0, 0, 0)  # PR_GET_PDEATHSIG
        print(sig.value, os.getsid(0) == os.getpid())
        """
    )
    proc = spawn_bound([sys.executable, "-c", probe], env=dict(os.environ))
    out, _ = proc.communicate(timeout=30)
    assert out.decode().split() == [str(int(signal.SIGKILL)), "True"]


def test_sigterm_runs_the_cleanup_then_exits_143(tmp_path):
    marker = tmp_path / "cleaned"
    script = textwrap.dedent(
        f"""
        import os, signal, time
        from backend.engines.llama_server import install_termination_handlers
        install_termination_handlers(lambda: open({str(marker)!r}, "w").write("ok"))
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(30)
        """
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", script], cwd=root, timeout=60, capture_output=True)
    assert result.returncode == 143, result.stderr.decode()
    assert marker.read_text() == "ok"


FAKE_SERVER = """#!{python}
# Stands in for llama-server: answers /health, then dies from a signal the way a broken build or the OOM killer ends it.
import http.server, os, signal, sys
mode = os.environ["FAKE_MODE"]
print("load_backend: loaded CPU backend from libggml-cpu-fake.so", flush=True)
if mode == "sigkill-at-start":
    os.kill(os.getpid(), signal.SIGKILL)
port = int(sys.argv[sys.argv.index("--port") + 1])

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"{{}}")

    def do_POST(self):  # the first computation: an illegal instruction
        os.kill(os.getpid(), signal.SIGILL)

http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
"""


def _fake_server(tmp_path: Path, monkeypatch, mode: str) -> LlamaServer:
    binary = tmp_path / "bin" / "llama-server"
    binary.parent.mkdir()
    binary.write_text(FAKE_SERVER.format(python=sys.executable))
    binary.chmod(0o755)
    model = tmp_path / "model.gguf"
    model.write_bytes(b"\0" * 3 * 2**20)
    monkeypatch.setenv("MEDASSIST_LLAMA_SERVER", str(binary))
    monkeypatch.setenv("FAKE_MODE", mode)
    return LlamaServer(LlamaServerConfig(model, threads=1, parallel=1), startup_timeout_s=30)


def test_a_sigill_on_the_first_computation_fails_the_start_with_cause_and_fix(tmp_path, monkeypatch):
    server = _fake_server(tmp_path, monkeypatch, "sigill-on-compute")
    with pytest.raises(BackendUnavailable) as failure:
        server.ensure_running()
    message = str(failure.value)
    assert message.startswith("llama-server died on its first computation: llama-server was killed by SIGILL")
    assert REBUILD_HINT in message and server.exit_reason() == server.last_exit
    with pytest.raises(BackendUnavailable, match="SIGILL"):
        server.ensure_running()  # no restart loop: the same binary traps again
    assert server.restarts == 0
    server.stop()


def test_an_oom_kill_during_start_names_memory_and_the_model_size(tmp_path, monkeypatch):
    server = _fake_server(tmp_path, monkeypatch, "sigkill-at-start")
    with pytest.raises(BackendUnavailable) as failure:
        server.ensure_running()
    message = str(failure.value)
    assert message.startswith("llama-server exited during start: llama-server was killed by SIGKILL")
    assert "out of memory while serving model.gguf (3 MiB file)" in message
