#!/usr/bin/env bash
# Run a pipeline profile on a GPU machine whose Python has torch/transformers/peft/accelerate but not trl, datasets
# or GPTQModel (the lent H100): unpack the packages that scripts/pack_gpu_site.sh put in .devcarry/, then run.
#   bash scripts/gpu_pipeline.sh pipeline/configs/gpu-7b-random.yaml [python -m pipeline arguments…]
set -euo pipefail
profile=${1:?profile yaml}
shift || true
# The folder must be called site-packages: dill (datasets' fingerprinting) pickles modules from any other folder by
# value, and pyarrow's module does not pickle.
if [ ! -d /tmp/gpu-site/site-packages ]; then
  mkdir -p /tmp/gpu-site && tar -xJf .devcarry/devsite.tar.xz -C /tmp/gpu-site && mv /tmp/gpu-site/devsite /tmp/gpu-site/site-packages
fi
export PYTHONPATH=/tmp/gpu-site/site-packages:$PWD LD_LIBRARY_PATH=/tmp/gpu-site/site-packages:${LD_LIBRARY_PATH:-}
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRL_EXPERIMENTAL_SILENCE=1
python3 -c "from datasets import Dataset; Dataset.from_dict({'a': [1]})"
exec python3 -m pipeline all --config "$profile" "$@"
