"""The engine build runs on any x86-64 CPU with AVX2, whatever the machine that built it (issue 11).

A llama-server compiled with -march=native (llama.cpp's default) on an Intel VM that advertises AMX died with SIGILL
on `tilezero`; on the AMD EPYC CI machines nobody saw it. These checks would have caught it on any machine, by
reading the machine code instead of waiting for the CPU to trap:
- no AMX instruction anywhere: AMX needs the OS/VM to enable tile state, which the CPUID-based variant scorer
  cannot see, so no library may carry it;
- nothing beyond AVX2 (AVX-512, AVX-VNNI) outside the CPU-variant libraries ggml picks at start by CPUID, and none
  in the baseline (haswell) variant either, since it is the one every AVX2 CPU falls back to;
- with only the baseline variant beside it, the server starts and answers.
On a -march=native build (`MEDASSIST_LLAMA_SERVER=<native build>/bin/llama-server`) the first two fail.
"""

from __future__ import annotations

import platform
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from backend.config import Settings
from backend.engines.llama_server import LlamaServer, LlamaServerConfig, find_llama_server, server_env
from backend.models import resolve_model

BASELINE_VARIANT = "haswell"

AMX = re.compile(
    r"%tmm\d|\b(?:ldtilecfg|sttilecfg|tilezero|tileloadd\w*|tilestored|tilerelease|tdp\w+ps|tdpb[su]{2}d)\b"
)
# AVX-512 shows as zmm registers, mask registers/operands, the upper 16 xmm/ymm registers, or EVEX-only mnemonics on
# xmm/ymm (AVX512VL); AVX-VNNI/AVX512-VNNI as the dot-product mnemonics. Any of these needs more than AVX2.
BEYOND_AVX2 = re.compile(
    r"%zmm\d|\{%k[0-7]\}|%k[0-7]\b|%[xy]mm(?:1[6-9]|2\d|3[01])\b"
    r"|\b(?:vpternlog[dq]|vperm[it]2\w+|vp?compress\w+|vp?expand\w+|vpmovm2\w|vpmov\w2m|vrndscale\w+|vfixupimm\w+"
    r"|vgetexp\w+|vgetmant\w+|vrcp14\w+|vrsqrt14\w+|vscalef\w+|vpconflict\w|vplzcnt\w|valign[dq]"
    r"|v(?:extract|insert)[fi](?:32x4|64x2|32x8|64x4)|vbroadcast[fi](?:32x2|32x4|64x2|64x4|32x8)|kmov[bwdq]"
    r"|vcvtne2ps2bf16|vcvtneps2bf16|vdpbf16ps|vpdpbusds?|vpdpwssds?)\b"
)

pytestmark = pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86-64 instruction checks")


def offending(disassembly: str, pattern: re.Pattern[str], limit: int = 3) -> list[str]:
    """Up to `limit` disassembly lines that use an instruction or register matched by `pattern`."""
    found = []
    for match in pattern.finditer(disassembly):
        start = disassembly.rfind("\n", 0, match.start()) + 1
        end = disassembly.find("\n", match.end())
        found.append(disassembly[start : end if end >= 0 else None].strip())
        if len(found) >= limit:
            break
    return found


def test_the_patterns_match_what_they_claim():
    """Worked lines in objdump's AT&T syntax (as `objdump -d` prints them for libggml-cpu on gcc 12)."""
    assert offending("  4a: c4 e2 7b 49 e0    tilezero %tmm4", AMX)
    assert offending("  50: c4 e2 7b 4b 04 08 tileloaddt1 (%rax,%rcx,1),%tmm0", AMX)
    assert offending("  10: 62 f1 7c 48 28 c1  vmovaps %zmm1,%zmm0", BEYOND_AVX2)
    assert offending("  12: 62 f1 7c 29 28 c1  vmovaps %ymm1,%ymm0{%k1}", BEYOND_AVX2)
    assert offending("  14: 62 b1 7c 28 28 c1  vmovaps %ymm17,%ymm0", BEYOND_AVX2)
    assert offending("  16: 62 f3 75 28 25 c2 96 vpternlogd $0x96,%ymm2,%ymm1,%ymm0", BEYOND_AVX2)
    assert offending("  18: c4 e2 75 50 c2    {vex} vpdpbusd %ymm2,%ymm1,%ymm0", BEYOND_AVX2)
    assert not offending(
        "  20: c5 fc 28 c1    vmovaps %ymm1,%ymm0\n  24: c4 e2 7d 18 c0 vbroadcastss %xmm0,%ymm0", BEYOND_AVX2
    )
    assert not offending(
        "  28: c4 e2 f5 b8 c2 vfmadd231pd %ymm2,%ymm1,%ymm0\n  2d: c5 f5 fe c2 vpaddd %ymm2,%ymm1,%ymm0", AMX
    )


@pytest.fixture(scope="module")
def build_dir() -> Path:
    """The build the app would run: <cache>/<key> with bin/ and lib/ (or a plain folder for a PATH install)."""
    binary = find_llama_server().resolve()
    return binary.parent.parent if (binary.parent.parent / "lib").is_dir() else binary.parent


def _code_files(build: Path) -> list[Path]:
    files = [f for f in build.rglob("*") if f.is_file() and (f.suffix == ".so" or ".so." in f.name)]
    return sorted({f.resolve() for f in files} | {find_llama_server().resolve()})


def _is_dispatched_variant(path: Path) -> bool:
    """libggml-cpu-<name>.so beside the binary: loaded only if CPUID scores its features (GGML_BACKEND_DL)."""
    name = path.name.split(".so")[0]
    return name.startswith("libggml-cpu-") and name != f"libggml-cpu-{BASELINE_VARIANT}"


@pytest.fixture(scope="module")
def disassembly(build_dir) -> dict[Path, str]:
    if shutil.which("objdump") is None:
        pytest.fail("objdump is missing: install binutils (apt-get install binutils)")

    def dump(path: Path) -> str:
        return subprocess.run(
            ["objdump", "-d", "--no-show-raw-insn", str(path)], capture_output=True, text=True, check=True
        ).stdout

    files = _code_files(build_dir)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(files, pool.map(dump, files), strict=True))


def test_no_amx_instruction_in_any_library(disassembly):
    found = {path.name: lines for path, text in disassembly.items() if (lines := offending(text, AMX))}
    assert not found, f"AMX instructions (SIGILL where the OS/VM has not enabled tile state): {found}"


def test_nothing_beyond_avx2_outside_the_dispatched_variants(disassembly):
    assert any(p.name.startswith(f"libggml-cpu-{BASELINE_VARIANT}") for p in disassembly), (
        f"no libggml-cpu-{BASELINE_VARIANT}.so: this is not the portable build (scripts/build_llama_server.sh)"
    )
    found = {
        path.name: lines
        for path, text in disassembly.items()
        if not _is_dispatched_variant(path) and (lines := offending(text, BEYOND_AVX2))
    }
    assert not found, f"AVX-512/VNNI code that runs without a CPUID check: {found}"


def test_the_server_answers_with_only_the_baseline_variant(build_dir, tmp_path, monkeypatch):
    """What an AVX2-only CPU (Zen 2, Haswell) gets: copy the binary with just the baseline CPU library beside it."""
    binary = find_llama_server().resolve()
    baseline = sorted(binary.parent.glob(f"libggml-cpu-{BASELINE_VARIANT}.so*"))
    assert baseline, f"no libggml-cpu-{BASELINE_VARIANT}.so beside {binary}"
    (tmp_path / "bin").mkdir()
    for f in [binary, *baseline]:
        shutil.copy2(f, tmp_path / "bin" / f.name)
    if (build_dir / "lib").is_dir():
        (tmp_path / "lib").symlink_to(build_dir / "lib")
    forced = tmp_path / "bin" / binary.name
    listing = subprocess.run(
        [str(forced), "--list-devices"],
        capture_output=True,
        text=True,
        env=server_env(forced),
        cwd=tmp_path,
        timeout=60,
    )
    assert f"libggml-cpu-{BASELINE_VARIANT}.so" in listing.stdout + listing.stderr

    monkeypatch.setenv("MEDASSIST_LLAMA_SERVER", str(forced))
    model = resolve_model("smollm2-135m-instruct", Settings().model_cache_dir)
    server = LlamaServer(
        LlamaServerConfig(model.path, threads=1, parallel=1, context_per_session=512), startup_timeout_s=60
    )
    try:
        server.ensure_running()  # includes the self-test through the batched kernels
        reply = httpx.post(
            f"{server.url}/completion", json={"prompt": "The capital of France is", "n_predict": 8}, timeout=60
        ).json()
        assert reply["tokens_predicted"] > 0 and reply["content"].strip()
    finally:
        server.stop()
