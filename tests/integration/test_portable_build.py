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
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from backend.config import load_settings
from backend.engines.llama_server import find_llama_server, free_port, server_env
from backend.models import resolve_model

BASELINE_VARIANT = "haswell"

# An instruction set shows as registers only it has, or as mnemonics only it has (objdump's AT&T syntax).
# AMX: the tile registers and tile instructions.
AMX_REGISTERS = ("%tmm",)
AMX_MNEMONICS = re.compile(r"ldtilecfg|sttilecfg|tilezero|tileloadd\w*|tilestored|tilerelease|tdp\w+")
# AVX-512: zmm registers, mask registers, the upper 16 xmm/ymm registers, or EVEX-only mnemonics on xmm/ymm
# (AVX512VL); AVX-VNNI/AVX512-VNNI/BF16 as their dot-product and conversion mnemonics. All need more than AVX2.
BEYOND_AVX2_REGISTERS = ("%zmm", "%k", *(f"%{x}mm{i}" for x in "xy" for i in range(16, 32)))
BEYOND_AVX2_MNEMONICS = re.compile(
    r"vpternlog[dq]|vperm[it]2\w+|vp?compress\w+|vp?expand\w+|vpmovm2\w|vpmov\w2m|vrndscale\w+|vfixupimm\w+"
    r"|vgetexp\w+|vgetmant\w+|vrcp14\w+|vrsqrt14\w+|vscalef\w+|vpconflict\w|vplzcnt\w|valign[dq]"
    r"|v(?:extract|insert)[fi](?:32x4|64x2|32x8|64x4)|vbroadcast[fi](?:32x2|32x4|64x2|64x4|32x8)|k\w+"
    r"|vcvtne2ps2bf16|vcvtneps2bf16|vdpbf16ps|vpdpbusds?|vpdpwssds?"
)
# "  4a:\ttilezero %tmm4" or "  18:\t{vex} vpdpbusd %ymm2,%ymm1,%ymm0": the mnemonic after the address.
MNEMONIC = re.compile(r"\t(?:\{\w+\} )?([a-z][a-z0-9]*)")  # the only tab in a line follows the address

pytestmark = pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86-64 instruction checks")


def _line_with(disassembly: str, token: str) -> str:
    at = disassembly.find(token)
    start = disassembly.rfind("\n", 0, at) + 1
    end = disassembly.find("\n", at)
    return disassembly[start : end if end >= 0 else None].strip()


def offending(
    disassembly: str, mnemonics: set[str], registers: tuple[str, ...], pattern: re.Pattern[str], limit: int = 3
) -> list[str]:
    """Up to `limit` lines that use one of `registers` or a mnemonic (from `mnemonics`) that `pattern` fully matches.

    Substring tests and one pass for the set of mnemonics: a regular expression with alternatives over the whole
    text takes seconds per library, this a fraction of one.
    """
    tokens = [r for r in registers if r in disassembly]
    tokens += sorted(m for m in mnemonics if pattern.fullmatch(m))
    return list(dict.fromkeys(_line_with(disassembly, t) for t in tokens))[:limit]


@dataclass(frozen=True)
class Findings:
    amx: list[str]
    beyond_avx2: list[str]


def scan(disassembly: str) -> Findings:
    mnemonics = set(MNEMONIC.findall(disassembly))
    return Findings(
        amx=offending(disassembly, mnemonics, AMX_REGISTERS, AMX_MNEMONICS),
        beyond_avx2=offending(disassembly, mnemonics, BEYOND_AVX2_REGISTERS, BEYOND_AVX2_MNEMONICS),
    )


def amx(disassembly: str) -> list[str]:
    return scan(disassembly).amx


def beyond_avx2(disassembly: str) -> list[str]:
    return scan(disassembly).beyond_avx2


def test_the_patterns_match_what_they_claim():
    """Worked lines as `objdump -d --no-show-raw-insn` (binutils 2.40) prints them."""
    assert amx("  4a:\ttilezero %tmm4") == ["4a:\ttilezero %tmm4"]
    assert amx("  50:\ttileloaddt1 (%rax,%rcx,1),%tmm0")
    assert amx("  60:\tldtilecfg (%rdi)")
    assert beyond_avx2("  10:\tvmovaps %zmm1,%zmm0")
    assert beyond_avx2("  12:\tvmovaps %ymm1,%ymm0{%k1}")
    assert beyond_avx2("  14:\tvmovaps %ymm17,%ymm0")
    assert beyond_avx2("  16:\tvpternlogd $0x96,%ymm2,%ymm1,%ymm0") == ["16:\tvpternlogd $0x96,%ymm2,%ymm1,%ymm0"]
    assert beyond_avx2("  18:\t{vex} vpdpbusd %ymm2,%ymm1,%ymm0")
    assert beyond_avx2("  1a:\tkmovw %eax,%k1")
    avx2 = "  20:\tvmovaps %ymm1,%ymm0\n  24:\tvbroadcastss %xmm0,%ymm0\n  2d:\tvfmadd231pd %ymm15,%ymm1,%ymm0"
    assert beyond_avx2(avx2) == [] and amx(avx2) == []
    symbol = "0000000000001234 <tilezero_kmovw_vpternlogd>:\n  30:\tcall 1234 <tilezero_kmovw_vpternlogd>"
    assert beyond_avx2(symbol) == [] and amx(symbol) == [], "symbol names are not instructions"


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
def findings(build_dir) -> dict[Path, Findings]:
    if shutil.which("objdump") is None:
        pytest.fail("objdump is missing: install binutils (apt-get install binutils)")

    def disassemble_and_scan(path: Path) -> Findings:
        command = ["objdump", "-d", "--no-show-raw-insn", str(path)]
        return scan(subprocess.run(command, capture_output=True, text=True, check=True).stdout)

    files = _code_files(build_dir)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(files, pool.map(disassemble_and_scan, files), strict=True))


def test_no_amx_instruction_in_any_library(findings):
    found = {path.name: found.amx for path, found in findings.items() if found.amx}
    assert not found, f"AMX instructions (SIGILL where the OS/VM has not enabled tile state): {found}"


def test_nothing_beyond_avx2_outside_the_dispatched_variants(findings):
    found = {
        path.name: found.beyond_avx2
        for path, found in findings.items()
        if found.beyond_avx2 and not _is_dispatched_variant(path)
    }
    assert not found, f"AVX-512/VNNI code that runs without a CPUID check: {found}"
    assert any(p.name.startswith(f"libggml-cpu-{BASELINE_VARIANT}") for p in findings), (
        f"no libggml-cpu-{BASELINE_VARIANT}.so: this is not the portable build (scripts/build_llama_server.sh)"
    )


def test_the_server_answers_with_only_the_baseline_variant(build_dir, tmp_path):
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
    model = resolve_model("smollm2-135m-instruct", load_settings().model_cache_dir)
    port = free_port()
    # -lv 4: the line naming the CPU library ggml loaded is logged at debug level only.
    command = [str(forced), "-m", str(model.path), "--port", str(port), "-t", "1", "-c", "512", "-lv", "4"]
    log = tmp_path / "server.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=server_env(forced), cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(port) and server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        # A prompt of a few dozen tokens goes through the batched matrix kernels, then one decoded token.
        prompt = "The capital of France is Paris. The capital of Italy is Rome. The capital of Spain is"
        reply = httpx.post(f"http://127.0.0.1:{port}/completion", json={"prompt": prompt, "n_predict": 4}, timeout=60)
        assert reply.json()["tokens_predicted"] > 0 and reply.json()["content"].strip()
    finally:
        server.terminate()
        server.wait(timeout=30)
    loaded = re.findall(r"loaded CPU backend from (\S+)", log.read_text())
    assert [Path(p).name for p in loaded] == [f"libggml-cpu-{BASELINE_VARIANT}.so"]


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
