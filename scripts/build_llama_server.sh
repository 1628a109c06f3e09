#!/usr/bin/env bash
# Build llama.cpp's llama-server (+ llama-bench, llama-quantize) from the MIT-licensed llama.cpp tree vendored in the
# llama-cpp-python sdist on PyPI, pinned by version and SHA-256, into a cache outside the checkout:
#   ${MEDASSIST_ENGINE_CACHE:-~/.cache/medassist/llama-server}/<key>/{bin,lib,build.json}
# and point <cache>/current at it. Re-running with the same key is a no-op.
#
# Why not -march=native: llama.cpp's default GGML_NATIVE=ON compiles for the build machine's CPUID, so a binary built
# on one machine (or on a VM that advertises AMX without enabling it) dies with SIGILL elsewhere. The portable build
# uses GGML_BACKEND_DL with a chosen set of CPU variants, each a separate libggml-cpu-<name>.so picked at start by
# llama.cpp's CPUID scorer:
#   haswell  AVX2 FMA F16C BMI2 (the baseline: every x86-64 CPU since 2013/2015, Intel and AMD Zen 1-5)
#   skylakex + AVX-512 F/CD/VL/DQ/BW
#   icelake  + AVX-512 VBMI VNNI
#   zen4     + AVX-512 BF16 (Zen 4/5, Sapphire Rapids and later Xeons; generic -mavx512* flags, not -march=znver4)
# The AMX variant (sapphirerapids) is left out on purpose: the scorer picks it on the CPUID AMX bit alone, and AMX
# also needs the OS/VM to enable tile state, which CPUID does not tell (that is the SIGILL of issue 11).
# Only ggml (the compute kernels, every variant) is compiled at -O3; the server, common and libllama at -O1, which
# cuts the whole build by a quarter (381 -> 284 s on 2 cores) with no measurable cost in llama-bench or through the
# server (BENCHMARKS.md).
#
# usage: scripts/build_llama_server.sh [--cuda|--no-cuda] [--native] [--with-tools] [--force]
#        scripts/build_llama_server.sh --export-source FILE.tar.xz
#   --cuda        also build the CUDA backend for the GPU present (automatic when nvcc is on PATH, a GPU is visible
#                 through nvidia-smi and MEDASSIST_ENGINE_CUDA is not 0)
#   --native      a -march=native build (GGML_NATIVE=ON), for benchmarks and for proving the portability test fails;
#                 never becomes <cache>/current
#   --with-tools  also build llama-batched-bench (GPU benchmarks)
#   --print-dir   print the cache folder these options build into, and exit
#   --force       rebuild even if the cache has this key
#   --export-source FILE.tar.xz   write the verified llama.cpp tree (without its test vocabularies and docs, ~10 MB)
#                 for a machine without a registry (the GPU machine); there set MEDASSIST_LLAMA_CPP_SRC=FILE.tar.xz
# Environment: MEDASSIST_ENGINE_CACHE (cache root), MEDASSIST_ENGINE_JOBS (default nproc), PYTHON (for pip),
#   MEDASSIST_LLAMA_CPP_SRC (an exported tree instead of the sdist; it must name the pinned SHA-256).
set -euo pipefail
caller_dir=$PWD
cd "$(dirname "$0")/.."

# The source: llama-cpp-python's sdist (MIT), which vendors llama.cpp (MIT) including tools/server.
LCP_VERSION=0.3.36
LCP_SHA256=832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e
CPU_VARIANTS=(haswell skylakex icelake zen4)

log() { printf '[build-llama-server %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

want_cuda=auto
native=0
force=0
with_tools=0
export_to=""
print_dir=0
expect_export=0
for arg in "$@"; do
  if [[ $expect_export == 1 ]]; then
    [[ $arg == /* ]] && export_to=$arg || export_to="$caller_dir/$arg"
    expect_export=0
    continue
  fi
  case "$arg" in
    --export-source) expect_export=1 ;;
    --cuda) want_cuda=1 ;;
    --no-cuda) want_cuda=0 ;;
    --native) native=1 ;;
    --force) force=1 ;;
    --with-tools) with_tools=1 ;;
    --print-dir) print_dir=1 ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "usage: scripts/build_llama_server.sh [--cuda|--no-cuda] [--native] [--with-tools] [--force]" >&2; exit 2 ;;
  esac
done
[[ $expect_export == 0 ]] || { echo "--export-source needs a file name" >&2; exit 2; }

[[ $(uname -s) == Linux ]] || die "this script builds for Linux only"
for tool in cmake c++ cc tar sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is missing: install it (Debian: apt-get install cmake build-essential)"
done

if [[ $want_cuda == auto ]]; then
  want_cuda=0
  # nvcc alone is not enough: a CUDA toolkit without a GPU (CI images, this project's CPU machines) would spend a long
  # compile on a backend that never runs.
  if [[ ${MEDASSIST_ENGINE_CUDA:-1} != 0 ]] && command -v nvcc >/dev/null 2>&1 \
      && command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
    want_cuda=1
  fi
fi

cuda_archs=""
if [[ $want_cuda == 1 ]]; then
  command -v nvcc >/dev/null 2>&1 || die "--cuda needs nvcc on PATH (the CUDA toolkit)"
  # Only the card present (e.g. 9.0 -> 90): one architecture keeps the CUDA compile short.
  if command -v nvidia-smi >/dev/null 2>&1; then
    cuda_archs=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | tr -d ' .' | sort -u | paste -sd';' || true)
  fi
  [[ -n $cuda_archs ]] || cuda_archs=native
fi

flags=(
  -DCMAKE_BUILD_TYPE=Release
  -DBUILD_SHARED_LIBS=ON
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON
  -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_CURL=OFF
  -DGGML_OPENMP=ON -DGGML_CCACHE=OFF
)
if [[ $native == 1 ]]; then
  variant=cpu-native
  flags+=(-DGGML_NATIVE=ON)
else
  variant=cpu-portable
  flags+=(-DGGML_NATIVE=OFF -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON)
  # Compile time goes mostly to the server, common and libllama (JSON and chat-template code), which do little per
  # token; -O1 compiles them much faster (arg.cpp: 18 -> 10.5 s). ggml (every compute kernel) keeps -O3: a patched
  # add_compile_options (below) comes after these flags on the command line, and GCC takes the last -O.
  flags+=("-DCMAKE_C_FLAGS_RELEASE=-O1 -DNDEBUG" "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG")
fi
if [[ $want_cuda == 1 ]]; then
  variant="$variant-cuda${cuda_archs//;/-}"
  flags+=(-DGGML_CUDA=ON "-DCMAKE_CUDA_ARCHITECTURES=$cuda_archs")
fi
targets=(llama-server llama-bench llama-quantize)
[[ $with_tools == 1 ]] && targets+=(llama-batched-bench)

flags_id=$(printf '%s\n' "${flags[@]}" "${CPU_VARIANTS[@]}" | sha256sum | cut -c1-10)
cache_root=${MEDASSIST_ENGINE_CACHE:-$HOME/.cache/medassist/llama-server}
key="llama.cpp-lcp$LCP_VERSION-${LCP_SHA256:0:12}-$variant-$flags_id"
dest="$cache_root/$key"

if [[ $print_dir == 1 ]]; then echo "$dest"; exit 0; fi

point_current() {
  # Only the portable builds serve the app; a -march=native build is for measurements.
  if [[ $native == 0 ]]; then
    ln -sfn "$key" "$cache_root/.current.$$" && mv -T "$cache_root/.current.$$" "$cache_root/current"
    log "current -> $dest"
  fi
}

have_all_targets() {
  local t
  [[ -f "$dest/build.json" ]] || return 1
  for t in "${targets[@]}"; do [[ -x "$dest/bin/$t" ]] || return 1; done
}

if [[ -z $export_to && $force == 0 ]] && have_all_targets && LD_LIBRARY_PATH="$dest/lib" "$dest/bin/llama-server" --version >/dev/null 2>&1; then
  log "cached: $dest"
  point_current
  echo "$dest/bin/llama-server"
  exit 0
fi

mkdir -p "$cache_root/src"
sdist="$cache_root/src/llama_cpp_python-$LCP_VERSION.tar.gz"
exported=${MEDASSIST_LLAMA_CPP_SRC:-}
[[ -z $exported || $exported == /* ]] || exported="$caller_dir/$exported"
if [[ -n $exported ]]; then
  [[ -f $exported ]] || die "MEDASSIST_LLAMA_CPP_SRC=$exported does not exist"
  tar -xJOf "$exported" ./SOURCE.sha256 2>/dev/null | grep -qx "$LCP_SHA256" \
    || die "$exported was not exported from llama_cpp_python-$LCP_VERSION.tar.gz (sha256 $LCP_SHA256)"
elif [[ ! -f $sdist ]] || ! echo "$LCP_SHA256  $sdist" | sha256sum -c --status; then
  PY=${PYTHON:-}
  [[ -n $PY ]] || { [[ -x .venv/bin/python ]] && PY=.venv/bin/python || PY=python3; }
  log "downloading llama-cpp-python==$LCP_VERSION (sdist, ~77 MB) with pip"
  dl=$(mktemp -d "$cache_root/src/.dl.XXXXXX")
  # pip prepares the sdist's metadata (scikit-build-core, from the registry or pip's cache): ~10 s of CPU.
  "$PY" -m pip download --disable-pip-version-check -q --no-binary :all: --no-deps \
      "llama-cpp-python==$LCP_VERSION" -d "$dl" >&2 \
    || { rm -rf "$dl"; die "pip could not download llama-cpp-python==$LCP_VERSION"; }
  echo "$LCP_SHA256  $dl/llama_cpp_python-$LCP_VERSION.tar.gz" | sha256sum -c --status \
    || { rm -rf "$dl"; die "SHA-256 mismatch for llama_cpp_python-$LCP_VERSION.tar.gz: refusing to build it"; }
  mv "$dl/llama_cpp_python-$LCP_VERSION.tar.gz" "$sdist"
  rm -rf "$dl"
fi
log "source verified: llama_cpp_python-$LCP_VERSION.tar.gz sha256=$LCP_SHA256${exported:+ (exported tree $exported)}"

work=$(mktemp -d "$cache_root/.build-$variant.XXXXXX")
trap 'rm -rf "$work"' EXIT
src="$work/llama.cpp"
mkdir -p "$src"
if [[ -n $exported ]]; then
  tar -xJf "$exported" -C "$src"
else
  tar -xzf "$sdist" -C "$src" --strip-components=3 "llama_cpp_python-$LCP_VERSION/vendor/llama.cpp"
fi

if [[ -n $export_to ]]; then
  # models/ holds test vocabularies (~75 MB) and docs/ is documentation: neither is needed to build or convert.
  echo "$LCP_SHA256" > "$src/SOURCE.sha256"
  tar -cJf "$export_to" -C "$src" --exclude=./models --exclude=./docs --exclude=./media .
  log "exported the llama.cpp tree to $export_to ($(du -h "$export_to" | cut -f1))"
  exit 0
fi
[[ -f "$src/tools/server/CMakeLists.txt" ]] || die "the sdist has no vendor/llama.cpp/tools/server"
# CMake's configure adds tools/ui even with the UI off, so it must be there.
[[ -d "$src/tools/ui" ]] || die "the sdist has no vendor/llama.cpp/tools/ui (CMake's configure needs it)"

if [[ $native == 0 ]]; then
  # Keep only the chosen CPU variants in llama.cpp's GGML_CPU_ALL_VARIANTS list (x86 lines; others untouched).
  keep=$(IFS='|'; echo "${CPU_VARIANTS[*]}")
  all='x64|sse42|sandybridge|ivybridge|piledriver|haswell|skylakex|cannonlake|cascadelake|icelake|cooperlake|zen4|alderlake|sapphirerapids'
  cml="$src/ggml/src/CMakeLists.txt"
  awk -v keep="^($keep)$" -v all="^($all)$" '
    match($0, /^[ \t]*ggml_add_cpu_backend_variant\(([a-z0-9_]+)[ \t)]/) {
      name = $0; sub(/^[ \t]*ggml_add_cpu_backend_variant\(/, "", name); sub(/[ \t)].*/, "", name)
      if (name ~ all && name !~ keep) { print "        # variant " name " left out by build_llama_server.sh"; next }
    }
    { print }' "$cml" > "$cml.new" && mv "$cml.new" "$cml"
  found=$(grep -cE "^[[:space:]]*ggml_add_cpu_backend_variant\(($keep)[[:space:])]" "$cml" || true)
  [[ $found == "${#CPU_VARIANTS[@]}" ]] || die "llama.cpp's CPU variant list changed: found $found of ${CPU_VARIANTS[*]}"
  ! grep -qE '^[[:space:]]*ggml_add_cpu_backend_variant\(sapphirerapids' "$cml" || die "AMX variant still listed"
  ggml_cml="$src/ggml/CMakeLists.txt"
  grep -q '^project("ggml" C CXX ASM)$' "$ggml_cml" || die "ggml/CMakeLists.txt changed: cannot keep ggml at -O3"
  sed -i 's/^project("ggml" C CXX ASM)$/&\nadd_compile_options("$<$<COMPILE_LANGUAGE:C,CXX>:-O3>")  # build_llama_server.sh/' \
    "$ggml_cml"
fi

generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
jobs=${MEDASSIST_ENGINE_JOBS:-$(nproc)}
log "configuring ($variant): ${flags[*]}"
# The install RPATH ($ORIGIN/../lib) is baked in at link time, so the cache directory can move.
cmake -S "$src" -B "$work/build" "${generator[@]}" "${flags[@]}" \
  -DCMAKE_BUILD_WITH_INSTALL_RPATH=ON '-DCMAKE_INSTALL_RPATH=$ORIGIN/../lib;$ORIGIN' \
  > "$work/configure.log" 2>&1 || { tail -40 "$work/configure.log" >&2; die "cmake configure failed (log above)"; }
start=$SECONDS
log "building ${targets[*]} with $jobs jobs (portable: ~9 CPU-minutes, ~5 min on 2 idle cores)"
if ! cmake --build "$work/build" --parallel "$jobs" --target "${targets[@]}" > "$work/build.log" 2>&1; then
  grep -E 'error|Error' "$work/build.log" | head -20 >&2 || true
  tail -20 "$work/build.log" >&2
  die "the build failed (above)"
fi
log "built in $((SECONDS - start)) s"

stage="$cache_root/.stage-$key.$$"
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/lib"
for t in "${targets[@]}"; do cp -p "$work/build/bin/$t" "$stage/bin/"; done
# Backend modules (libggml-cpu-*.so, libggml-cuda.so) must sit beside the executable: ggml's loader looks there.
# Ordinary shared libraries (libllama, libggml, libggml-base, libmtmd…) go to lib/.
shopt -s nullglob
for f in "$work/build/bin"/lib*.so*; do
  name=$(basename "$f")
  if [[ $native == 0 && ( $name == libggml-cpu-* || $name == libggml-cuda* ) ]]; then
    cp -a "$f" "$stage/bin/"
  else
    cp -a "$f" "$stage/lib/"
  fi
done
shopt -u nullglob
cp "$src/LICENSE" "$stage/LICENSE.llama.cpp"

LD_LIBRARY_PATH="$stage/lib" "$stage/bin/llama-server" --version >/dev/null 2>&1 \
  || die "the built llama-server does not run: $(LD_LIBRARY_PATH="$stage/lib" "$stage/bin/llama-server" --version 2>&1 | tail -3)"
devices=$(LD_LIBRARY_PATH="$stage/lib" "$stage/bin/llama-server" --list-devices 2>&1 | tail -5 || true)

compiler=$(c++ --version | head -1)
python3 - "$stage/build.json" "${flags[@]}" <<EOF
import json, sys, datetime
json.dump({
    "source": "llama-cpp-python==$LCP_VERSION sdist (vendor/llama.cpp, MIT)",
    "version": "$LCP_VERSION",
    "sha256": "$LCP_SHA256",
    "variant": "$variant",
    "cpu_variants": "${CPU_VARIANTS[*]}".split() if "$native" == "0" else [],
    "cuda_architectures": "$cuda_archs" or None,
    "flags": sys.argv[2:],
    "targets": "${targets[*]}".split(),
    "compiler": """$compiler""",
    "build_seconds": $((SECONDS - start)),
    "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
}, open(sys.argv[1], "w"), indent=2)
EOF

rm -rf "$dest"
mv "$stage" "$dest"
log "installed: $dest"
[[ -n $devices ]] && log "devices: $(echo "$devices" | tr '\n' ' ')"
point_current
echo "$dest/bin/llama-server"
