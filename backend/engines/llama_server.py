"""Start and supervise llama.cpp's `llama-server` on loopback.

llama-server batches concurrent requests across parallel slots (continuous batching), so sessions do not queue
behind each other. The binary is built from llama.cpp's MIT source by `scripts/build_llama_server.sh` (run by
`scripts/setup.sh`) into a cache outside the checkout; its CPU kernels are chosen at start for the CPU present, so
one build runs on any x86-64 with AVX2.

The server is bound to this process's life: it dies with the app however the app ends (SIGTERM through
`install_termination_handlers`, SIGKILL through the kernel's parent-death signal), and when it dies from a signal the
error names the cause and the fix (`describe_exit`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

from backend.types import BackendUnavailable

log = logging.getLogger(__name__)

REBUILD_HINT = "bash scripts/build_llama_server.sh --force"
SETUP_HINT = "bash scripts/setup.sh"


def engine_cache_root() -> Path:
    """Where scripts/build_llama_server.sh installs builds; `current` points at the one the app uses."""
    if root := os.environ.get("MEDASSIST_ENGINE_CACHE"):
        return Path(root).expanduser()
    return Path.home() / ".cache" / "medassist" / "llama-server"


def find_llama_server() -> Path:
    """The llama-server binary: $MEDASSIST_LLAMA_SERVER, then the build cache's `current`, then PATH."""
    if explicit := os.environ.get("MEDASSIST_LLAMA_SERVER"):
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise BackendUnavailable(f"MEDASSIST_LLAMA_SERVER={explicit} does not exist")
        return path
    cached = engine_cache_root() / "current" / "bin" / "llama-server"
    if cached.is_file():
        return cached
    if found := shutil.which("llama-server"):
        return Path(found)
    raise BackendUnavailable(
        f"llama-server not found (not in {cached.parent.parent} nor on PATH): build it with `{SETUP_HINT}` "
        f"(or `bash scripts/build_llama_server.sh`), or set MEDASSIST_LLAMA_SERVER to a llama-server binary"
    )


def server_env(binary: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The child's environment: a shared build finds its libraries in <build>/lib even without its RPATH."""
    env = dict(os.environ if base is None else base)
    lib = binary.resolve().parent.parent / "lib"
    if lib.is_dir():
        env["LD_LIBRARY_PATH"] = os.pathsep.join(p for p in (str(lib), env.get("LD_LIBRARY_PATH", "")) if p)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- why the server died -------------------------------------------------------------------------------------------


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 2**30:.1f} GiB" if n_bytes >= 2**30 else f"{n_bytes / 2**20:.0f} MiB"


def _tail(log_tail: str, lines: int = 8) -> str:
    kept = [line for line in log_tail.splitlines() if line.strip()][-lines:]
    return ("\nlast log lines:\n" + "\n".join(kept)) if kept else ""


def describe_exit(
    returncode: int, log_tail: str, *, model_name: str | None = None, model_bytes: int | None = None
) -> str:
    """A message that names why llama-server ended and what to do about it.

    returncode follows subprocess: negative means killed by that signal. The causes are the ones seen in practice:
    SIGILL is a build for another CPU (issue 11: AMX advertised by a VM that does not enable it), SIGKILL from
    outside is almost always the kernel's out-of-memory killer, SIGSEGV/SIGABRT/SIGBUS are crashes whose log says more.
    """
    model = f" {model_name}" if model_name else " the model"
    if model_bytes:
        model += f" ({_size(model_bytes)} file)"
    if returncode >= 0:
        return f"llama-server exited with code {returncode}{_tail(log_tail)}"
    signum = -returncode
    try:
        name = signal.Signals(signum).name
    except ValueError:
        name = f"signal {signum}"
    head = f"llama-server was killed by {name}"
    if signum == signal.SIGILL:
        return (
            f"{head} (illegal instruction): the CPU lacks an instruction this llama-server build uses (it was built "
            f"for another CPU, e.g. with -march=native, or uses AMX/AVX-512 that this machine or VM does not enable); "
            f"rebuild with the portable build: {REBUILD_HINT}"
        )
    if signum == signal.SIGKILL:
        return (
            f"{head}: most likely out of memory while serving{model}; free memory, lower the parallel sessions or "
            f"context, or choose a smaller model (e.g. qwen2.5-0.5b-instruct)"
        )
    if signum == signal.SIGBUS:
        return (
            f"{head} (bus error): the model file may be truncated or its disk full; re-assemble{model}{_tail(log_tail)}"
        )
    if signum in (signal.SIGSEGV, signal.SIGABRT):
        what = "segmentation fault" if signum == signal.SIGSEGV else "aborted: an internal check failed"
        return f"{head} ({what}): llama-server crashed on{model}; the log says more{_tail(log_tail)}"
    if signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        return f"{head}: it was stopped from outside (a shutdown or an operator), not by a fault"
    return f"{head}{_tail(log_tail)}"


# --- binding the child to this process's life ----------------------------------------------------------------------

_PR_SET_PDEATHSIG = 1
_libc: ctypes.CDLL | None = None
if sys.platform.startswith("linux"):
    try:
        _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:  # pragma: no cover - a Linux without a loadable libc
        _libc = None

# PR_SET_PDEATHSIG fires when the *thread* that forked the child ends, not the process. Requests run on worker
# threads that come and go (Gradio/anyio retire idle ones), so every spawn happens on this one thread, which lives
# until the interpreter exits.
_spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llama-server-spawner")


def _bind_to_parent(parent_pid: int) -> Callable[[], None]:
    """A preexec_fn: ask the kernel to SIGKILL the child when its parent dies, and close the fork/exit race.

    SIGKILL, not SIGTERM: a server whose parent is gone has nobody to finish a request for, and a clean-clone test run
    (2026-12-07, two cores under load) left a llama-server that had been sent SIGTERM this way still running 13
    minutes later, adopted by init. The app's own stop (LlamaServer.stop) is still the graceful one."""
    libc = _libc  # looked up before fork: only the call itself runs in the child

    def preexec() -> None:
        if libc is not None:
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(1)

    return preexec


def spawn_bound(cmd: Sequence[str], *, env: dict[str, str], cwd: Path | None = None) -> subprocess.Popen[bytes]:
    """Start `cmd` in its own session (a terminal's Ctrl-C goes to the app, which stops it in order), bound to us."""

    def popen() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            list(cmd),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=cwd,
            start_new_session=True,
            preexec_fn=_bind_to_parent(os.getpid()),
        )

    return _spawner.submit(popen).result()


def install_termination_handlers(
    cleanup: Callable[[], None], signals: Sequence[signal.Signals] = (signal.SIGTERM, signal.SIGHUP)
) -> None:
    """On SIGTERM/SIGHUP (a container stop, a Space restart, systemd, a closed terminal) run `cleanup`, then exit.

    Call from the main thread. The exit status is 128 + the signal (143 for SIGTERM), as a shell reports it. The
    process leaves through os._exit: a SystemExit raised into Gradio's serving loop can leave non-daemon threads
    holding the process open, which is the orphan this exists to prevent.
    """
    done = threading.Event()

    def handler(signum: int, _frame: object) -> None:
        if not done.is_set():
            done.set()
            log.warning("received %s: stopping", signal.Signals(signum).name)
            try:
                cleanup()
            except Exception:
                log.exception("cleanup after %s failed", signal.Signals(signum).name)
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(128 + signum)

    for sig in signals:
        signal.signal(sig, handler)


# --- the server ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoraAdapter:
    """A GGUF LoRA adapter applied on top of the served model, at `scale` (0 = the base model's outputs)."""

    path: Path
    scale: float = 1.0

    def __post_init__(self) -> None:
        # llama.cpp reads --lora as a comma-separated list: a comma in the path would split it.
        if "," in str(self.path):
            raise ValueError(f"a LoRA adapter path cannot contain a comma (llama-server splits on it): {self.path}")


@dataclass(frozen=True)
class LlamaServerConfig:
    model_path: Path
    threads: int = 0  # 0 = all cores
    parallel: int = 4
    context_per_session: int = 4096
    port: int = 0  # 0 = pick a free one
    extra_args: tuple[str, ...] = ()
    lora: LoraAdapter | None = None
    # One short prompt through the model at start: a crash on the first real compute (issue 11's SIGILL) then shows
    # at start-up with its cause, not on a user's first request.
    self_test: bool = True

    def command(self, binary: Path, port: int) -> list[str]:
        threads = self.threads or os.cpu_count() or 1
        return [
            str(binary),
            "--model",
            str(Path(self.model_path).resolve()),  # absolute: the child runs in the binary's folder
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
            *self._lora_args(),
            *self.extra_args,
        ]

    def _lora_args(self) -> list[str]:
        if self.lora is None:
            return []
        path = str(Path(self.lora.path).resolve())
        # Another scale is set through /lora-adapters once the server is up (`--lora-scaled` splits on ':', which a
        # path may hold).
        return ["--lora", path] if self.lora.scale == 1.0 else ["--lora", path, "--lora-init-without-apply"]


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
        self._drainer: threading.Thread | None = None
        self.last_exit: str | None = None  # why the previous process ended, when it ended unexpectedly

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def restarts(self) -> int:
        return self._restarts

    def describe(self, returncode: int) -> str:
        if self._drainer is not None:
            self._drainer.join(timeout=1.0)  # the last lines before a crash are the useful ones
        path = Path(self.config.model_path)
        size = path.stat().st_size if path.is_file() else None
        return describe_exit(returncode, "\n".join(self._log_tail), model_name=path.name, model_bytes=size)

    def exit_reason(self) -> str | None:
        """Why the server is not running, for a request that failed because it died; None while it runs."""
        proc = self._proc
        if proc is None:
            return self.last_exit
        code = proc.poll()
        return None if code is None else self.describe(code)

    def ensure_running(self) -> None:
        with self._lock:
            if self.running and self._wait_healthy(10.0):
                return
            if self._proc is not None:
                code = self._proc.poll()
                if code is not None:
                    self.last_exit = self.describe(code)
                    if code == -signal.SIGILL:
                        # Deterministic: the same binary on the same CPU traps again. Say so instead of looping.
                        raise BackendUnavailable(self.last_exit)
                    log.warning("%s; restarting", self.last_exit)
                self._restarts += 1
                self._stop_locked()
                # Back off on crash loops so a bad model file does not spin the CPU.
                wait = min(30.0, 2.0 ** min(self._restarts, 5)) - (time.monotonic() - self._last_start)
                if wait > 0:
                    time.sleep(wait)
            self._start_locked()

    def _start_locked(self) -> None:
        binary = find_llama_server()
        cmd = self.config.command(binary, self.port)
        log.info("starting %s on port %d with %s", binary, self.port, Path(self.config.model_path).name)
        self._last_start = time.monotonic()
        self._log_tail.clear()
        # cwd: ggml looks for its CPU-variant libraries beside the binary and in the working directory.
        proc = spawn_bound(cmd, env=server_env(binary), cwd=binary.parent)
        self._proc = proc
        self._drainer = threading.Thread(target=self._drain, args=(proc,), daemon=True)
        self._drainer.start()
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise BackendUnavailable(f"llama-server exited during start: {self.describe(proc.returncode)}")
            if self._healthy():
                if self.config.lora is not None:
                    self._apply_lora(self.config.lora)
                if self.config.self_test:
                    self._self_test(proc)
                return
            time.sleep(0.25)
        self._stop_locked()
        raise BackendUnavailable(f"llama-server did not become ready within {self.startup_timeout_s:.0f}s")

    def _apply_lora(self, lora: LoraAdapter) -> None:
        """Set the adapter's scale and check, through the server's own /lora-adapters, that it is the one loaded."""
        try:
            if lora.scale != 1.0:
                httpx.post(f"{self.url}/lora-adapters", json=[{"id": 0, "scale": lora.scale}], timeout=10.0)
            loaded = httpx.get(f"{self.url}/lora-adapters", timeout=10.0).json()
        except (httpx.HTTPError, ValueError) as exc:
            self._stop_locked()
            raise BackendUnavailable(f"llama-server did not answer /lora-adapters: {exc}") from None
        expected = str(Path(lora.path).resolve())
        # The server holds the scale as a float32: 0.3 comes back as 0.30000001192…
        ok = (
            len(loaded) == 1
            and loaded[0].get("path") == expected
            and abs(loaded[0].get("scale", -1) - lora.scale) < 1e-6
        )
        if not ok:
            self._stop_locked()
            raise BackendUnavailable(
                f"llama-server reports LoRA adapters {loaded}, expected {expected} at {lora.scale}"
            )

    def lora_adapters(self) -> list[dict]:
        """The adapters the running server has loaded, with their scales (llama-server's GET /lora-adapters)."""
        return httpx.get(f"{self.url}/lora-adapters", timeout=10.0).json()

    def _self_test(self, proc: subprocess.Popen[bytes]) -> None:
        # A prompt of a few dozen tokens goes through the batched matrix kernels, where the AMX/AVX-512 code lives.
        prompt = "Self-test. Reply with one word. " * 4
        try:
            httpx.post(
                f"{self.url}/completion",
                json={"prompt": prompt, "n_predict": 1, "temperature": 0.0, "cache_prompt": False},
                timeout=120.0,
            )
        except httpx.HTTPError as exc:
            if proc.poll() is None:
                log.warning("llama-server self-test request failed (%s); the server is up, continuing", exc)
        try:
            code = proc.wait(timeout=0.2)  # a crash during the request shows up a moment after the reset
        except subprocess.TimeoutExpired:
            return
        self.last_exit = self.describe(code)
        raise BackendUnavailable(f"llama-server died on its first computation: {self.last_exit}")

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
        # Bounded: a start in progress holds the lock for up to startup_timeout_s, and a shutdown cannot wait that long
        # (a container's grace period is ~10 s). Stopping without the lock makes that start fail, which is the intent.
        acquired = self._lock.acquire(timeout=5.0)
        try:
            self._stop_locked()
        finally:
            if acquired:
                self._lock.release()

    def _stop_locked(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
