"""Components that hold a JSON lexicon save it with the pipeline (``nlp.to_disk``)."""

from __future__ import annotations

from pathlib import Path

import srsly


class LexiconComponent:
    """Mixin: ``to_disk``/``from_disk`` of ``self.lexicon`` as ``<lexicon_file>``; subclasses
    implement ``_build(lexicon)``."""

    lexicon_file = "lexicon.json"
    lexicon: dict

    def _build(self, lexicon: dict) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_disk(self, path: str | Path, *, exclude: tuple = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / self.lexicon_file, self.lexicon)

    def from_disk(self, path: str | Path, *, exclude: tuple = ()):
        self._build(srsly.read_json(Path(path) / self.lexicon_file))
        return self
