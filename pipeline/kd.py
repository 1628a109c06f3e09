"""Logit-level distillation losses on the answer tokens (where the mask is true), and the vocabulary check.

`beta` picks the divergence, as in GKD (Agarwal et al., 2024, https://arxiv.org/abs/2306.13649):
  beta = 0   forward KL(teacher ‖ student) — classic KD (Hinton et al.), mass-covering;
  beta = 1   reverse KL(student ‖ teacher) — mode-seeking;
  0<beta<1   generalised Jensen–Shannon: beta·KL(T ‖ M) + (1−beta)·KL(S ‖ M), M = beta·T + (1−beta)·S.
Both distributions are softened by `temperature`; the loss is scaled by temperature² so its gradient keeps the
same size as the cross-entropy it is mixed with (Hinton et al., 2015). trl's GKD trainer has the same divergence
but only under trl.experimental (unstable API) and always over every position; this one is ~20 lines and tested.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F


class VocabularyMismatch(ValueError):
    """Teacher and student tokenizers differ, so their token distributions cannot be compared position by position."""


def check_same_vocabulary(student_tokenizer, teacher_tokenizer) -> int:
    """The shared vocabulary size; raises VocabularyMismatch when the two tokenizers differ at all."""
    student, teacher = student_tokenizer.get_vocab(), teacher_tokenizer.get_vocab()
    if student != teacher:
        only_s, only_t = len(student.keys() - teacher.keys()), len(teacher.keys() - student.keys())
        raise VocabularyMismatch(
            f"logit-level KD needs the same tokenizer: student has {len(student):,} tokens, teacher {len(teacher):,} "
            f"({only_s:,} only in the student, {only_t:,} only in the teacher, or the same tokens with other ids). "
            "Use objective: sft (sequence-level KD on teacher traces), or a teacher with the student's tokenizer "
            "(for DeepSeek-R1-Distill-Qwen-7B: DeepSeek-R1-Distill-Qwen-14B/32B)."
        )
    return len(student)


def distillation_loss(
    student_logits: torch.Tensor,
    teacher_logits: torch.Tensor,
    mask: torch.Tensor,
    *,
    beta: float = 0.0,
    temperature: float = 1.0,
) -> torch.Tensor:
    """Mean divergence over the positions where `mask` is true. Logits: (..., vocab); mask: logits.shape[:-1]."""
    if not 0.0 <= beta <= 1.0:
        raise ValueError(f"beta must be in [0, 1], got {beta}")
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    if student_logits.shape != teacher_logits.shape:
        raise VocabularyMismatch(
            f"logit shapes differ: student {tuple(student_logits.shape)}, teacher {tuple(teacher_logits.shape)}"
        )
    s = F.log_softmax(student_logits[mask].float() / temperature, dim=-1)
    t = F.log_softmax(teacher_logits[mask].float() / temperature, dim=-1)
    if s.shape[0] == 0:
        return student_logits.sum() * 0.0  # no answer tokens in this batch: zero, still connected to the graph
    if beta == 0.0:
        per_token = F.kl_div(s, t, reduction="none", log_target=True).sum(-1)  # KL(T ‖ S)
    elif beta == 1.0:
        per_token = F.kl_div(t, s, reduction="none", log_target=True).sum(-1)  # KL(S ‖ T)
    else:
        mixture = torch.logsumexp(torch.stack([t + math.log(beta), s + math.log1p(-beta)]), dim=0)
        kl_t = F.kl_div(mixture, t, reduction="none", log_target=True).sum(-1)
        kl_s = F.kl_div(mixture, s, reduction="none", log_target=True).sum(-1)
        per_token = beta * kl_t + (1 - beta) * kl_s
    return per_token.mean() * temperature**2
