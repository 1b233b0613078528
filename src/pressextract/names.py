"""The one matching key of a name, shared by mention grouping and the knowledge base."""

from __future__ import annotations

import re
import unicodedata


def name_key(name: str) -> str:
    """Accents, case, leading articles, possessives and punctuation ignored:
    "The WeGO’s Secretariat" -> "wego secretariat", "São Paulo" -> "sao paulo"."""
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"['’]s\b", "", s.replace("’", "'"))
    s = re.sub(r"^(the|a|an)\s+", "", s.strip())
    return " ".join(re.findall(r"\w+", s))
