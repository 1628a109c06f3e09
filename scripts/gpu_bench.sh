#!/usr/bin/env bash
# Every GPU row of the benchmark in one run, on a CUDA machine with torch and triton (the lent H100):
#   bash scripts/gpu_bench.sh [python -m bench.gpu arguments…]
# GemLite (pure Python + Triton) comes from requirements-gpu.txt, or offline from a wheel in .devcarry/ that
# `pip wheel --no-deps -w .devcarry gemlite==0.6.0.post2` made.
set -euo pipefail
out=${OUT:-bench/results}
mkdir -p "$out"
if ! python3 -c "import gemlite" 2>/dev/null; then
  if ls .devcarry/gemlite-*.whl >/dev/null 2>&1; then
    python3 -m pip install -q --no-index --no-deps --target /tmp/gpu-bench-site .devcarry/gemlite-*.whl
    export PYTHONPATH=/tmp/gpu-bench-site:${PYTHONPATH:-}
  else
    python3 -m pip install -q -r requirements-gpu.txt
  fi
fi
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,temperature.gpu,power.draw --format=csv | tee "$out/gpu-smi.csv"
set -o pipefail
python3 -m bench.gpu --out "$out/gpu.json" "$@" 2>&1 | tee "$out/gpu.log"
