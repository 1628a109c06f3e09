"""Input validation: the first gate of admission. Pure functions of the user's fields.

The caller keeps the user's originals (the text stays in the form); only the cleaned copy goes further.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from backend.types import Notice

MAX_FIELD_CHARS = 12_000
MAX_TOTAL_CHARS = 24_000


@dataclass(frozen=True)
class CleanInput:
    fields: dict[str, str]
    notices: tuple[Notice, ...]  # informational notes about what cleaning did
    error: Notice | None  # set when the request must not go to the model


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")


def clean_fields(
    fields: dict[str, str], required: tuple[str, ...], labels: dict[str, str], limits: dict[str, int] | None = None
) -> CleanInput:
    """Normalise and check the user's fields. The caller keeps the originals; only the cleaned copy is used.

    limits: per-field character limits (the template's max_chars); MAX_FIELD_CHARS caps every field.
    """
    total = sum(len(v or "") for v in fields.values())
    for name, value in fields.items():
        limit = min((limits or {}).get(name, MAX_FIELD_CHARS), MAX_FIELD_CHARS)
        if value and len(value) > limit:
            return CleanInput(
                fields,
                (),
                _input_error(
                    f"“{labels.get(name, name)}” is {len(value):,} characters long; the limit is {limit:,}. "
                    "Please shorten it (summarise the key findings) and try again."
                ),
            )
    if total > MAX_TOTAL_CHARS:
        return CleanInput(
            fields,
            (),
            _input_error(
                f"The request is {total:,} characters long; the limit is {MAX_TOTAL_CHARS:,}. Please shorten it."
            ),
        )

    cleaned: dict[str, str] = {}
    removed = 0
    for name, value in fields.items():
        text = unicodedata.normalize("NFC", value or "")
        if _looks_binary(text):
            return CleanInput(
                fields,
                (),
                _input_error(
                    f"“{labels.get(name, name)}” looks like binary data rather than text. Please paste plain text."
                ),
            )
        text, n = _CONTROL.subn("", text)
        removed += n
        cleaned[name] = text.strip()

    missing = [labels.get(r, r) for r in required if not cleaned.get(r)]
    if missing:
        return CleanInput(
            fields, (), _input_error("Please fill in " + ", ".join(f"“{m}”" for m in missing) + " before running.")
        )
    notes: tuple[Notice, ...] = ()
    if removed:
        notes = (
            Notice("info", "Input cleaned", f"Removed {removed} invisible or control character(s) from the input."),
        )
    return CleanInput(cleaned, notes, None)


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t") or ch == "\ufffd")
    return bad / len(text) > 0.10


def _input_error(message: str) -> Notice:
    return Notice("input", "Please check the input", message)
