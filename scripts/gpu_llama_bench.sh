#!/usr/bin/env bash
# llama.cpp with CUDA on the lent H100: DeepSeek-R1-Distill-Qwen-7B's architecture (random weights) as Q4_K_M,
# batch 1 and 64 sequences of 512 prompt tokens / 256 generated tokens (llama-batched-bench), plus llama-bench.
#
# The GPU machine reaches no registry, so prepare its inputs here first (~20 MB in .devcarry/, under the carry limit):
#   bash scripts/gpu_llama_bench.sh --prepare
# then on the device (carry .devcarry/llama.cpp-src.tar.xz and .devcarry/qwen2-tokenizer):
#   bash scripts/gpu_llama_bench.sh
# Results go to $OUT (or bench/results/llama-cuda): batched-bench.jsonl/.md, llama-bench.json, build.json, gpu-smi.csv.
# With --app, instead of llama.cpp's own benchmarks: the app's serving harness (python -m bench cpu: raw HTTP, the
# engine and the full backend) on the same server with every layer offloaded, batch 1 and 64 concurrent requests
# (app-backend.json); carry .devcarry/wheels too (the app's pinned huggingface_hub 2.x client with httpx2, and
# rapidfuzz; fill it with: pip download --no-deps huggingface_hub==2.4.0 httpx2 httpcore2 truststore hf-xet and the
# rapidfuzz==3.14.6 wheel for the machine's Python).
# Steps: build llama-server + tools with --cuda for the card present (scripts/build_llama_server.sh); a random
# Qwen2ForCausalLM with the 7B config (pipeline.hf_models.RANDOM_ARCHITECTURES["qwen2-7b"]) saved as safetensors;
# llama.cpp's convert_hf_to_gguf.py (the same pinned source) to f16; llama-quantize to Q4_K_M; the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
carry=.devcarry
src_tar=$carry/llama.cpp-src.tar.xz
tokenizer=$carry/qwen2-tokenizer

log() { printf '[gpu-llama-bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

if [[ ${1:-} == --prepare ]]; then
  mkdir -p "$carry"
  bash scripts/build_llama_server.sh --export-source "$src_tar"
  if [[ ! -f $tokenizer/tokenizer.json ]]; then
    .venv/bin/python -c "
from pipeline.hf_models import load_tokenizer
load_tokenizer('random:qwen2-7b').save_pretrained('$tokenizer')"
  fi
  du -sh "$src_tar" "$tokenizer"
  exit 0
fi

app=0
[[ ${1:-} == --app ]] && app=1
[[ -f $src_tar && -f $tokenizer/tokenizer.json ]] || { log "missing $src_tar or $tokenizer: run --prepare first"; exit 1; }
command -v nvidia-smi >/dev/null 2>&1 || { log "no nvidia-smi: this is the GPU benchmark"; exit 1; }
out=${OUT:-bench/results/llama-cuda}
work=${WORK:-/tmp/gpu-llama-bench}
mkdir -p "$out" "$work"
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total,clocks.max.sm,clocks.max.mem --format=csv | tee "$out/gpu-smi.csv"

log "building llama.cpp with CUDA"
start=$SECONDS
server=$(MEDASSIST_LLAMA_CPP_SRC=$src_tar MEDASSIST_ENGINE_CACHE=$work/engine \
  bash scripts/build_llama_server.sh --cuda --with-tools)
bin=$(dirname "$server")
cp "$bin/../build.json" "$out/build.json"
log "built in $((SECONDS - start)) s: $bin"

gguf_q4=$work/r1-distill-qwen-7b-random-Q4_K_M.gguf
if [[ ! -f $gguf_q4 ]]; then
  hf=$work/r1-distill-qwen-7b-random
  if [[ ! -f $hf/config.json ]]; then
    log "random-weight 7B checkpoint (bf16 safetensors)"
    PYTHONPATH=$PWD python3 - "$hf" "$tokenizer" <<'EOF'
import sys

import torch
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

from pipeline.hf_models import RANDOM_ARCHITECTURES, RANDOM_SEED

values = dict(RANDOM_ARCHITECTURES["qwen2-7b"])
config = AutoConfig.for_model(values.pop("model_type"), **values)
torch.manual_seed(RANDOM_SEED)
with torch.device("cuda"):
    model = AutoModelForCausalLM.from_config(config, dtype=torch.bfloat16)
model.save_pretrained(sys.argv[1], safe_serialization=True)
AutoTokenizer.from_pretrained(sys.argv[2]).save_pretrained(sys.argv[1])
print(f"{sum(p.numel() for p in model.parameters()) / 1e9:.2f} B parameters")
EOF
  fi
  srcdir=$work/llama.cpp-src
  mkdir -p "$srcdir" && tar -xJf "$src_tar" -C "$srcdir"
  log "convert_hf_to_gguf.py --outtype f16"
  python3 "$srcdir/convert_hf_to_gguf.py" "$hf" --outtype f16 --outfile "$work/f16.gguf" > "$work/convert.log" 2>&1 \
    || { tail -20 "$work/convert.log" >&2; exit 1; }
  log "llama-quantize Q4_K_M"
  "$bin/llama-quantize" "$work/f16.gguf" "$gguf_q4.tmp" Q4_K_M > "$work/quantize.log" 2>&1 \
    || { tail -20 "$work/quantize.log" >&2; exit 1; }
  mv "$gguf_q4.tmp" "$gguf_q4"
  rm -f "$work/f16.gguf"
fi
ls -l "$gguf_q4" | tee "$out/model.txt"

if [[ $app == 1 ]]; then
  log "the app's backend on llama-server (CUDA, all layers), batch 1 and 64"
  # The app's pinned client (huggingface_hub 2.x and its httpx2) and rapidfuzz, ahead of whatever the machine has.
  pyv=$(python3 -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')
  python3 -m pip install -q --upgrade --no-deps --target "$work/pylib" .devcarry/wheels/rapidfuzz-*cp"$pyv"-*.whl \
    .devcarry/wheels/huggingface_hub-*.whl .devcarry/wheels/httpx2-*.whl .devcarry/wheels/httpcore2-*.whl \
    .devcarry/wheels/truststore-*.whl .devcarry/wheels/hf_xet-*.whl
  MEDASSIST_ENGINE_CACHE=$work/engine PYTHONPATH=$PWD:$work/pylib python3 -m bench.cpu --model "$gguf_q4" \
    --gpu-layers 99 --parallel 64 --concurrency 1 64 --prompt-tokens 512 --output-tokens 256 --repeats 3 \
    --threads 8 --out "$out/app-backend.json"
  log "done: $out"
  exit 0
fi

# 64 sequences x (512 + 256) tokens need a 49,152-token KV cache; flash attention as in the app's GPU path.
log "llama-batched-bench: 512 in / 256 out, batch 1 and 64"
for fmt in jsonl md; do
  "$bin/llama-batched-bench" -m "$gguf_q4" -ngl 99 -fa on -c 49152 -b 2048 -ub 512 \
    -npp 512 -ntg 256 -npl 1,64 --output-format "$fmt" > "$out/batched-bench.$fmt" 2> "$work/batched-bench-$fmt.log" \
    || { tail -20 "$work/batched-bench-$fmt.log" >&2; exit 1; }
done
cat "$out/batched-bench.md"
log "llama-bench: pp512, tg256"
"$bin/llama-bench" -m "$gguf_q4" -ngl 99 -fa 1 -p 512 -n 256 -o json > "$out/llama-bench.json" 2> "$work/llama-bench.log" \
  || { tail -20 "$work/llama-bench.log" >&2; exit 1; }
"$bin/llama-bench" -m "$gguf_q4" -ngl 99 -fa 1 -p 512 -n 256 -o md 2>/dev/null | tee "$out/llama-bench.md"
log "done: $out"
