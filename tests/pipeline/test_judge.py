"""The evaluate stage's judge reads every field of its config (a setting that changes the hash must change the run)."""

from __future__ import annotations

import pytest

pytest.importorskip("torch")

from backend.types import Delta
from meddata.mcq import MCQ
from pipeline import evaluate
from pipeline.__main__ import _resolve
from pipeline.config import JudgeConfig, Profile, StudentConfig

ITEM = MCQ("medqa:0", "medqa", "Which drug first?", (("A", "Metformin"), ("B", "Insulin")), "A")


class _RecordingEngine:
    name = model_name = "recording"

    def __init__(self, reply: str) -> None:
        self.reply, self.params, self.messages = reply, None, None

    def stream(self, messages, params):
        self.messages, self.params = messages, params
        yield Delta(content=self.reply, finish_reason="stop")


def test_judge_uses_its_configured_sampling_and_the_one_formatter():
    engine = _RecordingEngine("SCORES: 2 1 2 2")
    judge = JudgeConfig(max_tokens=31, temperature=0.3, seed=99)
    result = evaluate._judge(engine, judge, ITEM, "## Answer\nA. Metformin", answered=True)
    assert (engine.params.max_tokens, engine.params.temperature, engine.params.seed) == (31, 0.3, 99)
    assert "Which drug first?\nA. Metformin\nB. Insulin" in engine.messages[-1].content
    assert result["scores"] == [2, 1, 2, 2] and result["score"] == pytest.approx(7 / 8)


def test_judge_conclusion_is_zero_when_no_answer_could_be_extracted():
    result = evaluate._judge(_RecordingEngine("SCORES: 2 2 2 2"), JudgeConfig(), ITEM, "rambling", answered=False)
    assert result["scores"] == [2, 2, 2, 0]


def test_student_alias_is_the_profiles_one_student(tmp_path):
    profile = Profile(workdir=tmp_path, student=StudentConfig(model="packaged:qwen2.5-0.5b-instruct"))
    assert _resolve("@student", profile) == "packaged:qwen2.5-0.5b-instruct"
    assert _resolve("@merge", profile) == str(tmp_path / "merge" / "model")
    assert _resolve("some/folder", profile) == "some/folder"
