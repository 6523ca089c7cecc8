"""French-friendly collation: accents and case ignored first, then compared."""

from __future__ import annotations

import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str) -> str:
    """Return ``text`` without accents, ligatures or case."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def collation_key(text: str) -> tuple[str, str]:
    """Sort key putting "Élise" between "Durand" and "Martin", not after "Z"."""
    return fold(text), text
