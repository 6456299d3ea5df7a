"""URL slugs: lowercase words joined by hyphens ("Amazon Web Services" -> "amazon-web-services")."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("&", " and ").replace("+", " plus ")
    return _NON_WORD.sub("-", ascii_text.lower()).strip("-")
