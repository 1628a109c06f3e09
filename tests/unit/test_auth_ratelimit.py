import time

import pytest

from backend.audit import AuditLog
from backend.auth import Authenticator, AuthError, hash_password, load_users, main, require_auth_if_exposed
from backend.ratelimit import RateLimiter


def test_password_hash_round_trip_and_salting():
    encoded = hash_password("correct horse battery", iterations=1000)
    assert encoded.startswith("pbkdf2_sha256$1000$") and "correct horse" not in encoded
    assert encoded != hash_password("correct horse battery", iterations=1000)  # salted
    auth = Authenticator({"alice": encoded})
    assert auth("alice", "correct horse battery")
    assert not auth("alice", "wrong") and not auth("mallory", "correct horse battery")


def test_users_file_written_by_the_cli_is_loaded(tmp_path, monkeypatch):
    path = tmp_path / "users.txt"
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("a long enough secret\n"))
    assert main(["add", "alice", "--file", str(path), "--password-stdin"]) == 0
    text = path.read_text()
    assert "a long enough secret" not in text and oct(path.stat().st_mode)[-3:] == "600"
    assert Authenticator(load_users(path))("alice", "a long enough secret")


def test_short_passwords_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("short\n"))
    assert main(["add", "bob", "--file", str(tmp_path / "u.txt"), "--password-stdin"]) == 1


def test_malformed_users_file_is_a_clear_error(tmp_path):
    path = tmp_path / "users.txt"
    path.write_text("alice:plaintext\n")
    with pytest.raises(AuthError, match=r"users\.txt:1"):
        load_users(path)


def test_environment_users_are_hashed_in_memory():
    users = load_users(None, "alice:pw-one,bob:pw-two")
    assert set(users) == {"alice", "bob"} and "pw-one" not in users["alice"]
    assert Authenticator(users)("bob", "pw-two")


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "::"])
def test_exposed_app_without_credentials_refuses_to_start(host):
    with pytest.raises(AuthError, match="refusing"):
        require_auth_if_exposed(host, {}, allow_unauthenticated=False)
    require_auth_if_exposed(host, {}, allow_unauthenticated=True)
    require_auth_if_exposed(host, {"a": "x"}, allow_unauthenticated=False)
    require_auth_if_exposed("127.0.0.1", {}, allow_unauthenticated=False)


def test_rate_limiter_allows_a_burst_then_refills():
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=3, clock=lambda: now[0])
    assert [limiter.acquire("u") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.acquire("u") == pytest.approx(1.0)
    assert limiter.acquire("other") == 0.0  # per user
    now[0] += 1.0
    assert limiter.acquire("u") == 0.0


def test_audit_retention_deletes_old_rows(tmp_path):
    log = AuditLog(tmp_path / "a.sqlite3", retention_days=30)
    old = time.time() - 31 * 86400
    for ts in (old, time.time()):
        log.record_request(
            session_id="s",
            task="diagnosis",
            template="t",
            model="m",
            outcome="answered",
            flags=(),
            text="x",
            ts=ts,
            user="dr_a",
        )
    assert log.purge_expired() == 1
    rows = log.rows("requests")
    assert len(rows) == 1 and rows[0]["user"] == "dr_a"
