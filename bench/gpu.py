"""GPU rows of the benchmark: the 7B student's architecture (DeepSeek-R1-Distill-Qwen-7B = Qwen2, 28 layers,
hidden 3584, GQA 28/4 heads, MLP 18944, vocab 152,064) with random weights, in one device call:

    python -m bench.gpu --out $OUT/gpu.json         # on the lent H100 (torch + triton from the device image)

Speed and memory do not depend on the weights' values, so random weights are right here, never for accuracy.
The decoder is a small gpt-fast-style model (static KV cache, SDPA, the whole decode step captured as a CUDA graph
by torch.compile "reduce-overhead"); linear layers are bf16 or 4-bit weights in GPTQ format (group 128,
asymmetric, RTN-quantized here since values do not matter) converted to torch's tinygemm int4 layout
(`aten._weight_int4pack_mm`). Rows:
  bf16 batch-1 decode · int4 batch-1 decode · int4 64 requests of 512 in / 256 out (one static batch)
  · weight memory bf16 vs int4 (bf16 lm_head, and all-4-bit) · int4 correctness vs the dequantized reference.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn


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


class Int4Linear(nn.Module):
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
        # x: [..., K] → [M, K] → [M, N]
        y = torch.ops.aten._weight_int4pack_mm(x.reshape(-1, shape[-1]), self.weight, self.group, self.scales_and_zeros)
        y = y.reshape(*shape[:-1], self.out_features)
        return y if self.bias is None else y + self.bias


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

    def forward(self, tokens: torch.Tensor, pos: torch.Tensor) -> torch.Tensor:
        # tokens: [B, T]; pos: [T] absolute positions → logits [B, T, V]
        x = self.embed(tokens)
        rope, mask = self.rope[pos], self.causal[pos][None, None]
        for blk in self.blocks:
            x = blk(x, pos, rope, mask)
        return self.lm_head(self.norm(x))


def linear_targets(model: Decoder, *, lm_head: bool) -> list[tuple[nn.Module, str]]:
    targets = [(blk, name) for blk in model.blocks for name in ("qkv", "o", "gate_up", "down")]
    return [*targets, (model, "lm_head")] if lm_head else targets


def quantize_weights_(model: Decoder, *, lm_head: bool, group: int = 128) -> dict[str, dict[str, torch.Tensor]]:
    """GPTQ-quantize every target linear and write the dequantized values back, so the bf16 model becomes the
    exact reference of the 4-bit one. Returns the GPTQ tensors by module path."""
    out = {}
    for i, (owner, name) in enumerate(linear_targets(model, lm_head=lm_head)):
        linear: nn.Linear = getattr(owner, name)
        gptq = gptq_quantize(linear.weight.data, group)
        linear.weight.data.copy_(gptq_dequantize(gptq, group).to(torch.bfloat16))
        out[f"{i}.{name}"] = gptq
    return out


def swap_to_int4_(model: Decoder, gptq: dict[str, dict[str, torch.Tensor]], *, lm_head: bool, group: int = 128):
    errors = []
    for i, (owner, name) in enumerate(linear_targets(model, lm_head=lm_head)):
        linear: nn.Linear = getattr(owner, name)
        tensors = gptq.pop(f"{i}.{name}")
        new = Int4Linear(tensors, linear.out_features, linear.bias.data if linear.bias is not None else None, group)
        if i < 4:  # the kernel against a float64 matmul with the dequantized GPTQ weight, on fresh random inputs
            x = torch.randn(8, linear.in_features, device=linear.weight.device, dtype=torch.bfloat16)
            ref = x.double() @ gptq_dequantize(tensors, group).double().t()
            y = new(x).double() - (0 if new.bias is None else new.bias.double())
            errors.append(((y - ref).norm() / ref.norm()).item())
        setattr(owner, name, new)
        del linear
    torch.cuda.empty_cache()
    return max(errors)


# --- measurements ---------------------------------------------------------------------------------------------------


def weight_bytes(model: nn.Module) -> int:
    """Bytes of parameters and weight buffers (int4 weights, scales, biases), not caches or tables."""
    tensors = list(model.parameters()) + [
        b for n, b in model.named_buffers() if n.rsplit(".", 1)[-1] not in ("k_cache", "v_cache", "rope", "causal")
    ]
    return sum(t.numel() * t.element_size() for t in tensors)


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


@torch.no_grad()
def decode_speed(model: Decoder, batch: int, prompt: int, new: int, compiled_step) -> dict[str, float]:
    """Prefill `prompt` tokens, then decode `new` tokens one at a time with the compiled step; tokens/s of decode."""
    model.setup_cache(batch, prompt + new)
    tokens = torch.randint(0, model.cfg.vocab, (batch, prompt), device="cuda")
    prefill_s = _sync_time(lambda: model(tokens, torch.arange(prompt, device="cuda")))
    nxt = torch.randint(0, model.cfg.vocab, (batch, 1), device="cuda")

    def decode():
        tok = nxt
        for i in range(new):
            pos = torch.tensor([prompt + i], device="cuda")
            logits = compiled_step(tok, pos)
            tok = logits[:, -1].argmax(-1, keepdim=True)

    decode_s = _sync_time(decode)
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


def run_variant(model: Decoder, label: str, rows: list[dict], *, b1_new: int, batch64: bool) -> None:
    step = torch.compile(model.forward, mode="reduce-overhead", fullgraph=True)
    # Each timed run repeats a warm-up of the very same shapes: compilation and CUDA-graph capture happen there.
    decode_speed(model, 1, 512, b1_new, step)
    r = decode_speed(model, 1, 512, b1_new, step)
    rows.append({"row": f"{label} batch-1 decode", **r})
    print(rows[-1], flush=True)
    if batch64:
        decode_speed(model, 64, 512, 256, step)
        r = decode_speed(model, 64, 512, 256, step)
        rows.append({"row": f"{label} 64 concurrent, 512 in / 256 out", **r})
        print(rows[-1], flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("bench/results/gpu.json"))
    parser.add_argument("--tiny", action="store_true", help="a 2-layer model: check the script, not the speed")
    parser.add_argument("--new", type=int, default=256, help="decoded tokens in the batch-1 rows")
    args = parser.parse_args()
    cfg = TINY if args.tiny else Qwen2Config()
    torch.manual_seed(0)
    torch.set_float32_matmul_precision("high")
    report: dict = {
        "device": torch.cuda.get_device_name(),
        "torch": torch.__version__,
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "config": cfg.__dict__,
        "rows": [],
    }

    with torch.device("cuda"):
        model = Decoder(cfg).to(torch.bfloat16)
    for p in model.parameters():  # random values at a realistic scale (not zeros: see the device notes)
        p.data.normal_(0, 0.02)
    model.eval()
    report["memory_bf16_weights_gib"] = weight_bytes(model) / 2**30
    report["copy_bandwidth_tb_s"] = copy_bandwidth_tb_s()
    run_variant(model, "bf16", report["rows"], b1_new=args.new, batch64=False)
    report["peak_bf16_gib"] = torch.cuda.max_memory_allocated() / 2**30

    # Correctness: the 4-bit model's logits against the bf16 model holding the dequantized 4-bit weights.
    torch._dynamo.reset()
    gptq = quantize_weights_(model, lm_head=False)
    ids = torch.randint(0, cfg.vocab, (1, 64), device="cuda")
    with torch.no_grad():
        model.setup_cache(1, 64)
        ref = model(ids, torch.arange(64, device="cuda")).double()
        report["int4_linear_rel_error_max"] = swap_to_int4_(model, gptq, lm_head=False)
        model.setup_cache(1, 64)
        got = model(ids, torch.arange(64, device="cuda")).double()
    report["int4_logits_rel_error"] = ((got - ref).norm() / ref.norm()).item()
    report["int4_logits_finite"] = bool(torch.isfinite(got).all())
    report["memory_int4_bf16_lm_head_gib"] = weight_bytes(model) / 2**30
    torch.cuda.reset_peak_memory_stats()
    run_variant(model, "int4 (GPTQ g128, bf16 lm_head)", report["rows"], b1_new=args.new, batch64=True)
    report["peak_int4_gib"] = torch.cuda.max_memory_allocated() / 2**30
    # All-4-bit: the lm_head too (1.09 GB of bf16 read every token otherwise).
    torch._dynamo.reset()
    head = model.lm_head
    model.lm_head = Int4Linear(gptq_quantize(head.weight.data), head.out_features, None)
    del head
    torch.cuda.empty_cache()
    report["memory_all_int4_gib"] = weight_bytes(model) / 2**30
    run_variant(model, "int4 (GPTQ g128, all 4-bit incl. lm_head)", report["rows"], b1_new=args.new, batch64=False)
    bf16 = report["memory_bf16_weights_gib"]
    report["memory_saving_bf16_lm_head"] = 1 - report["memory_int4_bf16_lm_head_gib"] / bf16
    report["memory_saving_all_int4"] = 1 - report["memory_all_int4_gib"] / bf16
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps({k: v for k, v in report.items() if k != "rows"}, indent=1))
    print("\n| row | decode tok/s per sequence | aggregate decode tok/s | prefill s | end-to-end tok/s |")
    print("|---|---|---|---|---|")
    for r in report["rows"]:
        print(
            f"| {r['row']} | {r['decode_tok_s_per_seq']:.1f} | {r['aggregate_tok_s']:.1f} | {r['prefill_s']:.3f} | "
            f"{r['end_to_end_tok_s']:.1f} |"
        )
    floor = report["copy_bandwidth_tb_s"] * 1e12 / (report["memory_bf16_weights_gib"] * 2**30)
    print(
        f"bf16 batch-1 floor at the measured copy bandwidth: {floor:.0f} tok/s; "
        f"int4 floor: {floor * report['memory_bf16_weights_gib'] / report['memory_int4_bf16_lm_head_gib']:.0f} tok/s"
    )


if __name__ == "__main__":
    main()
