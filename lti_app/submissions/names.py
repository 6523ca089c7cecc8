"""File names as students send them, made safe to show and to send back."""

from __future__ import annotations

import unicodedata

MAX_STEM = 120


def safe_filename(sent: str, extension: str) -> str:
    """The sent name's last path part, NFC, without control or format characters
    (bidi overrides included), with the extension of the proven type."""
    base = unicodedata.normalize("NFC", sent).replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(
        ch if unicodedata.category(ch)[0] not in {"C", "Z"} or ch == " " else " "
        for ch in base
    )
    stem = kept.rsplit(".", 1)[0] if "." in kept.lstrip(".") else kept
    stem = " ".join(stem.split()).strip(" .")[:MAX_STEM].strip(" .")
    return f"{stem or 'fichier'}.{extension}"


def shown_filename(sent: str) -> str:
    """The sent name made safe, keeping its own extension (for a refusal message)."""
    suffix = sent.rsplit(".", 1)[-1] if "." in sent else ""
    keep = suffix.isascii() and suffix.isalnum() and len(suffix) <= 10
    return safe_filename(sent, suffix if keep else "bin")
