import sqlite3

import pytest

from backend.audit import AuditLog

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


def test_a_long_refused_request_is_stored_redacted_up_to_its_limit_and_read_only_that_far(tmp_path, monkeypatch):
    """A refused request's fields come unshortened: what is stored is its first 4,000 characters, redacted, and the
    identifiers there are gone whatever follows (here 200,000 characters more, which redact() is never given)."""
    import backend.audit

    read: list[int] = []
    real = backend.audit.redact
    monkeypatch.setattr(backend.audit, "redact", lambda text: read.append(len(text)) or real(text))
    log = AuditLog(tmp_path / "audit.sqlite3")
    head = "Question: chest pain. " + TEXT + " "
    log.record_request(
        session_id="s", task="diagnosis", template="t", model="m", outcome="invalid", flags=(),
        text=head + "word " * 40_000 + "Later: Jane Doe, MRN: 00999999",
    )  # fmt: skip
    log.close()
    with sqlite3.connect(tmp_path / "audit.sqlite3") as db:
        (stored,) = db.execute("SELECT input_redacted FROM requests").fetchone()
    assert len(stored) == 4000 and stored.startswith("Question: chest pain. Patient: [NAME]")
    assert not any(secret in stored for secret in IDENTIFIERS)
    assert read and max(read) <= 8000


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


def test_a_public_demo_stores_no_text_at_all(tmp_path):
    log = AuditLog(tmp_path / "audit.sqlite3", store_text=False)
    log.record_request(
        session_id="s", task="education", template="education@2.0.0", model="m", outcome="answered",
        flags=("rules:acs",), text="Mrs Jane Doe, 4 Elm Street, chest pain",
    )  # fmt: skip
    log.record_feedback(session_id="s", task="education", rating=1, comment="Jane says thanks")
    log.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"Jane" not in raw and b"Elm" not in raw and b"rules:acs" in raw  # counts and flags only
