"""Math of the GPU benchmark's model and 4-bit format, on whatever device torch has (skipped where torch is absent:
the app's environment has none; the device run and a torch environment run it)."""

import pytest

torch = pytest.importorskip("torch")

from bench.gpu import TINY, Decoder, Int8Embedding, dequantize_packed, gptq_dequantize, gptq_quantize, gptq_unpack  # noqa: E402

DEVICE = "cuda" if torch.cuda.is_available() else "cpu"


def _fresh_float_cache(model: Decoder, batch: int, length: int) -> None:
    model.setup_cache(batch, length)
    for blk in model.blocks:
        blk.k_cache, blk.v_cache = blk.k_cache.float(), blk.v_cache.float()


def test_gptq_round_trip_is_within_one_step():
    w = torch.randn(64, 256, device=DEVICE) * 0.02
    t = gptq_quantize(w, group=128)
    assert t["qweight"].shape == (32, 64) and t["qzeros"].shape == (2, 8) and t["scales"].shape == (2, 64)
    q, scale, _ = gptq_unpack(t, 128)
    assert int(q.min()) >= 0 and int(q.max()) <= 15
    error = (gptq_dequantize(t, 128) - w).abs().reshape(64, 2, 128).amax(-1)
    # Half a step inside the range; up to one step at a group's edge, where the rounded zero point clamps.
    assert bool((error <= scale * 1.001 + 1e-6).all())
    assert float((gptq_dequantize(t, 128) - w).abs().mean()) < float(scale.mean()) * 0.3


def test_incremental_decode_matches_a_full_forward():
    torch.manual_seed(0)
    model = Decoder(TINY).to(DEVICE).float()
    for p in model.parameters():
        p.data.normal_(0, 0.02)
    ids = torch.randint(0, TINY.vocab, (2, 12), device=DEVICE)
    _fresh_float_cache(model, 2, 12)
    full = model(ids, torch.arange(12, device=DEVICE))
    _fresh_float_cache(model, 2, 12)
    model(ids[:, :8], torch.arange(8, device=DEVICE))
    steps = [model(ids[:, i : i + 1], torch.tensor([i], device=DEVICE)) for i in range(8, 12)]
    assert torch.allclose(torch.cat(steps, 1), full[:, 8:], atol=1e-4, rtol=1e-4)


def test_prefill_dequantization_reads_the_gptq_layout_as_is():
    """GemLite keeps GPTQ's qweight layout, so the prefill path dequantizes the checkpoint's own tensors: it must agree
    exactly with the reference GPTQ dequantization (zero point stored minus one, low nibbles first)."""
    torch.manual_seed(1)
    t = gptq_quantize(torch.randn(96, 512, device=DEVICE) * 0.02, group=128)
    _, scale, zero = gptq_unpack(t, 128)
    w = dequantize_packed(
        t["qweight"], zero.t().contiguous(), scale.t().contiguous(), 128
    )  # [K, N] as the kernel holds
    assert w.shape == (512, 96)
    assert torch.allclose(w.float().t(), gptq_dequantize(t, 128), atol=0, rtol=0)


def test_int8_embedding_rows_are_within_half_a_step():
    table = torch.randn(300, 64, device=DEVICE) * 0.02
    embed = Int8Embedding(table)
    tokens = torch.tensor([[0, 5, 299]], device=DEVICE)
    got = embed(tokens).float()
    step = table.abs().amax(-1) / 127
    assert got.shape == (1, 3, 64) and embed.q.dtype == torch.int8
    error = (got[0] - table[tokens[0]]).abs().amax(-1)
    # half a quantization step, plus the bf16 rounding of the scale and of the product
    assert bool((error <= step[tokens[0]] * 0.5 + table[tokens[0]].abs().amax(-1) * 2**-7).all())


def test_prefill_returns_only_the_next_tokens_logits():
    model = Decoder(TINY).to(DEVICE).float()
    ids = torch.randint(0, TINY.vocab, (2, 6), device=DEVICE)
    _fresh_float_cache(model, 2, 6)
    full = model(ids, torch.arange(6, device=DEVICE))
    _fresh_float_cache(model, 2, 6)
    last = model(ids, torch.arange(6, device=DEVICE), last_only=True)
    assert last.shape == (2, 1, TINY.vocab) and torch.allclose(last, full[:, -1:], atol=1e-5)
