#!/usr/bin/env bash
# Pack the pipeline packages that the lent GPU machine lacks (trl, datasets, GPTQModel, optimum and their needs) as a
# Python 3.12 x86-64 site folder, compressed into .devcarry/devsite.tar.xz (~50 MB, under the 64 MiB carry limit),
# plus the Qwen2 tokenizer for `random:` students. scripts/gpu_pipeline.sh unpacks and uses it there.
set -euo pipefail
cd "$(dirname "$0")/.."
PY312=${PY312:-$(command -v python3.12)}
work=$(mktemp -d)
wheels=$work/wheels
site=$work/devsite
mkdir -p "$wheels" .devcarry
grep -qx "/.devcarry/" .git/info/exclude 2>/dev/null || echo "/.devcarry/" >> .git/info/exclude
get() {
  python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d "$wheels" "$@"
}
get trl==1.16.0 datasets==5.2.0 optimum==2.3.0 pyarrow==26.0.1 pandas==3.1.1 dill==0.4.1 multiprocess==0.70.19 \
  xxhash==4.1.0 fsspec==2026.9.0 psutil==7.2.2 threadpoolctl==3.8.0 torchao==0.18.0
# Published only as source: build them (pypcre compiles against Python 3.12 and the system libpcre2).
python3 -m pip wheel -q --no-deps -w "$wheels" gptqmodel==7.6.0 logbar==0.4.15 tokenicer==0.0.14 defuser==0.0.28 device-smi==0.5.7
"$PY312" -m pip wheel -q --no-deps -w "$wheels" pypcre==0.6.4
python3 -m pip install -q --no-deps --no-compile --target "$site" --platform manylinux_2_28_x86_64 \
  --platform linux_x86_64 --python-version 3.12 --only-binary=:all: "$wheels"/*.whl
cp /lib/x86_64-linux-gnu/libpcre2-8.so.0 "$site"/
# Unused by the pipeline and large: pyarrow's Flight RPC, bundled headers and test suites.
rm -rf "$site"/pyarrow/libarrow_flight.so* "$site"/pyarrow/_flight*.so "$site"/pyarrow/include "$site"/pyarrow/tests \
  "$site"/pandas/tests "$site"/bin
tar -cf - -C "$work" devsite | xz -T0 -5 > .devcarry/devsite.tar.xz
.venv/bin/python -c "
from pipeline.hf_models import load_tokenizer
load_tokenizer('packaged:qwen2.5-0.5b-instruct').save_pretrained('.devcarry/qwen2-tokenizer')"
rm -rf "$work"
du -sh .devcarry
