"""GPU rows of the benchmark: the 7B student's architecture (DeepSeek-R1-Distill-Qwen-7B = Qwen2, 28 layers,
hidden 3584, GQA 28/4 heads, MLP 18944, vocab 152,064) with random weights, in one device call:

    bash scripts/gpu_bench.sh          # on the lent H100: installs the pinned GemLite wheel, runs every row

Speed and memory do not depend on the weights' values, so random weights are right here, never for accuracy.
The decoder is a small gpt-fast-style model (static KV cache, SDPA, the whole decode step with its greedy pick
captured as a CUDA graph by torch.compile "reduce-overhead"). Linear layers are bf16, or 4-bit weights in GPTQ
format (group 128, asymmetric; RTN-quantized here since values do not matter) run by GemLite's Triton kernels (the
engine's path; the GPTQ qweight is GemLite's own layout) or by torch's tinygemm (`aten._weight_int4pack_mm`, the
baseline). Rows:
  bf16 batch-1 decode · int4 batch-1 decode per kernel · int4 64 requests of 512 in / 256 out (one static batch)
  · all-4-bit batch-1 decode · weight memory bf16 vs int4 (GPTQ as is; int8 embedding; all 4-bit)
  · correctness: each kernel vs float64 on the dequantized weights, the model's logits vs the bf16 model holding them.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import torch
import torch.nn.functional as F
from torch import nn

from bench.machine import package_version
from core.io import atomic_write_json


@dataclass(frozen=True)
class Qwen2Config:
    vocab: int = 152_064
    hidden: int = 3584
    layers: int = 28
    heads: int = 28
    kv_heads: int = 4
    mlp: int = 18_944
    rope_theta: float = 10_000.0
    eps: float = 1e-6

    @property
    def head_dim(self) -> int:
        return self.hidden // self.heads


STARTED = time.perf_counter()
TINY = Qwen2Config(vocab=512, hidden=256, layers=2, heads=4, kv_heads=2, mlp=512)


# --- GPTQ-format 4-bit weights and their conversion to torch's int4 layout -----------------------------------------


def gptq_quantize(weight: torch.Tensor, group: int = 128) -> dict[str, torch.Tensor]:
    """RTN-quantize a [N, K] weight into GPTQ's checkpoint tensors (qweight, qzeros, scales), asymmetric 4-bit.

    GPTQ layout (AutoGPTQ/GPTQModel "v1" format as read by TGI/vLLM): qweight int32 [K/8, N] (8 values along K per
    word, low bits first), scales fp16 [K/g, N], qzeros int32 [K/g, N/8] storing zero-1, w = (q - zero) * scale.
    """
    n, k = weight.shape
    w = weight.float().reshape(n, k // group, group)
    low, high = w.amin(-1), w.amax(-1)
    scale = ((high - low) / 15).clamp(min=1e-8)
    zero = torch.round(-low / scale).clamp(0, 15)
    q = torch.clamp(torch.round(w / scale[..., None]) + zero[..., None], 0, 15).to(torch.int32).reshape(n, k)
    shifts = torch.arange(0, 32, 4, device=weight.device, dtype=torch.int32)
    qweight = (q.t().reshape(k // 8, 8, n) << shifts[None, :, None]).sum(1, dtype=torch.int32)
    zeros_m1 = (zero.t().to(torch.int32) - 1) & 0xF  # [K/g, N]
    qzeros = (zeros_m1.reshape(k // group, n // 8, 8) << shifts).sum(-1, dtype=torch.int32)
    return {"qweight": qweight, "qzeros": qzeros, "scales": scale.t().to(torch.float16).contiguous()}


def gptq_unpack(t: dict[str, torch.Tensor], group: int = 128) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """GPTQ tensors → q [N, K] int32, scale [N, K/g] float, zero [N, K/g] float."""
    shifts = torch.arange(0, 32, 4, device=t["qweight"].device, dtype=torch.int32)
    k8, n = t["qweight"].shape
    q = ((t["qweight"][:, None, :] >> shifts[None, :, None]) & 0xF).reshape(k8 * 8, n).t().contiguous()
    zeros = ((t["qzeros"][..., None] >> shifts) & 0xF).reshape(t["qzeros"].shape[0], -1) + 1
    return q, t["scales"].float().t().contiguous(), zeros.float().t().contiguous()


def gptq_dequantize(t: dict[str, torch.Tensor], group: int = 128) -> torch.Tensor:
    q, scale, zero = gptq_unpack(t, group)
    n, k = q.shape
    w = (q.reshape(n, k // group, group).float() - zero[..., None]) * scale[..., None]
    return w.reshape(n, k)


def gptq_to_int4pack(t: dict[str, torch.Tensor], group: int = 128, inner_k_tiles: int = 8):
    """GPTQ → (int4-packed weight, scales_and_zeros) for aten._weight_int4pack_mm, which computes
    w = (q - 8) * scale + zero'. With zero' = (8 - zero) * scale that equals GPTQ's (q - zero) * scale."""
    q, scale, zero = gptq_unpack(t, group)
    packed_u8 = ((q[:, ::2] << 4) | q[:, 1::2]).to(torch.uint8)
    weight = torch.ops.aten._convert_weight_to_int4pack(packed_u8.contiguous(), inner_k_tiles)
    zero_prime = (8 - zero) * scale
    scales_and_zeros = torch.stack([scale, zero_prime], dim=-1).transpose(0, 1).contiguous().to(torch.bfloat16)
    return weight, scales_and_zeros


class TinygemmInt4Linear(nn.Module):
    """torch's own int4 kernel (tinygemm, `aten._weight_int4pack_mm`): the baseline of the 4-bit rows."""

    def __init__(
        self, gptq: dict[str, torch.Tensor], out_features: int, bias: torch.Tensor | None, group: int = 128
    ) -> None:
        super().__init__()
        weight, scales_and_zeros = gptq_to_int4pack(gptq, group)
        self.register_buffer("weight", weight)
        self.register_buffer("scales_and_zeros", scales_and_zeros)
        self.register_buffer("bias", bias)
        self.out_features, self.group = out_features, group

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        shape = x.shape
        y = torch.ops.aten._weight_int4pack_mm(x.reshape(-1, shape[-1]), self.weight, self.group, self.scales_and_zeros)
        y = y.reshape(*shape[:-1], self.out_features)
        return y if self.bias is None else y + self.bias


def dequantize_packed(w_q: torch.Tensor, zeros: torch.Tensor, scales: torch.Tensor, group: int) -> torch.Tensor:
    """GemLite/GPTQ packed [K/8, N] int32 + [K/g, N] zeros and scales → [K, N] bf16, w = (q - zero) * scale."""
    shifts = torch.arange(0, 32, 4, device=w_q.device, dtype=torch.int32)
    q = (w_q[:, None, :] >> shifts[None, :, None]) & 0xF  # [K/8, 8, N]
    k, n = w_q.shape[0] * 8, w_q.shape[1]
    q = q.reshape(k // group, group, n).to(torch.bfloat16)
    return ((q - zeros[:, None, :]) * scales[:, None, :]).reshape(k, n)


# One fused kernel per weight shape instead of five passes over int32 temporaries (prefill only).
dequantize_packed_fused = torch.compile(dequantize_packed, fullgraph=True, dynamic=False)


class GemliteInt4Linear(nn.Module):
    """GemLite's Triton kernels (a GEMV for batch 1, split-K and tensor-core GEMMs above it) on GPTQ tensors.

    GemLite packs 8 nibbles per int32 along K, low bits first, as [K/8, N]: the GPTQ qweight layout itself, so the
    checkpoint's qweight is handed over unchanged. Zero points are kept as (q - zero) * scale (fma_mode off) so the
    kernel computes GPTQ's exact dequantization. From `dequant_rows` rows on (a long prefill), the weight is
    dequantized to bf16 once per call and cuBLAS does the product: the work is compute-bound there, and the
    dequantization moves 2.5 bytes per weight (about 0.2 ms a layer on an H100) against some 30 ms of product per
    layer at 64 × 512 rows. `matmul_types` holds, per (rows, N, K), the GemLite kernel the kernel table measured
    fastest on this card; without an entry GemLite picks by batch size."""

    dequant_rows = 8192
    matmul_types: ClassVar[dict[tuple[int, int, int], str]] = {}

    def __init__(
        self, gptq: dict[str, torch.Tensor], out_features: int, bias: torch.Tensor | None, group: int = 128
    ) -> None:
        super().__init__()
        from gemlite import DType, GemLiteLinear

        k = gptq["qweight"].shape[0] * 8
        q, scale, zero = gptq_unpack(gptq, group)
        self.kernel = GemLiteLinear(
            4, group_size=group, in_features=k, out_features=out_features, input_dtype=DType.BF16,
            output_dtype=DType.BF16,
        )  # fmt: skip
        self.kernel.pack(
            q.to(torch.uint8), scale.to(torch.bfloat16), zero.to(torch.bfloat16), bias=bias, fma_mode=False
        )
        self.out_features, self.in_features, self.group = out_features, k, group

    def dequantized(self) -> torch.Tensor:
        """[K, N] bf16 from the packed tensors the kernel reads (checked against the kernel in `swap_to_int4_`)."""
        with torch._inductor.config.patch(coordinate_descent_tuning=False):
            return dequantize_packed_fused(self.kernel.W_q, self.kernel.zeros, self.kernel.scales, self.group)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows = x.numel() // x.shape[-1]
        if rows >= self.dequant_rows:
            y = x @ self.dequantized()
            return y if self.kernel.bias is None else y + self.kernel.bias
        kind = self.matmul_types.get((rows, self.out_features, self.in_features))
        return self.kernel(x) if kind is None else self.kernel.forward_manual(x, kind)


INT4_BACKENDS = {"tinygemm": TinygemmInt4Linear, "gemlite": GemliteInt4Linear}


class Int8Embedding(nn.Module):
    """Token table in int8 with one bf16 scale per row: a lookup reads one row, so only storage shrinks (llama.cpp's
    Q4_K_M quantizes this table too). Rounding error is about 0.4% of each row's largest value at most."""

    def __init__(self, weight: torch.Tensor) -> None:
        super().__init__()
        scale = weight.float().abs().amax(-1, keepdim=True).clamp(min=1e-8) / 127
        self.register_buffer("q", torch.round(weight.float() / scale).to(torch.int8))
        self.register_buffer("scale", scale.to(torch.bfloat16))

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        return self.q[tokens].to(torch.bfloat16) * self.scale[tokens]


# --- the decoder ----------------------------------------------------------------------------------------------------


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.ones(dim))
        self.eps = eps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)).type_as(x) * self.weight


def rope_cache(cfg: Qwen2Config, max_len: int, device) -> torch.Tensor:
    inv = 1.0 / cfg.rope_theta ** (torch.arange(0, cfg.head_dim, 2, device=device).float() / cfg.head_dim)
    freqs = torch.outer(torch.arange(max_len, device=device).float(), inv)
    return torch.stack([freqs.cos(), freqs.sin()], -1)  # [T, D/2, 2]


def apply_rope(x: torch.Tensor, rope: torch.Tensor) -> torch.Tensor:
    # x: [B, H, T, D]; rope: [T, D/2, 2]  (Qwen2 rotates halves, like Llama in HF layout)
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half].float(), x[..., half:].float()
    cos, sin = rope[..., 0], rope[..., 1]
    return torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], -1).type_as(x)


class Block(nn.Module):
    def __init__(self, cfg: Qwen2Config) -> None:
        super().__init__()
        self.cfg = cfg
        d, hd = cfg.hidden, cfg.head_dim
        self.qkv = nn.Linear(d, (cfg.heads + 2 * cfg.kv_heads) * hd, bias=True)  # Qwen2 has q/k/v biases
        self.o = nn.Linear(cfg.heads * hd, d, bias=False)
        self.gate_up = nn.Linear(d, 2 * cfg.mlp, bias=False)
        self.down = nn.Linear(cfg.mlp, d, bias=False)
        self.norm1, self.norm2 = RMSNorm(d, cfg.eps), RMSNorm(d, cfg.eps)
        # Static KV cache as (non-persistent) buffers: CUDA graphs treat them as static inputs they may mutate.
        self.register_buffer("k_cache", None, persistent=False)
        self.register_buffer("v_cache", None, persistent=False)

    def forward(self, x: torch.Tensor, pos: torch.Tensor, rope: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        cfg, (b, t, _) = self.cfg, x.shape
        qkv = self.qkv(self.norm1(x))
        q, k, v = qkv.split([cfg.heads * cfg.head_dim, cfg.kv_heads * cfg.head_dim, cfg.kv_heads * cfg.head_dim], -1)
        q = apply_rope(q.view(b, t, cfg.heads, cfg.head_dim).transpose(1, 2), rope)
        k = apply_rope(k.view(b, t, cfg.kv_heads, cfg.head_dim).transpose(1, 2), rope)
        v = v.view(b, t, cfg.kv_heads, cfg.head_dim).transpose(1, 2)
        self.k_cache.index_copy_(2, pos, k)  # static cache: [B, KVH, T_max, D]
        self.v_cache.index_copy_(2, pos, v)
        y = F.scaled_dot_product_attention(q, self.k_cache, self.v_cache, attn_mask=mask, enable_gqa=True)
        x = x + self.o(y.transpose(1, 2).reshape(b, t, -1))
        gate, up = self.gate_up(self.norm2(x)).chunk(2, -1)
        return x + self.down(F.silu(gate) * up)


class Decoder(nn.Module):
    def __init__(self, cfg: Qwen2Config) -> None:
        super().__init__()
        self.cfg = cfg
        self.embed = nn.Embedding(cfg.vocab, cfg.hidden)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.norm = RMSNorm(cfg.hidden, cfg.eps)
        self.lm_head = nn.Linear(cfg.hidden, cfg.vocab, bias=False)
        self.max_len = 0

    def setup_cache(self, batch: int, max_len: int) -> None:
        p = next(self.parameters())
        for blk in self.blocks:
            shape = (batch, self.cfg.kv_heads, max_len, self.cfg.head_dim)
            blk.k_cache = torch.zeros(shape, dtype=torch.bfloat16, device=p.device)
            blk.v_cache = torch.zeros(shape, dtype=torch.bfloat16, device=p.device)
        self.register_buffer("rope", rope_cache(self.cfg, max_len, p.device), persistent=False)
        causal = torch.tril(torch.ones(max_len, max_len, dtype=torch.bool, device=p.device))
        self.register_buffer("causal", causal, persistent=False)
        self.max_len = max_len

    def forward(self, tokens: torch.Tensor, pos: torch.Tensor, last_only: bool = False) -> torch.Tensor:
        # tokens: [B, T]; pos: [T] absolute positions → logits [B, T, V] ([B, 1, V] with last_only: a prefill needs
        # only the next token's logits, and 64 × 512 rows of a 152k-word vocabulary would be 10 GB)
        x = self.embed(tokens)
        rope, mask = self.rope[pos], self.causal[pos][None, None]
        for blk in self.blocks:
            x = blk(x, pos, rope, mask)
        return self.lm_head(self.norm(x[:, -1:] if last_only else x))


def linear_targets(model: Decoder) -> list[tuple[nn.Module, str]]:
    """The decoder blocks' linears; the lm_head is quantized only for the all-4-bit row, in `main`."""
    return [(blk, name) for blk in model.blocks for name in ("qkv", "o", "gate_up", "down")]


def quantize_weights_(model: Decoder, group: int = 128) -> dict[str, dict]:
    """GPTQ-quantize every target linear and write the dequantized values back, so the bf16 model becomes the
    exact reference of the 4-bit one. Returns, by module path, the GPTQ tensors with the bias and output size."""
    out = {}
    for i, (owner, name) in enumerate(linear_targets(model)):
        linear: nn.Linear = getattr(owner, name)
        gptq = gptq_quantize(linear.weight.data, group)
        linear.weight.data.copy_(gptq_dequantize(gptq, group).to(torch.bfloat16))
        bias = None if linear.bias is None else linear.bias.data.clone()
        out[f"{i}.{name}"] = {"tensors": gptq, "bias": bias, "out_features": linear.out_features}
    return out


def _rel_error(got: torch.Tensor, ref: torch.Tensor) -> float:
    return ((got.double() - ref.double()).norm() / ref.double().norm()).item()


def swap_to_int4_(model: Decoder, gptq: dict[str, dict], backend: str, group: int = 128) -> float:
    """Put `backend`'s 4-bit linears in place of whatever each target holds. Returns the largest relative error of
    the first layers' kernels against a float64 product with the dequantized GPTQ weight, on fresh random inputs
    (for GemLite both paths: the kernel at 8 rows and the dequantize + cuBLAS path at its prefill size)."""
    errors = []
    for i, (owner, name) in enumerate(linear_targets(model)):
        entry = gptq[f"{i}.{name}"]
        new = INT4_BACKENDS[backend](entry["tensors"], entry["out_features"], entry["bias"], group)
        if i < 4:
            reference = gptq_dequantize(entry["tensors"], group).double().t()
            sizes = [8, GemliteInt4Linear.dequant_rows] if backend == "gemlite" else [8]
            for rows in sizes:
                x = torch.randn(rows, reference.shape[0], device=reference.device, dtype=torch.bfloat16)
                bias = 0 if entry["bias"] is None else entry["bias"].double()
                errors.append(_rel_error(new(x).double() - bias, x.double() @ reference))
        setattr(owner, name, new)
    torch.cuda.empty_cache()
    return max(errors)


# --- measurements ---------------------------------------------------------------------------------------------------


def weight_bytes(model: nn.Module) -> int:
    """Bytes of parameters and weight buffers (int4 weights, scales, biases), not caches or tables."""
    skip = ("k_cache", "v_cache", "rope", "causal")
    tensors = {id(t): t for t in model.parameters()}
    tensors.update({id(b): b for n, b in model.named_buffers() if n.rsplit(".", 1)[-1] not in skip})
    return sum(t.numel() * t.element_size() for t in tensors.values())


def _sync_time(fn) -> float:
    torch.cuda.synchronize()
    started = time.perf_counter()
    fn()
    torch.cuda.synchronize()
    return time.perf_counter() - started


def copy_bandwidth_tb_s(nbytes: int = 2**31) -> float:
    """Device-to-device copy, bytes read + written per second (median of 5, after a warm-up)."""
    src = torch.randint(0, 255, (nbytes,), dtype=torch.uint8, device="cuda")
    dst = torch.empty_like(src)
    dst.copy_(src)
    times = sorted(_sync_time(lambda: dst.copy_(src)) for _ in range(5))
    return 2 * nbytes / times[2] / 1e12


def compile_step(model: Decoder, mode: str):
    """One decode step (logits → greedy token inside the graph), captured as a CUDA graph by torch.compile."""

    def step(tok: torch.Tensor, pos: torch.Tensor) -> torch.Tensor:
        return model(tok, pos)[:, -1].argmax(-1, keepdim=True)

    return torch.compile(step, mode=mode, fullgraph=True)


def greedy_decode(step, first: torch.Tensor, prompt: int, steps: int) -> None:
    """`steps` greedy decode steps after a prompt of `prompt` tokens. The position lives on the GPU and is bumped in
    place, as in gpt-fast: a host→device copy per step would wait for the GPU and leave a gap between replays."""
    tok, pos = first, torch.tensor([prompt], device="cuda")
    for _ in range(steps):
        tok = step(tok, pos).clone()
        pos += 1


@torch.no_grad()
def decode_speed(model: Decoder, batch: int, prompt: int, new: int, step) -> dict[str, float]:
    """Prefill `prompt` tokens per sequence (one eager forward), then decode `new` tokens one step at a time."""
    model.setup_cache(batch, prompt + new)
    tokens = torch.randint(0, model.cfg.vocab, (batch, prompt), device="cuda")
    prefill_s = _sync_time(lambda: model(tokens, torch.arange(prompt, device="cuda"), last_only=True))
    first = torch.randint(0, model.cfg.vocab, (batch, 1), device="cuda")
    decode_s = _sync_time(lambda: greedy_decode(step, first, prompt, new))
    return {
        "batch": batch,
        "prompt": prompt,
        "new": new,
        "prefill_s": prefill_s,
        "decode_s": decode_s,
        "decode_tok_s_per_seq": new / decode_s,
        "aggregate_tok_s": batch * new / decode_s,
        "end_to_end_tok_s": batch * new / (prefill_s + decode_s),
    }


@torch.no_grad()
def profile_step(model: Decoder, step, batch: int, prompt: int, steps: int = 20) -> str:
    """CUDA time per kernel over `steps` decode steps, at the shapes the timed run used (no recompilation)."""
    first = torch.zeros(batch, 1, dtype=torch.long, device="cuda")
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as prof:
        greedy_decode(step, first, prompt, steps)
        torch.cuda.synchronize()
    return prof.key_averages().table(sort_by="cuda_time_total", row_limit=16, max_name_column_width=90)


@torch.no_grad()
def kernel_table(cfg: Qwen2Config, backends: list[str], batches=(1, 64), group: int = 128) -> list[dict]:
    """Each linear shape of the model alone, at the decode batch sizes: bf16 cuBLAS vs each 4-bit kernel, in µs per
    product and achieved GB/s of weight bytes. Timed as CUDA-graph replays over enough copies of the weight that none
    stays in the 50 MB L2 (in the model, 4+ GB of weights stream through it every token). The fastest GemLite kernel
    per shape and batch becomes `GemliteInt4Linear.matmul_types`."""
    import triton

    def timed(modules: list, x: torch.Tensor, call) -> float:
        fn = lambda: [call(m, x) for m in modules]  # noqa: E731
        fn()  # autotuning and first-use compilation stay out of the capture
        return triton.testing.do_bench_cudagraph(fn, rep=100, return_mode="median") * 1e3 / len(modules)

    hd = cfg.head_dim
    shapes = {
        "qkv": (cfg.hidden, (cfg.heads + 2 * cfg.kv_heads) * hd),
        "o": (cfg.hidden, cfg.hidden),
        "gate_up": (cfg.hidden, 2 * cfg.mlp),
        "down": (cfg.mlp, cfg.hidden),
        "lm_head": (cfg.hidden, cfg.vocab),
    }
    copies = lambda nbytes: min(64, max(1, -(-256 * 2**20 // nbytes)))  # noqa: E731
    rows = []
    for name, (k, n) in shapes.items():
        w = torch.randn(n, k, device="cuda", dtype=torch.bfloat16) * 0.02
        gptq = gptq_quantize(w, group)
        int4_bytes, bf16_bytes = n * k // 2 + n * k // group * 4, n * k * 2
        bf16_copies = [w.clone() for _ in range(copies(bf16_bytes))]
        int4 = {b: [INT4_BACKENDS[b](gptq, n, None, group) for _ in range(copies(int4_bytes))] for b in backends}
        for batch in batches:
            x = torch.randn(batch, k, device="cuda", dtype=torch.bfloat16)
            candidates = {"bf16 cuBLAS": (bf16_copies, lambda m, x: F.linear(x, m), bf16_bytes)}
            for backend, modules in int4.items():
                if backend != "gemlite":
                    candidates[backend] = (modules, lambda m, x: m(x), int4_bytes)
                    continue
                for kind in ("GEMV_REVSPLITK", "GEMV_SPLITK") if batch == 1 else ("GEMM_SPLITK", "GEMM"):
                    call = lambda m, x, kind=kind: m.kernel.forward_manual(x, kind)  # noqa: E731
                    candidates[f"gemlite {kind}"] = (modules, call, int4_bytes)
            for label, (modules, call, nbytes) in candidates.items():
                us = timed(modules, x, call)
                rows.append(
                    {"shape": name, "n": n, "k": k, "batch": batch, "kernel": label, "us": us,
                     "gb_s": nbytes / us / 1e3, "tflop_s": 2 * batch * n * k / us / 1e6}
                )  # fmt: skip
                print(rows[-1], flush=True)
            gemlite_rows = [r for r in rows[-len(candidates) :] if r["kernel"].startswith("gemlite")]
            if gemlite_rows:
                best = min(gemlite_rows, key=lambda r: r["us"])
                GemliteInt4Linear.matmul_types[(batch, n, k)] = best["kernel"].split()[1]
        del w, gptq, int4, bf16_copies
        torch.cuda.empty_cache()
    return rows


def run_variant(model: Decoder, label: str, report: dict, args, *, batch64: bool) -> None:
    step = compile_step(model, args.mode)
    # Each timed run repeats a warm-up of the very same shapes: compilation, autotuning and graph capture happen there.
    decode_speed(model, 1, 512, args.new, step)
    report["rows"].append({"row": f"{label} batch-1 decode", **decode_speed(model, 1, 512, args.new, step)})
    print(f"[{time.perf_counter() - STARTED:.0f} s]", report["rows"][-1], flush=True)
    if args.profile:
        report["profiles"][label] = profile_step(model, step, 1, 512)
        print(report["profiles"][label], flush=True)
    if batch64:
        decode_speed(model, 64, 512, 256, step)
        r = decode_speed(model, 64, 512, 256, step)
        report["rows"].append({"row": f"{label} 64 concurrent, 512 in / 256 out", **r})
        print(f"[{time.perf_counter() - STARTED:.0f} s]", report["rows"][-1], flush=True)
        if args.profile:
            report["profiles"][f"{label} batch 64"] = profile_step(model, step, 64, 512)
            print(report["profiles"][f"{label} batch 64"], flush=True)
    torch._dynamo.reset()


@torch.no_grad()
def logits_of(model: Decoder, ids: torch.Tensor) -> torch.Tensor:
    model.setup_cache(ids.shape[0], ids.shape[1])
    return model(ids, torch.arange(ids.shape[1], device=ids.device)).double()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("bench/results/gpu.json"))
    parser.add_argument("--tiny", action="store_true", help="a 2-layer model: check the script, not the speed")
    parser.add_argument("--new", type=int, default=256, help="decoded tokens in the batch-1 rows")
    parser.add_argument(
        "--int4",
        nargs="+",
        default=["gemlite", "tinygemm"],
        choices=sorted(INT4_BACKENDS),
        help="4-bit kernels to run; the first is the engine's (memory, 64-request and all-4-bit rows)",
    )
    parser.add_argument("--mode", default="reduce-overhead", help="torch.compile mode of the decode step")
    parser.add_argument("--profile", action="store_true", help="print CUDA time per kernel of each batch-1 variant")
    parser.add_argument("--kernels", action="store_true", help="time each linear shape alone, per kernel, first")
    parser.add_argument("--kernels-only", action="store_true", help="only that table")
    parser.add_argument(
        "--kernel-table",
        type=Path,
        default=Path("bench/results/gpu-kernels.json"),
        help="the kernel table: written next to --out by --kernels, else its GemLite choices are read from here",
    )
    parser.add_argument(
        "--gemlite-config",
        type=Path,
        default=Path("bench/results/gemlite_h100.json"),
        help="GemLite autotune cache: loaded if present, written next to --out after the run",
    )
    args = parser.parse_args()
    cfg = TINY if args.tiny else Qwen2Config()
    torch.manual_seed(0)
    torch.set_float32_matmul_precision("high")
    # gpt-fast's inductor settings: tune the fused pointwise/reduction kernels' block sizes by coordinate descent.
    torch._inductor.config.coordinate_descent_tuning = True
    torch._inductor.config.triton.unique_kernel_names = True
    primary = args.int4[0]
    if "gemlite" in args.int4:
        import gemlite

        if args.gemlite_config.exists():
            gemlite.load_config(str(args.gemlite_config))
    report: dict = {
        "device": torch.cuda.get_device_name(),
        "torch": torch.__version__,
        "triton": package_version("triton"),
        "gemlite": package_version("gemlite"),
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": " ".join(["python", "-m", "bench.gpu", *sys.argv[1:]]),
        "config": cfg.__dict__,
        "rows": [],
        "profiles": {},
    }

    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.kernels or args.kernels_only:
        table = {k: report[k] for k in ("device", "torch", "triton", "gemlite", "date", "command")}
        table["kernels"] = kernel_table(cfg, args.int4)
        table["gemlite_matmul_types"] = [[*k, v] for k, v in GemliteInt4Linear.matmul_types.items()]
        print("GemLite kernel per (batch, N, K):", table["gemlite_matmul_types"], flush=True)
        atomic_write_json(args.out.parent / args.kernel_table.name, table)
        if "gemlite" in args.int4:
            gemlite.cache_config(str(args.out.parent / args.gemlite_config.name))
        if args.kernels_only:
            return
    elif args.kernel_table.exists():  # the choices the last kernel table measured on this card
        for *key, kind in json.loads(args.kernel_table.read_text())["gemlite_matmul_types"]:
            GemliteInt4Linear.matmul_types[tuple(key)] = kind
    report["gemlite_matmul_types"] = [[*k, v] for k, v in GemliteInt4Linear.matmul_types.items()]
    with torch.device("cuda"):
        model = Decoder(cfg).to(torch.bfloat16)
    for p in model.parameters():  # random values at a realistic scale (not zeros: see the device notes)
        p.data.normal_(0, 0.02)
    model.eval()
    report["memory_bf16_weights_gib"] = weight_bytes(model) / 2**30
    report["copy_bandwidth_tb_s"] = copy_bandwidth_tb_s()
    run_variant(model, "bf16", report, args, batch64=False)

    # Correctness reference: the bf16 model holding the dequantized 4-bit weights.
    gptq = quantize_weights_(model)
    ids = torch.randint(0, cfg.vocab, (1, 64), device="cuda")
    reference = logits_of(model, ids)
    for backend in [*args.int4[1:], primary]:  # baselines first (a batch-1 row each), the engine's kernel last
        report[f"{backend}_linear_rel_error_max"] = swap_to_int4_(model, gptq, backend)
        got = logits_of(model, ids)
        report[f"{backend}_logits_rel_error"] = _rel_error(got, reference)
        report[f"{backend}_logits_finite"] = bool(torch.isfinite(got).all())
        if backend != primary:
            run_variant(model, f"int4 {backend} (GPTQ g128, bf16 lm_head)", report, args, batch64=False)
    del gptq  # the model holds its own packed copy; keep the peak-memory figure about the model
    torch.cuda.empty_cache()
    report["memory_int4_bf16_lm_head_gib"] = weight_bytes(model) / 2**30  # the GPTQ checkpoint as it is
    # The engine's table: int8 rows (a lookup reads one row of it, so no speed row changes).
    model.embed = Int8Embedding(model.embed.weight.data)
    torch.cuda.empty_cache()
    report["memory_int4_bf16_lm_head_int8_embed_gib"] = weight_bytes(model) / 2**30
    report["logits_rel_error_with_int8_embed"] = _rel_error(logits_of(model, ids), reference)
    torch.cuda.reset_peak_memory_stats()
    run_variant(model, f"int4 {primary} (GPTQ g128, bf16 lm_head, int8 embedding)", report, args, batch64=True)
    report["peak_int4_gib"] = torch.cuda.max_memory_allocated() / 2**30
    # All-4-bit: the lm_head too (1.09 GB of bf16 read every token otherwise).
    head = model.lm_head
    model.lm_head = INT4_BACKENDS[primary](gptq_quantize(head.weight.data), head.out_features, None)
    del head
    torch.cuda.empty_cache()
    report["memory_all_int4_gib"] = weight_bytes(model) / 2**30
    run_variant(model, f"int4 {primary} (all 4-bit incl. lm_head, int8 embedding)", report, args, batch64=False)
    bf16 = report["memory_bf16_weights_gib"]
    for key in ("int4_bf16_lm_head", "int4_bf16_lm_head_int8_embed", "all_int4"):
        report[f"memory_saving_{key}"] = 1 - report[f"memory_{key}_gib"] / bf16
    if "gemlite" in args.int4:
        gemlite.cache_config(str(args.out.parent / args.gemlite_config.name))
    atomic_write_json(args.out, report)
    print(json.dumps({k: v for k, v in report.items() if k not in ("rows", "profiles")}, indent=1))
    print("\n| row | decode tok/s per sequence | aggregate decode tok/s | prefill s | end-to-end tok/s |")
    print("|---|---|---|---|---|")
    for r in report["rows"]:
        print(
            f"| {r['row']} | {r['decode_tok_s_per_seq']:.1f} | {r['aggregate_tok_s']:.1f} | {r['prefill_s']:.3f} | "
            f"{r['end_to_end_tok_s']:.1f} |"
        )
    embed_gib = cfg.vocab * cfg.hidden * 2 / 2**30  # a lookup reads one row, not the table
    floor = report["copy_bandwidth_tb_s"] * 1e12 / ((bf16 - embed_gib) * 2**30)
    int4_read = report["memory_int4_bf16_lm_head_gib"] - embed_gib
    print(
        f"batch-1 floors at the measured copy bandwidth (weights read per token, embedding table excluded): bf16 "
        f"{floor:.0f} tok/s; int4 with bf16 lm_head {floor * (bf16 - embed_gib) / int4_read:.0f} tok/s"
    )


if __name__ == "__main__":
    main()
