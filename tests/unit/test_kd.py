"""Math of the logit-level distillation losses (pipeline.kd)."""

import math

import pytest

torch = pytest.importorskip("torch")

from pipeline.kd import VocabularyMismatch, check_same_vocabulary, distillation_loss  # noqa: E402


def _logits(seed, shape=(2, 5, 11)):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed)) * 3


def _kl(p_logits, q_logits, t=1.0):
    p = torch.softmax(p_logits / t, -1)
    return (p * (torch.log_softmax(p_logits / t, -1) - torch.log_softmax(q_logits / t, -1))).sum(-1)


MASK = torch.ones(2, 5, dtype=torch.bool)


@pytest.mark.parametrize("beta", [0.0, 0.1, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("temperature", [0.5, 1.0, 2.0])
def test_zero_for_identical_distributions(beta, temperature):
    x = _logits(0)
    assert distillation_loss(x, x.clone(), MASK, beta=beta, temperature=temperature).item() == pytest.approx(
        0, abs=1e-6
    )


def test_beta_zero_is_forward_kl_and_one_is_reverse_kl():
    s, t = _logits(1), _logits(2)
    forward = _kl(t, s).mean().item()  # KL(teacher ‖ student)
    reverse = _kl(s, t).mean().item()
    assert distillation_loss(s, t, MASK, beta=0.0).item() == pytest.approx(forward, rel=1e-5)
    assert distillation_loss(s, t, MASK, beta=1.0).item() == pytest.approx(reverse, rel=1e-5)
    assert forward != pytest.approx(reverse, rel=1e-3)  # KL is not symmetric, so the edges really differ


def test_jsd_is_symmetric_at_half_and_bounded_by_log2():
    s, t = _logits(3) * 5, _logits(4) * 5
    a = distillation_loss(s, t, MASK, beta=0.5).item()
    b = distillation_loss(t, s, MASK, beta=0.5).item()
    assert a == pytest.approx(b, rel=1e-5)
    assert 0 < a <= math.log(2) + 1e-6


def test_temperature_squared_scaling_and_softening():
    s, t = _logits(5), _logits(6)
    for temperature in (2.0, 4.0):
        expected = _kl(t, s, temperature).mean().item() * temperature**2
        assert distillation_loss(s, t, MASK, temperature=temperature).item() == pytest.approx(expected, rel=1e-5)


def test_mask_selects_positions_and_empty_mask_is_zero_with_grad():
    s, t = _logits(7).requires_grad_(), _logits(8)
    mask = torch.zeros(2, 5, dtype=torch.bool)
    mask[0, 1] = True
    only = distillation_loss(s, t, mask)
    assert only.item() == pytest.approx(_kl(t[0, 1], s[0, 1]).item(), rel=1e-5)
    empty = distillation_loss(s, t, torch.zeros(2, 5, dtype=torch.bool))
    empty.backward()
    assert empty.item() == 0 and s.grad is not None


def test_bad_arguments_are_refused():
    s = _logits(9)
    with pytest.raises(ValueError, match="beta"):
        distillation_loss(s, s, MASK, beta=1.5)
    with pytest.raises(ValueError, match="temperature"):
        distillation_loss(s, s, MASK, temperature=0)
    with pytest.raises(VocabularyMismatch, match="shapes differ"):
        distillation_loss(s, _logits(9, (2, 5, 12)), MASK)


class _Tok:
    def __init__(self, vocab):
        self._vocab = vocab

    def get_vocab(self):
        return self._vocab


def test_vocabulary_check():
    qwen = {"a": 0, "b": 1, "c": 2}
    assert check_same_vocabulary(_Tok(qwen), _Tok(dict(qwen))) == 3
    with pytest.raises(VocabularyMismatch, match="objective: sft"):
        check_same_vocabulary(_Tok(qwen), _Tok({"a": 0, "b": 1, "d": 2}))
    with pytest.raises(VocabularyMismatch):  # same tokens, other ids
        check_same_vocabulary(_Tok(qwen), _Tok({"a": 1, "b": 0, "c": 2}))
