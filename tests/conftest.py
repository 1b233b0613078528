from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpus"

# General news, not a release: a team list whose punctuation and country names tripped
# entity spans, place aliases and determinism.
TEAM_LINE = ("Northern Select: 15 - Tom Vale (England); 14 - Huw Price (Wales), 13 - Dai Morgan (Wales), "
             "12 - Sean Kerr (Ireland), 11 - Rory Bain (Scotland)")
TEAM_LIST = f"""\
Northern Select name side for Saturday's final

The selectors have named the Northern Select side for Saturday's final against the Southern
Select at the county ground. Players from England, Scotland, Wales and Ireland were considered.

{TEAM_LINE}

Southern Select: 15 - Ian Ross (Scotland); 14 - Alun Jones (Wales), 13 - Pat Byrne (Ireland), 12 - Mark Dean (England)
"""

# Places with qualifiers that choose among places of one name.
SISTER_CITIES = """\
Paris and Salem sign sister-city agreement

PARIS, Texas, June 10, 2024 /Newswire/ -- The City of Paris, Texas, and the City of Salem, Ore.,
signed a sister-city agreement on Monday at Paris City Hall. Mayor Ellen Brooks of Paris and
Mayor Tom Hale of Salem signed it before 120 guests from Springfield, IL, London, Ontario,
Perth (Scotland) and Lyon, France.
"""


def doc_with_names(pipeline, text: str, names: dict[str, str]):
    """`text` through `pipeline` with `names` (text -> label) as its entities, each at its first
    occurrence: (doc, entity list), for testing one entity pass on hand-set entities."""
    doc = pipeline(text)
    ents = []
    for name, label in names.items():
        start = text.index(name)
        ents.append(doc.char_span(start, start + len(name), label=label))
    doc.ents = ents
    return doc, list(doc.ents)


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


class PageHandler(BaseHTTPRequestHandler):
    """A local web server's handler: subclasses implement ``page(path) -> (status, body)`` and may
    list ``redirects``."""

    def page(self, path: str) -> tuple[int, bytes]:  # pragma: no cover - overridden
        raise NotImplementedError

    redirects: dict[str, str] = {}      # path -> Location of a 302

    def do_GET(self):  # noqa: N802
        if self.path in self.redirects:
            self.send_response(302)
            self.send_header("Location", self.redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, body = self.page(self.path)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass
