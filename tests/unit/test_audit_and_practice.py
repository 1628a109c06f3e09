import json
import sqlite3
from pathlib import Path

import pytest

from backend.audit import AuditLog
from backend.config import Settings
from backend.practice import practice_bank

IDENTIFIERS = ["John Smith", "03/04/1961", "555-123-4567", "j.smith@example.com", "00123456", "123-45-6789"]
TEXT = "Patient: John Smith, DOB 03/04/1961, phone 555-123-4567, j.smith@example.com, MRN: 00123456, SSN 123-45-6789"


def test_no_identifier_reaches_disk(tmp_path):
    log = AuditLog(tmp_path / "audit.sqlite3")
    log.record_request(
        session_id="sess-1",
        task="diagnosis",
        template="diagnosis@1.0.0",
        model="m",
        outcome="answered",
        flags=(),
        text=TEXT + " chest pain",
    )
    log.record_feedback(session_id="sess-1", task="diagnosis", rating=1, comment="Thanks, " + TEXT)
    log.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())  # the database and its WAL
    for secret in [*IDENTIFIERS, "sess-1"]:
        assert secret.encode() not in raw, secret
    assert b"chest pain" in raw


def test_audit_survives_a_restart_and_uses_wal(tmp_path):
    path = tmp_path / "audit.sqlite3"
    AuditLog(path).record_request(
        session_id="s",
        task="education",
        template="education@1.0.0",
        model="m",
        outcome="declined",
        flags=("x",),
        text="q",
    )
    log = AuditLog(path)
    assert [r["outcome"] for r in log.rows("requests")] == ["declined"]
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_feedback_rating_is_validated(tmp_path):
    with pytest.raises(ValueError):
        AuditLog(tmp_path / "a.sqlite3").record_feedback(session_id="s", task="t", rating=5, comment="")


DATA = Settings().practice_data_dir


@pytest.mark.skipif(not DATA.is_dir(), reason="shared data not present")
def test_practice_never_offers_evaluation_items():
    bank = practice_bank(DATA)
    assert 500 < len(bank) < 530  # 5 MMLU dev rows are dropped: their text is in another subject's test split
    test_ids = set(json.loads((DATA / "pubmedqa" / "test_ground_truth.json").read_text()))
    offered = {i.id.split(":", 1)[1] for i in bank if i.id.startswith("pubmedqa:")}
    assert offered and not offered & test_ids
    eval_questions = {
        json.loads(line)["question"]
        for line in (DATA / "medqa_usmle_4opt" / "phrases_no_exclude_test.jsonl").read_text().splitlines()
    }
    eval_questions |= {
        json.loads(line)["question"] for line in (DATA / "medmcqa" / "dev.json").read_text().splitlines()
    }
    import csv

    for path in (DATA / "mmlu_medical").glob("*_test.csv"):
        eval_questions |= {row[0] for row in csv.reader(path.open(encoding="utf-8"))}
    assert not {i.question for i in bank} & eval_questions


@pytest.mark.skipif(not DATA.is_dir(), reason="shared data not present")
def test_practice_prompt_does_not_contain_the_gold_answer_label():
    for item in practice_bank(DATA)[:50]:
        prompt = item.as_prompt()
        assert ("Explanation" not in prompt and item.explanation[:40] not in prompt) or not item.explanation


def test_practice_bank_is_empty_without_data(tmp_path):
    assert practice_bank(Path(tmp_path / "none")) == ()
