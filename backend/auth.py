"""Credentials for an app that listens beyond localhost: PBKDF2-hashed passwords from a file or the environment.

File format, one user a line: `name:pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`. Create entries with

    python -m backend.auth add alice --file var/users.txt      # asks for the password twice

MEDASSIST_USERS="alice:pw1,bob:pw2" is also accepted (hashed in memory at start; prefer the file in production).
"""

from __future__ import annotations

import argparse
import getpass
import hashlib
import hmac
import os
import secrets
import sys
from pathlib import Path

ITERATIONS = 310_000  # OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class AuthError(ValueError):
    """A credentials file or variable is malformed, or an exposed app has no credentials."""


def hash_password(password: str, *, iterations: int = ITERATIONS, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, iterations, salt, digest = encoded.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def load_users(file: Path | None, env_users: str = "") -> dict[str, str]:
    """name → encoded hash, from the file and from `MEDASSIST_USERS`-style plain pairs."""
    users: dict[str, str] = {}
    if file is not None:
        if not file.is_file():
            raise AuthError(f"auth file {file} does not exist")
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            name, sep, encoded = line.strip().partition(":")
            if not sep or not name or not encoded.startswith("pbkdf2_sha256$"):
                raise AuthError(f"{file}:{number}: expected name:pbkdf2_sha256$… (use python -m backend.auth add)")
            users[name] = encoded
    for pair in filter(None, (p.strip() for p in env_users.split(","))):
        name, sep, password = pair.partition(":")
        if not sep or not name or not password:
            raise AuthError("MEDASSIST_USERS must look like name:password[,name:password]")
        users[name] = hash_password(password, iterations=50_000)  # in-memory only; kept cheap for start-up
    return users


class Authenticator:
    """The callable Gradio's `launch(auth=…)` expects."""

    def __init__(self, users: dict[str, str]) -> None:
        self._users = users

    def __call__(self, username: str, password: str) -> bool:
        encoded = self._users.get(username)
        if encoded is None:
            verify_password(password, hash_password("timing-equaliser", iterations=50_000))
            return False
        return verify_password(password, encoded)


def require_auth_if_exposed(host: str, users: dict[str, str], allow_unauthenticated: bool) -> None:
    if host not in LOOPBACK and not users and not allow_unauthenticated:
        raise AuthError(
            f"refusing to listen on {host} without credentials: set MEDASSIST_AUTH_FILE (python -m backend.auth add "
            "NAME) or MEDASSIST_USERS, or MEDASSIST_ALLOW_UNAUTHENTICATED=true if a proxy in front authenticates, or "
            "MEDASSIST_DEMO=on for a public demo that stores no text"
        )


def _add(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Password: ")
    if not args.password_stdin and getpass.getpass("Again: ") != password:
        print("passwords differ", file=sys.stderr)
        return 1
    if len(password) < 12:
        print("use at least 12 characters", file=sys.stderr)
        return 1
    lines = args.file.read_text(encoding="utf-8").splitlines() if args.file.is_file() else []
    lines = [line for line in lines if line.partition(":")[0] != args.name]
    lines.append(f"{args.name}:{hash_password(password)}")
    args.file.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.file.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.chmod(tmp, 0o600)
    tmp.replace(args.file)
    print(f"{args.name} saved to {args.file}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend.auth", description="Manage the app's users file.")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="add or replace a user")
    add.add_argument("name")
    add.add_argument("--file", type=Path, default=Path("var/users.txt"))
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    args = parser.parse_args(argv)
    return _add(args)


if __name__ == "__main__":
    sys.exit(main())
