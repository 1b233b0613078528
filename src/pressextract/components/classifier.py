"""What the learned components share: a spaCy text classifier kept inside a pipeline component.

The entity typer and the headline typer each hold a small trained spaCy pipeline (one
``textcat``) as ``classifier``. It is saved in the component's folder (``classifier/``) by
``nlp.to_disk`` and in the component's bytes (its config and weights) by ``nlp.to_bytes``; both
honour ``exclude=["classifier"]``. Without a trained model the classifier is None and the
component changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy import util
from spacy.language import Language


def load_classifier(folder: str | Path) -> Language | None:
    """The trained classifier in `folder`; None when there is none."""
    folder = Path(folder)
    return spacy.load(folder) if (folder / "meta.json").exists() else None


class ClassifierComponent:
    """Holds ``classifier`` and serialises it; subclasses add their own parts through
    :meth:`_byte_writers` and :meth:`_load_parts` (and extend ``to_disk``/``from_disk``)."""

    def __init__(self, classifier: Language | None) -> None:
        self.classifier = classifier

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)
        if self.classifier is not None and "classifier" not in exclude:
            self.classifier.to_disk(Path(path) / "classifier")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()):
        folder = Path(path) / "classifier"
        if "classifier" not in exclude and folder.exists():
            self.classifier = spacy.load(folder)
        return self

    def _byte_writers(self) -> dict:
        return {"classifier": lambda: self.classifier.to_bytes() if self.classifier else b"",
                "config": lambda: self.classifier.config.to_str().encode() if self.classifier else b""}

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes(self._byte_writers(), exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()):
        parts: dict[str, bytes] = {}
        util.from_bytes(data, {key: (lambda b, key=key: parts.__setitem__(key, b)) for key in self._byte_writers()},
                        exclude)
        self._load_parts(parts)
        return self

    def _load_parts(self, parts: dict[str, bytes]) -> None:
        # Both parts, or nothing to load: the classifier is rebuilt from its config, then filled.
        if parts.get("config") and parts.get("classifier"):
            from thinc.api import Config

            config = Config().from_str(parts["config"].decode())
            self.classifier = util.load_model_from_config(config, auto_fill=True).from_bytes(parts["classifier"])
