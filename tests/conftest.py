from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def nlp():
    from pressextract import nlp as nlp_module

    return nlp_module.load()


@pytest.fixture(scope="session")
def extractor():
    from pressextract.pipeline import Extractor

    return Extractor()


def needs_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is optional)")
    return path
