"""Components that hold a JSON lexicon save it with the pipeline (``nlp.to_disk``, ``nlp.to_bytes``).

The shape is spaCy's ``span_ruler``: one serialiser per field, keyed by name, so ``exclude``
can leave a field out ("lexicon" is the only field; ``nlp.to_disk(path, exclude=[name])`` leaves
out the whole component).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import srsly
from spacy import util

LEXICON = "lexicon"   # the field name ``exclude`` refers to


class LexiconComponent:
    """Mixin: ``to_disk``/``from_disk`` and ``to_bytes``/``from_bytes`` of ``self.lexicon``; on
    disk the lexicon is ``<path>/<lexicon_file>``. Subclasses implement ``_build(lexicon)``,
    which (re)compiles whatever they derive from the lexicon."""

    lexicon_file = "lexicon.json"
    lexicon: dict
    source = "lexicon"    # where the lexicon came from, for error messages

    def _build(self, lexicon: dict) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({LEXICON: lambda: srsly.json_dumps(self.lexicon)}, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> "LexiconComponent":
        def load(data: bytes) -> None:
            self.source = f"{self.lexicon_file} (bytes)"
            self._build(srsly.json_loads(data))

        util.from_bytes(bytes_data, {LEXICON: load}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if LEXICON not in exclude:
            srsly.write_json(path / self.lexicon_file, self.lexicon)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "LexiconComponent":
        if LEXICON not in exclude:
            self.source = str(Path(path) / self.lexicon_file)
            self._build(srsly.read_json(Path(path) / self.lexicon_file))
        return self
