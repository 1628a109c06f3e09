"""Math of the GPU benchmark's model and 4-bit format, on whatever device torch has (skipped where torch is absent:
the app's environment has none; the device run and a torch environment run it)."""

import pytest

torch = pytest.importorskip("torch")

from bench.gpu import TINY, Decoder, gptq_dequantize, gptq_quantize, gptq_unpack  # noqa: E402

DEVICE = "cuda" if torch.cuda.is_available() else "cpu"


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
    model.setup_cache(2, 12)
    for blk in model.blocks:
        blk.k_cache, blk.v_cache = blk.k_cache.float(), blk.v_cache.float()
    full = model(ids, torch.arange(12, device=DEVICE))
    model.setup_cache(2, 12)
    for blk in model.blocks:
        blk.k_cache, blk.v_cache = blk.k_cache.float(), blk.v_cache.float()
    model(ids[:, :8], torch.arange(8, device=DEVICE))
    steps = [model(ids[:, i : i + 1], torch.tensor([i], device=DEVICE)) for i in range(8, 12)]
    assert torch.allclose(torch.cat(steps, 1), full[:, 8:], atol=1e-4, rtol=1e-4)
